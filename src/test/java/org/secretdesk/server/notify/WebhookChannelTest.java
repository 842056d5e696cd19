package org.secretdesk.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.notify.ChannelTesting.WAIT;
import static org.secretdesk.server.notify.ChannelTesting.awaitDelivery;
import static org.secretdesk.server.notify.ChannelTesting.ofType;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.ReceiverTls;
import org.secretdesk.server.testing.WebhookReceiver;

/**
 * Webhooks through a real HTTPS receiver with its own CA that checks every request's HMAC-SHA256 signature: the
 * event names the application, its owners and the secret but never a value; a receiver that is down, then answers
 * 503, then 2xx gets the event at least once, each time with the same event id, after back-off; the gateway's
 * warnings (deleted, leaked, failed admin authentications above the rate, CA rotation) all reach it.
 */
class WebhookChannelTest {

    @TempDir
    Path dir;
    GatewayFixture gw;
    ReceiverTls tls;
    WebhookReceiver receiver;
    final String signingKey = "whsec-" + GatewayFixture.randomToken(24);

    @BeforeEach
    void start() {
        gw = GatewayFixture.start(dir);
        gw.recordSensitive(signingKey);
        tls = ReceiverTls.create();
        receiver = new WebhookReceiver(tls, signingKey);
    }

    @AfterEach
    void stop() {
        receiver.close();
        gw.close();
    }

    private String webhook(Object events) {
        JsonNode ch = expect(gw.post("/api/v1/channels", gw.obj("name", unique("hook"), "kind", "WEBHOOK",
                "events", events, "credential", signingKey,
                "settings", gw.obj("url", receiver.url(), "caCertificate", tls.caPem()))), 201).json();
        assertThat(ch.path("credentialSet").asBoolean()).isTrue();
        assertThat(ch.toString()).doesNotContain(signingKey);
        return ch.path("id").asText();
    }

    @Test
    void aRenewReachesTheReceiverSignedWithoutValuesAfterItWasDownThenFailing() throws Exception {
        JsonNode app = expect(gw.post("/api/v1/applications", gw.obj("name", unique("billing"),
                "owners", gw.obj("emails", List.of("Alice@Example.com"), "team", "Payments"),
                "initialSecret", gw.obj("description", "main"))), 201).json();
        String appId = app.path("id").asText();
        String secretId = app.path("issuedSecret").path("id").asText();
        String oldValue = app.path("issuedSecret").path("secret").asText();
        String channel = webhook(List.of("SECRET_RENEWED"));

        receiver.stop(); // down: connections refused
        JsonNode renewed = expect(gw.renew(appId, secretId, null), 200).json();
        String newValue = renewed.path("secret").asText();
        JsonNode first = awaitDelivery(gw, channel, d -> d.path("attempts").asInt() == 1
                && d.path("lastError").asText("").contains("refused"));
        assertThat(first.path("state").asText()).isEqualTo("PENDING");
        assertThat(first.path("nextAttemptAt").asText()).isNotEmpty();

        receiver.restart();
        receiver.failNext(1); // up, but answering 503 once
        gw.clock().advance(ChannelDispatcher.backoff(1));
        awaitDelivery(gw, channel, d -> d.path("attempts").asInt() == 2 && d.path("lastError").asText("")
                .contains("HTTP 503"));
        gw.clock().advance(ChannelDispatcher.backoff(2));
        JsonNode done = awaitDelivery(gw, channel, ofType("SECRET_RENEWED", "DELIVERED"));
        assertThat(done.path("attempts").asInt()).isEqualTo(3);

        String eventId = done.path("eventId").asText();
        List<WebhookReceiver.Received> got = receiver.received().stream()
                .filter(r -> eventId.equals(r.eventId())).toList();
        assertThat(got).extracting(WebhookReceiver.Received::status).containsExactly(503, 204);
        assertThat(got).allMatch(WebhookReceiver.Received::signatureValid);
        JsonNode event = got.getLast().json();
        assertThat(event.path("id").asText()).isEqualTo(eventId);
        assertThat(event.path("type").asText()).isEqualTo("SECRET_RENEWED");
        assertThat(event.path("application").path("id").asText()).isEqualTo(appId);
        assertThat(event.path("application").path("name").asText()).isEqualTo(app.path("name").asText());
        assertThat(event.path("application").path("owners").path("emails").get(0).asText())
                .isEqualTo("alice@example.com");
        assertThat(event.path("application").path("owners").path("team").asText()).isEqualTo("Payments");
        assertThat(event.path("secret").path("id").asText()).isEqualTo(secretId);
        assertThat(event.path("secret").path("hint").asText()).isEqualTo(renewed.path("hint").asText());
        assertThat(event.path("secret").path("expiresAt").asText()).isEqualTo(renewed.path("expiresAt").asText());
        for (WebhookReceiver.Received r : receiver.received()) {
            assertThat(r.body()).doesNotContain(oldValue).doesNotContain(newValue).doesNotContain(signingKey);
        }
    }

