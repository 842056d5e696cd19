package org.secretdesk.client.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.CertificateAuthority;
import org.secretdesk.pki.KeyAndCertificate;
import org.secretdesk.pki.Pem;
import org.secretdesk.pki.SecureFiles;

/**
 * A REAL Keycloak 26.5.6 for tests (Maven Central's {@code keycloak-quarkus-dist}, unpacked to
 * {@code target/keycloak} by the pom's {@code keycloak-dist} execution), started in dev mode on a free loopback port
 * with the JDK running the tests, also on HTTPS with a certificate from a CA of the test's own ({@link #httpsCa()}),
 * with the preview feature {@code client-secret-rotation} and a realm
 * {@value #REALM} whose policy keeps the old secret as "rotated" on regeneration. Starting takes tens of seconds:
 * start one per test class ({@code @BeforeAll}) and {@link #close()} it in {@code @AfterAll}.
 * {@link #startOrSkip} skips the test class (a JUnit assumption) with {@code -Dkeycloak.skip=true} or when the
 * distribution is absent, saying why.
 */
public final class KeycloakTestServer implements AutoCloseable {

    public static final String VERSION = "26.5.6";
    public static final String REALM = "secretdesk-it";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(240);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process process;
    private final String baseUrl;
    private final String adminPassword;
    private final Path log;
    private final long started;
    private final String httpsBaseUrl;
    private final X509Certificate httpsCa;

