package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.ApplicationsApiTest.assertInvalidClient;
import static org.secretdesk.server.ApplicationsApiTest.texts;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;
import static org.secretdesk.server.testing.Problems.assertProblem;
import static org.secretdesk.server.testing.Problems.assertProblemAnyOf;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.GatewayPerClass;
import org.secretdesk.server.testing.Resp;

/** The domain secret policy, application overrides, requested expiry, and expired secrets. */
class ExpiryPolicyTest {

    static final List<String> DEFAULT_THRESHOLDS = List.of("P20D", "P15D", "P10D", "P5D", "P1D");
    static final String POLICY = "/api/v1/settings/secret-policy";

    static GatewayFixture gw;
    @RegisterExtension
    static final GatewayPerClass GATEWAY = new GatewayPerClass(started -> gw = started);

    static JsonNode putPolicy(GatewayFixture gw, boolean enabled, String expiresAfter) {
        return expect(gw.put(POLICY, gw.obj("expiryEnabled", enabled, "expiresAfter", expiresAfter,
                "notifyBefore", DEFAULT_THRESHOLDS)), 200).json();
    }

    private static Instant expiresAt(JsonNode secret) {
        return Instant.parse(secret.path("expiresAt").asText());
    }

    @Test
    void domainPolicyCanBeReadAndReplaced() {
        JsonNode initial = expect(gw.get(POLICY), 200).json();
        assertThat(initial.path("expiryEnabled").isBoolean()).isTrue();
        assertThat(initial.has("expiresAfter")).isTrue();
        assertThat(initial.path("notifyBefore").isArray()).isTrue();
        assertThat(initial.path("maxSecretsPerApplication").asInt()).isEqualTo(10);

        JsonNode put = expect(gw.put(POLICY, gw.obj("expiryEnabled", true, "expiresAfter", "P90D",
                "notifyBefore", List.of("P20D", "P5D"))), 200).json();
        assertThat(put.path("expiresAfter").asText()).isEqualTo("P90D");
        JsonNode read = expect(gw.get(POLICY), 200).json();
        assertThat(read.path("expiryEnabled").asBoolean()).isTrue();
        assertThat(read.path("expiresAfter").asText()).isEqualTo("P90D");
        assertThat(texts(read.path("notifyBefore"))).containsExactlyInAnyOrder("P20D", "P5D");

        JsonNode off = putPolicy(gw, false, "P90D");
        assertThat(off.path("expiryEnabled").asBoolean()).isFalse();
        assertThat(expect(gw.get(POLICY), 200).json().path("expiryEnabled").asBoolean()).isFalse();
        putPolicy(gw, true, "P90D");
    }

    @Test
    void maxSecretsPerApplicationIsReadOnly() {
        Resp r = gw.put(POLICY, gw.obj("expiryEnabled", true, "expiresAfter", "P90D",
                "notifyBefore", DEFAULT_THRESHOLDS, "maxSecretsPerApplication", 50));
        // Either refused or ignored; it never changes the configured limit.
        assertThat(r.status()).as("%s", r).isIn(200, 400, 422);
        assertThat(expect(gw.get(POLICY), 200).json().path("maxSecretsPerApplication").asInt()).isEqualTo(10);
    }

    @Test
    void badPolicyValuesAreRefused() {
        assertProblemAnyOf(gw.put(POLICY, gw.obj("expiryEnabled", true, "expiresAfter", "soon",
                "notifyBefore", DEFAULT_THRESHOLDS)), new int[] {422}, "validation.failed");
        assertProblemAnyOf(gw.put(POLICY, gw.obj("expiryEnabled", true, "expiresAfter", "P90D",
                "notifyBefore", List.of("P5D", "tomorrow"))), new int[] {422}, "validation.failed");
        assertProblemAnyOf(gw.put(POLICY, gw.obj("expiryEnabled", true, "expiresAfter", "-P1D",
                "notifyBefore", DEFAULT_THRESHOLDS)), new int[] {422}, "validation.failed");
    }

    @Test
    void secretUnderTheDomainPolicyExpiresAfterIt() {
        putPolicy(gw, true, "P30D");
        JsonNode secret = gw.createAppWithSecret(unique("domain30"), "main").path("issuedSecret");
        assertThat(expiresAt(secret)).isEqualTo(gw.clock().instant().plus(Duration.ofDays(30)));

        // Application summary shows the next expiry.
        JsonNode app = expect(gw.get("/api/v1/applications/" + secret.path("applicationId").asText()), 200).json();
        assertThat(Instant.parse(app.path("nextExpiry").asText())).isEqualTo(expiresAt(secret));

        putPolicy(gw, false, "P30D");
        JsonNode none = gw.createAppWithSecret(unique("domain-off"), "main").path("issuedSecret");
        assertThat(none.path("expiresAt").isNull()).as("no policy, no expiry: %s", none).isTrue();
    }

