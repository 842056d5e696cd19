package org.secretdesk.client.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.model.Application;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.Page;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;

/** The Keycloak connector's requests and parsing, pinned against recorded Keycloak 26 exchanges. */
class KeycloakClientContractTest {

    static final String PASSWORD = "p@ss word&=Do-Not-Leak";
    static final String CURRENT_VALUE = "CurrentSecretValue0123456789abcdef";
    static final String ROTATED_VALUE = "RotatedSecretValue0123456789abcdef";

    MockWebServer server;
    KeycloakClient client;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
        client = new KeycloakClient(server.url("/").uri(), "acme",
                KeycloakClient.AdminLogin.password("master", "admin", SecretValue.copyOf(PASSWORD)), null);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).isNotNull();
        return r;
    }

    void enqueueToken() {
        server.enqueue(json(200, "{\"access_token\":\"adm-token\",\"expires_in\":60,\"token_type\":\"Bearer\"}"));
    }

    void assertTokenCall(RecordedRequest r) {
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/realms/master/protocol/openid-connect/token");
        assertThat(r.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(r.getBody().utf8()).isEqualTo(
                "grant_type=password&client_id=admin-cli&username=admin&password=p%40ss%20word%26%3DDo-Not-Leak");
    }

    @Test
    void listsConfidentialClientsOnlyWithFirstMaxSearch() throws Exception {
        enqueueToken();
        server.enqueue(json(200, """
                [{"id":"u1","clientId":"billing","description":"Billing","publicClient":false,"bearerOnly":false,
                  "clientAuthenticatorType":"client-secret","attributes":{"client.secret.expiration.time":"1800000000"}},
                 {"id":"u2","clientId":"spa","publicClient":true},
                 {"id":"u3","clientId":"api","publicClient":false,"bearerOnly":true},
                 {"id":"u4","clientId":"jwt","publicClient":false,"clientAuthenticatorType":"client-jwt"}]"""));

        Page<Application> page = client.listApplications("bil", 4, "8");

        assertTokenCall(take());
        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/admin/realms/acme/clients");
        assertThat(r.getUrl().queryParameter("first")).isEqualTo("8");
        assertThat(r.getUrl().queryParameter("max")).isEqualTo("4");
        assertThat(r.getUrl().queryParameter("search")).isEqualTo("true");
        assertThat(r.getUrl().queryParameter("clientId")).isEqualTo("bil");
        assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer adm-token");
        assertThat(page.items()).extracting(Application::id).containsExactly("u1");
        assertThat(page.items().getFirst().name()).isEqualTo("billing");
        assertThat(page.items().getFirst().nextExpiry()).isEqualTo(Instant.ofEpochSecond(1_800_000_000L));
        assertThat(page.nextCursor()).isEqualTo("12");
    }

    @Test
    void listsCurrentAndRotatedOnlyRedacted() throws Exception {
        enqueueToken();
        server.enqueue(json(200, "{\"id\":\"u1\",\"clientId\":\"billing\",\"attributes\":{"
                + "\"client.secret.creation.time\":\"1790000000\",\"client.secret.expiration.time\":\"1800000000\","
                + "\"client.secret.rotated.expiration.time\":\"1790172800\"}}"));
        server.enqueue(json(200, "{\"type\":\"secret\",\"value\":\"" + CURRENT_VALUE + "\"}"));
        server.enqueue(json(200, "{\"type\":\"secret\",\"value\":\"" + ROTATED_VALUE + "\"}"));

        List<SecretSummary> secrets = client.listSecrets("u1", 10, null).items();

        assertTokenCall(take());
        assertThat(take().getUrl().encodedPath()).isEqualTo("/admin/realms/acme/clients/u1");
        assertThat(take().getUrl().encodedPath()).isEqualTo("/admin/realms/acme/clients/u1/client-secret");
        assertThat(take().getUrl().encodedPath()).isEqualTo("/admin/realms/acme/clients/u1/client-secret/rotated");
        assertThat(secrets).extracting(SecretSummary::id).containsExactly("current", "rotated");
        assertThat(secrets).extracting(SecretSummary::hint).containsExactly("Curr", "Rota");
        assertThat(secrets.toString()).doesNotContain(CURRENT_VALUE).doesNotContain(ROTATED_VALUE)
                .doesNotContain("entSecret").doesNotContain("tedSecret");
        assertThat(secrets.get(0).createdAt()).isEqualTo(Instant.ofEpochSecond(1_790_000_000L));
        assertThat(secrets.get(0).expiresAt()).isEqualTo(Instant.ofEpochSecond(1_800_000_000L));
        assertThat(secrets.get(1).expiresAt()).isEqualTo(Instant.ofEpochSecond(1_790_172_800L));
    }

    @Test
    void noRotatedSecretIs404() throws Exception {
        enqueueToken();
        server.enqueue(json(200, "{\"id\":\"u1\",\"clientId\":\"billing\"}"));
        server.enqueue(json(200, "{\"type\":\"secret\",\"value\":\"" + CURRENT_VALUE + "\"}"));
        server.enqueue(json(404, "{\"error\":\"HTTP 404 Not Found\"}"));

        assertThat(client.listSecrets("u1", 10, null).items()).extracting(SecretSummary::id).containsExactly("current");
    }

    @Test
    void regenerateAndInvalidateRotated() throws Exception {
        enqueueToken();
        server.enqueue(json(200, "{\"type\":\"secret\",\"value\":\"NewSecretValue0123456789\"}"));
        server.enqueue(json(200, "{\"id\":\"u1\",\"clientId\":\"billing\"}"));
        server.enqueue(new MockResponse.Builder().code(204).build());

        IssuedSecret issued = client.renewSecret("u1", "current", null, 0);
        client.deleteSecret("u1", "rotated", 0);

        assertTokenCall(take());
        RecordedRequest regenerate = take();
        assertThat(regenerate.getMethod()).isEqualTo("POST");
        assertThat(regenerate.getUrl().encodedPath()).isEqualTo("/admin/realms/acme/clients/u1/client-secret");
        assertThat(regenerate.getBody().size()).isZero();
        assertThat(take().getUrl().encodedPath()).isEqualTo("/admin/realms/acme/clients/u1");
        RecordedRequest invalidate = take();
        assertThat(invalidate.getMethod()).isEqualTo("DELETE");
        assertThat(invalidate.getUrl().encodedPath()).isEqualTo("/admin/realms/acme/clients/u1/client-secret/rotated");
        assertThat(issued.value().sameAs("NewSecretValue0123456789")).isTrue();
        assertThat(issued.clientId()).isEqualTo("billing");
        assertThat(issued.secret().hint()).isEqualTo("NewS");
    }

    @Test
    void capabilitiesAreHonest() throws Exception {
        // Issue 25: what a regenerate does to the previous value comes from the realm's client policies.
        enqueueToken();
        server.enqueue(json(200, "{\"policies\":[],\"globalPolicies\":[]}"));
        server.enqueue(json(200, "{\"profiles\":[],\"globalProfiles\":[]}"));
        var caps = client.capabilities();
        assertTokenCall(server.takeRequest());
        assertThat(server.takeRequest().getUrl().toString()).endsWith(
                "/admin/realms/acme/client-policies/policies?include-global-policies=true");
        assertThat(server.takeRequest().getUrl().toString()).endsWith(
                "/admin/realms/acme/client-policies/profiles?include-global-profiles=true");
        assertThat(caps.explain(Feature.RENEW_GRACE_PERIOD)).isEqualTo(KeycloakCapabilities.NO_ROTATION);
        int asked = server.getRequestCount();
        assertThat(caps.supports(Feature.APPLICATIONS)).isTrue();
        assertThat(caps.supports(Feature.RENEW)).isTrue();
        assertThat(caps.supports(Feature.DELETE_SECRET)).isTrue();
        assertThat(caps.supports(Feature.CREATE_SECRET)).isFalse();
        assertThat(caps.supports(Feature.DOMAIN_POLICY)).isFalse();
        assertThat(caps.supports(Feature.APPLICATION_POLICY)).isFalse();
        assertThatThrownBy(() -> client.createSecret("u1", "x", null)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("regenerate");
        assertThatThrownBy(() -> client.deleteSecret("u1", "current", 0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> client.updateSecretPolicy(null)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("client policies");
        assertThat(server.getRequestCount()).as("what cannot be done is said without asking Keycloak").isEqualTo(asked);
    }
}