    private KeycloakTestServer(Process process, String baseUrl, String adminPassword, Path log, long started,
                               String httpsBaseUrl, X509Certificate httpsCa) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.adminPassword = adminPassword;
        this.log = log;
        this.started = started;
        this.httpsBaseUrl = httpsBaseUrl;
        this.httpsCa = httpsCa;
    }

    /** Starts Keycloak and sets up {@value #REALM}, or skips the calling test class when Keycloak cannot run here. */
    public static KeycloakTestServer startOrSkip(String logName) throws Exception {
        long started = System.nanoTime();
        assumeThat(Boolean.getBoolean("keycloak.skip"))
                .as("-Dkeycloak.skip=true: the tests against a real Keycloak are skipped").isFalse();
        Path home = Path.of("target", "keycloak", "keycloak-" + VERSION).toAbsolutePath();
        Path kcSh = home.resolve("bin").resolve("kc.sh");
        assumeThat(Files.isRegularFile(kcSh))
                .as("Keycloak distribution absent at " + home + ": run 'mvn process-test-resources' (the pom's "
                        + "keycloak-dist execution unpacks org.keycloak:keycloak-quarkus-dist:" + VERSION + ":tar.gz)")
                .isTrue();
        int port = freePort();
        int managementPort = freePort();
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = "Adm1n-" + HexFormat.of().formatHex(random);
        Path log = Path.of("target", logName).toAbsolutePath();
        // HTTPS beside HTTP: a server certificate for 127.0.0.1 from a CA made here, which only a connection that
        // trusts (pins) that CA accepts.
        int httpsPort = freePort();
        CertificateAuthority ca = CertificateAuthority.create("SecretDesk test Keycloak CA", Duration.ofDays(2),
                Clock.systemUTC());
        KeyAndCertificate tls = ca.issueServerCertificate("127.0.0.1", List.of("localhost"), List.of("127.0.0.1"),
                Duration.ofDays(1), Clock.systemUTC());
        Path tlsDir = Files.createDirectories(Path.of("target", logName + "-tls").toAbsolutePath());
        Path certFile = Files.writeString(tlsDir.resolve("server.crt"), Pem.certificates(tls.chain()));
        Path keyFile = tlsDir.resolve("server.key");
        SecureFiles.writeOwnerOnly(keyFile, Pem.privateKey(tls.privateKey()).getBytes(StandardCharsets.US_ASCII));
        ProcessBuilder pb = new ProcessBuilder("bash", kcSh.toString(), "start-dev", "--http-port=" + port,
                "--http-host=127.0.0.1", "--http-management-port=" + managementPort, "--db=dev-mem",
                "--https-port=" + httpsPort, "--https-certificate-file=" + certFile,
                "--https-certificate-key-file=" + keyFile, "--features=client-secret-rotation")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", password);
        env.remove("JAVA_OPTS");
        KeycloakTestServer server = new KeycloakTestServer(pb.start(), "http://127.0.0.1:" + port, password, log,
                started, "https://127.0.0.1:" + httpsPort, ca.certificate());
        try {
            server.waitUntilReady();
            System.out.printf("Keycloak %s ready after %d s%n", VERSION,
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
            server.setUpRealm();
            return server;
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The same Keycloak over HTTPS; its certificate is issued by {@link #httpsCa()}. */
    public String httpsBaseUrl() {
        return httpsBaseUrl;
    }

    /** The CA of the HTTPS certificate: trusted by no default trust store. */
    public X509Certificate httpsCa() {
        return httpsCa;
    }

    /** A connector over HTTPS with {@code trust} (null: the JDK's default trust store). */
    public KeycloakClient httpsConnector(TlsTrust trust) {
        return new KeycloakClient(URI.create(httpsBaseUrl), REALM,
                KeycloakClient.AdminLogin.password("master", "admin", SecretValue.copyOf(adminPassword)), trust);
    }

    public String adminUser() {
        return "admin";
    }

    /** The bootstrap administrator's password (random per start). */
    public String adminPassword() {
        return adminPassword;
    }

    /** A connector signed in as the bootstrap administrator, for the test realm. */
    public KeycloakClient connector() {
        return new KeycloakClient(URI.create(baseUrl), REALM,
                KeycloakClient.AdminLogin.password("master", "admin", SecretValue.copyOf(adminPassword)), null);
    }

    /** Stops the whole process tree (kc.sh starts java as a child). */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.printf("Keycloak ran %d s in all (start, tests, stop)%n",
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void waitUntilReady() throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/realms/master"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("Keycloak was not ready within " + READY_TIMEOUT.toSeconds() + " s; see " + log);
    }

    // ================================================================ admin API (not through the connector)

    public String adminToken() throws Exception {
        HttpResponse<String> r = postForm(baseUrl + "/realms/master/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", adminPassword));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return MAPPER.readTree(r.body()).path("access_token").asText();
    }

    public HttpResponse<String> postForm(String url, Map<String, String> fields) throws Exception {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A call to {@code /admin/realms{path}} as the bootstrap administrator. */
    public HttpResponse<String> admin(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/admin/realms" + path))
                .header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void setUpRealm() throws Exception {
        HttpResponse<String> realm = admin("POST", "", "{\"realm\":\"" + REALM + "\",\"enabled\":true}");
        assertThat(realm.statusCode()).as(realm.body()).isEqualTo(201);
        // Regeneration keeps the old secret as "rotated" (2 days) when this policy applies to the client.
        HttpResponse<String> profiles = admin("PUT", "/" + REALM + "/client-policies/profiles", """
                {"profiles":[{"name":"rotation","description":"SecretDesk IT","executors":[{"executor":"secret-rotation",
                 "configuration":{"expiration-period":"2505600","rotated-expiration-period":"172800",
                                  "remaining-rotation-period":"864000"}}]}]}""");
        HttpResponse<String> policies = admin("PUT", "/" + REALM + "/client-policies/policies", """
                {"policies":[{"name":"rotation","description":"SecretDesk IT","enabled":true,
                 "conditions":[{"condition":"client-access-type","configuration":{"type":["confidential"]}}],
                 "profiles":["rotation"]}]}""");
        System.out.printf("Keycloak client policies: profiles %d, policies %d%n", profiles.statusCode(), policies.statusCode());
    }

    /** A confidential client with a service account (so its secret can be checked); returns its internal id. */
    public String createConfidentialClient(String clientId) throws Exception {
        HttpResponse<String> r = admin("POST", "/" + REALM + "/clients", """
                {"clientId":"%s","description":"SecretDesk IT client","enabled":true,"publicClient":false,
                 "serviceAccountsEnabled":true,"standardFlowEnabled":false,"clientAuthenticatorType":"client-secret"}"""
                .formatted(clientId));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String location = r.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    public void createPublicClient(String clientId) throws Exception {
        HttpResponse<String> r = admin("POST", "/" + REALM + "/clients",
                "{\"clientId\":\"" + clientId + "\",\"enabled\":true,\"publicClient\":true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    /** Whether Keycloak's token endpoint accepts this client secret (client credentials grant). */
    public boolean secretWorks(String clientId, String secret) throws Exception {
        HttpResponse<String> r = postForm(baseUrl + "/realms/" + REALM + "/protocol/openid-connect/token", Map.of(
                "grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
        if (r.statusCode() == 200) {
            return true;
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        return false;
    }

    public String currentSecretViaAdmin(String id) throws Exception {
        return MAPPER.readTree(admin("GET", "/" + REALM + "/clients/" + id + "/client-secret", null).body())
                .path("value").asText();
    }

    public JsonNode json(HttpResponse<String> r) throws IOException {
        return MAPPER.readTree(r.body());
    }
}