    @Test
    void createMayAskForAShorterExpiryButNotALongerOne() {
        putPolicy(gw, true, "P30D");
        String appId = gw.createApp(unique("requested")).path("id").asText();
        String path = "/api/v1/applications/" + appId + "/secrets";
        JsonNode shorter = expect(gw.post(path, gw.obj("description", "short", "expiresAfter", "P10D")), 201).json();
        assertThat(expiresAt(shorter)).isEqualTo(gw.clock().instant().plus(Duration.ofDays(10)));
        JsonNode hours = expect(gw.post(path, gw.obj("description", "hours", "expiresAfter", "PT12H")), 201).json();
        assertThat(expiresAt(hours)).isEqualTo(gw.clock().instant().plus(Duration.ofHours(12)));

        assertProblem(gw.post(path, gw.obj("description", "longer", "expiresAfter", "P31D")), 422,
                "secret.expiry_not_allowed");
        // NEVER while a policy applies: refused.
        assertProblem(gw.post(path, gw.obj("description", "never", "expiresAfter", "NEVER")), 422,
                "secret.expiry_not_allowed");
        assertThat(gw.secretsOf(appId)).hasSize(2);

        // With no policy in force, NEVER is what you get anyway, so asking for it is fine.
        putPolicy(gw, false, "P30D");
        JsonNode never = expect(gw.post(path, gw.obj("description", "never", "expiresAfter", "NEVER")), 201).json();
        assertThat(never.path("expiresAt").isNull()).as("%s", never).isTrue();
        putPolicy(gw, true, "P30D");
    }

    @Test
    void applicationPolicyOverridesTheDomainPolicy() {
        putPolicy(gw, true, "P30D");
        JsonNode custom = gw.createApp(unique("custom"));
        String customPath = "/api/v1/applications/" + custom.path("id").asText();
        expect(gw.patch(customPath, gw.obj("secretPolicy", gw.obj("mode", "CUSTOM", "expiresAfter", "P45D"))), 200);
        JsonNode s1 = gw.createSecret(custom.path("id").asText(), "custom");
        assertThat(expiresAt(s1)).isEqualTo(gw.clock().instant().plus(Duration.ofDays(45)));
        assertProblem(gw.post(customPath + "/secrets", gw.obj("description", "too long", "expiresAfter", "P46D")),
                422, "secret.expiry_not_allowed");

        expect(gw.patch(customPath, gw.obj("secretPolicy", gw.obj("mode", "CUSTOM", "expiresAfter", "P7D"))), 200);
        JsonNode s2 = gw.createSecret(custom.path("id").asText(), "custom short");
        assertThat(expiresAt(s2)).isEqualTo(gw.clock().instant().plus(Duration.ofDays(7)));

        JsonNode never = gw.createApp(unique("never"));
        String neverPath = "/api/v1/applications/" + never.path("id").asText();
        expect(gw.patch(neverPath, gw.obj("secretPolicy", gw.obj("mode", "NEVER"))), 200);
        JsonNode s3 = gw.createSecret(never.path("id").asText(), "forever");
        assertThat(s3.path("expiresAt").isNull()).as("NEVER application: %s", s3).isTrue();
        // Even with the domain policy off, CUSTOM still applies.
        putPolicy(gw, false, "P30D");
        JsonNode s4 = gw.createSecret(custom.path("id").asText(), "custom, domain off");
        assertThat(expiresAt(s4)).isEqualTo(gw.clock().instant().plus(Duration.ofDays(7)));
    }

    @Test
    void customPolicyNeedsAValidDuration() {
        JsonNode app = gw.createApp(unique("custom-bad"));
        String path = "/api/v1/applications/" + app.path("id").asText();
        assertProblemAnyOf(gw.patch(path, gw.obj("secretPolicy", gw.obj("mode", "CUSTOM", "expiresAfter", "ninety days"))),
                new int[] {422}, "validation.failed");
        assertProblemAnyOf(gw.patch(path, gw.obj("secretPolicy", gw.obj("mode", "CUSTOM"))),
                new int[] {422}, "validation.failed");
        assertProblemAnyOf(gw.patch(path, gw.obj("secretPolicy", gw.obj("mode", "SOMETIMES"))),
                new int[] {400, 422}, "validation.failed", "request.malformed");
        assertThat(expect(gw.get(path), 200).json().path("secretPolicy").path("mode").asText()).isEqualTo("DOMAIN");
    }

