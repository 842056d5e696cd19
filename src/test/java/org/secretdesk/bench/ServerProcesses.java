package org.secretdesk.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The servers under test, each in a child process of its own (never in the load generator's JVM). */
final class ServerProcesses {

    private ServerProcesses() {
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void stop(Process p) {
        if (p == null) {
            return;
        }
        try {
            stopTree(p);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stopTree(Process p) throws InterruptedException {
        // The whole tree: kc.sh starts java as a child.
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** {@code java -cp … org.secretdesk.cli.Main gateway --data-dir DIR --port 0 …}, as a user would start it. */
    static final class Gateway implements AutoCloseable {
        final Process process;
        final URI base;
        final String adminKey;
        final SSLContext trust;
        final Path dataDir;

        private Gateway(Process process, URI base, String adminKey, SSLContext trust, Path dataDir) {
            this.process = process;
            this.base = base;
            this.adminKey = adminKey;
            this.trust = trust;
            this.dataDir = dataDir;
        }

        static Gateway start(Path dataDir, boolean https, Path log, List<String> jvmArgs) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(javaBinary()));
            cmd.addAll(jvmArgs);
            cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    "org.secretdesk.cli.Main", "gateway", "--data-dir", dataDir.toString(), "--port", "0",
                    "--max-secrets-per-application", "1000"));
            if (!https) {
                cmd.add("--insecure-http");
            }
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
            URI base = awaitListening(p, log);
            String key = Files.readAllLines(dataDir.resolve("admin.key")).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst().orElseThrow();
            return new Gateway(p, base, key, trusting(dataDir.resolve("ca.pem")), dataDir);
        }

        HttpClient client() {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trust)
                    .connectTimeout(Duration.ofSeconds(10)).build();
        }

        @Override
        public void close() {
            stop(process);
        }

        private static URI awaitListening(Process p, Path log) throws Exception {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<URI> uri = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try {
                    String line;
                    while ((line = out.readLine()) != null) {
                        int i = line.indexOf("Listening on ");
                        if (i >= 0) {
                            uri.complete(URI.create(line.substring(i + "Listening on ".length()).strip()));
                        }
                    }
                } catch (IOException e) {
                    uri.completeExceptionally(e);
                }
                uri.completeExceptionally(new IllegalStateException("The gateway exited before listening; see " + log));
            }, "gateway-stdout");
            reader.setDaemon(true);
            reader.start();
            return uri.get(180, TimeUnit.SECONDS);
        }

        private static SSLContext trusting(Path caPem) throws Exception {
            X509Certificate ca;
            try (InputStream in = Files.newInputStream(caPem)) {
                ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("secretdesk-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        }
    }

    /**
     * Keycloak from {@code target/keycloak/keycloak-<version>} (the pom's keycloak-dist execution), in dev mode
     * with its in-memory H2 on a free loopback port, on the same JDK as this process.
     */
    static final class Keycloak implements AutoCloseable {
        final Process process;
        final URI base;
        final double startSeconds;

        private Keycloak(Process process, URI base, double startSeconds) {
            this.process = process;
            this.base = base;
            this.startSeconds = startSeconds;
        }

        static Keycloak start(Path home, String adminPassword, Path log) throws Exception {
            Path kcSh = home.resolve("bin").resolve("kc.sh");
            if (!Files.isRegularFile(kcSh)) {
                throw new IllegalStateException("No Keycloak at " + home + ": the keycloak-dist execution of the pom "
                        + "unpacks it (it runs in -Pbench unless -Dkeycloak.skip)");
            }
            int port = freePort();
            int management = freePort();
            long t0 = System.nanoTime();
            ProcessBuilder pb = new ProcessBuilder("bash", kcSh.toString(), "start-dev", "--http-port=" + port,
                    "--http-host=127.0.0.1", "--http-management-port=" + management, "--db=dev-mem")
                    .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
            env.remove("JAVA_OPTS");
            Process p = pb.start();
            URI base = URI.create("http://127.0.0.1:" + port);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("Keycloak exited with " + p.exitValue() + "; see " + log);
                }
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/realms/master"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return new Keycloak(p, base, (System.nanoTime() - t0) / 1e9);
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(500);
            }
            stop(p);
            throw new IllegalStateException("Keycloak was not ready within 300 s; see " + log);
        }

        @Override
        public void close() {
            stop(process);
        }
    }
}
