package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.MutableClock;
import org.secretdesk.server.testing.Resp;
import org.secretdesk.server.testing.SseReader;

/**
 * Rotation without outages (issue 21) over real HTTPS: two token clients on their own loopback addresses, one
 * keeping the old value of a renewed secret and one taking the new value; the API shows both values' use and
 * addresses; end-grace refuses the old value at once; retire-when-quiet ends the grace by itself once the old value
 * has been quiet (test clock) and never while it is used; usage events are throttled and carry no value.
 */
class RotationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static GatewayFixture gw;
    static HttpClient client1;
    static HttpClient client2;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayFixture.start(dir, MutableClock.startingNow(), 10);
        client1 = gw.httpClientFrom(InetAddress.getByName("127.0.0.2"));
        client2 = gw.httpClientFrom(InetAddress.getByName("127.0.0.3"));
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    /** A renewed secret: its application, ids, client id and both values. */
    record Renewed(String appId, String secretId, String clientId, String oldValue, String newValue, long version) {
        String path() {
            return "/api/v1/applications/" + appId + "/secrets/" + secretId;
        }
    }

    private static Renewed renewed(Object renewBody) {
        JsonNode app = gw.createAppWithSecret(unique("rotation"), "main");
        String appId = app.path("id").asText();
        JsonNode first = app.path("issuedSecret");
        JsonNode renewed = expect(gw.call("POST", "/api/v1/applications/" + appId + "/secrets/"
                + first.path("id").asText() + "/renew").ifMatch(first.path("version").asLong()).json(renewBody)
                .send(), 200).json();
        return new Renewed(appId, first.path("id").asText(), app.path("clientId").asText(),
                first.path("secret").asText(), renewed.path("secret").asText(), renewed.path("version").asLong());
    }

    private static JsonNode secret(Renewed r) {
        return gw.secretById(r.appId(), r.secretId());
    }

    @Test
    void theApiShowsBothValuesUseAndTheirAddresses() throws Exception {
        Renewed r = renewed(gw.obj("gracePeriod", "PT2H"));
        expect(gw.tokenFrom(client1, r.clientId(), r.oldValue()), 200);
        expect(gw.tokenFrom(client2, r.clientId(), r.newValue()), 200);
        expect(gw.tokenFrom(client2, r.clientId(), r.newValue()), 200);
        gw.server().flushLastUse();

        JsonNode s = secret(r);
        assertThat(s.path("usage").path("lastUsedFrom").asText()).isEqualTo("127.0.0.3");
        assertThat(s.path("usage").path("uses24h").asLong()).isEqualTo(2);
        assertThat(s.path("usage").path("usesByHour").get(0).asLong()).isEqualTo(2);
        assertThat(s.path("usage").path("lastUsedAt").asText()).isEqualTo(gw.clock().instant().toString());
        JsonNode previous = s.path("previous");
        assertThat(previous.path("graceUntil").asText()).isEqualTo(s.path("graceUntil").asText());
        assertThat(previous.path("lastUsedFrom").asText()).isEqualTo("127.0.0.2");
        assertThat(previous.path("uses24h").asLong()).isEqualTo(1);
        assertThat(previous.path("retireAfterQuiet").isNull()).isTrue();
        assertThat(s.toString()).doesNotContain(r.oldValue()).doesNotContain(r.newValue());

        // The client the console and the CLI use reads the same.
        try (SecretDeskClient client = new SecretDeskClient(gw.server().baseUri(),
                SecretValue.copyOf(gw.adminKey()), TlsTrust.of(List.of(gw.server().caCertificate())))) {
            SecretSummary summary = client.listSecrets(r.appId(), 10, null).items().getFirst();
            assertThat(summary.usage().lastUsedFrom()).isEqualTo("127.0.0.3");
            assertThat(summary.usage().uses24h()).isEqualTo(2);
            assertThat(summary.previous().usage().lastUsedFrom()).isEqualTo("127.0.0.2");
            assertThat(summary.previous().graceUntil()).isEqualTo(summary.graceUntil());
        }

        // An hour later the counts move to the previous hour; 24 hours on they are gone.
        gw.clock().advance(Duration.ofHours(1));
        assertThat(secret(r).path("usage").path("usesByHour").get(1).asLong()).isEqualTo(2);
        assertThat(secret(r).path("usage").path("uses24h").asLong()).isEqualTo(2);
        gw.clock().advance(Duration.ofHours(24));
        assertThat(secret(r).path("usage").path("uses24h").asLong()).isZero();
        assertThat(secret(r).path("usage").path("lastUsedFrom").asText()).isEqualTo("127.0.0.3");
    }

    @Test
    void endGraceRefusesTheOldValueAtOnceAndIsAuditedWithAnEvent() throws Exception {
        Renewed r = renewed(gw.obj("gracePeriod", "PT2H"));
        expect(gw.tokenFrom(client1, r.clientId(), r.oldValue()), 200);
        try (SseReader sse = events()) {
            Resp stale = gw.call("POST", r.path() + "/end-grace").ifMatch(r.version() - 1).send();
            assertThat(stale.status()).isEqualTo(412);
            JsonNode ended = expect(gw.call("POST", r.path() + "/end-grace").ifMatch(r.version()).send(), 200)
                    .json();
            assertThat(ended.path("previous").isNull()).isTrue();
            assertThat(ended.path("graceUntil").isNull()).isTrue();
            assertThat(ended.path("version").asLong()).isEqualTo(r.version() + 1);
            assertThat(gw.tokenFrom(client1, r.clientId(), r.oldValue()).status()).isEqualTo(401);
            expect(gw.tokenFrom(client2, r.clientId(), r.newValue()), 200);
            assertThat(awaitEvent(sse, "secret.grace_ended", r.secretId())).doesNotContain(r.oldValue());
        }
        Resp again = gw.call("POST", r.path() + "/end-grace").send();
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("code").asText()).isEqualTo("secret.no_grace_period");
        JsonNode audit = expect(gw.get("/api/v1/audit?applicationId=" + r.appId()), 200).json().path("items");
        assertThat(audit.toString()).contains("\"action\":\"secret.end-grace\"", "\"actor\":\"admin\"");
        assertThat(gw.call("POST", r.path() + "/end-grace").auth(gw.viewerKey()).send().status()).isEqualTo(403);
    }

    @Test
    void extendGraceMovesTheEndWithinSevenDaysOfTheRenew() throws Exception {
        Renewed r = renewed(gw.obj("gracePeriod", "PT1H"));
        Instant until = Instant.parse(secret(r).path("graceUntil").asText());
        try (SseReader sse = events()) {
            JsonNode extended = expect(gw.call("POST", r.path() + "/extend-grace").ifMatch(r.version())
                    .json(gw.obj("gracePeriod", "PT2H")).send(), 200).json();
            assertThat(Instant.parse(extended.path("previous").path("graceUntil").asText()))
                    .isEqualTo(until.plus(Duration.ofHours(2)));
            awaitEvent(sse, "secret.grace_extended", r.secretId());
        }
        Resp tooLong = gw.call("POST", r.path() + "/extend-grace").json(gw.obj("gracePeriod", "P7D")).send();
        assertThat(tooLong.status()).isEqualTo(422);
        gw.clock().advance(Duration.ofHours(2));
        expect(gw.tokenFrom(client1, r.clientId(), r.oldValue()), 200);
        assertThat(expect(gw.get("/api/v1/audit?applicationId=" + r.appId()), 200).body())
                .contains("secret.extend-grace");
    }

    @Test
    void retireWhenQuietEndsTheGraceItselfOnceTheOldValueIsQuietAndNeverWhileItIsUsed() throws Exception {
        Renewed r = renewed(gw.obj("gracePeriod", "P1D", "retireAfterQuiet", "PT1H"));
        assertThat(secret(r).path("previous").path("retireAfterQuiet").asText()).isEqualTo("PT1H");
        expect(gw.tokenFrom(client1, r.clientId(), r.oldValue()), 200);
        expect(gw.tokenFrom(client2, r.clientId(), r.newValue()), 200);

        // Client 1 keeps using the old value: never quiet for an hour, so never retired.
        for (int i = 0; i < 3; i++) {
            gw.clock().advance(Duration.ofMinutes(50));
            expect(gw.tokenFrom(client1, r.clientId(), r.oldValue()), 200);
            gw.server().retireQuietNow();
            assertThat(secret(r).path("previous").isObject()).as("still in grace after %s", i).isTrue();
        }
        gw.clock().advance(Duration.ofMinutes(59));
        gw.server().retireQuietNow();
        assertThat(secret(r).path("previous").isObject()).isTrue();

        // Quiet for an hour now: the gateway's own pass (every few seconds) ends the grace.
        gw.clock().advance(Duration.ofMinutes(2));
        awaitTrue(() -> secret(r).path("previous").isNull(), "the gateway retires the quiet old value");
        assertThat(gw.tokenFrom(client1, r.clientId(), r.oldValue()).status()).isEqualTo(401);
        expect(gw.tokenFrom(client2, r.clientId(), r.newValue()), 200);
        JsonNode audit = expect(gw.get("/api/v1/audit?applicationId=" + r.appId()), 200).json().path("items");
        List<JsonNode> ends = new ArrayList<>();
        audit.forEach(e -> {
            if (e.path("action").asText().equals("secret.end-grace")) {
                ends.add(e);
            }
        });
        assertThat(ends).hasSize(1);
        assertThat(ends.getFirst().path("actor").asText()).isEqualTo("gateway");
    }

    @Test
    void theApplicationsPolicyRetiresOnlyOnceTheNewValueWasUsed() {
        JsonNode app = gw.createAppWithSecret(unique("policy"), "main");
        String appId = app.path("id").asText();
        String policy = "/api/v1/applications/" + appId + "/rotation-policy";
        assertThat(expect(gw.get(policy), 200).json().path("retireAfterQuiet").isNull()).isTrue();
        assertThat(gw.put(policy, gw.obj("retireAfterQuiet", "PT30S")).status()).isEqualTo(422);
        assertThat(expect(gw.put(policy, gw.obj("retireAfterQuiet", "PT1H")), 200).json().path("retireAfterQuiet")
                .asText()).isEqualTo("PT1H");
        JsonNode first = app.path("issuedSecret");
        String secretId = first.path("id").asText();
        JsonNode renewed = expect(gw.renew(appId, secretId, gw.obj("gracePeriod", "P1D")), 200).json();
        assertThat(renewed.path("previous").path("retireAfterQuiet").asText()).isEqualTo("PT1H");

        // The old value is quiet, but nobody has used the new one yet: keep the grace.
        gw.clock().advance(Duration.ofHours(2));
        gw.server().retireQuietNow();
        assertThat(gw.secretById(appId, secretId).path("previous").isObject()).isTrue();
        expect(gw.token(app.path("clientId").asText(), renewed.path("secret").asText()), 200);
        gw.server().retireQuietNow();
        assertThat(gw.secretById(appId, secretId).path("previous").isNull()).isTrue();
        assertThat(gw.token(app.path("clientId").asText(), first.path("secret").asText()).status()).isEqualTo(401);

        Resp noGrace = gw.renew(appId, secretId, gw.obj("retireAfterQuiet", "PT1H"));
        assertThat(noGrace.status()).isEqualTo(422);
        assertThat(gw.renew(appId, secretId, gw.obj("gracePeriod", "PT1H", "retireAfterQuiet", "P8D")).status())
                .isEqualTo(422);
    }

    @Test
    void usageEventsAreThrottledAndCarryNoValue() throws Exception {
        JsonNode app = gw.createAppWithSecret(unique("events"), "main");
        String clientId = app.path("clientId").asText();
        String value = app.path("issuedSecret").path("secret").asText();
        String secretId = app.path("issuedSecret").path("id").asText();
        try (SseReader sse = events()) {
            expect(gw.token(clientId, value), 200);
            gw.server().flushLastUse();
            String first = awaitEvent(sse, "secret.used", secretId);
            assertThat(first).doesNotContain(value).doesNotContain("127.0.0.1");
            // Within the interval: written, but no second event.
            expect(gw.token(clientId, value), 200);
            gw.server().flushLastUse();
            gw.clock().advance(Duration.ofSeconds(5));
            expect(gw.token(clientId, value), 200);
            gw.server().flushLastUse();
            awaitEvent(sse, "secret.used", secretId);
            String one = "\"type\":\"secret.used\",\"applicationId\":\"" + app.path("id").asText()
                    + "\",\"secretId\":\"" + secretId + "\"";
            assertThat(sse.rawText().split(java.util.regex.Pattern.quote(one), -1)).as("events in %s", sse.rawText())
                    .hasSize(3);
        }
        assertThat(gw.secretById(app.path("id").asText(), secretId).path("usage").path("uses24h").asLong())
                .isEqualTo(3);
    }

    @Test
    void secretsUnusedForAWhileAreListedAcrossApplications() {
        Instant start = gw.clock().instant();
        JsonNode quiet = gw.createAppWithSecret(unique("stale-quiet"), "main");
        JsonNode busy = gw.createAppWithSecret(unique("stale-busy"), "main");
        gw.clock().advance(Duration.ofDays(40));
        expect(gw.token(busy.path("clientId").asText(), busy.path("issuedSecret").path("secret").asText()), 200);
        String since = gw.clock().instant().minus(Duration.ofDays(30)).toString();
        List<String> ids = new ArrayList<>();
        for (JsonNode page : gw.pages("/api/v1/secrets?unusedSince=" + since, 2)) {
            page.path("items").forEach(s -> ids.add(s.path("id").asText()));
        }
        assertThat(ids).contains(quiet.path("issuedSecret").path("id").asText())
                .doesNotContain(busy.path("issuedSecret").path("id").asText());
        assertThat(gw.get("/api/v1/secrets").status()).isEqualTo(422);
        assertThat(start).isBefore(gw.clock().instant());
    }

    private static SseReader events() throws Exception {
        SseReader sse = new SseReader(gw.client(), gw.call("GET", "/api/v1/events")
                .header("Accept", "text/event-stream").build());
        assertThat(sse.awaitHeaders(WAIT).statusCode()).isEqualTo(200);
        awaitTrue(() -> sse.rawText().contains("connected"), "the event stream is subscribed");
        return sse;
    }

    /** The data of the next event of {@code type} for {@code secretId}. */
    private static String awaitEvent(SseReader sse, String type, String secretId) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            SseReader.Event e = sse.next(Duration.ofMillis(200));
            if (e != null && e.data().contains("\"" + type + "\"") && e.data().contains(secretId)) {
                return e.data();
            }
        }
        throw new AssertionError("No " + type + " event for " + secretId + " in " + sse.rawText());
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