    @Test
    void expiredSecretIsShownExpiredAndRejected() {
        putPolicy(gw, true, "P30D");
        JsonNode app = gw.createAppWithSecret(unique("expiring"), "main");
        String appId = app.path("id").asText();
        String clientId = app.path("clientId").asText();
        JsonNode secret = app.path("issuedSecret");
        String value = secret.path("secret").asText();
        assertThat(gw.token(clientId, value).status()).isEqualTo(200);

        gw.clock().set(expiresAt(secret).minusSeconds(60));
        assertThat(gw.token(clientId, value).status()).as("a minute before expiry").isEqualTo(200);
        assertThat(gw.secretById(appId, secret.path("id").asText()).path("status").asText()).isEqualTo("ACTIVE");

        gw.clock().set(expiresAt(secret).plusSeconds(1));
        assertThat(gw.secretById(appId, secret.path("id").asText()).path("status").asText()).isEqualTo("EXPIRED");
        assertInvalidClient(gw.token(clientId, value));
        assertThat(expect(gw.get("/api/v1/applications/" + appId), 200).json().path("expiredCount").asInt())
                .isEqualTo(1);

        // Renewing an expired secret gives it a fresh value and a fresh expiry under the current policy.
        JsonNode renewed = expect(gw.renew(appId, secret.path("id").asText(), null), 200).json();
        assertThat(expiresAt(renewed)).isEqualTo(gw.clock().instant().plus(Duration.ofDays(30)));
        assertThat(renewed.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(gw.token(clientId, renewed.path("secret").asText()).status()).isEqualTo(200);
    }

    @Test
    void applicationSummaryCountsAndNextExpiry() {
        putPolicy(gw, true, "P30D");
        String appId = gw.createApp(unique("summary")).path("id").asText();
        String path = "/api/v1/applications/" + appId + "/secrets";
        JsonNode hour = expect(gw.post(path, gw.obj("description", "an hour", "expiresAfter", "PT1H")), 201).json();
        JsonNode week = expect(gw.post(path, gw.obj("description", "a week", "expiresAfter", "P7D")), 201).json();
        gw.createSecret(appId, "a month");
        JsonNode app = expect(gw.get("/api/v1/applications/" + appId), 200).json();
        assertThat(app.path("secretCount").asInt()).isEqualTo(3);
        assertThat(app.path("expiredCount").asInt()).isZero();
        assertThat(Instant.parse(app.path("nextExpiry").asText())).isEqualTo(expiresAt(hour));

        // Once the first has expired, the next expiry is the next one still ahead.
        gw.clock().advance(Duration.ofHours(2));
        app = expect(gw.get("/api/v1/applications/" + appId), 200).json();
        assertThat(app.path("expiredCount").asInt()).isEqualTo(1);
        assertThat(app.path("secretCount").asInt()).isEqualTo(3);
        assertThat(Instant.parse(app.path("nextExpiry").asText())).isEqualTo(expiresAt(week));
    }

    @Test
    void changingThePolicyDoesNotTouchExistingSecrets() {
        putPolicy(gw, true, "P30D");
        JsonNode secret = gw.createAppWithSecret(unique("stable"), "main").path("issuedSecret");
        String appId = secret.path("applicationId").asText();
        Instant before = expiresAt(secret);

        putPolicy(gw, true, "P10D");
        assertThat(expiresAt(gw.secretById(appId, secret.path("id").asText()))).isEqualTo(before);
        putPolicy(gw, false, "P10D");
        assertThat(expiresAt(gw.secretById(appId, secret.path("id").asText()))).isEqualTo(before);
        expect(gw.patch("/api/v1/applications/" + appId, gw.obj("secretPolicy", gw.obj("mode", "NEVER"))), 200);
        assertThat(expiresAt(gw.secretById(appId, secret.path("id").asText()))).isEqualTo(before);

        // A renew, though, follows the current policy (NEVER now).
        JsonNode renewed = expect(gw.renew(appId, secret.path("id").asText(), null), 200).json();
        assertThat(renewed.path("expiresAt").isNull()).as("renew under NEVER: %s", renewed).isTrue();
    }
}
