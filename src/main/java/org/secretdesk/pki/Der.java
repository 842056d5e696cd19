package org.secretdesk.pki;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

/** DER (binary, {@code .cer}) encoding of certificates. */
public final class Der {

    private Der() {
    }

    public static byte[] certificate(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("Certificate cannot be DER-encoded: " + e.getMessage(), e);
        }
    }
}
