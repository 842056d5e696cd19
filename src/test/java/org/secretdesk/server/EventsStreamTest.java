package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.ExpiryPolicyTest.putPolicy;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.GatewayPerClass;
import org.secretdesk.server.testing.SseReader;
import org.secretdesk.server.testing.SseReader.Event;

/**
 * GET /api/v1/events: every change arrives as a small JSON event with ids and the new version, never a secret.
 * Events must arrive promptly; the wait is bounded (5 s) only so that a missing event fails instead of hanging.
 */
class EventsStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    static GatewayFixture gw;
    @RegisterExtension
    static final GatewayPerClass GATEWAY = new GatewayPerClass(started -> gw = started);

    private static SseReader open(String key) {
        return new SseReader(gw.client(), gw.call("GET", "/api/v1/events").auth(key)
                .header("Accept", "text/event-stream").build());
    }

    /** The event's type: the SSE event name, or a "type" member of its data. */
    private static String typeOf(Event e) {
        if (!"message".equals(e.name())) {
            return e.name();
        }
        JsonNode data = parse(e);
        return data == null ? "message" : data.path("type").asText("message");
    }

    private static JsonNode parse(Event e) {
        try {
            return gw.mapper().readTree(e.data());
        } catch (Exception ex) {
            return null;
        }
    }

    /** Waits for an event of {@code type} whose data mentions {@code id}; fails listing what did arrive. */
    private static JsonNode await(SseReader sse, String type, String id) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            Event e = sse.next(Duration.ofMillis(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            if (e == null) {
                break;
            }
            seen.add(typeOf(e) + " " + e.data());
            if (type.equals(typeOf(e)) && e.data().contains(id)) {
                JsonNode data = parse(e);
                assertThat(data).as("event data is JSON: %s", e.data()).isNotNull();
                return data;
            }
        }
        throw new AssertionError("No " + type + " event for " + id + " within " + WAIT + "; received: " + seen);
    }

    @Test
    void changesArriveAsEventsWithoutSecrets() throws Exception {
        try (SseReader sse = open(gw.adminKey())) {
            HttpResponse.ResponseInfo head = sse.awaitHeaders(WAIT);
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");

            JsonNode app = gw.createApp(unique("live"));
            String appId = app.path("id").asText();
            JsonNode created = await(sse, "application.created", appId);
            assertThat(created.path("version").asLong()).isEqualTo(1);

            expect(gw.patch("/api/v1/applications/" + appId, gw.obj("description", "changed")), 200);
            JsonNode updated = await(sse, "application.updated", appId);
            assertThat(updated.path("version").asLong()).isEqualTo(2);

            JsonNode secret = gw.createSecret(appId, "live secret");
            String secretId = secret.path("id").asText();
            JsonNode secretCreated = await(sse, "secret.created", secretId);
            assertThat(secretCreated.path("version").asLong()).isEqualTo(1);

            JsonNode renewed = expect(gw.renew(appId, secretId, null), 200).json();
            JsonNode secretRenewed = await(sse, "secret.renewed", secretId);
            assertThat(secretRenewed.path("version").asLong()).isEqualTo(2);

            assertThat(gw.delete("/api/v1/applications/" + appId + "/secrets/" + secretId).status()).isEqualTo(204);
            await(sse, "secret.deleted", secretId);
            assertThat(gw.delete("/api/v1/applications/" + appId).status()).isEqualTo(204);
            await(sse, "application.deleted", appId);

            // Applications created with an initial secret announce the secret too.
            JsonNode withSecret = gw.createAppWithSecret(unique("live-initial"), "first");
            await(sse, "application.created", withSecret.path("id").asText());

            String raw = sse.rawText();
            assertThat(raw).doesNotContain(secret.path("secret").asText())
                    .doesNotContain(renewed.path("secret").asText())
                    .doesNotContain(withSecret.path("issuedSecret").path("secret").asText());
            for (String value : gw.seenSecrets()) {
                assertThat(raw).doesNotContain(value);
            }
        }
    }

    @Test
    void viewerMayListenAndSchedulerNotificationsArriveToo() throws Exception {
        try (SseReader sse = open(gw.viewerKey())) {
            assertThat(sse.awaitHeaders(WAIT).statusCode()).isEqualTo(200);
            putPolicy(gw, true, "P30D");
            JsonNode app = gw.createAppWithSecret(unique("live-notify"), "soon");
            String secretId = app.path("issuedSecret").path("id").asText();
            gw.clock().advance(Duration.ofDays(11));
            gw.server().runSchedulerNow();
            await(sse, "notification", "");
        }
    }
}