    @Test
    void aReceiverThatNeverAnswersWellIsGivenUpAfterTheLastAttempt() {
        String channel = webhook(List.of("SECRET_DELETED"));
        receiver.failNext(Integer.MAX_VALUE);
        JsonNode app = gw.createAppWithSecret(unique("gone"), "main");
        expect(gw.delete("/api/v1/applications/" + app.path("id").asText() + "/secrets/"
                + app.path("issuedSecret").path("id").asText()), 204);
        for (int attempt = 1; attempt < ChannelOutbox.MAX_ATTEMPTS; attempt++) {
            int a = attempt;
            awaitDelivery(gw, channel, d -> d.path("attempts").asInt() == a);
            gw.clock().advance(ChannelDispatcher.backoff(attempt));
        }
        JsonNode failed = awaitDelivery(gw, channel, ofType("SECRET_DELETED", "FAILED"));
        assertThat(failed.path("attempts").asInt()).isEqualTo(ChannelOutbox.MAX_ATTEMPTS);
        assertThat(failed.path("lastError").asText()).contains("HTTP 503");
        assertThat(ChannelDispatcher.backoff(ChannelOutbox.MAX_ATTEMPTS)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void deletedLeakedFailedAdminLoginsAndCaRotationAllReachTheReceiver() throws Exception {
        webhook(List.of("SECRET_DELETED", "SECRET_LEAKED", "ADMIN_AUTH_FAILURES", "CA_ROTATED"));
        JsonNode app = gw.createAppWithSecret(unique("events"), "leaky");
        String appId = app.path("id").asText();
        String value = app.path("issuedSecret").path("secret").asText();
        JsonNode second = gw.createSecret(appId, "doomed");

        String hash = org.secretdesk.server.Randoms.sha256Hex(value);
        expect(gw.call("POST", "/api/v1/leaks").json("[{\"sha256\":\"" + hash + "\",\"url\":\"https://paste.example/1\","
                + "\"source\":\"test\"}]").send(), 200);
        expect(gw.delete("/api/v1/applications/" + appId + "/secrets/" + second.path("id").asText()), 204);
        for (int i = 0; i <= ChannelOutbox.FAILED_AUTH_ALARM_PER_MINUTE; i++) {
            int status = gw.call("GET", "/api/v1/applications").auth("wrong-" + i).send().status();
            assertThat(status).isIn(401, 429);
        }
        expect(gw.post("/api/v1/ca/rotate", gw.obj("force", true)), 200);
        gw.retrust();

        WebhookReceiver.Received leaked = receiver.await(r -> "SECRET_LEAKED".equals(r.eventType()), WAIT);
        assertThat(leaked.json().path("secret").path("id").asText()).isEqualTo(app.path("issuedSecret").path("id")
                .asText());
        assertThat(leaked.body()).doesNotContain(value);
        WebhookReceiver.Received deleted = receiver.await(r -> "SECRET_DELETED".equals(r.eventType()), WAIT);
        assertThat(deleted.json().path("secret").path("description").asText()).isEqualTo("doomed");
        WebhookReceiver.Received alarm = receiver.await(r -> "ADMIN_AUTH_FAILURES".equals(r.eventType()), WAIT);
        assertThat(alarm.json().path("count").asInt()).isEqualTo(ChannelOutbox.FAILED_AUTH_ALARM_PER_MINUTE + 1);
        receiver.await(r -> "CA_ROTATED".equals(r.eventType()), WAIT);
        assertThat(receiver.received()).allMatch(WebhookReceiver.Received::signatureValid);
        assertThat(receiver.received().stream().filter(r -> "ADMIN_AUTH_FAILURES".equals(r.eventType())))
                .as("one alarm a minute however many fail").hasSize(1);
    }
}
