package org.secretdesk.pki;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * What an operator reviews before trusting a certificate (CA export wizard, first-connect
 * pinning, {@code GET /api/v1/ca/info}).
 *
 * @param subject           RFC 2253 distinguished name, e.g. {@code CN=SecretDesk Root CA}
 * @param issuer            RFC 2253 distinguished name
 * @param serialNumber      uppercase hex without separators
 * @param keyAlgorithm      e.g. {@code EC P-256}, {@code RSA 2048}, {@code Ed25519}
 * @param sha256Fingerprint uppercase hex with colons, see {@link Fingerprints}
 * @param selfSigned        issuer equals subject and the certificate verifies with its own key
 */
public record CertificateDetails(String subject, String issuer, String serialNumber, Instant notBefore, Instant notAfter,
                                 String keyAlgorithm, String sha256Fingerprint, String sha1Fingerprint,
                                 boolean selfSigned) {

    public enum Validity { VALID, EXPIRED, NOT_YET_VALID }

    public static CertificateDetails of(X509Certificate c) {
        return new CertificateDetails(
                c.getSubjectX500Principal().getName(X500Principal.RFC2253),
                c.getIssuerX500Principal().getName(X500Principal.RFC2253),
                c.getSerialNumber().toString(16).toUpperCase(Locale.ROOT),
                c.getNotBefore().toInstant(),
                c.getNotAfter().toInstant(),
                keyAlgorithm(c.getPublicKey()),
                Fingerprints.sha256(c),
                Fingerprints.sha1(c),
                isSelfSigned(c));
    }

    /** Both bounds are inclusive, as in X.509. */
    public Validity validityAt(Instant now) {
        if (now.isBefore(notBefore)) {
            return Validity.NOT_YET_VALID;
        }
        if (now.isAfter(notAfter)) {
            return Validity.EXPIRED;
        }
        return Validity.VALID;
    }

    static String keyAlgorithm(PublicKey key) {
        return switch (key) {
            case ECPublicKey ec -> "EC " + curveName(key, ec);
            case RSAPublicKey rsa -> "RSA " + rsa.getModulus().bitLength();
            case DSAPublicKey dsa when dsa.getParams() != null -> "DSA " + dsa.getParams().getP().bitLength();
            default -> key.getAlgorithm();
        };
    }

    private static String curveName(PublicKey key, ECPublicKey ec) {
        try {
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(key.getEncoded());
            if (info.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve) {
                switch (curve.getId()) {
                    case "1.2.840.10045.3.1.7": return "P-256";
                    case "1.3.132.0.34": return "P-384";
                    case "1.3.132.0.35": return "P-521";
                    case "1.3.132.0.10": return "secp256k1";
                    default: break;
                }
            }
        } catch (RuntimeException e) {
            // unusual encoding: fall back to the key size
        }
        return ec.getParams().getCurve().getField().getFieldSize() + "-bit";
    }

    private static boolean isSelfSigned(X509Certificate c) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return false;
        }
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
