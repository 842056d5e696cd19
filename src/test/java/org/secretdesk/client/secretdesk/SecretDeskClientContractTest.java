package org.secretdesk.client.secretdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.secretdesk.client.ApplicationPatch;
import org.secretdesk.client.AuditQuery;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.CreatedApplication;
import org.secretdesk.client.GatewayException;
import org.secretdesk.client.NewApplication;
import org.secretdesk.model.Application;
import org.secretdesk.model.AuditEvent;
import org.secretdesk.model.CaInfo;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.ExpiryMode;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.GatewayInfo;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.Notification;
import org.secretdesk.model.Page;
import org.secretdesk.model.Role;
import org.secretdesk.model.SecretStatus;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;

/**
 * The client against the REST contract (gateway-api.md): for each method the request it sends (method, path,
 * query, headers, body) and how it reads the documented response.
 */
class SecretDeskClientContractTest {

    static final String ADMIN_KEY = "sdk_AdminKey_Do_Not_Leak_4711";
    static final String PLAINTEXT = "sds_Ab3xPlaintextValueThatMustNeverLeak0123456789AbC";

    static final String APP = """
            {"id":"app_1","name":"billing-service","description":"Billing","clientId":"sdc_abc",
             "roles":["reader"],"createdAt":"2026-11-23T04:42:36Z","updatedAt":"2026-11-23T05:00:00Z",
             "version":3,"secretPolicy":{"mode":"DOMAIN","expiresAfter":null},
             "secretCount":2,"nextExpiry":"2027-02-01T00:00:00Z","expiredCount":0}""";
    static final String SECRET_FIELDS = """
            "id":"sec_1","applicationId":"app_1","description":"prod rollout",
             "hint":"sds_Ab3x","redacted":"sds_Ab3x****************",
             "createdAt":"2026-11-23T04:42:36Z","renewedAt":null,"expiresAt":"2027-02-21T04:42:36Z",
             "lastUsedAt":null,"status":"ACTIVE","graceUntil":null,"version":1""";
    static final String SECRET = "{" + SECRET_FIELDS + "}";
    static final String ISSUED = "{" + SECRET_FIELDS + ",\"clientId\":\"sdc_abc\",\"secret\":\"" + PLAINTEXT + "\"}";
    static final String POLICY = """
            {"expiryEnabled":true,"expiresAfter":"P90D",
             "notifyBefore":["P20D","P15D","P10D","P5D","P1D"],"maxSecretsPerApplication":10}""";
    static final String CA_INFO = """
            {"subject":"CN=SecretDesk Root CA","serialNumber":"0a1b","notBefore":"2026-01-01T00:00:00Z",
             "notAfter":"2036-01-01T00:00:00Z","sha256Fingerprint":"AB:CD","keyAlgorithm":"EC",
             "rotationBlocked":true}""";

