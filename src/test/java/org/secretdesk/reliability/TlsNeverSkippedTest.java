package org.secretdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.GatewayException;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.desk.connections.TestTlsServer;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.CertificateAuthority;
import org.secretdesk.pki.KeyAndCertificate;
import org.secretdesk.pki.Pem;

/**
 * Promise 6: TLS is never skipped. No trust-all trust manager or host-name verifier exists in the main code
 * (a scan of every compiled class plus a source scan, so a lambda or anonymous class is caught too), and the client that the
 * console and the CLI share, and the CLI itself, refuse an unknown chain, a host-name mismatch, an expired
 * certificate and a pinned-fingerprint mismatch with a clear one-line message. (The console's first-use trust
 * prompt and its changed-CA warning: ui/connections ConnectionsAgainstGatewayTest, TrustPrompt*Test.)
 */
class TlsNeverSkippedTest {

    private static final Clock NOW = Clock.systemUTC();

    @TempDir
    Path dir;

    @Test
    void theOnlyTrustManagerInTheCodeRejectsEverything() throws Exception {
        // Every compiled main class (lambdas and anonymous classes included), loaded without initialising it.
        List<String> trustManagers = new ArrayList<>();
        List<String> verifiers = new ArrayList<>();
        Path classes = Path.of("target/classes");
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replace('\\', '.')
                        .replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, getClass().getClassLoader());
                } catch (LinkageError | ClassNotFoundException e) {
                    continue; // an optional dependency is missing: such a class cannot run either
                }
                if (javax.net.ssl.TrustManager.class.isAssignableFrom(type)) {
                    trustManagers.add(name);
                }
                if (HostnameVerifier.class.isAssignableFrom(type)) {
                    verifiers.add(name);
                }
            }
        }
        assertThat(trustManagers).as("trust managers in the main code (ChainFetcher's only records and refuses)")
                .containsExactly("org.secretdesk.pki.ChainFetcher$RecordingTrustManager");
        assertThat(verifiers).as("host-name verifiers in the main code (the JDK's/OkHttp's default is used)")
                .isEmpty();

        // And ChainFetcher's manager does refuse a chain (the rule above would otherwise only count classes).
        Class<?> c = Class.forName("org.secretdesk.pki.ChainFetcher$RecordingTrustManager");
        Constructor<?> ctor = c.getDeclaredConstructor();
        ctor.setAccessible(true);
        X509TrustManager tm = (X509TrustManager) ctor.newInstance();
        X509Certificate cert = CertificateAuthority.create("Scan CA", Duration.ofDays(1), NOW).certificate();
        assertThat(catchThrowable(() -> tm.checkServerTrusted(new X509Certificate[] {cert}, "ECDHE_ECDSA")))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void noSourceTurnsVerificationOff() throws Exception {
        // Lambdas and anonymous classes are invisible to the class rule: catch them by what they must say.
        Pattern forbidden = Pattern.compile("HostnameVerifier|hostnameVerifier\\(|setDefaultSSLSocketFactory"
                + "|InsecureTrustManagerFactory|TrustAll|trustAll|ALLOW_ALL|NoopHostnameVerifier"
                + "|\\.sslSocketFactory\\(\\w+\\)|jdk\\.internal\\.httpclient\\.disableHostnameVerification"
                + "|setEndpointIdentificationAlgorithm\\((null|\"\")\\)");
        List<String> findings = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    if (forbidden.matcher(lines.get(i)).find()) {
                        findings.add(f + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
                String text = String.join("\n", lines);
                if (text.contains("checkServerTrusted") && !f.endsWith(Path.of("pki", "ChainFetcher.java"))) {
                    findings.add(f + " implements checkServerTrusted");
                }
            }
        }
        assertThat(findings).as("code that could skip TLS verification").isEmpty();
    }

    @Test
    void unknownChainIsRefused() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Gateway CA", Duration.ofDays(30), NOW);
        CertificateAuthority other = CertificateAuthority.create("Someone else's CA", Duration.ofDays(30), NOW);
        KeyAndCertificate kc = ca.issueServerCertificate("localhost", List.of("localhost"), List.of("127.0.0.1"),
                Duration.ofDays(10), NOW);
        try (TestTlsServer server = TestTlsServer.tls(kc)) {
            assertRefused(server, TlsTrust.of(List.of(other.certificate())), other.certificate(), "not trusted");
        }
    }

    @Test
    void hostnameMismatchIsRefused() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Gateway CA", Duration.ofDays(30), NOW);
        KeyAndCertificate kc = ca.issueServerCertificate("other", List.of("other.example"), List.of(),
                Duration.ofDays(10), NOW);
        try (TestTlsServer server = TestTlsServer.tls(kc)) {
            assertRefused(server, TlsTrust.of(List.of(ca.certificate())), ca.certificate(), "host");
        }
    }

    @Test
    void expiredCertificateIsRefused() throws Exception {
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofDays(20)), ZoneOffset.UTC);
        CertificateAuthority ca = CertificateAuthority.create("Gateway CA", Duration.ofDays(365), past);
        KeyAndCertificate kc = ca.issueServerCertificate("localhost", List.of("localhost"), List.of("127.0.0.1"),
                Duration.ofDays(10), past);
        assertThat(kc.leaf().getNotAfter().toInstant()).isBefore(Instant.now());
        try (TestTlsServer server = TestTlsServer.tls(kc)) {
            assertRefused(server, TlsTrust.of(List.of(ca.certificate())), ca.certificate(), "expired");
        }
    }

    @Test
    void pinnedFingerprintMismatchIsRefused() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Gateway CA", Duration.ofDays(30), NOW);
        CertificateAuthority pinned = CertificateAuthority.create("The CA the operator pinned", Duration.ofDays(30), NOW);
        KeyAndCertificate kc = ca.issueServerCertificate("localhost", List.of("localhost"), List.of("127.0.0.1"),
                Duration.ofDays(10), NOW);
        try (TestTlsServer server = TestTlsServer.tls(kc)) {
            // The server's CA is trusted as an anchor, but the pin names another certificate: still refused.
            TlsTrust trust = TlsTrust.pinned(ca.certificate(), TlsTrust.sha256Hex(pinned.certificate()));
            Throwable e = catchThrowable(() -> client(server, trust).info());
            assertTls(e, "");
        } catch (IllegalArgumentException refusedAtOnce) {
            // TlsTrust may refuse a pin that does not match its certificate before any connection: also a refusal.
            assertThat(refusedAtOnce.getMessage()).isNotBlank().doesNotContain("\n");
        }
    }

    private void assertRefused(TestTlsServer server, TlsTrust trust, X509Certificate caForCli, String hint)
            throws Exception {
        Throwable e = catchThrowable(() -> client(server, trust).info());
        assertTls(e, hint);

        // The CLI with that CA file: a non-zero exit and one readable line, no stack trace.
        Path caFile = Files.writeString(dir.resolve("ca-" + System.nanoTime() + ".pem"),
                Pem.certificates(List.of(caForCli)));
        Path keyFile = Files.writeString(dir.resolve("key-" + System.nanoTime()), "k".repeat(40) + "\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = cli(out, err, "apps", "list", "--kind", "secretdesk", "--url",
                "https://localhost:" + server.port(), "--ca-file", caFile.toString(), "--api-key-file",
                keyFile.toString());
        assertThat(code).as("exit code; stderr: %s", err).isNotZero();
        assertThat(err.toString()).as("CLI message").containsIgnoringCase("certificate").doesNotContain("\tat ")
                .doesNotContain("k".repeat(40));
        assertThat(out.toString()).doesNotContain("k".repeat(40));
    }

    private static void assertTls(Throwable e, String hint) {
        assertThat(e).as("refusal").isInstanceOf(GatewayException.class);
        GatewayException ge = (GatewayException) e;
        assertThat(ge.kind()).as("kind of %s", ge.getMessage()).isEqualTo(GatewayException.Kind.TLS);
        assertThat(ge.getMessage()).isNotBlank().doesNotContain("\n").containsIgnoringCase(hint);
    }

    private static SecretDeskClient client(TestTlsServer server, TlsTrust trust) {
        return SecretDeskClient.builder(URI.create("https://localhost:" + server.port()),
                SecretValue.copyOf("k".repeat(40)), trust).connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(5)).build();
    }

    private static int cli(StringWriter out, StringWriter err, String... args) throws Exception {
        Method m = Class.forName("org.secretdesk.cli.Main").getDeclaredMethod("newCommandLine", PrintWriter.class,
                PrintWriter.class);
        m.setAccessible(true);
        try {
            picocli.CommandLine cl = (picocli.CommandLine) m.invoke(null, new PrintWriter(out, true),
                    new PrintWriter(err, true));
            return cl.execute(args);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }
}
