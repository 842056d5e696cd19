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
import java.security.cert.X509Certificate;
import java.time.Clock;
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
import org.secretdesk.client.TlsTrust;
import org.secretdesk.model.Application;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.CertificateAuthority;

/**
 * The Keycloak connector, and the CLI on it, against a REAL Keycloak ({@link KeycloakTestServer}: the
 * distribution unpacked by the pom, dev mode on a free loopback port, secret rotation on). Skipped, saying why,
 * with {@code -Dkeycloak.skip=true} or when the distribution is absent.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class KeycloakClientIntegrationTest {

    static final String REALM = KeycloakTestServer.REALM;
    static final ObjectMapper MAPPER = new ObjectMapper();
    static KeycloakTestServer server;
    static String baseUrl;
    static String adminPassword;

    @BeforeAll
    static void startKeycloak() throws Exception {
        server = KeycloakTestServer.startOrSkip("keycloak-it.log");
        baseUrl = server.baseUrl();
        adminPassword = server.adminPassword();
    }

    @AfterAll
    static void stopKeycloak() {
        if (server != null) {
            server.close();
        }
    }

    static HttpResponse<String> admin(String method, String path, String json) throws Exception {
        return server.admin(method, path, json);
    }

    static String createConfidentialClient(String clientId) throws Exception {
        return server.createConfidentialClient(clientId);
    }

    static void createPublicClient(String clientId) throws Exception {
        server.createPublicClient(clientId);
    }

    static boolean secretWorks(String clientId, String secret) throws Exception {
        return server.secretWorks(clientId, secret);
    }

    static String plaintext(SecretValue v) {
        return new String(v.copyChars());
    }

    static String currentSecretViaAdmin(String id) throws Exception {
        return server.currentSecretViaAdmin(id);
    }

    KeycloakClient connector() {
        return server.connector();
    }

    // ================================================================ tests

    @Test
    void whatTheConsoleSaysOfARealmIsWhatKeycloakDoes() throws Exception {
        // Issue 25: "Test connection" said "Keycloak 26" for 26.5.6, and Regenerate promised that the old value
        // keeps working "while the realm's secret-rotation policy applies" without looking: without one it failed.
        try (KeycloakClient kc = connector()) {
            assertThat(kc.info().describe()).isEqualTo("Keycloak (realm " + KeycloakTestServer.REALM + ") "
                    + KeycloakTestServer.VERSION);
            assertThat(kc.capabilities().explain(Feature.RENEW_GRACE_PERIOD)).contains("“rotation”")
                    .contains("for 2 days");
        }
        String realm = "sd-norotation-" + System.nanoTime();
        assertThat(admin("POST", "", "{\"realm\":\"" + realm + "\",\"enabled\":true}").statusCode()).isEqualTo(201);
        String clientId = "sd-plain-" + System.nanoTime();
        HttpResponse<String> created = admin("POST", "/" + realm + "/clients", """
                {"clientId":"%s","enabled":true,"publicClient":false,"serviceAccountsEnabled":true,
                 "standardFlowEnabled":false,"clientAuthenticatorType":"client-secret"}""".formatted(clientId));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        try (KeycloakClient kc = new KeycloakClient(java.net.URI.create(baseUrl), realm,
                KeycloakClient.AdminLogin.password("master", "admin", SecretValue.copyOf(adminPassword)), null)) {
            assertThat(kc.capabilities().explain(Feature.RENEW_GRACE_PERIOD))
                    .isEqualTo(KeycloakCapabilities.NO_ROTATION);
            String original = server.json(admin("GET", "/" + realm + "/clients/" + id + "/client-secret", null))
                    .path("value").asText();
            assertThat(worksIn(realm, clientId, original)).isTrue();
            IssuedSecret issued = kc.renewSecret(id, KeycloakClient.CURRENT, null, 0);
            // What the console said: the previous value stopped at once.
            assertThat(worksIn(realm, clientId, original)).isFalse();
            assertThat(worksIn(realm, clientId, plaintext(issued.value()))).isTrue();
            issued.value().destroy();
        }
    }

    private static boolean worksIn(String realm, String clientId, String secret) throws Exception {
        HttpResponse<String> r = server.postForm(baseUrl + "/realms/" + realm + "/protocol/openid-connect/token",
                java.util.Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
        return r.statusCode() == 200;
    }

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

    /**
     * Issue 20: the connector had only been tested over plain HTTP. Over HTTPS, with Keycloak's own certificate
     * trusted through the connection's pinned CA, everything works; without that trust nothing is sent.
     */
    @Test
    void overHttpsWithItsOwnCertificateTrustedThroughThePinnedCa() throws Exception {
        String clientId = "sd-https-" + System.nanoTime();
        String id = createConfidentialClient(clientId);
        X509Certificate ca = server.httpsCa();
        TlsTrust pinned = TlsTrust.pinned(ca, TlsTrust.sha256Hex(ca));
        try (KeycloakClient kc = server.httpsConnector(pinned)) {
            assertThat(kc.listApplications(clientId, 10, null).items()).extracting(Application::id)
                    .containsExactly(id);
            IssuedSecret issued = kc.renewSecret(id, KeycloakClient.CURRENT, null, 0);
            String regenerated = plaintext(issued.value());
            assertThat(secretWorks(clientId, regenerated)).isTrue();
            assertThat(kc.listSecrets(id, 10, null).items().getFirst().hint())
                    .isEqualTo(regenerated.substring(0, 4));
        }
        // The JDK's trust store does not know this CA, nor does a connection pinned to another one.
        X509Certificate other = CertificateAuthority.create("Another CA", Duration.ofDays(1), Clock.systemUTC())
                .certificate();
        for (TlsTrust wrong : java.util.Arrays.asList(null, TlsTrust.of(List.of(other)))) {
            try (KeycloakClient kc = server.httpsConnector(wrong)) {
                assertThatThrownBy(() -> kc.listApplications(null, 10, null))
                        .isInstanceOfSatisfying(GatewayException.class,
                                e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.TLS));
            }
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
