package org.secretdesk.desk.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.pki.CertificateAuthority;
import org.secretdesk.pki.Fingerprints;

/** The written files parse back to the same certificate with BouncyCastle, the JDK and keytool. */
class CaExportTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T06:00:00Z"), ZoneOffset.UTC);
    static final X509Certificate CA = CertificateAuthority.create("Export Test CA", Duration.ofDays(30), CLOCK)
            .certificate();

    @TempDir
    Path dir;

    @Test
    void pemParsesBackWithBouncyCastleAndKeytool() throws Exception {
        Path file = dir.resolve("ca.pem");
        CaExport.write(file, CaExport.encode(CA, CaFileFormat.PEM, null), false);
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(file))) {
            X509CertificateHolder holder = (X509CertificateHolder) parser.readObject();
            assertThat(holder.getEncoded()).isEqualTo(CA.getEncoded());
            assertThat(parser.readObject()).isNull();
        }
        assertThat(keytool("-printcert", "-file", file.toString())).contains(Fingerprints.sha256(CA));
    }

    @Test
    void derParsesBackWithTheJdkAndKeytool() throws Exception {
        Path file = dir.resolve("ca.cer");
        CaExport.write(file, CaExport.encode(CA, CaFileFormat.DER, null), false);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes[0]).isEqualTo((byte) 0x30); // binary DER, not text
        X509Certificate back = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(bytes));
        assertThat(back).isEqualTo(CA);
        assertThat(new X509CertificateHolder(bytes).getEncoded()).isEqualTo(CA.getEncoded());
        assertThat(keytool("-printcert", "-file", file.toString())).contains(Fingerprints.sha256(CA));
    }

    @Test
    void pkcs12IsATruststoreWithTheCertificateForTheJdkAndKeytool() throws Exception {
        Path file = dir.resolve("truststore.p12");
        char[] password = "correct horse".toCharArray();
        CaExport.write(file, CaExport.encode(CA, CaFileFormat.PKCS12, password), false);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        List<String> aliases = Collections.list(store.aliases());
        assertThat(aliases).hasSize(1);
        assertThat(store.isCertificateEntry(aliases.getFirst())).isTrue();
        assertThat(store.getCertificate(aliases.getFirst())).isEqualTo(CA);
        String listing = keytool("-list", "-v", "-keystore", file.toString(), "-storetype", "PKCS12",
                "-storepass", "correct horse");
        assertThat(listing).contains("trustedCertEntry").contains(Fingerprints.sha256(CA));
    }

    @Test
    void pkcs12NeedsAPassword() {
        assertThatThrownBy(() -> CaExport.encode(CA, CaFileFormat.PKCS12, new char[0]))
                .hasMessageContaining("password");
    }

    @Test
    void anExistingFileIsReplacedOnlyWhenAllowed() throws Exception {
        Path file = dir.resolve("ca.pem");
        Files.writeString(file, "keep me");
        assertThatThrownBy(() -> CaExport.write(file, CaExport.encode(CA, CaFileFormat.PEM, null), false))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(file)).isEqualTo("keep me");
        CaExport.write(file, CaExport.encode(CA, CaFileFormat.PEM, null), true);
        assertThat(Files.readString(file)).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void formatFromFileName() {
        assertThat(CaFileFormat.forFileName("x.CER")).isEqualTo(CaFileFormat.DER);
        assertThat(CaFileFormat.forFileName("x.p12")).isEqualTo(CaFileFormat.PKCS12);
        assertThat(CaFileFormat.forFileName("x.crt")).isEqualTo(CaFileFormat.PEM);
    }

    @Test
    void dataMinerConfigMatchesTheDocumentedJsonExactly() {
        String path = "C:\\ProgramData\\Skyline Communications\\DataMiner\\client-secret.json";
        String json = new String(DataMinerBundle.messageBrokerConfig("dma01.example.com", path),
                StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"BrokerGatewayConfig\":{\"CredentialsUrl\":\"https://dma01.example.com"
                + "/BrokerGateway/api/natsconnection/getnatsconnectiondetails\",\"APIKeyPath\":"
                + "\"C:\\\\ProgramData\\\\Skyline Communications\\\\DataMiner\\\\client-secret.json\"}}");
        assertThat(DataMinerBundle.checkFqdn("dma01.example.com")).isEmpty();
        assertThat(DataMinerBundle.checkFqdn("https://dma01")).isPresent();
        assertThat(DataMinerBundle.checkFqdn("")).isPresent();
    }

    static String keytool(String... args) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin",
                System.getProperty("os.name").startsWith("Windows") ? "keytool.exe" : "keytool");
        List<String> command = new java.util.ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
