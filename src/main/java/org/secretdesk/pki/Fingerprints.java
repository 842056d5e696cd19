package org.secretdesk.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * Certificate fingerprints as operators compare them with other tools (keytool, openssl,
 * browsers): the digest of the DER encoding in uppercase hex, bytes separated by colons.
 */
public final class Fingerprints {

    private static final HexFormat COLON_HEX = HexFormat.ofDelimiter(":").withUpperCase();

    private Fingerprints() {
    }

    public static String sha256(X509Certificate c) {
        return digest("SHA-256", c);
    }

    public static String sha1(X509Certificate c) {
        return digest("SHA-1", c);
    }

    private static String digest(String algorithm, X509Certificate c) {
        try {
            return COLON_HEX.formatHex(MessageDigest.getInstance(algorithm).digest(Der.certificate(c)));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-1 and SHA-256.
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }
}
