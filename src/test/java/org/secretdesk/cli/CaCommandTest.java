package org.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.pki.Fingerprints;
import org.secretdesk.pki.Pem;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.GatewayServer;

/** {@code secretdesk ca export} against a real gateway. */
class CaCommandTest {

    @TempDir
    static Path gatewayDir;
    static GatewayServer server;
    static String url;
    static String caFingerprint;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = GatewayServer.start(GatewayConfig.defaults(gatewayDir).withPort(0));
        url = server.baseUri().toString();
        caFingerprint = Fingerprints.sha256(server.caCertificate());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void exportsTheRootAsPemWithAMatchingFingerprintInAnyNotation() throws Exception {
        Path out = dir.resolve("ca.pem");
        String typed = caFingerprint.replace(":", "").toLowerCase();
        Run run = run("ca", "export", "--url", url, "--out", out.toString(), "--fingerprint", typed);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(caFingerprint).contains("Wrote");
        assertThat(Pem.readCertificates(Files.readAllBytes(out))).containsExactly(server.caCertificate());
    }

    @Test
    void exportsDerAndPkcs12() throws Exception {
        Path der = dir.resolve("ca.cer");
        assertThat(run("ca", "export", "--url", url, "--out", der.toString()).exitCode()).isZero();
        X509Certificate back = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(der)));
        assertThat(back).isEqualTo(server.caCertificate());

        Path p12 = dir.resolve("trust.p12");
        Path pw = dir.resolve("pw.txt");
        Files.writeString(pw, "s3cret-pass\n");
        Run run = run("ca", "export", "--url", url, "--out", p12.toString(), "--format", "p12",
                "--password-file", pw.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(p12)) {
            store.load(in, "s3cret-pass".toCharArray());
        }
        assertThat(store.getCertificate(store.aliases().nextElement())).isEqualTo(server.caCertificate());
    }

    @Test
    void aFingerprintMismatchIsRefusedNamingBothAndWritesNothing() {
        Path out = dir.resolve("ca.pem");
        String wrong = "00".repeat(32);
        Run run = run("ca", "export", "--url", url, "--out", out.toString(), "--fingerprint", wrong);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("does not match").contains(caFingerprint)
                .contains("00:00:00:00").doesNotContain("Exception");
        assertThat(out).doesNotExist();
    }

    @Test
    void anExistingFileIsKeptUnlessForced() throws Exception {
        Path out = dir.resolve("ca.pem");
        Files.writeString(out, "keep");
        Run refused = run("ca", "export", "--url", url, "--out", out.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("exists already").contains("--force");
        assertThat(Files.readString(out)).isEqualTo("keep");
        assertThat(run("ca", "export", "--url", url, "--out", out.toString(), "--force").exitCode()).isZero();
        assertThat(Files.readString(out)).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void aRefusedConnectionIsOneClearLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run run = run("ca", "export", "--url", "https://127.0.0.1:" + port, "--out", dir.resolve("x.pem").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("Error: ").contains("connection refused").doesNotContain("\n")
                .doesNotContain("Exception");
    }

    @Test
    void usageErrors() {
        assertThat(run("ca", "export", "--url", url, "--out", dir.resolve("t.p12").toString()).exitCode()).isEqualTo(2);
        assertThat(run("ca", "export", "--url", url, "--out", dir.resolve("t.pem").toString(), "--fingerprint", "abc")
                .exitCode()).isEqualTo(2);
        assertThat(run("ca", "export", "--url", url, "--out", dir.resolve("t.pem").toString(), "--format", "zip")
                .exitCode()).isEqualTo(2);
    }
}
