package org.secretdesk.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** PEM text for certificates ({@code .pem}/{@code .crt}) and PKCS#8 private keys. */
public final class Pem {

    private static final Base64.Encoder PEM_BASE64 = Base64.getMimeEncoder(64, new byte[] {'\n'});
    private static final String BEGIN = "-----BEGIN ";

    private Pem() {
    }

    /** One {@code -----BEGIN CERTIFICATE-----} block per certificate, in the given order. */
    public static String certificates(List<X509Certificate> certs) {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : certs) {
            pem.append(block("CERTIFICATE", Der.certificate(certificate)));
        }
        return pem.toString();
    }

    /**
     * Reads certificates from PEM text (one or more CERTIFICATE blocks, other blocks such as
     * keys are skipped) or from DER (a single certificate or a PKCS#7 bundle).
     *
     * @throws CertificateParseException with a message for the user when the input holds no
     *                                   readable certificate
     */
    public static List<X509Certificate> readCertificates(byte[] pemOrDer) throws CertificateParseException {
        if (pemOrDer == null || pemOrDer.length == 0) {
            throw new CertificateParseException("The file is empty; expected a certificate in PEM or DER format.");
        }
        String text = new String(pemOrDer, StandardCharsets.ISO_8859_1);
        if (text.contains(BEGIN)) {
            return readPemCertificates(text);
        }
        if (looksLikeText(pemOrDer)) {
            throw new CertificateParseException("The file is text but contains no PEM block "
                    + "(\"-----BEGIN CERTIFICATE-----\"); expected a certificate in PEM or DER format.");
        }
        return readDerCertificates(pemOrDer);
    }

    /** The key as an unencrypted PKCS#8 {@code -----BEGIN PRIVATE KEY-----} block. */
    public static String privateKey(PrivateKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded == null || !"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("The private key cannot be exported in PKCS#8 format");
        }
        return block("PRIVATE KEY", encoded);
    }

    /** The key as a {@code -----BEGIN PUBLIC KEY-----} (X.509 SubjectPublicKeyInfo) block. */
    public static String publicKey(PublicKey key) {
        return block("PUBLIC KEY", key.getEncoded());
    }

    /** The EC public key of the first {@code PUBLIC KEY} block in the text, if there is one. */
    public static Optional<ECPublicKey> readEcPublicKey(String pem) {
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            PemObject block;
            while ((block = reader.readPemObject()) != null) {
                if (block.getType().equals("PUBLIC KEY")) {
                    return Optional.of((ECPublicKey) KeyFactory.getInstance("EC")
                            .generatePublic(new X509EncodedKeySpec(block.getContent())));
                }
            }
            return Optional.empty();
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("The public key PEM text is corrupt (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    /**
     * Reads an unencrypted private key: PKCS#8 ({@code PRIVATE KEY}) or the OpenSSL formats
     * {@code EC PRIVATE KEY} and {@code RSA PRIVATE KEY}.
     *
     * @throws IllegalArgumentException when the text holds no usable private key; the message
     *                                  never contains key material
     */
    public static PrivateKey readPrivateKey(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("The private key PEM text is empty");
        }
        Object keyObject = null;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof PrivateKeyInfo || object instanceof PEMKeyPair
                        || object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
                    keyObject = object;
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // The cause is not attached: parser messages can quote parts of the input.
            throw new IllegalArgumentException("The private key PEM text is corrupt (" + e.getClass().getSimpleName() + ")");
        }
        PrivateKeyInfo info = switch (keyObject) {
            case null -> throw new IllegalArgumentException("The PEM text contains no private key");
            case PrivateKeyInfo pkcs8 -> pkcs8;
            case PEMKeyPair keyPair -> keyPair.getPrivateKeyInfo();
            default -> throw new IllegalArgumentException("The private key is encrypted; an unencrypted key is required");
        };
        return toPrivateKey(info);
    }

    private static PrivateKey toPrivateKey(PrivateKeyInfo info) {
        String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
        String algorithm = switch (oid) {
            case "1.2.840.10045.2.1" -> "EC";
            case "1.2.840.113549.1.1.1" -> "RSA";
            case "1.2.840.113549.1.1.10" -> "RSASSA-PSS";
            case "1.3.101.112" -> "Ed25519";
            case "1.3.101.113" -> "Ed448";
            default -> throw new IllegalArgumentException("The private key algorithm (OID " + oid + ") is not supported");
        };
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("The private key PEM text holds an invalid " + algorithm + " key");
        }
    }

    private static List<X509Certificate> readPemCertificates(String text) throws CertificateParseException {
        List<X509Certificate> certificates = new ArrayList<>();
        Set<String> otherBlocks = new LinkedHashSet<>();
        try (PemReader reader = new PemReader(new StringReader(text))) {
            PemObject block;
            while ((block = reader.readPemObject()) != null) {
                switch (block.getType()) {
                    case "CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE" ->
                            certificates.add(parseCertificateBlock(block, certificates.size() + 1));
                    case "PKCS7" -> certificates.addAll(readDerCertificates(block.getContent()));
                    default -> otherBlocks.add(block.getType());
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new CertificateParseException("The PEM text is corrupt: a block is not valid Base64 or its "
                    + "-----END line is missing.", e);
        }
        if (certificates.isEmpty()) {
            throw new CertificateParseException(otherBlocks.isEmpty()
                    ? "The PEM text contains no complete certificate block."
                    : "The PEM text contains no certificate, only: " + String.join(", ", otherBlocks) + ".");
        }
        return List.copyOf(certificates);
    }

    private static X509Certificate parseCertificateBlock(PemObject block, int number) throws CertificateParseException {
        byte[] der = block.getContent();
        if ("TRUSTED CERTIFICATE".equals(block.getType())) {
            // OpenSSL's trusted form: the certificate followed by trust settings.
            try {
                der = new X509CertificateHolder(der).getEncoded();
            } catch (IOException | RuntimeException e) {
                throw new CertificateParseException("Certificate block " + number + " is not a valid certificate.", e);
            }
        }
        List<X509Certificate> parsed;
        try {
            parsed = readDerCertificates(der);
        } catch (CertificateParseException e) {
            throw new CertificateParseException("Certificate block " + number + " is not a valid X.509 certificate.", e);
        }
        return parsed.getFirst();
    }

    private static List<X509Certificate> readDerCertificates(byte[] der) throws CertificateParseException {
        Collection<? extends Certificate> parsed;
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            parsed = factory.generateCertificates(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new CertificateParseException(
                    "The file is neither a PEM nor a DER certificate (it is not valid X.509 data).", e);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate certificate : parsed) {
            if (certificate instanceof X509Certificate x509) {
                certificates.add(x509);
            }
        }
        if (certificates.isEmpty()) {
            throw new CertificateParseException("The file contains no X.509 certificate.");
        }
        return List.copyOf(certificates);
    }

    /** DER starts with a SEQUENCE tag; printable text without PEM markers is certainly not a certificate. */
    private static boolean looksLikeText(byte[] bytes) {
        int sample = Math.min(bytes.length, 512);
        for (int i = 0; i < sample; i++) {
            int b = bytes[i] & 0xFF;
            boolean printable = b == '\n' || b == '\r' || b == '\t' || (b >= 0x20 && b < 0x7F);
            if (!printable) {
                return false;
            }
        }
        return true;
    }

    private static String block(String type, byte[] der) {
        return BEGIN + type + "-----\n" + PEM_BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
