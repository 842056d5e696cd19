package org.secretdesk.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PemTest {

    private static CertificateAuthority ca;
    private static KeyAndCertificate server;

    @BeforeAll
    static void certificates() {
        ca = TestCertificates.newCa("PEM Test CA");
        server = TestCertificates.localServer(ca);
    }

    @Test
    void certificatesAreWrittenAsPemBlocksAndReadBackIdentical() throws Exception {
        String pem = Pem.certificates(server.chain());

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(pem.split("-----BEGIN CERTIFICATE-----", -1)).hasSize(3);
        assertThat(pem.lines().filter(line -> !line.startsWith("-----"))).allMatch(line -> line.length() <= 64);
        assertThat(Pem.readCertificates(pem.getBytes(StandardCharsets.US_ASCII))).containsExactlyElementsOf(server.chain());
    }

    @Test
    void pemWithCrlfLineEndsAndSurroundingTextIsRead() throws Exception {
        String pem = "Subject: whatever\r\n" + Pem.certificates(List.of(ca.certificate())).replace("\n", "\r\n") + "trailing\r\n";

        assertThat(Pem.readCertificates(pem.getBytes(StandardCharsets.US_ASCII))).containsExactly(ca.certificate());
    }

    @Test
    void pemWithAKeyAndACertificateYieldsOnlyTheCertificate() throws Exception {
        String pem = Pem.privateKey(server.privateKey()) + Pem.certificates(List.of(server.leaf()));

        assertThat(Pem.readCertificates(pem.getBytes(StandardCharsets.US_ASCII))).containsExactly(server.leaf());
    }

    @Test
    void derIsReadBackIdentical() throws Exception {
        byte[] der = Der.certificate(ca.certificate());

        assertThat(der[0]).isEqualTo((byte) 0x30); // ASN.1 SEQUENCE, not text
        assertThat(Pem.readCertificates(der)).containsExactly(ca.certificate());
    }

    @Test
    void privateKeyRoundTripsAsPkcs8AndStillSigns() throws Exception {
        String pem = Pem.privateKey(server.privateKey());

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        PrivateKey read = Pem.readPrivateKey(pem);
        assertThat(read.getEncoded()).isEqualTo(server.privateKey().getEncoded());
        assertThat(signsFor(read, server.leaf())).isTrue();
    }

    @Test
    void rsaPrivateKeyRoundTrips() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey rsa = generator.generateKeyPair().getPrivate();

        assertThat(Pem.readPrivateKey(Pem.privateKey(rsa)).getEncoded()).isEqualTo(rsa.getEncoded());
    }

    @Test
    void readPrivateKeyRejectsTextWithoutAKey() {
        assertThatThrownBy(() -> Pem.readPrivateKey(Pem.certificates(List.of(ca.certificate()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The PEM text contains no private key");
        assertThatThrownBy(() -> Pem.readPrivateKey(""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyInputSaysTheFileIsEmpty() {
        assertThatThrownBy(() -> Pem.readCertificates(new byte[0]))
                .isInstanceOf(CertificateParseException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void plainTextSaysThereIsNoPemBlock() {
        assertThatThrownBy(() -> Pem.readCertificates("hello, this is not a certificate\n".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(CertificateParseException.class)
                .hasMessageContaining("no PEM block")
                .hasMessageContaining("PEM or DER");
    }

    @Test
    void randomBinarySaysItIsNeitherPemNorDer() {
        byte[] garbage = new byte[300];
        new Random(42).nextBytes(garbage);
        garbage[0] = 0x01; // not even an ASN.1 SEQUENCE

        assertThatThrownBy(() -> Pem.readCertificates(garbage))
                .isInstanceOf(CertificateParseException.class)
                .hasMessage("The file is neither a PEM nor a DER certificate (it is not valid X.509 data).");
    }

    @Test
    void truncatedDerIsRejected() {
        byte[] der = Der.certificate(ca.certificate());
        byte[] truncated = java.util.Arrays.copyOf(der, der.length / 2);

        assertThatThrownBy(() -> Pem.readCertificates(truncated))
                .isInstanceOf(CertificateParseException.class)
                .hasMessageContaining("neither a PEM nor a DER certificate");
    }

    @Test
    void pemWithOnlyAKeySaysWhatItFound() {
        byte[] keyOnly = Pem.privateKey(server.privateKey()).getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> Pem.readCertificates(keyOnly))
                .isInstanceOf(CertificateParseException.class)
                .hasMessage("The PEM text contains no certificate, only: PRIVATE KEY.");
    }

    @Test
    void pemBlockWithGarbageInsideIsRejected() {
        String fake = "-----BEGIN CERTIFICATE-----\n" + Base64.getEncoder().encodeToString("not a certificate".getBytes())
                + "\n-----END CERTIFICATE-----\n";

        assertThatThrownBy(() -> Pem.readCertificates(fake.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(CertificateParseException.class)
                .hasMessage("Certificate block 1 is not a valid X.509 certificate.");
    }

    @Test
    void pemBlockWithoutEndLineIsRejected() {
        String pem = Pem.certificates(List.of(ca.certificate()));
        String cut = pem.substring(0, pem.indexOf("-----END"));

        assertThatThrownBy(() -> Pem.readCertificates(cut.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(CertificateParseException.class)
                .hasMessageStartingWith("The PEM text");
    }

    private static boolean signsFor(PrivateKey key, X509Certificate certificate) throws Exception {
        byte[] data = "challenge".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(data);
        return verifier.verify(signature);
    }
}
