package org.secretdesk.cli;

import static java.nio.file.attribute.PosixFilePermission.OWNER_READ;
import static java.nio.file.attribute.PosixFilePermission.OWNER_WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code secretdesk gateway} as a real child process: it announces its address, serves HTTPS with a certificate
 * from the CA in its data dir, keeps the admin key private, and stops cleanly on SIGTERM.
 */
class GatewayProcessTest {

    private static final Pattern LISTENING = Pattern.compile("Listening on https://127\\.0\\.0\\.1:(\\d+)");
    /** Generous: the first start creates the database, the CA and the server certificate on a busy machine. */
    private static final Duration START_LIMIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void gatewayServesHttpsKeepsItsAdminKeyPrivateAndStopsCleanlyOnSigterm() throws Exception {
        Path dataDir = dir.resolve("gateway-data");
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "gateway", "--data-dir", dataDir.toString(), "--port", "0")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        Collector out = new Collector(process.getInputStream());
        Collector err = new Collector(process.getErrorStream());
        try {
            String listening = out.awaitLine(process, LISTENING, START_LIMIT, err);
            Matcher matcher = LISTENING.matcher(listening);
            assertThat(matcher.matches()).as(listening).isTrue();
            int port = Integer.parseInt(matcher.group(1));
            assertThat(port).isBetween(1, 65535);

            URI health = URI.create("https://127.0.0.1:" + port + "/api/v1/health");
            HttpResponse<String> response = trustingOnly(dataDir.resolve("ca.pem")).send(
                    HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body().replaceAll("\\s", "")).contains("\"status\":\"UP\"");

            // The JDK's default trust store does not know the gateway's CA: the certificate really is its own.
            HttpClient defaultTrust = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            assertThatThrownBy(() -> defaultTrust.send(HttpRequest.newBuilder(health).build(),
                    HttpResponse.BodyHandlers.discarding())).isInstanceOf(SSLHandshakeException.class);

            Path adminKey = dataDir.resolve("admin.key");
            assertThat(Files.getPosixFilePermissions(adminKey)).containsExactlyInAnyOrder(OWNER_READ, OWNER_WRITE);
            List<String> keyParts = Files.readAllLines(adminKey).stream().map(String::strip)
                    .filter(l -> l.length() >= 16).toList();
            assertThat(keyParts).as("admin.key holds a key").isNotEmpty();

            // SIGTERM. Through the handle: Process.destroy() would also close our ends of the pipes and lose
            // what the child writes while it shuts down.
            assertThat(process.toHandle().destroy()).isTrue();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("exited within 10 s of SIGTERM").isTrue();
            // 143 = 128 + SIGTERM: the JVM's status after its shutdown hooks ran to completion.
            assertThat(process.exitValue()).isIn(0, 143);
            out.join();
            err.join();

            assertThat(out.text().lines().toList()).as("stdout carries only the listening line")
                    .containsExactly(listening);
            assertThat(err.text()).contains("Gateway stopped").doesNotContain("Exception")
                    .contains(adminKey.getFileName().toString());
            for (String part : keyParts) {
                assertThat(out.text()).doesNotContain(part);
                assertThat(err.text()).doesNotContain(part);
            }
        } finally {
            process.destroyForcibly();
        }
    }

    private static HttpClient trustingOnly(Path caPem) throws Exception {
        X509Certificate ca;
        try (InputStream in = Files.newInputStream(caPem)) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("secretdesk-ca", ca);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Reads a child's stream on its own thread so the child never blocks on a full pipe. */
    private static final class Collector {
        private final StringBuffer text = new StringBuffer();
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Thread thread;

        Collector(InputStream stream) {
            thread = Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        text.append(line).append('\n');
                        lines.add(line);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        /** The first line matching {@code pattern}; fails with the child's stderr if it exits or takes too long. */
        String awaitLine(Process process, Pattern pattern, Duration limit, Collector err) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line != null && pattern.matcher(line).matches()) {
                    return line;
                }
                if (line == null && !process.isAlive() && lines.isEmpty()) {
                    thread.join(2000);
                    if (lines.isEmpty()) {
                        err.join();
                        throw new AssertionError("The gateway exited with " + process.exitValue()
                                + " before listening. stdout:\n" + text + "stderr:\n" + err.text());
                    }
                }
            }
            throw new AssertionError("No 'Listening on' line within " + limit + ". stdout:\n" + text
                    + "stderr:\n" + err.text());
        }

        void join() throws InterruptedException {
            thread.join(5000);
        }

        String text() {
            return text.toString();
        }
    }
}
