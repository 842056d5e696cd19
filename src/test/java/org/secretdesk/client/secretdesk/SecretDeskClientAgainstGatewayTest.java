package org.secretdesk.client.secretdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.ApplicationPatch;
import org.secretdesk.client.AuditQuery;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.CreatedApplication;
import org.secretdesk.client.EventSubscription;
import org.secretdesk.client.GatewayException;
import org.secretdesk.client.NewApplication;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.model.Application;
import org.secretdesk.model.AuditEvent;
import org.secretdesk.model.CaInfo;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.GatewayEvent;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.Page;
import org.secretdesk.model.SecretFormat;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.Fingerprints;
import org.secretdesk.pki.Pem;
import org.secretdesk.pki.TrustStores;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.GatewayServer;

/**
 * The client against a real gateway node over HTTPS: every method of the port, the TLS trust in the gateway's own
 * CA, and a secret the client received actually working at the token endpoint.
 */
class SecretDeskClientAgainstGatewayTest {

    @TempDir
    static Path dataDir;
    static GatewayServer server;
    static SecretValue adminKey;
    static SecretDeskClient client;

    @BeforeAll
    static void start() throws Exception {
        server = GatewayServer.start(GatewayConfig.defaults(dataDir).withPort(0));
        char[] key = new String(Files.readAllBytes(server.adminKeyFile()), StandardCharsets.UTF_8).strip()
                .toCharArray();
        adminKey = SecretValue.wrap(key);
        client = new SecretDeskClient(server.baseUri(), adminKey, List.of(server.caCertificate()));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static String unique(String prefix) {
        return prefix + "-" + System.nanoTime();
    }

    @Test
    void infoCapabilitiesAndTheCa() throws Exception {
        assertThat(client.info().product()).isEqualTo("SecretDesk gateway");

        Capabilities capabilities = client.capabilities();
        assertThat(capabilities.supports(Capabilities.Feature.RENEW_GRACE_PERIOD)).isTrue();
        assertThat(capabilities.maxSecretsPerApplication()).isEqualTo(10);

        String pem = client.caCertificatePem();
        assertThat(Pem.readCertificates(pem.getBytes(StandardCharsets.US_ASCII)))
                .containsExactly(server.caCertificate());
        CaInfo info = client.caInfo();
        assertThat(normalized(info.sha256Fingerprint())).isEqualTo(normalized(Fingerprints.sha256(server.caCertificate())));
        assertThat(info.notAfter()).isAfter(Instant.now());
    }

    @Test
    void theWholeLifeOfAnApplicationAndItsSecrets() throws Exception {
        BlockingQueue<GatewayEvent> events = new LinkedBlockingQueue<>();
        BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
        try (EventSubscription ignored = client.subscribe(events::add, failures::add)) {
            // The stream is open once the gateway has seen the subscription; a probe event proves it.
            awaitStreamOpen(events);

            String name = unique("billing");
            CreatedApplication created = client.createApplication(new NewApplication(name, "Billing", null, "Default"));
            Application app = created.application();
            IssuedSecret first = created.issuedSecret();
            assertThat(app.name()).isEqualTo(name);
            assertThat(first).isNotNull();
            assertThat(first.clientId()).isEqualTo(app.clientId());
            assertThat(wellFormed(first.value())).isTrue();
            assertThat(first.secret().hint()).isEqualTo(prefix(first.value(), SecretFormat.HINT_LENGTH));
            assertThat(tokenStatus(app.clientId(), first.value())).isEqualTo(200);

            Page<Application> found = client.listApplications(name, 10, null);
            assertThat(found.items()).extracting(Application::id).containsExactly(app.id());
            assertThat(client.getApplication(app.id()).secretCount()).isEqualTo(1);

            IssuedSecret second = client.createSecret(app.id(), "prod rollout", Duration.ofDays(30));
            assertThat(second.secret().expiresAt()).isNotNull();
            Page<SecretSummary> secrets = client.listSecrets(app.id(), 100, null);
            assertThat(secrets.items()).extracting(SecretSummary::description)
                    .containsExactlyInAnyOrder("Default", "prod rollout");

            IssuedSecret renewed = client.renewSecret(app.id(), second.secret().id(), Duration.ofHours(1),
                    second.secret().version());
            assertThat(renewed.secret().graceUntil()).isNotNull();
            assertThat(renewed.value().equals(second.value())).isFalse();
            assertThat(tokenStatus(app.clientId(), renewed.value())).isEqualTo(200);
            assertThat(tokenStatus(app.clientId(), second.value())).as("the old value within its grace").isEqualTo(200);

            GatewayException stale = catchThrowableOfType(GatewayException.class,
                    () -> client.deleteSecret(app.id(), renewed.secret().id(), second.secret().version()));
            assertThat(stale.code()).isEqualTo("precondition.failed");
            client.deleteSecret(app.id(), renewed.secret().id(), renewed.secret().version());
            assertThat(tokenStatus(app.clientId(), renewed.value())).isEqualTo(401);

            Application patched = client.updateApplication(app.id(),
                    new ApplicationPatch("Billing v2", null, ExpiryPolicy.custom(Duration.ofDays(14))), app.version());
            assertThat(patched.description()).isEqualTo("Billing v2");
            assertThat(patched.secretPolicy()).isEqualTo(ExpiryPolicy.custom(Duration.ofDays(14)));
            assertThat(patched.version()).isGreaterThan(app.version());

            GatewayException duplicate = catchThrowableOfType(GatewayException.class,
                    () -> client.createApplication(new NewApplication(name, null, null, null)));
            assertThat(duplicate.code()).isEqualTo("application.duplicate_name");

            Page<AuditEvent> audit = client.listAudit(new AuditQuery(app.id(), null, null, null, null, 100, null));
            assertThat(audit.items()).extracting(AuditEvent::action)
                    .contains("application.create", "secret.create", "secret.renew", "secret.delete");
            assertThat(audit.items()).allSatisfy(e -> assertThat(e.applicationId()).isEqualTo(app.id()));

            client.deleteApplication(app.id(), patched.version());
            GatewayException gone = catchThrowableOfType(GatewayException.class, () -> client.getApplication(app.id()));
            assertThat(gone.code()).isEqualTo("application.not_found");

            List<String> types = eventTypesFor(events, app.id(), "application.deleted");
            assertThat(types).containsSubsequence("application.created", "secret.created", "secret.renewed",
                    "secret.deleted", "application.updated", "application.deleted");
            assertThat(failures).isEmpty();
        }
    }

    @Test
    void anApplicationsOwnersAreRead() throws Exception {
        Application app = client.createApplication(new NewApplication(unique("owned"), "", null, null)).application();
        assertThat(app.owners()).isEqualTo(org.secretdesk.model.Owners.NONE);
        java.net.http.HttpRequest patch = java.net.http.HttpRequest.newBuilder(
                        server.baseUri().resolve("/api/v1/applications/" + app.id()))
                .header("Authorization", "Bearer " + new String(adminKey.copyChars()))
                .header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"owners\":{\"emails\":[\"Ann@Example.com\"],\"team\":\"Ops\"}}")).build();
        assertThat(org.secretdesk.server.testing.GatewayFixture.httpClientTrusting(server.caCertificate())
                .send(patch, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        assertThat(client.getApplication(app.id()).owners())
                .isEqualTo(new org.secretdesk.model.Owners(List.of("ann@example.com"), "Ops"));
    }

    @Test
    void theDomainPolicyRoundTripsAndRolesAndNotificationsAreReadable() {
        DomainSecretPolicy before = client.getSecretPolicy();
        try {
            DomainSecretPolicy saved = client.updateSecretPolicy(new DomainSecretPolicy(true, Duration.ofDays(60),
                    List.of(Duration.ofDays(10), Duration.ofDays(1)), 0));
            assertThat(saved.expiryEnabled()).isTrue();
            assertThat(saved.expiresAfter()).isEqualTo(Duration.ofDays(60));
            assertThat(saved.notifyBefore()).containsExactly(Duration.ofDays(10), Duration.ofDays(1));
            assertThat(saved.maxSecretsPerApplication()).isEqualTo(10);
            assertThat(client.getSecretPolicy()).isEqualTo(saved);
        } finally {
            client.updateSecretPolicy(before);
        }
        assertThat(client.listRoles()).isNotNull();
        assertThat(client.listNotifications(Instant.now().minus(Duration.ofDays(1)), 10)).isNotNull();
    }

    @Test
    void aWrongAdminKeyIsRejectedWithoutBeingShown() {
        String wrong = "sdk_wrong_key_that_must_not_show_up_0001";
        try (SecretDeskClient intruder = new SecretDeskClient(server.baseUri(), SecretValue.copyOf(wrong),
                List.of(server.caCertificate()))) {
            GatewayException e = catchThrowableOfType(GatewayException.class, intruder::listRoles);

            assertThat(e.kind()).isEqualTo(GatewayException.Kind.HTTP);
            assertThat(e.code()).isEqualTo("auth.invalid_api_key");
            assertThat(e.getMessage()).doesNotContain(wrong);
        }
    }

    @Test
    void aClientThatDoesNotTrustTheGatewaysCaFailsWithTls() throws Exception {
        TestCertificates.Issued otherCa = TestCertificates.rootCa("Not the gateway's CA");
        try (SecretDeskClient wary = new SecretDeskClient(server.baseUri(), adminKey,
                TlsTrust.of(List.of(otherCa.certificate())))) {
            GatewayException e = catchThrowableOfType(GatewayException.class, wary::listRoles);

            assertThat(e.kind()).isEqualTo(GatewayException.Kind.TLS);
            assertThat(e.getMessage()).contains("not trusted");
        }
    }

    @Test
    void aPinnedGatewayCaIsAccepted() {
        TlsTrust pinned = TlsTrust.pinned(server.caCertificate(), Fingerprints.sha256(server.caCertificate()));
        try (SecretDeskClient client = new SecretDeskClient(server.baseUri(), adminKey, pinned)) {
            assertThat(client.info().product()).isEqualTo("SecretDesk gateway");
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Creates and deletes a throw-away application until its event arrives: then the stream is live. */
    private static void awaitStreamOpen(BlockingQueue<GatewayEvent> events) throws InterruptedException {
        // Generous on a loaded machine: opening the stream is a new TLS connection on a busy client.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Application probe = client.createApplication(new NewApplication(unique("probe"), null, null, null))
                    .application();
            client.deleteApplication(probe.id(), probe.version());
            GatewayEvent event;
            while ((event = events.poll(100, TimeUnit.MILLISECONDS)) != null) {
                if ("application.deleted".equals(event.type()) && probe.id().equals(event.applicationId())) {
                    events.clear();
                    return;
                }
            }
        }
        throw new AssertionError("The event stream never delivered an event");
    }

    /** The types of events about {@code applicationId}, in order, up to and including {@code lastType}. */
    private static List<String> eventTypesFor(BlockingQueue<GatewayEvent> events, String applicationId,
                                              String lastType) throws InterruptedException {
        List<String> types = new ArrayList<>();
        GatewayEvent event;
        while ((event = events.poll(5, TimeUnit.SECONDS)) != null) {
            if (applicationId.equals(event.applicationId())) {
                types.add(event.type());
                if (lastType.equals(event.type())) {
                    break;
                }
            }
        }
        return types;
    }

    private static boolean wellFormed(SecretValue value) {
        char[] chars = value.copyChars();
        try {
            return SecretFormat.isWellFormed(CharBuffer.wrap(chars));
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private static String prefix(SecretValue value, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(value.charAt(i));
        }
        return sb.toString();
    }

    private static String normalized(String fingerprint) {
        return fingerprint.replace(":", "").toLowerCase(Locale.ROOT);
    }

    /** POST /oauth/token with the client credentials as form fields; the HTTP status. */
    private static int tokenStatus(String clientId, SecretValue secret) throws Exception {
        char[] chars = secret.copyChars();
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(new String(chars), StandardCharsets.UTF_8);
        Arrays.fill(chars, '\0');
        try (HttpClient http = HttpClient.newBuilder()
                .sslContext(TrustStores.sslContext(List.of(server.caCertificate()))).build()) {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/oauth/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode();
        }
    }
}
