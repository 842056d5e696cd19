package org.secretdesk.client.gravitee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.secretdesk.client.ApplicationPatch;
import org.secretdesk.client.RecordedExchanges;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.Application;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.Page;
import org.secretdesk.model.SecretStatus;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;

/**
 * The Gravitee AM connector against the exchanges documented in connectors.md: the token call, then for every
 * management call the method, path, query, headers and body, the documented answers and each documented error.
 */
class GraviteeClientContractTest {

    static final String PASSWORD = "adminadmin-Do-Not-Leak";
    static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.token-do-not-leak";
    static final String PLAINTEXT = "gravitee-plaintext-Secret-0123456789abcdef";
    static final String BASE = RecordedExchanges.GRAVITEE_BASE;
    static final Instant NOW = Instant.parse("2026-11-23T06:00:00Z");
    static final long CREATED_MS = RecordedExchanges.GRAVITEE_CREATED_MS;
    static final long EXPIRES_MS = RecordedExchanges.GRAVITEE_EXPIRES_MS;

    final ObjectMapper mapper = new ObjectMapper();
    MockWebServer server;
    GraviteeClient client;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
        client = new GraviteeClient(server.url("/").uri(), null, null, "my-domain", "admin",
                SecretValue.copyOf(PASSWORD), null, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse error(int code, String message) {
        return json(code, RecordedExchanges.graviteeError(code, message));
    }

    void enqueueToken(long expiresAtMillis) {
        server.enqueue(json(200, RecordedExchanges.graviteeToken(TOKEN, expiresAtMillis)));
    }

    RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).as("a request reached the server").isNotNull();
        return r;
    }

    /** The token call: POST with HTTP Basic, no body. */
    void assertTokenCall(RecordedRequest r) {
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/management/auth/token");
        assertThat(r.getUrl().query()).isNull();
        assertThat(r.getHeaders().get("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        assertThat(r.getBody().size()).isZero();
    }

    RecordedRequest takeCall() throws InterruptedException {
        assertTokenCall(take());
        RecordedRequest r = take();
        assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
        return r;
    }

    JsonNode body(RecordedRequest r) throws IOException {
        assertThat(r.getHeaders().get("Content-Type")).startsWith("application/json");
        return mapper.readTree(r.getBody().utf8());
    }

    static void assertNoLeak(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(PASSWORD).doesNotContain(TOKEN).doesNotContain(PLAINTEXT);
        }
    }

    static final String SECRET_JSON = RecordedExchanges.GRAVITEE_SECRET;

    // ============================================================ applications

    @Test
    void listsApplicationsPagedWithTheTokenFromBasicAuth() throws Exception {
        enqueueToken(NOW.plusSeconds(3600).toEpochMilli());
        server.enqueue(json(200, RecordedExchanges.GRAVITEE_APPLICATIONS));

        Page<Application> page = client.listApplications("bill", 2, null);

        RecordedRequest r = takeCall();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getUrl().encodedPath()).isEqualTo(BASE + "/applications");
        assertThat(r.getUrl().queryParameter("page")).isEqualTo("0");
        assertThat(r.getUrl().queryParameter("size")).isEqualTo("2");
        assertThat(r.getUrl().queryParameter("q")).isEqualTo("bill");
        assertThat(page.items()).extracting(Application::id).containsExactly("app-1", "app-2");
        assertThat(page.items()).extracting(Application::clientId).containsExactly("billing-client", "orders-client");
        assertThat(page.items().getFirst().createdAt()).isEqualTo(Instant.ofEpochMilli(CREATED_MS));
        assertThat(page.items().getFirst().secretPolicy()).isEqualTo(ExpiryPolicy.FOLLOW_DOMAIN);
        assertThat(page.items().get(1).secretPolicy()).isEqualTo(ExpiryPolicy.custom(Duration.ofDays(30)));
        assertThat(page.nextCursor()).isEqualTo("1");
    }

    @Test
    void theTokenIsReusedUntilItExpiresAndFetchedAgainOn401() throws Exception {
        enqueueToken(NOW.plusSeconds(3600).toEpochMilli());
        server.enqueue(json(200, "[]"));
        server.enqueue(json(200, "[]"));
        server.enqueue(error(401, "Unauthorized"));
        enqueueToken(NOW.plusSeconds(3600).toEpochMilli());
        server.enqueue(json(200, "[]"));

        client.listSecrets("app-1", 0, null);
        client.listSecrets("app-1", 0, null);
        client.listSecrets("app-1", 0, null);

        assertTokenCall(take());
        assertThat(take().getUrl().encodedPath()).isEqualTo(BASE + "/applications/app-1/secrets");
        assertThat(take().getUrl().encodedPath()).isEqualTo(BASE + "/applications/app-1/secrets");
        assertThat(take().getUrl().encodedPath()).isEqualTo(BASE + "/applications/app-1/secrets");
        assertTokenCall(take());
        assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(server.getRequestCount()).isEqualTo(6);
    }

    @Test
    void anExpiredTokenIsReplacedBeforeTheCall() throws Exception {
        enqueueToken(NOW.plusSeconds(10).toEpochMilli()); // inside the safety margin
        server.enqueue(json(200, "[]"));
        enqueueToken(NOW.plusSeconds(3600).toEpochMilli());
        server.enqueue(json(200, "[]"));

        client.listSecrets("app-1", 0, null);
        client.listSecrets("app-1", 0, null);

        assertTokenCall(take());
        take();
        assertTokenCall(take());
        take();
    }

    @Test
    void aRefusedPasswordIsReportedWithoutEchoingIt() throws Exception {
        server.enqueue(error(401, "Bad credentials"));

        GatewayException e = catchThrowableOfType(GatewayException.class, () -> client.listSecrets("app-1", 0, null));

        assertTokenCall(take());
        assertThat(e.code()).isEqualTo("auth.invalid_api_key");
        assertThat(e.getMessage()).contains("user name or password");
        assertNoLeak(e);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void getsOneApplication() throws Exception {
        enqueueToken(NOW.plusSeconds(3600).toEpochMilli());
        server.enqueue(json(200, "{\"id\":\"app-1\",\"name\":\"billing\",\"settings\":{\"oauth\":{\"clientId\":\"c\"},"
                + "\"secretExpirationSettings\":{\"enabled\":true,\"expiryTimeSeconds\":0}},"
                + "\"secrets\":[{\"id\":\"s-1\"},{\"id\":\"s-2\"}]}"));

        Application app = client.getApplication("app-1");

        RecordedRequest r = takeCall();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getUrl().encodedPath()).isEqualTo(BASE + "/applications/app-1");
        assertThat(app.secretPolicy()).as("enabled with seconds ≤ 0 means never").isEqualTo(ExpiryPolicy.NEVER);
        assertThat(app.secretCount()).isEqualTo(2);
    }

    @Test
    void applicationExpiryIsPatchedUnderSettings() throws Exception {
        enqueueToken(NOW.plusSeconds(3600).toEpochMilli());
        server.enqueue(json(200, "{\"id\":\"app-1\",\"name\":\"billing\",\"settings\":{\"secretExpirationSettings\":"
                + "{\"enabled\":true,\"expiryTimeSeconds\":7776000}}}"));
        server.enqueue(json(200, "{\"id\":\"app-1\",\"name\":\"billing\",\"settings\":{\"secretExpirationSettings\":"
                + "{\"enabled\":true,\"expiryTimeSeconds\":0}}}"));
        server.enqueue(json(200, "{\"id\":\"app-1\",\"name\":\"billing\",\"settings\":{\"secretExpirationSettings\":"
                + "{\"enabled\":false}}}"));

        Application custom = client.updateApplication("app-1",
                new ApplicationPatch(null, null, ExpiryPolicy.custom(Duration.ofDays(90))), 0);
        Application never = client.updateApplication("app-1", new ApplicationPatch(null, null, ExpiryPolicy.NEVER), 0);
        Application domain = client.updateApplication("app-1",
                new ApplicationPatch(null, null, ExpiryPolicy.FOLLOW_DOMAIN), 0);

        RecordedRequest r = takeCall();
        assertThat(r.getMethod()).isEqualTo("PATCH");
        assertThat(r.getUrl().encodedPath()).isEqualTo(BASE + "/applications/app-1");
        assertThat(body(r)).isEqualTo(mapper.readTree(
                "{\"settings\":{\"secretExpirationSettings\":{\"enabled\":true,\"expiryTimeSeconds\":7776000}}}"));
        assertThat(body(take())).isEqualTo(mapper.readTree(
                "{\"settings\":{\"secretExpirationSettings\":{\"enabled\":true,\"expiryTimeSeconds\":0}}}"));
        assertThat(body(take())).isEqualTo(mapper.readTree(
                "{\"settings\":{\"secretExpirationSettings\":{\"enabled\":false}}}"));
        assertThat(custom.secretPolicy()).isEqualTo(ExpiryPolicy.custom(Duration.ofDays(90)));
        assertThat(never.secretPolicy()).isEqualTo(ExpiryPolicy.NEVER);
        assertThat(domain.secretPolicy()).isEqualTo(ExpiryPolicy.FOLLOW_DOMAIN);
    }

    // ============================================================ secrets

    @Test
    void listsSecretsWithEpochMillisDatesAndNoValue() throws Exception {
        enqueueToken(NOW.plusSeconds(3600).toEpochMilli());
        server.enqueue(json(200, "[" + SECRET_JSON + ",{\"id\":\"s-2\",\"settingsId\":\"set-1\",\"name\":\"old\","
                + "\"createdAt\":" + CREATED_MS + ",\"expiresAt\":" + (NOW.toEpochMilli() - 1000) + "},"
                + "{\"id\":\"s-3\",\"settingsId\":\"set-1\",\"name\":\"forever\",\"createdAt\":" + CREATED_MS + "}]"));

        Page<SecretSummary> page = client.listSecrets("app-1", 0, null);

        RecordedRequest r = takeCall();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getUrl().encodedPath()).isEqualTo(BASE + "/applications/app-1/secrets");
        assertThat(r.getUrl().query()).isNull();
        SecretSummary s = page.items().getFirst();
        assertThat(s.id()).isEqualTo("s-1");
        assertThat(s.applicationId()).isEqualTo("app-1");
        assertThat(s.description()).isEqualTo("prod rollout");
        assertThat(s.createdAt()).isEqualTo(Instant.ofEpochMilli(CREATED_MS));
        assertThat(s.expiresAt()).isEqualTo(Instant.ofEpochMilli(EXPIRES_MS));
        assertThat(s.hint()).isNull();
        assertThat(s.redacted()).isNull();
        assertThat(s.lastUsedAt()).isNull();
        assertThat(s.status()).isEqualTo(SecretStatus.ACTIVE);
        assertThat(page.items().get(1).status()).isEqualTo(SecretStatus.EXPIRED);
        assertThat(page.items().get(2).expiresAt()).isNull();
        assertThat(page.items().get(2).status()).isEqualTo(SecretStatus.ACTIVE);
    }

    @Test
    void createsASecretAnd201CarriesThePlaintextOnce() throws Exception {
        enqueueToken(NOW.plusSeconds(3600).toEpochMilli());
        server.enqueue(json(201, SECRET_JSON.replace("}", ",\"secret\":\"" + PLAINTEXT + "\"}")));

        IssuedSecret issued = client.createSecret("app-1", "prod rollout", null);

        RecordedRequest r = takeCall();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo(BASE + "/applications/app-1/secrets");
        assertThat(body(r)).isEqualTo(mapper.readTree("{\"name\":\"prod rollout\"}"));
        assertThat(issued.value().sameAs(PLAINTEXT)).isTrue();
        assertThat(issued.secret().id()).isEqualTo("s-1");
        assertThat(issued.secret().description()).isEqualTo("prod rollout");
        assertThat(issued.secret().expiresAt()).isEqualTo(Instant.ofEpochMilli(EXPIRES_MS));
        assertThat(issued.secret().hint()).isEqualTo("grav");
        assertThat(issued.secret().redacted()).startsWith("grav*").doesNotContain("plaintext");
        assertThat(issued.toString()).doesNotContain(PLAINTEXT);
    }

    @Test
    void renewsWithAnEmptyPost() throws Exception {
        enqueueToken(NOW.plusSeconds(3600).toEpochMilli());
        server.enqueue(json(200, SECRET_JSON.replace("}", ",\"secret\":\"" + PLAINTEXT + "\"}")));

        IssuedSecret issued = client.renewSecret("app-1", "s-1", null, 0);

        RecordedRequest r = takeCall();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo(BASE + "/applications/app-1/secrets/s-1/_renew");
        assertThat(r.getBody().size()).isZero();
        assertThat(issued.value().sameAs(PLAINTEXT)).isTrue();
    }

    @Test
    void deletesWith204() throws Exception {
        enqueueToken(NOW.plusSeconds(3600).toEpochMilli());
        server.enqueue(new MockResponse.Builder().code(204).build());

        client.deleteSecret("app-1", "s-1", 0);

        RecordedRequest r = takeCall();
        assertThat(r.getMethod()).isEqualTo("DELETE");
        assertThat(r.getUrl().encodedPath()).isEqualTo(BASE + "/applications/app-1/secrets/s-1");
        assertThat(r.getBody().size()).isZero();
    }

    @Test
    void organizationAndEnvironmentArePartOfThePath() throws Exception {
        try (GraviteeClient other = new GraviteeClient(server.url("/").uri(), "ORG1", "PROD", "d1", "admin",
                SecretValue.copyOf(PASSWORD), null)) {
            enqueueToken(Instant.now().plusSeconds(3600).toEpochMilli());
            server.enqueue(json(200, "[]"));
            other.listSecrets("a b", 0, null);
            assertThat(takeCall().getUrl().encodedPath())
                    .isEqualTo("/management/organizations/ORG1/environments/PROD/domains/d1/applications/a%20b/secrets");
        }
    }

    // ============================================================ domain expiry

    @Test
    void readsTheDomainExpiryAsSecretExpirationSettings() throws Exception {
        enqueueToken(NOW.plusSeconds(3600).toEpochMilli());
        server.enqueue(json(200, RecordedExchanges.GRAVITEE_DOMAIN));

        DomainSecretPolicy policy = client.getSecretPolicy();

        RecordedRequest r = takeCall();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getUrl().encodedPath()).isEqualTo(BASE);
        assertThat(policy.expiryEnabled()).isTrue();
        assertThat(policy.expiresAfter()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void updatesTheDomainExpiryAsSecretSettings() throws Exception {
        enqueueToken(NOW.plusSeconds(3600).toEpochMilli());
        server.enqueue(json(200, "{\"id\":\"my-domain\",\"secretExpirationSettings\":"
                + "{\"enabled\":true,\"expiryTimeSeconds\":2592000}}"));
        server.enqueue(json(200, "{\"id\":\"my-domain\",\"secretExpirationSettings\":{\"enabled\":false}}"));

        DomainSecretPolicy on = client.updateSecretPolicy(new DomainSecretPolicy(true, Duration.ofDays(30),
                DomainSecretPolicy.DEFAULT_THRESHOLDS, 0));
        DomainSecretPolicy off = client.updateSecretPolicy(new DomainSecretPolicy(false, null, null, 0));

        RecordedRequest r = takeCall();
        assertThat(r.getMethod()).isEqualTo("PATCH");
        assertThat(r.getUrl().encodedPath()).isEqualTo(BASE);
        assertThat(body(r)).isEqualTo(mapper.readTree(
                "{\"secretSettings\":{\"enabled\":true,\"expiryTimeSeconds\":2592000}}"));
        assertThat(body(take())).isEqualTo(mapper.readTree("{\"secretSettings\":{\"enabled\":false}}"));
        assertThat(on.expiresAfter()).isEqualTo(Duration.ofDays(30));
        assertThat(off.expiryEnabled()).isFalse();
    }

    // ============================================================ errors

    @Test
    void aDuplicateDescriptionIsMapped() throws Exception {
        enqueueToken(NOW.plusSeconds(3600).toEpochMilli());
        server.enqueue(error(400, "Secret with description prod rollout already exists"));

        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> client.createSecret("app-1", "prod rollout", null));

        assertThat(e.code()).isEqualTo("secret.duplicate_description");
        assertThat(e.getMessage()).contains("prod rollout");
    }

    @Test
    void tooManySecretsIsMapped() throws Exception {
        enqueueToken(NOW.plusSeconds(3600).toEpochMilli());
        server.enqueue(error(400, "Too many Client Secrets. Cannot create more than 10 secrets"));

        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> client.createSecret("app-1", "eleventh", null));

        assertThat(e.code()).isEqualTo("secret.limit_reached");
        assertThat(e.getMessage()).contains("10");
    }

    @Test
    void theLastSecretIsExplained() throws Exception {
        enqueueToken(NOW.plusSeconds(3600).toEpochMilli());
        server.enqueue(error(400, "Cannot remove last secret"));

        GatewayException e = catchThrowableOfType(GatewayException.class, () -> client.deleteSecret("app-1", "s-1", 0));

        assertThat(e.code()).isEqualTo("secret.last_secret");
        assertThat(e.getMessage()).contains("Create a new secret first");
    }

    @Test
    void anUnknownSecretIsNotFound() throws Exception {
        enqueueToken(NOW.plusSeconds(3600).toEpochMilli());
        server.enqueue(error(404, "Secret [s-9] can not be found."));

        GatewayException e = catchThrowableOfType(GatewayException.class, () -> client.renewSecret("app-1", "s-9", null, 0));

        assertThat(e.code()).isEqualTo("secret.not_found");
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.getMessage()).contains("s-9");
    }

    @Test
    void capabilitiesAreHonest() {
        var caps = client.capabilities();
        for (Feature f : new Feature[] {Feature.APPLICATIONS, Feature.MULTIPLE_SECRETS, Feature.CREATE_SECRET,
                Feature.RENEW, Feature.DELETE_SECRET, Feature.EXPIRY, Feature.DOMAIN_POLICY, Feature.APPLICATION_POLICY}) {
            assertThat(caps.supports(f)).as(f.name()).isTrue();
        }
        for (Feature f : new Feature[] {Feature.LAST_USED, Feature.RENEW_GRACE_PERIOD, Feature.DELETE_LAST_SECRET,
                Feature.CREATE_APPLICATION, Feature.ROLES}) {
            assertThat(caps.supports(f)).as(f.name()).isFalse();
        }
        assertThatThrownBy(() -> client.renewSecret("app-1", "s-1", Duration.ofHours(1), 0))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("stops working at once");
        assertThatThrownBy(() -> client.listRoles()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(server.getRequestCount()).isZero();
    }
}
