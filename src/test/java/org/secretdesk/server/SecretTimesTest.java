package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.ApplicationsApiTest.assertInvalidClient;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;
import static org.secretdesk.server.testing.Problems.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.MutableClock;

/** Issue 20: the times a secret stops working are the times the API shows, and a grace period is kept. */
class SecretTimesTest {

    /** A clock between two whole seconds, where a millisecond expiry and its displayed second differ. */
    private static MutableClock midSecond() {
        // In the past, so the certificates the gateway issues from this clock are already valid in real time.
        return new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(2).plusMillis(700));
    }

    @Test
    void aSecretStopsWorkingAtTheExpiryTheApiShows(@TempDir Path dir) {
        try (GatewayFixture gw = GatewayFixture.start(dir, midSecond(), 10)) {
            String appId = gw.createApp(unique("expiry")).path("id").asText();
            JsonNode issued = expect(gw.post("/api/v1/applications/" + appId + "/secrets",
                    gw.obj("description", "short", "expiresAfter", "PT1H")), 201).json();
            String clientId = issued.path("clientId").asText();
            String value = issued.path("secret").asText();
            Instant shown = Instant.parse(issued.path("expiresAt").asText());

            gw.clock().set(shown.minusMillis(1));
            assertThat(gw.token(clientId, value).status()).as("just before the shown expiry").isEqualTo(200);
            gw.clock().set(shown.plusMillis(500));
            assertThat(gw.secretsOf(appId).get(0).path("status").asText()).isEqualTo("EXPIRED");
            assertInvalidClient(gw.token(clientId, value));
        }
    }

    @Test
    void aGracePeriodEndsAtTheGraceUntilTheApiShows(@TempDir Path dir) {
        try (GatewayFixture gw = GatewayFixture.start(dir, midSecond(), 10)) {
            JsonNode app = gw.createAppWithSecret(unique("grace-end"), "main");
            String appId = app.path("id").asText();
            String secretId = app.path("issuedSecret").path("id").asText();
            String oldValue = app.path("issuedSecret").path("secret").asText();
            JsonNode renewed = expect(gw.renew(appId, secretId, gw.obj("gracePeriod", "PT10M")), 200).json();
            Instant graceUntil = Instant.parse(renewed.path("graceUntil").asText());

            gw.clock().set(graceUntil.minusMillis(1));
            assertThat(gw.token(app.path("clientId").asText(), oldValue).status()).isEqualTo(200);
            gw.clock().set(graceUntil.plusMillis(500));
            assertInvalidClient(gw.token(app.path("clientId").asText(), oldValue));
            assertThat(gw.secretById(appId, secretId).path("graceUntil").isNull()).isTrue();
        }
    }

    /**
     * A second renew during a grace period used to drop the first renew's old value at once, before the
     * graceUntil that renew had promised. It is refused now (409 secret.grace_period_active) and the promise kept.
     */
    @Test
    void aSecondRenewDuringAGracePeriodIsRefusedAndTheFirstPromiseIsKept(@TempDir Path dir) {
        try (GatewayFixture gw = GatewayFixture.start(dir)) {
            JsonNode app = gw.createAppWithSecret(unique("grace-twice"), "main");
            String appId = app.path("id").asText();
            String clientId = app.path("clientId").asText();
            String secretId = app.path("issuedSecret").path("id").asText();
            String original = app.path("issuedSecret").path("secret").asText();
            JsonNode first = expect(gw.renew(appId, secretId, gw.obj("gracePeriod", "PT1H")), 200).json();
            String firstValue = first.path("secret").asText();
            Instant graceUntil = Instant.parse(first.path("graceUntil").asText());

            gw.clock().advance(Duration.ofMinutes(5));
            for (JsonNode body : new JsonNode[] {gw.obj("gracePeriod", "PT1H"), gw.obj()}) {
                JsonNode problem = assertProblem(gw.renew(appId, secretId, body), 409, "secret.grace_period_active");
                assertThat(problem.path("detail").asText()).contains(graceUntil.toString());
            }
            assertThat(gw.token(clientId, original).status()).as("the value the first renew kept").isEqualTo(200);
            assertThat(gw.token(clientId, firstValue).status()).isEqualTo(200);
            assertThat(gw.secretById(appId, secretId).path("version").asLong()).isEqualTo(2);

            // After graceUntil the secret renews again.
            gw.clock().set(graceUntil.plusSeconds(1));
            String third = expect(gw.renew(appId, secretId, gw.obj()), 200).json().path("secret").asText();
            assertThat(gw.token(clientId, third).status()).isEqualTo(200);
            assertInvalidClient(gw.token(clientId, firstValue));
        }
    }
}