    final ObjectMapper mapper = new ObjectMapper();
    MockWebServer server;
    SecretDeskClient client;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
        client = SecretDeskClient.builder(server.url("/").uri(), SecretValue.copyOf(ADMIN_KEY), null)
                .retryBackoff(Duration.ZERO)
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body)
                .build();
    }

    static MockResponse problem(int code, String errorCode, String detail, String field) {
        String body = "{\"type\":\"about:blank\",\"title\":\"T\",\"status\":"
                + code + ",\"detail\":\"" + detail + "\",\"code\":\"" + errorCode + "\""
                + (field == null ? "" : ",\"field\":\"" + field + "\"") + "}";
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/problem+json")
                .body(body).build();
    }

    RecordedRequest take() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request).as("a request reached the server").isNotNull();
        return request;
    }

    JsonNode body(RecordedRequest request) throws IOException {
        assertThat(request.getBody()).isNotNull();
        return mapper.readTree(request.getBody().utf8());
    }

    JsonNode tree(String json) throws IOException {
        return mapper.readTree(json);
    }

    static void assertAuthorized(RecordedRequest request) {
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + ADMIN_KEY);
    }

    static void assertJsonBody(RecordedRequest request) {
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    }

    static void assertNoLeak(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(ADMIN_KEY).doesNotContain(PLAINTEXT);
            assertThat(t.toString()).doesNotContain(ADMIN_KEY).doesNotContain(PLAINTEXT);
        }
    }

    static void assertSampleSecret(SecretSummary s) {
        assertThat(s.id()).isEqualTo("sec_1");
        assertThat(s.applicationId()).isEqualTo("app_1");
        assertThat(s.description()).isEqualTo("prod rollout");
        assertThat(s.hint()).isEqualTo("sds_Ab3x");
        assertThat(s.redacted()).isEqualTo("sds_Ab3x****************");
        assertThat(s.createdAt()).isEqualTo(Instant.parse("2026-11-23T04:42:36Z"));
        assertThat(s.renewedAt()).isNull();
        assertThat(s.expiresAt()).isEqualTo(Instant.parse("2027-02-21T04:42:36Z"));
        assertThat(s.lastUsedAt()).isNull();
        assertThat(s.status()).isEqualTo(SecretStatus.ACTIVE);
        assertThat(s.graceUntil()).isNull();
        assertThat(s.version()).isEqualTo(1);
    }

    static void assertIssued(IssuedSecret issued) {
        assertSampleSecret(issued.secret());
        assertThat(issued.clientId()).isEqualTo("sdc_abc");
        assertThat(issued.value().sameAs(PLAINTEXT)).isTrue();
        assertThat(issued.toString()).doesNotContain(PLAINTEXT);
    }

    static void assertIdempotencyKey(String key) {
        assertThat(key).isNotNull().matches("[A-Za-z0-9_-]{22,}");
    }

    // ============================================================ applications

    @Test
    void listsApplicationsWithQueryLimitAndCursor() throws Exception {
        server.enqueue(json(200, "{\"items\":[" + APP + "],\"nextCursor\":\"c2\"}"));

        Page<Application> page = client.listApplications("bill ing", 50, "c1");

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v1/applications");
        assertThat(r.getUrl().queryParameter("q")).isEqualTo("bill ing");
        assertThat(r.getUrl().queryParameter("limit")).isEqualTo("50");
        assertThat(r.getUrl().queryParameter("cursor")).isEqualTo("c1");
        assertAuthorized(r);
        assertThat(page.nextCursor()).isEqualTo("c2");
        assertThat(page.items()).hasSize(1);
        Application app = page.items().getFirst();
        assertThat(app.id()).isEqualTo("app_1");
        assertThat(app.name()).isEqualTo("billing-service");
        assertThat(app.description()).isEqualTo("Billing");
        assertThat(app.clientId()).isEqualTo("sdc_abc");
        assertThat(app.roles()).containsExactly("reader");
        assertThat(app.createdAt()).isEqualTo(Instant.parse("2026-11-23T04:42:36Z"));
        assertThat(app.updatedAt()).isEqualTo(Instant.parse("2026-11-23T05:00:00Z"));
        assertThat(app.version()).isEqualTo(3);
        assertThat(app.secretPolicy()).isEqualTo(ExpiryPolicy.FOLLOW_DOMAIN);
        assertThat(app.secretCount()).isEqualTo(2);
        assertThat(app.nextExpiry()).isEqualTo(Instant.parse("2027-02-01T00:00:00Z"));
        assertThat(app.expiredCount()).isZero();
    }

    @Test
    void listWithoutFiltersSendsNoQueryAndReadsTheLastPage() throws Exception {
        server.enqueue(json(200, "{\"items\":[],\"nextCursor\":null}"));

        Page<Application> page = client.listApplications(null, 0, null);

        assertThat(take().getUrl().query()).isNull();
        assertThat(page.items()).isEmpty();
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void getsOneApplicationWithItsIdAsOnePathSegment() throws Exception {
        server.enqueue(json(200, APP.replace("\"DOMAIN\",\"expiresAfter\":null", "\"CUSTOM\",\"expiresAfter\":\"P30D\"")));

        Application app = client.getApplication("app_1");

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v1/applications/app_1");
        assertThat(app.secretPolicy()).isEqualTo(ExpiryPolicy.custom(Duration.ofDays(30)));
    }

    @Test
    void pathSegmentsAreEncodedNotInterpreted() throws Exception {
        server.enqueue(json(200, APP));

        client.getApplication("../ca");

        assertThat(take().getUrl().encodedPath()).isEqualTo("/api/v1/applications/..%2Fca");
    }

    @Test
    void createsAnApplicationWithItsFirstSecret() throws Exception {
        server.enqueue(json(201, APP.substring(0, APP.length() - 1) + ",\"issuedSecret\":" + ISSUED + "}"));

        CreatedApplication created = client.createApplication(
                new NewApplication("billing-service", "Billing", List.of("reader"), "Default"));

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v1/applications");
        assertAuthorized(r);
        assertJsonBody(r);
        assertIdempotencyKey(r.getHeaders().get("Idempotency-Key"));
        assertThat(body(r)).isEqualTo(tree("""
                {"name":"billing-service","description":"Billing","roles":["reader"],
                 "initialSecret":{"description":"Default"}}"""));
        assertThat(created.application().id()).isEqualTo("app_1");
        assertIssued(created.issuedSecret());
        assertThat(created.toString()).doesNotContain(PLAINTEXT);
    }

    @Test
    void createsAnApplicationWithoutSecretWithoutIdempotencyKey() throws Exception {
        server.enqueue(json(201, APP));

        CreatedApplication created = client.createApplication(new NewApplication("billing-service", null, null, null));

        RecordedRequest r = take();
        assertThat(r.getHeaders().get("Idempotency-Key")).isNull();
        assertThat(body(r)).isEqualTo(tree("{\"name\":\"billing-service\"}"));
        assertThat(created.issuedSecret()).isNull();
    }

    @Test
    void patchesOnlyTheGivenFieldsWithIfMatch() throws Exception {
        server.enqueue(json(200, APP.replace("\"version\":3", "\"version\":4")));

        Application updated = client.updateApplication("app_1",
                new ApplicationPatch(null, List.of("reader", "writer"), ExpiryPolicy.custom(Duration.ofDays(30))), 3);

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("PATCH");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v1/applications/app_1");
        assertThat(r.getHeaders().get("If-Match")).isEqualTo("\"3\"");
        assertThat(r.getHeaders().get("Idempotency-Key")).isNull();
        assertAuthorized(r);
        assertJsonBody(r);
        assertThat(body(r)).isEqualTo(tree("""
                {"roles":["reader","writer"],"secretPolicy":{"mode":"CUSTOM","expiresAfter":"P30D"}}"""));
        assertThat(updated.version()).isEqualTo(4);
    }

    @Test
    void patchCanSwitchToNeverAndChangeTheDescription() throws Exception {
        server.enqueue(json(200, APP));

        client.updateApplication("app_1", new ApplicationPatch("New text", null, ExpiryPolicy.NEVER), 7);

        RecordedRequest r = take();
        assertThat(r.getHeaders().get("If-Match")).isEqualTo("\"7\"");
        assertThat(body(r)).isEqualTo(tree("""
                {"description":"New text","secretPolicy":{"mode":"NEVER","expiresAfter":null}}"""));
    }

    @Test
    void deletesAnApplicationWithIfMatch() throws Exception {
        server.enqueue(new MockResponse.Builder().code(204).build());

        client.deleteApplication("app_1", 3);

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("DELETE");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v1/applications/app_1");
        assertThat(r.getHeaders().get("If-Match")).isEqualTo("\"3\"");
        assertAuthorized(r);
    }

    // ============================================================ secrets

    @Test
    void listsSecrets() throws Exception {
        server.enqueue(json(200, "{\"items\":[" + SECRET + "],\"nextCursor\":null}"));

        Page<SecretSummary> page = client.listSecrets("app_1", 100, null);

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v1/applications/app_1/secrets");
        assertThat(r.getUrl().queryParameter("limit")).isEqualTo("100");
        assertThat(r.getUrl().queryParameter("cursor")).isNull();
        assertSampleSecret(page.items().getFirst());
        assertThat(page.items().getFirst().toString()).doesNotContain(PLAINTEXT);
    }

    @Test
    void createsASecretWithAShorterExpiry() throws Exception {
        server.enqueue(json(201, ISSUED));

        IssuedSecret issued = client.createSecret("app_1", "prod rollout", Duration.ofDays(30));

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v1/applications/app_1/secrets");
        assertAuthorized(r);
        assertJsonBody(r);
        assertIdempotencyKey(r.getHeaders().get("Idempotency-Key"));
        assertThat(body(r)).isEqualTo(tree("{\"description\":\"prod rollout\",\"expiresAfter\":\"P30D\"}"));
        assertIssued(issued);
    }

    @Test
    void createsASecretUnderThePolicy() throws Exception {
        server.enqueue(json(201, ISSUED));

        client.createSecret("app_1", "prod rollout", null);

        assertThat(body(take())).isEqualTo(tree("{\"description\":\"prod rollout\"}"));
    }

    @Test
    void everyIssuingCallGetsItsOwnIdempotencyKey() throws Exception {
        server.enqueue(json(201, ISSUED));
        server.enqueue(json(201, ISSUED));

        client.createSecret("app_1", "a", null);
        client.createSecret("app_1", "a", null);

        assertThat(take().getHeaders().get("Idempotency-Key"))
                .isNotEqualTo(take().getHeaders().get("Idempotency-Key"));
    }

    @Test
    void renewsWithAGracePeriodAndIfMatch() throws Exception {
        server.enqueue(json(200, ISSUED));

        IssuedSecret issued = client.renewSecret("app_1", "sec_1", Duration.ofHours(1), 1);

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v1/applications/app_1/secrets/sec_1/renew");
        assertThat(r.getHeaders().get("If-Match")).isEqualTo("\"1\"");
        assertIdempotencyKey(r.getHeaders().get("Idempotency-Key"));
        assertAuthorized(r);
        assertJsonBody(r);
        assertThat(body(r)).isEqualTo(tree("{\"gracePeriod\":\"PT1H\"}"));
        assertIssued(issued);
    }

    @Test
    void renewsWithoutGraceWithAnEmptyObject() throws Exception {
        server.enqueue(json(200, ISSUED));

        client.renewSecret("app_1", "sec_1", null, 2);

        RecordedRequest r = take();
        assertThat(r.getHeaders().get("If-Match")).isEqualTo("\"2\"");
        assertThat(body(r)).isEqualTo(tree("{}"));
    }

    @Test
    void deletesASecretWithIfMatch() throws Exception {
        server.enqueue(new MockResponse.Builder().code(204).build());

        client.deleteSecret("app_1", "sec_1", 5);

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("DELETE");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v1/applications/app_1/secrets/sec_1");
        assertThat(r.getHeaders().get("If-Match")).isEqualTo("\"5\"");
        assertAuthorized(r);
    }

    // ============================================================ settings, roles, notifications, audit, CA, info

    @Test
    void readsTheDomainPolicy() throws Exception {
        server.enqueue(json(200, POLICY));

        DomainSecretPolicy policy = client.getSecretPolicy();

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v1/settings/secret-policy");
        assertThat(policy).isEqualTo(new DomainSecretPolicy(true, Duration.ofDays(90),
                DomainSecretPolicy.DEFAULT_THRESHOLDS, 10));
    }

    @Test
    void writesTheDomainPolicyWithoutTheReadOnlyLimit() throws Exception {
        server.enqueue(json(200, POLICY.replace("P90D", "P30D")));

        DomainSecretPolicy saved = client.updateSecretPolicy(new DomainSecretPolicy(true, Duration.ofDays(30),
                List.of(Duration.ofDays(5), Duration.ofHours(12)), 10));

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("PUT");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v1/settings/secret-policy");
        assertAuthorized(r);
        assertJsonBody(r);
        assertThat(body(r)).isEqualTo(tree("""
                {"expiryEnabled":true,"expiresAfter":"P30D","notifyBefore":["P5D","PT12H"]}"""));
        assertThat(saved.expiresAfter()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void writesADisabledPolicyWithANullDuration() throws Exception {
        server.enqueue(json(200, "{\"expiryEnabled\":false,\"expiresAfter\":null,\"notifyBefore\":[],"
                + "\"maxSecretsPerApplication\":10}"));

        DomainSecretPolicy saved = client.updateSecretPolicy(new DomainSecretPolicy(false, null, List.of(), 0));

        assertThat(body(take())).isEqualTo(tree("{\"expiryEnabled\":false,\"expiresAfter\":null,\"notifyBefore\":[]}"));
        assertThat(saved.expiryEnabled()).isFalse();
        assertThat(saved.expiresAfter()).isNull();
    }

    @Test
    void capabilitiesOfferEverythingAndLearnTheLimitOnce() throws Exception {
        server.enqueue(json(200, POLICY.replace("\"maxSecretsPerApplication\":10", "\"maxSecretsPerApplication\":7")));

        Capabilities first = client.capabilities();
        Capabilities second = client.capabilities();

        // Everything but Keycloak's one-current-plus-one-rotated model: SecretDesk keeps several named secrets.
        assertThat(first.features()).containsExactlyInAnyOrderElementsOf(
                java.util.EnumSet.complementOf(java.util.EnumSet.of(Capabilities.Feature.ROTATED_SECRET)));
        assertThat(first.maxSecretsPerApplication()).isEqualTo(7);
        assertThat(second.maxSecretsPerApplication()).isEqualTo(7);
        assertThat(take().getUrl().encodedPath()).isEqualTo("/api/v1/settings/secret-policy");
        assertThat(server.getRequestCount()).as("the limit is cached").isEqualTo(1);
    }

    @Test
    void capabilitiesReportAnUnknownLimitAsZeroWhenThePolicyCannotBeRead() throws Exception {
        server.enqueue(problem(403, "auth.forbidden", "No", null));
        server.enqueue(json(200, POLICY));

        assertThat(client.capabilities().maxSecretsPerApplication()).isZero();
        assertThat(client.capabilities().maxSecretsPerApplication()).isEqualTo(10);
    }

    @Test
    void listsRoles() throws Exception {
        server.enqueue(json(200, "[{\"name\":\"reader\",\"description\":\"Reads\"},{\"name\":\"writer\"}]"));

        List<Role> roles = client.listRoles();

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v1/roles");
        assertThat(roles).containsExactly(new Role("reader", "Reads"), new Role("writer", null));
    }

    @Test
    void listsNotificationsSince() throws Exception {
        server.enqueue(json(200, """
                {"items":[{"id":"n1","type":"SECRET_EXPIRING","applicationId":"app_1","applicationName":"billing",
                 "secretId":"sec_1","description":"prod rollout","expiresAt":"2026-11-28T00:00:00Z",
                 "createdAt":"2026-11-23T00:00:00Z"}]}"""));

        List<Notification> notifications = client.listNotifications(Instant.parse("2026-11-20T00:00:00Z"), 20);

        RecordedRequest r = take();
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v1/notifications");
        assertThat(r.getUrl().queryParameter("since")).isEqualTo("2026-11-20T00:00:00Z");
        assertThat(r.getUrl().queryParameter("limit")).isEqualTo("20");
        assertThat(notifications).containsExactly(new Notification("n1", Notification.NotificationType.SECRET_EXPIRING,
                "app_1", "billing", "sec_1", "prod rollout", Instant.parse("2026-11-28T00:00:00Z"),
                Instant.parse("2026-11-23T00:00:00Z")));
    }

    @Test
    void listsTheAuditLogOfOneApplication() throws Exception {
        server.enqueue(json(200, """
                {"items":[{"id":"a1","time":"2026-11-23T04:00:00Z","actor":"admin","action":"secret.created",
                 "applicationId":"app_1","secretId":"sec_1","description":"prod rollout","outcome":"SUCCESS",
                 "remoteAddress":"127.0.0.1"}],"nextCursor":"n"}"""));

        Page<AuditEvent> page = client.listAudit(new AuditQuery("app_1", null, null, null, null, 25, "c"));

        RecordedRequest r = take();
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v1/audit");
        assertThat(r.getUrl().queryParameter("applicationId")).isEqualTo("app_1");
        assertThat(r.getUrl().queryParameter("limit")).isEqualTo("25");
        assertThat(r.getUrl().queryParameter("cursor")).isEqualTo("c");
        assertThat(page.nextCursor()).isEqualTo("n");
        assertThat(page.items()).containsExactly(new AuditEvent("a1", Instant.parse("2026-11-23T04:00:00Z"), "admin",
                "secret.created", "app_1", "sec_1", "prod rollout", "SUCCESS", "127.0.0.1"));
    }

    @Test
    void auditFiltersTheGatewayMayIgnoreAreStillHonoured() throws Exception {
        server.enqueue(json(200, """
                {"items":[{"id":"a1","time":"2026-11-23T04:00:00Z","action":"secret.created","actor":"admin"},
                          {"id":"a2","time":"2026-11-23T04:00:00Z","action":"secret.deleted","actor":"admin"}],
                 "nextCursor":null}"""));

        Page<AuditEvent> page = client.listAudit(new AuditQuery(null, "secret.deleted", null, null, null, 0, null));

        assertThat(take().getUrl().queryParameter("action")).isEqualTo("secret.deleted");
        assertThat(page.items()).extracting(AuditEvent::id).containsExactly("a2");
    }

    @Test
    void fetchesTheCaCertificateWithoutSendingTheAdminKey() throws Exception {
        String pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/x-pem-file")
                .body(pem).build());

        assertThat(client.caCertificatePem()).isEqualTo(pem);

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v1/ca");
        assertThat(r.getHeaders().get("Authorization")).isNull();
    }

    @Test
    void readsCaInfoAndRotates() throws Exception {
        server.enqueue(json(200, CA_INFO));
        server.enqueue(json(200, CA_INFO.replace("true", "false")));

        CaInfo info = client.caInfo();
        CaInfo rotated = client.rotateCa(true);

        RecordedRequest get = take();
        assertThat(get.getUrl().encodedPath()).isEqualTo("/api/v1/ca/info");
        assertThat(info).isEqualTo(new CaInfo("CN=SecretDesk Root CA", "0a1b", Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2036-01-01T00:00:00Z"), "AB:CD", "EC", true));
        RecordedRequest post = take();
        assertThat(post.getMethod()).isEqualTo("POST");
        assertThat(post.getUrl().encodedPath()).isEqualTo("/api/v1/ca/rotate");
        assertAuthorized(post);
        assertJsonBody(post);
        assertThat(body(post)).isEqualTo(tree("{\"force\":true}"));
        assertThat(rotated.rotationBlocked()).isFalse();
    }

    @Test
    void readsGatewayInfo() throws Exception {
        server.enqueue(json(200, """
                {"product":"SecretDesk gateway","version":"0.1.0","nodeId":"n1","capabilities":["renew","sse"]}"""));

        GatewayInfo info = client.info();

        RecordedRequest r = take();
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v1/info");
        assertAuthorized(r);
        assertThat(info).isEqualTo(new GatewayInfo("SecretDesk gateway", "0.1.0", "n1", List.of("renew", "sse")));
    }

    @Test
    void timesWithAnOffsetAreReadAsInstants() throws Exception {
        server.enqueue(json(200, APP.replace("2026-11-23T05:00:00Z", "2026-11-23T06:00:00+01:00")));

        assertThat(client.getApplication("app_1").updatedAt()).isEqualTo(Instant.parse("2026-11-23T05:00:00Z"));
    }

    @Test
    void aBasePathIsKept() throws Exception {
        try (SecretDeskClient prefixed = SecretDeskClient.builder(server.url("/secretdesk/").uri(),
                SecretValue.copyOf(ADMIN_KEY), null).build()) {
            server.enqueue(json(200, APP));
            prefixed.getApplication("app_1");
        }
        assertThat(take().getUrl().encodedPath()).isEqualTo("/secretdesk/api/v1/applications/app_1");
    }

    // ============================================================ errors

    @Nested
    class Errors {

        @Test
        void problemJsonBecomesAnHttpErrorWithItsCode() {
            server.enqueue(problem(409, "secret.duplicate_description",
                    "A secret with this description already exists.", "description"));

            GatewayException e = catchThrowableOfType(GatewayException.class,
                    () -> client.createSecret("app_1", "prod rollout", null));

            assertThat(e.kind()).isEqualTo(GatewayException.Kind.HTTP);
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.is("secret.duplicate_description")).isTrue();
            assertThat(e.problem().field()).isEqualTo("description");
            assertThat(e.getMessage()).isEqualTo("A secret with this description already exists.");
            assertThat(server.getRequestCount()).as("a 409 is an answer, not a lost response").isEqualTo(1);
            assertNoLeak(e);
        }

        @Test
        void stalePreconditionIs412() {
            server.enqueue(problem(412, "precondition.failed", "Someone else changed it.", null));

            GatewayException e = catchThrowableOfType(GatewayException.class,
                    () -> client.deleteSecret("app_1", "sec_1", 1));

            assertThat(e.code()).isEqualTo("precondition.failed");
            assertThat(e.status()).isEqualTo(412);
        }

        @Test
        void theHttpStatusWinsOverTheBodysStatus() {
            server.enqueue(new MockResponse.Builder().code(404).setHeader("Content-Type", "application/problem+json")
                    .body("{\"title\":\"Application not found\",\"status\":200,\"code\":\"application.not_found\"}")
                    .build());

            GatewayException e = catchThrowableOfType(GatewayException.class, () -> client.getApplication("x"));

            assertThat(e.status()).isEqualTo(404);
            assertThat(e.getMessage()).isEqualTo("Application not found");
        }

        @Test
        void aNonJsonErrorBodyBecomesAGenericProblemWithoutTheBody() {
            server.enqueue(new MockResponse.Builder().code(401).setHeader("Content-Type", "text/html")
                    .body("<html>secret internal page " + ADMIN_KEY + "</html>").build());

            GatewayException e = catchThrowableOfType(GatewayException.class, () -> client.listRoles());

            assertThat(e.kind()).isEqualTo(GatewayException.Kind.HTTP);
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.code()).isNull();
            assertThat(e.getMessage()).contains("admin key").doesNotContain("internal page");
            assertNoLeak(e);
        }

        @Test
        void aRedirectIsNotFollowed() {
            server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "http://127.0.0.1:1/steal")
                    .build());

            GatewayException e = catchThrowableOfType(GatewayException.class, () -> client.listRoles());

            assertThat(e.kind()).isEqualTo(GatewayException.Kind.PROTOCOL);
            assertThat(server.getRequestCount()).isEqualTo(1);
        }

        @Test
        void garbageIsAProtocolError() {
            server.enqueue(json(200, "this is not json"));

            GatewayException e = catchThrowableOfType(GatewayException.class, () -> client.getApplication("app_1"));

            assertThat(e.kind()).isEqualTo(GatewayException.Kind.PROTOCOL);
            assertThat(e.getMessage()).doesNotContain("this is not json");
        }

        @Test
        void truncatedJsonIsAProtocolError() {
            server.enqueue(json(200, APP.substring(0, 60)));

            GatewayException e = catchThrowableOfType(GatewayException.class, () -> client.getApplication("app_1"));

            assertThat(e.kind()).isEqualTo(GatewayException.Kind.PROTOCOL);
        }

        @Test
        void aMissingVersionIsAProtocolError() {
            server.enqueue(json(200, APP.replace("\"version\":3,", "")));

            GatewayException e = catchThrowableOfType(GatewayException.class, () -> client.getApplication("app_1"));

            assertThat(e.kind()).isEqualTo(GatewayException.Kind.PROTOCOL);
            assertThat(e.getMessage()).contains("version");
        }

        @Test
        void anHtmlSuccessIsAProtocolError() {
            server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
                    .body("<html>captive portal</html>").build());

            GatewayException e = catchThrowableOfType(GatewayException.class, () -> client.info());

            assertThat(e.kind()).isEqualTo(GatewayException.Kind.PROTOCOL);
        }

        @Test
        void aBrokenIssuedSecretNeverShowsItsValue() {
            server.enqueue(json(201, ISSUED.replace("\"status\":\"ACTIVE\"", "\"status\":42")));

            GatewayException e = catchThrowableOfType(GatewayException.class,
                    () -> client.createSecret("app_1", "x", null));

            assertThat(e.kind()).isEqualTo(GatewayException.Kind.PROTOCOL);
            assertNoLeak(e);
        }

        @Test
        void anIssuedSecretWithoutItsValueIsAProtocolError() {
            server.enqueue(json(201, "{" + SECRET_FIELDS + ",\"clientId\":\"sdc_abc\"}"));

            GatewayException e = catchThrowableOfType(GatewayException.class,
                    () -> client.createSecret("app_1", "x", null));

            assertThat(e.kind()).isEqualTo(GatewayException.Kind.PROTOCOL);
        }

        @Test
        void aTruncatedIssuedSecretIsAProtocolErrorWithoutTheValue() {
            server.enqueue(json(201, ISSUED.substring(0, ISSUED.length() - 2)));

            GatewayException e = catchThrowableOfType(GatewayException.class,
                    () -> client.renewSecret("app_1", "sec_1", null, 1));

            assertThat(e.kind()).isEqualTo(GatewayException.Kind.PROTOCOL);
            assertNoLeak(e);
        }

        @Test
        void aRefusedConnectionIsOffline() throws IOException {
            int port;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            try (SecretDeskClient offline = SecretDeskClient.builder(URI.create("http://127.0.0.1:" + port),
                    SecretValue.copyOf(ADMIN_KEY), null).build()) {

                GatewayException e = catchThrowableOfType(GatewayException.class,
                        () -> offline.createSecret("app_1", "x", null));

                assertThat(e.kind()).isEqualTo(GatewayException.Kind.OFFLINE);
                assertThat(e.getMessage())
                        .isEqualTo("Cannot reach the gateway at 127.0.0.1:" + port + ". Is it running?");
                assertNoLeak(e);
            }
        }

        @Test
        void aSlowAnswerIsATimeout() {
            try (SecretDeskClient impatient = SecretDeskClient.builder(server.url("/").uri(),
                    SecretValue.copyOf(ADMIN_KEY), null).readTimeout(Duration.ofMillis(200)).build()) {
                server.enqueue(new MockResponse.Builder().code(200).body(APP)
                        .headersDelay(3, TimeUnit.SECONDS).build());

                GatewayException e = catchThrowableOfType(GatewayException.class, () -> impatient.getApplication("a"));

                assertThat(e.kind()).isEqualTo(GatewayException.Kind.TIMEOUT);
                assertNoLeak(e);
            }
        }
    }

    // ============================================================ safe retry of issuing calls

    @Nested
    class SafeRetry {

        MockResponse dropped() {
            return new MockResponse.Builder().onResponseStart(new mockwebserver3.SocketEffect.CloseSocket()).build();
        }

        @Test
        void aLostResponseIsRecoveredWithTheSameKeyAndBody() throws Exception {
            server.enqueue(dropped());
            server.enqueue(json(201, ISSUED));

            IssuedSecret issued = client.createSecret("app_1", "prod rollout", Duration.ofDays(30));

            RecordedRequest first = take();
            RecordedRequest second = take();
            assertIdempotencyKey(first.getHeaders().get("Idempotency-Key"));
            assertThat(second.getHeaders().get("Idempotency-Key")).isEqualTo(first.getHeaders().get("Idempotency-Key"));
            assertThat(second.getBody()).isEqualTo(first.getBody());
            assertIssued(issued);
        }

        @Test
        void renewAndCreateApplicationAreRetriedToo() throws Exception {
            server.enqueue(dropped());
            server.enqueue(json(200, ISSUED));
            server.enqueue(new MockResponse.Builder().code(503).build());
            server.enqueue(json(201, APP.substring(0, APP.length() - 1) + ",\"issuedSecret\":" + ISSUED + "}"));

            IssuedSecret renewed = client.renewSecret("app_1", "sec_1", Duration.ofDays(1), 1);
            CreatedApplication created = client.createApplication(new NewApplication("n", null, null, "Default"));

            RecordedRequest renew1 = take();
            RecordedRequest renew2 = take();
            assertThat(renew2.getHeaders().get("Idempotency-Key")).isEqualTo(renew1.getHeaders().get("Idempotency-Key"));
            assertThat(renew2.getHeaders().get("If-Match")).isEqualTo("\"1\"");
            RecordedRequest create1 = take();
            RecordedRequest create2 = take();
            assertThat(create2.getHeaders().get("Idempotency-Key"))
                    .isEqualTo(create1.getHeaders().get("Idempotency-Key"))
                    .isNotEqualTo(renew1.getHeaders().get("Idempotency-Key"));
            assertThat(create2.getBody()).isEqualTo(create1.getBody());
            assertIssued(renewed);
            assertIssued(created.issuedSecret());
        }

        @Test
        void badGatewayAndUnavailableAreRetriedUpToTwice() throws Exception {
            server.enqueue(new MockResponse.Builder().code(502).build());
            server.enqueue(new MockResponse.Builder().code(504).build());
            server.enqueue(json(201, ISSUED));

            assertIssued(client.createSecret("app_1", "prod rollout", null));

            String key = take().getHeaders().get("Idempotency-Key");
            assertThat(take().getHeaders().get("Idempotency-Key")).isEqualTo(key);
            assertThat(take().getHeaders().get("Idempotency-Key")).isEqualTo(key);
        }

        @Test
        void givesUpAfterThreeAttempts() {
            server.enqueue(dropped());
            server.enqueue(dropped());
            server.enqueue(dropped());
            server.enqueue(json(201, ISSUED));

            GatewayException e = catchThrowableOfType(GatewayException.class,
                    () -> client.createSecret("app_1", "x", null));

            assertThat(e.kind()).isIn(GatewayException.Kind.OFFLINE, GatewayException.Kind.TIMEOUT);
            assertThat(server.getRequestCount()).isEqualTo(3);
            assertNoLeak(e);
        }

        @Test
        void theLastUnavailableAnswerIsReported() {
            for (int i = 0; i < 3; i++) {
                server.enqueue(new MockResponse.Builder().code(503).build());
            }

            GatewayException e = catchThrowableOfType(GatewayException.class,
                    () -> client.createSecret("app_1", "x", null));

            assertThat(e.kind()).isEqualTo(GatewayException.Kind.HTTP);
            assertThat(e.status()).isEqualTo(503);
            assertThat(server.getRequestCount()).isEqualTo(3);
        }

        @Test
        void anInternalErrorIsAnAnswerAndNotRetried() {
            server.enqueue(problem(500, "internal", "Request id r1", null));
            server.enqueue(json(201, ISSUED));

            GatewayException e = catchThrowableOfType(GatewayException.class,
                    () -> client.createSecret("app_1", "x", null));

            assertThat(e.status()).isEqualTo(500);
            assertThat(server.getRequestCount()).isEqualTo(1);
        }

        @Test
        void nonIssuingWritesAreNotRetried() {
            server.enqueue(dropped());
            server.enqueue(dropped());
            server.enqueue(dropped());
            server.enqueue(new MockResponse.Builder().code(204).build());

            assertThatThrownBy(() -> client.updateApplication("app_1", new ApplicationPatch("d", null, null), 1))
                    .isInstanceOf(GatewayException.class);
            assertThatThrownBy(() -> client.deleteSecret("app_1", "sec_1", 1))
                    .isInstanceOf(GatewayException.class);
            assertThatThrownBy(() -> client.createApplication(new NewApplication("n", null, null, null)))
                    .isInstanceOf(GatewayException.class);

            assertThat(server.getRequestCount()).isEqualTo(3);
        }

        @Test
        void aCreatedApplicationWithoutFirstSecretIsNotRetriedOnUnavailable() {
            server.enqueue(new MockResponse.Builder().code(503).build());
            server.enqueue(json(201, APP));

            GatewayException e = catchThrowableOfType(GatewayException.class,
                    () -> client.createApplication(new NewApplication("n", null, null, null)));

            assertThat(e.status()).isEqualTo(503);
            assertThat(server.getRequestCount()).isEqualTo(1);
        }
    }

    // ============================================================ construction and the admin key

    @Nested
    class Construction {

        @Test
        void plainHttpIsOnlyForLoopback() {
            SecretValue key = SecretValue.copyOf(ADMIN_KEY);
            assertThatThrownBy(() -> SecretDeskClient.builder(URI.create("http://gateway.example.org:8443"), key, null)
                    .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
            assertThatThrownBy(() -> SecretDeskClient.builder(URI.create("http://10.0.0.1:8443"), key, null).build())
                    .isInstanceOf(IllegalArgumentException.class);
            for (String loopback : List.of("http://localhost:1", "http://127.0.0.1:1", "http://127.1.2.3:1",
                    "http://[::1]:1")) {
                SecretDeskClient.builder(URI.create(loopback), key, null).build().close();
            }
        }

        @Test
        void httpsNeedsTheCertificatesToTrust() {
            assertThatThrownBy(() -> SecretDeskClient.builder(URI.create("https://gateway.example.org"),
                    SecretValue.copyOf(ADMIN_KEY), null).build()).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void credentialsInTheUrlAreRefusedWithoutEchoingThem() {
            assertThatThrownBy(() -> SecretDeskClient.builder(URI.create("http://user:hunter2@127.0.0.1:1"),
                    SecretValue.copyOf(ADMIN_KEY), null).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .message().doesNotContain("hunter2");
        }

        @Test
        void anAdminKeyThatCannotBeAHeaderIsRefusedWithoutEchoingIt() {
            assertThatThrownBy(() -> SecretDeskClient.builder(server.url("/").uri(),
                    SecretValue.copyOf("abc\r\nX-Evil: 1"), null).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .message().doesNotContain("Evil");
        }

        @Test
        void theClientKeepsItsOwnCopyOfTheKeyAndNeverShowsIt() throws Exception {
            SecretValue callersKey = SecretValue.copyOf(ADMIN_KEY);
            try (SecretDeskClient own = SecretDeskClient.builder(server.url("/").uri(), callersKey, null).build()) {
                callersKey.destroy();
                server.enqueue(json(200, "[]"));

                own.listRoles();

                assertAuthorized(take());
                assertThat(own.toString()).doesNotContain(ADMIN_KEY).contains(server.url("/").host());
            }
        }

        @Test
        void aClosedClientRefusesCalls() {
            client.close();

            assertThatThrownBy(() -> client.listRoles()).isInstanceOf(IllegalStateException.class);
        }
    }
}
