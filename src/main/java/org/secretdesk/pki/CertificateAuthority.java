package org.secretdesk.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * A root certificate authority: its self-signed certificate and private key, able to issue TLS
 * server certificates. Keys are ECDSA P-256 (small certificates, fast handshakes) signed with
 * SHA256withECDSA. Only the JDK's own providers are used at run time; BouncyCastle builds the
 * ASN.1 structures, so no security provider is registered globally.
 */
public final class CertificateAuthority {

    /** Tolerates small clock differences between the issuing and the verifying machine. */
    private static final Duration BACKDATE = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /**
     * Creates a new self-signed root: BasicConstraints CA:true with path length 0 (it only ever
     * signs leaf certificates), KeyUsage keyCertSign and cRLSign, a subject key identifier and a
     * random positive 128-bit serial number.
     */
    public static CertificateAuthority create(String commonName, Duration validity, Clock clock) {
        requireText(commonName, "commonName");
        requirePositive(validity);
        Objects.requireNonNull(clock, "clock");
        KeyPair keyPair = newKeyPair();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        X500Name subject = commonNameOnly(commonName);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject, randomSerial(), Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)),
                    subject, keyPair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
            X509Certificate certificate = sign(builder, keyPair.getPrivate());
            return new CertificateAuthority(certificate, keyPair.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("Cannot create the CA certificate", e);
        }
    }

    /**
     * Restores a CA from its stored certificate and key. Rejects a certificate that is not a CA
     * and a key that does not belong to the certificate, so a mixed-up data directory fails here
     * rather than with unverifiable server certificates later.
     */
    public static CertificateAuthority load(X509Certificate cert, PrivateKey key) {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
        if (cert.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("The certificate " + cert.getSubjectX500Principal().getName()
                    + " is not a CA certificate (BasicConstraints CA:true is missing)");
        }
        if (!keyMatches(key, cert.getPublicKey())) {
            throw new IllegalArgumentException("The private key does not belong to the CA certificate "
                    + cert.getSubjectX500Principal().getName());
        }
        return new CertificateAuthority(cert, key);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /**
     * Issues a TLS server certificate with a fresh P-256 key: subject CN, subjectAltNames for
     * every DNS name and IP address (clients verify against those, not the CN), EKU serverAuth,
     * KeyUsage digitalSignature, CA:false, AKI of this CA. notBefore is one minute in the past;
     * notAfter is {@code now + validity} but never later than the CA's own notAfter.
     *
     * @return the new key with the chain [server certificate, CA certificate]
     */
    public KeyAndCertificate issueServerCertificate(String commonName, List<String> dnsNames, List<String> ipAddresses,
                                                    Duration validity, Clock clock) {
        requireText(commonName, "commonName");
        requirePositive(validity);
        Objects.requireNonNull(clock, "clock");
        List<GeneralName> altNames = new ArrayList<>();
        for (String dnsName : dnsNames) {
            requireText(dnsName, "DNS name");
            altNames.add(new GeneralName(GeneralName.dNSName, dnsName.strip()));
        }
        for (String ip : ipAddresses) {
            requireText(ip, "IP address");
            // Checked here: BouncyCastle would otherwise encode a host name as a bogus IP address.
            if (!IPAddress.isValid(ip.strip())) {
                throw new IllegalArgumentException("Not an IPv4 or IPv6 address: " + ip);
            }
            altNames.add(new GeneralName(GeneralName.iPAddress, ip.strip()));
        }
        KeyPair keyPair = newKeyPair();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = now.plus(validity);
        Instant caNotAfter = certificate.getNotAfter().toInstant();
        if (notAfter.isAfter(caNotAfter)) {
            notAfter = caNotAfter;
        }
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    certificate, randomSerial(), Date.from(now.minus(BACKDATE)), Date.from(notAfter),
                    commonNameOnly(commonName), keyPair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keyPair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(certificate));
            if (!altNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(altNames.toArray(GeneralName[]::new)));
            }
            X509Certificate leaf = sign(builder, privateKey);
            return new KeyAndCertificate(keyPair.getPrivate(), List.of(leaf, certificate));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("Cannot issue the server certificate", e);
        }
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + certificate.getSubjectX500Principal().getName() + "]";
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 key generation is not available", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
            throws CertificateException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm(signingKey)).build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("Cannot sign with a " + signingKey.getAlgorithm() + " key", e);
        }
    }

    /** Our own CAs are EC; a loaded CA may carry an RSA key, which must sign with RSA. */
    private static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException("Unsupported CA key algorithm: " + key.getAlgorithm());
        };
    }

    private static boolean keyMatches(PrivateKey privateKey, PublicKey publicKey) {
        if (!privateKey.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            RANDOM.nextBytes(challenge);
            String algorithm = signatureAlgorithm(privateKey);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Positive and non-zero as RFC 5280 requires; 128 random bits make collisions irrelevant. */
    private static BigInteger randomSerial() {
        BigInteger serial;
        do {
            byte[] bytes = new byte[16];
            RANDOM.nextBytes(bytes);
            serial = new BigInteger(1, bytes);
        } while (serial.signum() == 0);
        return serial;
    }

    private static X500Name commonNameOnly(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName.strip()).build();
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }

    private static void requirePositive(Duration validity) {
        if (validity == null || validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive, was " + validity);
        }
    }
}
