package org.secretdesk.client.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.Application;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;

/**
 * The Keycloak connector, and the CLI on it, against a REAL Keycloak 26.5.6 (Maven Central's
 * {@code keycloak-quarkus-dist}, unpacked to {@code target/keycloak} by the pom's {@code keycloak-dist} execution),
 * started in dev mode on a free loopback port with the JDK running the tests, with the preview feature
 * {@code client-secret-rotation} and a realm policy that keeps the old secret as "rotated" on regeneration.
 * Skipped, saying why, only when the distribution is absent.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class KeycloakClientIntegrationTest {

    static final String VERSION = "26.5.6";
    static final String REALM = "secretdesk-it";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(240);

    static Process keycloak;
    static String baseUrl;
    static String adminPassword;
    static Path home;
    static Path log;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper MAPPER = new ObjectMapper();
    static long started;

    @BeforeAll
    static void startKeycloak() throws Exception {
        started = System.nanoTime();
        home = Path.of("target", "keycloak", "keycloak-" + VERSION).toAbsolutePath();
        Path kcSh = home.resolve("bin").resolve("kc.sh");
        assumeThat(Files.isRegularFile(kcSh))
                .as("Keycloak distribution absent at " + home + ": run 'mvn process-test-resources' (the pom's "
                        + "keycloak-dist execution unpacks org.keycloak:keycloak-quarkus-dist:" + VERSION + ":tar.gz)")
                .isTrue();
        int port = freePort();
        int managementPort = freePort();
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        adminPassword = "Adm1n-" + HexFormat.of().formatHex(random);
        baseUrl = "http://127.0.0.1:" + port;
        log = Path.of("target", "keycloak-it.log").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("bash", kcSh.toString(), "start-dev", "--http-port=" + port,
                "--http-host=127.0.0.1", "--http-management-port=" + managementPort, "--db=dev-mem",
                "--features=client-secret-rotation")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        env.remove("JAVA_OPTS");
        keycloak = pb.start();
        waitUntilReady();
        System.out.printf("Keycloak %s ready after %d s%n", VERSION, Duration.ofNanos(System.nanoTime() - started).toSeconds());
        setUpRealm();
    }

    @AfterAll
    static void stopKeycloak() throws Exception {
        if (keycloak != null) {
            // The whole tree: kc.sh starts java as a child.
            keycloak.descendants().forEach(ProcessHandle::destroy);
            keycloak.destroy();
            if (!keycloak.waitFor(30, TimeUnit.SECONDS)) {
                keycloak.descendants().forEach(ProcessHandle::destroyForcibly);
                keycloak.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            System.out.printf("Keycloak integration test took %d s in all (start, tests, stop)%n",
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void waitUntilReady() throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!keycloak.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + keycloak.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/realms/master"))
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

    // ================================================================ admin API set-up (not through the connector)

    static String adminToken() throws Exception {
        JsonNode t = form(baseUrl + "/realms/master/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", adminPassword));
        return t.path("access_token").asText();
    }

    static JsonNode form(String url, Map<String, String> fields) throws Exception {
        HttpResponse<String> r = postForm(url, fields);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return MAPPER.readTree(r.body());
    }

    static HttpResponse<String> postForm(String url, Map<String, String> fields) throws Exception {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> admin(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/admin/realms" + path))
                .header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void setUpRealm() throws Exception {
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

    /** A confidential client with a service account, so its secret can be checked at the token endpoint. */
    static String createConfidentialClient(String clientId) throws Exception {
        HttpResponse<String> r = admin("POST", "/" + REALM + "/clients", """
                {"clientId":"%s","description":"SecretDesk IT client","enabled":true,"publicClient":false,
                 "serviceAccountsEnabled":true,"standardFlowEnabled":false,"clientAuthenticatorType":"client-secret"}"""
                .formatted(clientId));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String location = r.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    static void createPublicClient(String clientId) throws Exception {
        HttpResponse<String> r = admin("POST", "/" + REALM + "/clients",
                "{\"clientId\":\"" + clientId + "\",\"enabled\":true,\"publicClient\":true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    /** Whether Keycloak's token endpoint accepts this client secret (client credentials grant). */
    static boolean secretWorks(String clientId, String secret) throws Exception {
        HttpResponse<String> r = postForm(baseUrl + "/realms/" + REALM + "/protocol/openid-connect/token", Map.of(
                "grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
        if (r.statusCode() == 200) {
            return true;
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        return false;
    }

    static String plaintext(SecretValue v) {
        return new String(v.copyChars());
    }

    static String currentSecretViaAdmin(String id) throws Exception {
        return MAPPER.readTree(admin("GET", "/" + REALM + "/clients/" + id + "/client-secret", null).body())
                .path("value").asText();
    }

    KeycloakClient connector() {
        return new KeycloakClient(URI.create(baseUrl), REALM,
                KeycloakClient.AdminLogin.password("master", "admin", SecretValue.copyOf(adminPassword)), null);
    }

    // ================================================================ tests

    @Test
    void regenerateReadRotatedInvalidateThroughTheClientApi() throws Exception {
        String clientId = "sd-api-" + System.nanoTime();
        String id = createConfidentialClient(clientId);
        createPublicClient("sd-public-" + System.nanoTime());
        String original = currentSecretViaAdmin(id);
        assertThat(secretWorks(clientId, original)).isTrue();

        try (KeycloakClient kc = connector()) {
            assertThat(kc.capabilities().supports(Feature.RENEW)).isTrue();
            List<Application> apps = kc.listApplications(null, 100, null).items();
            assertThat(apps).extracting(Application::name).contains(clientId)
                    .noneMatch(n -> n.startsWith("sd-public-"));
            Application app = apps.stream().filter(a -> a.name().equals(clientId)).findFirst().orElseThrow();
            assertThat(app.id()).isEqualTo(id);
            assertThat(kc.listApplications(clientId, 10, null).items()).extracting(Application::id).containsExactly(id);

            List<SecretSummary> before = kc.listSecrets(id, 10, null).items();
            assertThat(before).extracting(SecretSummary::id).containsExactly(KeycloakClient.CURRENT);
            SecretSummary current = before.getFirst();
            assertThat(current.hint()).isEqualTo(original.substring(0, 4));
            assertThat(current.redacted()).startsWith(original.substring(0, 4)).doesNotContain(original.substring(4, 12));

            IssuedSecret issued = kc.renewSecret(id, KeycloakClient.CURRENT, null, 0);
            String regenerated = plaintext(issued.value());
            assertThat(regenerated).isNotEqualTo(original);
            assertThat(issued.clientId()).isEqualTo(clientId);
            assertThat(issued.toString()).doesNotContain(regenerated);
            assertThat(secretWorks(clientId, regenerated)).isTrue();

            List<SecretSummary> after = kc.listSecrets(id, 10, null).items();
            assertThat(after.getFirst().hint()).isEqualTo(regenerated.substring(0, 4));
            boolean rotationOn = after.size() == 2;
            System.out.println("Keycloak kept a rotated secret: " + rotationOn);
            if (rotationOn) {
                SecretSummary rotated = after.get(1);
                assertThat(rotated.id()).isEqualTo(KeycloakClient.ROTATED);
                assertThat(rotated.hint()).isEqualTo(original.substring(0, 4));
                assertThat(rotated.expiresAt()).as("rotated expiry from client.secret.rotated.expiration.time").isNotNull();
                assertThat(after.getFirst().expiresAt()).as("current expiry from client.secret.expiration.time").isNotNull();
                assertThat(secretWorks(clientId, original)).as("the rotated secret still works").isTrue();

                kc.deleteSecret(id, KeycloakClient.ROTATED, 0);

                assertThat(kc.listSecrets(id, 10, null).items()).extracting(SecretSummary::id)
                        .containsExactly(KeycloakClient.CURRENT);
            } else {
                // Without a rotation policy Keycloak answers 404 for the rotated secret: there is none.
                assertThat(admin("GET", "/" + REALM + "/clients/" + id + "/client-secret/rotated", null).statusCode())
                        .isEqualTo(404);
            }
            assertThat(secretWorks(clientId, original)).as("the old secret no longer works").isFalse();
            assertThat(secretWorks(clientId, regenerated)).isTrue();

            assertThatThrownBy(() -> kc.deleteSecret(id, KeycloakClient.CURRENT, 0))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> kc.listSecrets("00000000-0000-0000-0000-000000000000", 10, null))
                    .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo("application.not_found"));
        }
    }

    @Test
    void aWrongAdminPasswordIsReportedWithoutEchoingIt() {
        try (KeycloakClient kc = new KeycloakClient(URI.create(baseUrl), REALM,
                KeycloakClient.AdminLogin.password("master", "admin", SecretValue.copyOf("wrong-password-4711")), null)) {
            assertThatThrownBy(() -> kc.listApplications(null, 10, null))
                    .isInstanceOfSatisfying(GatewayException.class, e -> {
                        assertThat(e.code()).isEqualTo("auth.invalid_api_key");
                        assertThat(e.getMessage()).doesNotContain("wrong-password-4711");
                    });
        }
    }

    @Test
    void theSameThroughTheCli() throws Exception {
        String clientId = "sd-cli-" + System.nanoTime();
        String id = createConfidentialClient(clientId);
        String original = currentSecretViaAdmin(id);
        Path pw = Files.createTempFile("kc-admin", ".pw");
        try {
            Files.writeString(pw, adminPassword + "\n");
            List<String> connection = List.of("--kind", "keycloak", "--url", baseUrl, "--realm", REALM,
                    "--user", "admin", "--password-file", pw.toString());

            Run listed = cli(connection, "secrets", "list", "--app", clientId, "--json");
            assertThat(listed.exitCode()).as(listed.err()).isZero();
            JsonNode secrets = MAPPER.readTree(listed.out());
            assertThat(secrets).hasSize(1);
            assertThat(secrets.get(0).path("description").asText()).isEqualTo("current");
            assertThat(listed.out()).doesNotContain(original);

            Run renewed = cli(connection, "secrets", "renew", "--app", clientId, "--description", "current");
            assertThat(renewed.exitCode()).as(renewed.err()).isZero();
            String regenerated = renewed.out().strip();
            assertThat(regenerated).isNotEqualTo(original).hasSizeGreaterThan(16);
            assertThat(secretWorks(clientId, regenerated)).isTrue();

            Run after = cli(connection, "secrets", "list", "--app", clientId, "--json");
            JsonNode afterList = MAPPER.readTree(after.out());
            if (afterList.size() == 2) {
                assertThat(secretWorks(clientId, original)).as("rotated still works").isTrue();
                Run invalidated = cli(connection, "secrets", "delete", "--app", clientId, "--description", "rotated",
                        "--confirm", "rotated");
                assertThat(invalidated.exitCode()).as(invalidated.err()).isZero();
            }
            assertThat(secretWorks(clientId, original)).isFalse();
            assertThat(secretWorks(clientId, regenerated)).isTrue();

            Run noRotated = cli(connection, "secrets", "delete", "--app", clientId, "--description", "rotated",
                    "--confirm", "rotated");
            assertThat(noRotated.exitCode()).isEqualTo(3);
            Run unknown = cli(connection, "secrets", "list", "--app", "no-such-client-" + System.nanoTime());
            assertThat(unknown.exitCode()).isEqualTo(3);
        } finally {
            Files.deleteIfExists(pw);
        }
    }

    record Run(int exitCode, String out, String err) {
    }

    /** The CLI in-process, as {@code secretdesk …} would run it. */
    static Run cli(List<String> connection, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(connection);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cmd = new picocli.CommandLine(new org.secretdesk.cli.Main());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }
}
