package org.secretdesk.client;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which certificates a connection to a gateway trusts: ONLY {@code trustedCertificates} (never the JDK's default
 * CA set). With {@code pinnedSha256} set, only the trusted certificate with that SHA-256 fingerprint (of its DER
 * encoding) is used as trust anchor, so a connection succeeds only if the server's chain ends at exactly that
 * certificate — the "pin the certificate after comparing its fingerprint" mode. Hostname verification is never
 * switched off by either mode.
 *
 * @param trustedCertificates at least one CA (or self-signed server) certificate
 * @param pinnedSha256        hex SHA-256 fingerprint, colons and case ignored, or null
 */
public record TlsTrust(List<X509Certificate> trustedCertificates, String pinnedSha256) {

    public TlsTrust {
        Objects.requireNonNull(trustedCertificates, "trustedCertificates");
        trustedCertificates = List.copyOf(trustedCertificates);
        if (trustedCertificates.isEmpty()) {
            throw new IllegalArgumentException("At least one trusted certificate is required");
        }
        if (pinnedSha256 != null) {
            pinnedSha256 = normalizeFingerprint(pinnedSha256);
            String pin = pinnedSha256;
            if (trustedCertificates.stream().noneMatch(c -> sha256Hex(c).equals(pin))) {
                throw new IllegalArgumentException("The pinned SHA-256 fingerprint matches none of the trusted certificates");
            }
        }
    }

    /** Trust exactly these CA certificates. */
    public static TlsTrust of(List<X509Certificate> trustedCertificates) {
        return new TlsTrust(trustedCertificates, null);
    }

    /** Trust exactly this certificate, after the operator compared its fingerprint. */
    public static TlsTrust pinned(X509Certificate certificate, String sha256) {
        return new TlsTrust(List.of(certificate), sha256);
    }

    /** The certificates to use as trust anchors: all trusted ones, or only the pinned one. */
    public List<X509Certificate> anchors() {
        if (pinnedSha256 == null) {
            return trustedCertificates;
        }
        return trustedCertificates.stream().filter(c -> sha256Hex(c).equals(pinnedSha256)).toList();
    }

    /** Lower-case hex SHA-256 of the certificate's DER encoding, without separators. */
    public static String sha256Hex(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("Cannot encode the certificate", e);
        }
    }

    private static String normalizeFingerprint(String fingerprint) {
        String hex = fingerprint.replace(":", "").replace(" ", "").strip().toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("A SHA-256 fingerprint has 64 hexadecimal digits");
        }
        return hex;
    }
}
