package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.ApplicationsApiTest.assertInvalidClient;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;
import static org.secretdesk.server.testing.Problems.assertProblem;
import static org.secretdesk.server.testing.Problems.assertProblemAnyOf;
import static org.secretdesk.server.testing.Problems.assertValidation;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.secretdesk.model.SecretFormat;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.GatewayPerClass;
import org.secretdesk.server.testing.Resp;

/** Secrets: format, listing, the limit, uniqueness, renew (with grace), delete, If-Match, idempotent retries. */
class SecretsApiTest {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    static GatewayFixture gw;
    @RegisterExtension
    static final GatewayPerClass GATEWAY = new GatewayPerClass(started -> gw = started);

    private static String newApp() {
        return gw.createApp(unique("secrets")).path("id").asText();
    }

    private static String secretsPath(String appId) {
        return "/api/v1/applications/" + appId + "/secrets";
    }

    @Test
    void createdSecretHasTheDocumentedFormat() {
        String appId = newApp();
        Resp r = gw.post(secretsPath(appId), gw.obj("description", "format check"));
        expect(r, 201);
        assertThat(r.header("Cache-Control").orElse("")).contains("no-store");
        assertThat(r.header("ETag")).hasValue("\"1\"");
        JsonNode s = r.json();
        String value = s.path("secret").asText();

        assertThat(value).startsWith("sds_");
        String body = value.substring(4);
        assertThat(body.chars().allMatch(c -> BASE62.indexOf(c) >= 0)).as("base62 after the prefix").isTrue();
        // At least 256 random bits in base62 (43 characters) plus the 6-character checksum.
        assertThat(value.length()).isGreaterThanOrEqualTo(4 + 43 + 6);
        assertThat(SecretFormat.isWellFormed(value)).isTrue();
        assertThat(value.substring(value.length() - 6)).as("CRC32 checksum, recomputed independently")
                .isEqualTo(base62Crc32(value.substring(0, value.length() - 6)));

        assertThat(s.path("id").asText()).startsWith("sec_");
        assertThat(s.path("applicationId").asText()).isEqualTo(appId);
        assertThat(s.path("clientId").asText()).startsWith("sdc_");
        assertThat(s.path("description").asText()).isEqualTo("format check");
        assertThat(s.path("hint").asText()).isEqualTo(value.substring(0, 8));
        assertThat(s.path("redacted").asText()).startsWith(value.substring(0, 8)).doesNotContain(value.substring(8));
        assertThat(s.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(s.path("version").asLong()).isEqualTo(1);
        assertThat(Instant.parse(s.path("createdAt").asText())).isEqualTo(gw.clock().instant());
        assertThat(s.path("renewedAt").isNull()).isTrue();
        assertThat(s.path("lastUsedAt").isNull()).isTrue();
        assertThat(s.path("graceUntil").isNull()).isTrue();

        // Two secrets never share a value (256 random bits).
        String other = gw.createSecret(appId, "format check 2").path("secret").asText();
        assertThat(other).isNotEqualTo(value);
        assertThat(SecretFormat.isWellFormed(other)).isTrue();
    }

    @Test
    void listShowsMetadataButNeverTheValue() {
        String appId = newApp();
        JsonNode a = gw.createSecret(appId, "alpha");
        JsonNode b = gw.createSecret(appId, "beta");
        Resp list = expect(gw.get(secretsPath(appId)), 200);
        assertThat(list.body()).doesNotContain(a.path("secret").asText()).doesNotContain(b.path("secret").asText());
        assertThat(list.json().has("nextCursor")).isTrue();
        JsonNode items = list.json().path("items");
        assertThat(items).hasSize(2);
        for (JsonNode item : items) {
            assertThat(item.has("secret")).isFalse();
            assertThat(item.path("hint").asText()).hasSize(8).startsWith("sds_");
            assertThat(item.path("status").asText()).isEqualTo("ACTIVE");
        }
        assertThat(gw.secretById(appId, a.path("id").asText()).path("hint").asText())
                .isEqualTo(a.path("secret").asText().substring(0, 8));
        assertThat(expect(gw.get("/api/v1/applications/" + appId), 200).json().path("secretCount").asInt()).isEqualTo(2);
    }

    @Test
    void theEleventhSecretIsRefused() {
        String appId = newApp();
        for (int i = 1; i <= 10; i++) {
            gw.createSecret(appId, "secret " + i);
        }
        assertProblem(gw.post(secretsPath(appId), gw.obj("description", "secret 11")), 409, "secret.limit_reached");
        assertThat(gw.secretsOf(appId)).hasSize(10);
        assertThat(expect(gw.get("/api/v1/settings/secret-policy"), 200).json().path("maxSecretsPerApplication").asInt())
                .isEqualTo(10);
        // Deleting one frees a slot.
        String first = gw.secretsOf(appId).get(0).path("id").asText();
        assertThat(gw.delete(secretsPath(appId) + "/" + first).status()).isEqualTo(204);
        gw.createSecret(appId, "secret 11");
    }

    @Test
    void descriptionsAreCaseSensitiveAndASecretIsNeverOverwritten() {
        String appId = newApp();
        JsonNode upper = gw.createSecret(appId, "Prod");
        JsonNode lower = gw.createSecret(appId, "prod");
        assertThat(lower.path("id").asText()).isNotEqualTo(upper.path("id").asText());

        assertProblem(gw.post(secretsPath(appId), gw.obj("description", "Prod")), 409, "secret.duplicate_description");
        assertProblem(gw.post(secretsPath(appId), gw.obj("description", " Prod ")), 409, "secret.duplicate_description");
        // The first secret is untouched: still the same value and still usable.
        assertThat(gw.secretsOf(appId)).hasSize(2);
        assertThat(gw.token(upper.path("clientId").asText(), upper.path("secret").asText()).status()).isEqualTo(200);

        // Uniqueness is per application.
        gw.createSecret(newApp(), "Prod");
    }

    @Test
    void descriptionRules() {
        String appId = newApp();
        assertValidation(gw.post(secretsPath(appId), gw.obj("description", "")), "description");
        assertValidation(gw.post(secretsPath(appId), gw.obj("description", "  ")), "description");
        assertValidation(gw.post(secretsPath(appId), gw.obj()), "description");
        assertValidation(gw.post(secretsPath(appId), gw.obj("description", "d".repeat(101))), "description");
        assertValidation(gw.post(secretsPath(appId), gw.obj("description", "a\u0000b")), "description");
        assertValidation(gw.post(secretsPath(appId), gw.obj("description", "a\u2066b")), "description");
        assertThat(gw.secretsOf(appId)).isEmpty();
        assertThat(gw.createSecret(appId, "d".repeat(100)).path("description").asText()).hasSize(100);
    }

    @Test
    void renewIssuesANewValueAndTheOldOneStopsAtOnce() {
        JsonNode app = gw.createAppWithSecret(unique("renew"), "main");
        String appId = app.path("id").asText();
        String clientId = app.path("clientId").asText();
        JsonNode issued = app.path("issuedSecret");
        String oldValue = issued.path("secret").asText();
        String secretId = issued.path("id").asText();
        assertThat(gw.token(clientId, oldValue).status()).isEqualTo(200);

        gw.clock().advance(Duration.ofMinutes(3));
        Resp r = gw.call("POST", secretsPath(appId) + "/" + secretId + "/renew").ifMatch(1).json(gw.obj()).send();
        expect(r, 200);
        assertThat(r.header("Cache-Control").orElse("")).contains("no-store");
        JsonNode renewed = r.json();
        String newValue = renewed.path("secret").asText();
        assertThat(newValue).isNotEqualTo(oldValue);
        assertThat(SecretFormat.isWellFormed(newValue)).isTrue();
        assertThat(renewed.path("id").asText()).isEqualTo(secretId);
        assertThat(renewed.path("version").asLong()).isEqualTo(2);
        assertThat(r.header("ETag")).hasValue("\"2\"");
        assertThat(renewed.path("hint").asText()).isEqualTo(newValue.substring(0, 8));
        assertThat(Instant.parse(renewed.path("renewedAt").asText())).isEqualTo(gw.clock().instant());
        assertThat(renewed.path("graceUntil").isNull()).isTrue();

        assertInvalidClient(gw.token(clientId, oldValue));
        assertThat(gw.token(clientId, newValue).status()).isEqualTo(200);
        assertThat(gw.secretsOf(appId)).hasSize(1);
    }

    @Test
    void renewWithGracePeriodKeepsTheOldValueUntilGraceUntil() {
        JsonNode app = gw.createAppWithSecret(unique("grace"), "main");
        String appId = app.path("id").asText();
        String clientId = app.path("clientId").asText();
        String oldValue = app.path("issuedSecret").path("secret").asText();
        String secretId = app.path("issuedSecret").path("id").asText();

        JsonNode renewed = expect(gw.renew(appId, secretId, gw.obj("gracePeriod", "PT1H")), 200).json();
        String newValue = renewed.path("secret").asText();
        Instant graceUntil = Instant.parse(renewed.path("graceUntil").asText());
        assertThat(graceUntil).isEqualTo(gw.clock().instant().plus(Duration.ofHours(1)));
        assertThat(Instant.parse(gw.secretById(appId, secretId).path("graceUntil").asText())).isEqualTo(graceUntil);

        assertThat(gw.token(clientId, oldValue).status()).as("old value within the grace period").isEqualTo(200);
        assertThat(gw.token(clientId, newValue).status()).isEqualTo(200);

        gw.clock().advance(Duration.ofMinutes(59));
        assertThat(gw.token(clientId, oldValue).status()).as("old value 1 minute before graceUntil").isEqualTo(200);

        gw.clock().advance(Duration.ofMinutes(2));
        assertInvalidClient(gw.token(clientId, oldValue));
        assertThat(gw.token(clientId, newValue).status()).isEqualTo(200);
    }

    @Test
    void deletingASecretInItsGracePeriodStopsBothValues() {
        JsonNode app = gw.createAppWithSecret(unique("grace-delete"), "main");
        String appId = app.path("id").asText();
        String clientId = app.path("clientId").asText();
        String oldValue = app.path("issuedSecret").path("secret").asText();
        String secretId = app.path("issuedSecret").path("id").asText();
        String newValue = expect(gw.renew(appId, secretId, gw.obj("gracePeriod", "P1D")), 200).json()
                .path("secret").asText();
        assertThat(gw.token(clientId, oldValue).status()).isEqualTo(200);

        assertThat(gw.delete(secretsPath(appId) + "/" + secretId).status()).isEqualTo(204);
        assertInvalidClient(gw.token(clientId, newValue));
        assertInvalidClient(gw.token(clientId, oldValue));
    }

    @Test
    void deletingAnApplicationStopsValuesInTheirGracePeriod() {
        JsonNode app = gw.createAppWithSecret(unique("grace-app-delete"), "main");
        String appId = app.path("id").asText();
        String clientId = app.path("clientId").asText();
        String oldValue = app.path("issuedSecret").path("secret").asText();
        String secretId = app.path("issuedSecret").path("id").asText();
        String newValue = expect(gw.renew(appId, secretId, gw.obj("gracePeriod", "P1D")), 200).json()
                .path("secret").asText();
        assertThat(gw.delete("/api/v1/applications/" + appId).status()).isEqualTo(204);
        assertInvalidClient(gw.token(clientId, newValue));
        assertInvalidClient(gw.token(clientId, oldValue));
    }

    @Test
    void gracePeriodLongerThanSevenDaysIsRefused() {
        JsonNode app = gw.createAppWithSecret(unique("long-grace"), "main");
        String appId = app.path("id").asText();
        String secretId = app.path("issuedSecret").path("id").asText();
        String oldValue = app.path("issuedSecret").path("secret").asText();
        Resp r = gw.renew(appId, secretId, gw.obj("gracePeriod", "P8D"));
        assertProblemAnyOf(r, new int[] {422}, "validation.failed", "secret.expiry_not_allowed");
        // Nothing was renewed.
        assertThat(gw.token(app.path("clientId").asText(), oldValue).status()).isEqualTo(200);
        assertThat(gw.secretById(appId, secretId).path("version").asLong()).isEqualTo(1);
        // Exactly seven days is allowed.
        expect(gw.renew(appId, secretId, gw.obj("gracePeriod", "P7D")), 200);
    }

    @Test
    void deleteStopsTheValueAtOnce() {
        JsonNode app = gw.createAppWithSecret(unique("delete-secret"), "main");
        String appId = app.path("id").asText();
        String clientId = app.path("clientId").asText();
        JsonNode other = gw.createSecret(appId, "other");
        String value = app.path("issuedSecret").path("secret").asText();
        String secretId = app.path("issuedSecret").path("id").asText();
        assertThat(gw.token(clientId, value).status()).isEqualTo(200);

        Resp del = gw.call("DELETE", secretsPath(appId) + "/" + secretId).ifMatch(1).send();
        assertThat(del.status()).as("DELETE %s", del).isEqualTo(204);
        assertInvalidClient(gw.token(clientId, value));
        assertThat(gw.token(clientId, other.path("secret").asText()).status()).isEqualTo(200);
        assertThat(gw.secretById(appId, secretId)).isNull();
        assertProblem(gw.delete(secretsPath(appId) + "/" + secretId), 404, "secret.not_found");

        // Deleting the last secret is allowed.
        assertThat(gw.delete(secretsPath(appId) + "/" + other.path("id").asText()).status()).isEqualTo(204);
        assertThat(gw.secretsOf(appId)).isEmpty();
    }

    @Test
    void staleIfMatchOnRenewAndDeleteIs412() {
        JsonNode app = gw.createAppWithSecret(unique("stale-secret"), "main");
        String appId = app.path("id").asText();
        String secretId = app.path("issuedSecret").path("id").asText();
        String renewPath = secretsPath(appId) + "/" + secretId + "/renew";
        String current = expect(gw.call("POST", renewPath).ifMatch(1).json(gw.obj()).send(), 200).json()
                .path("secret").asText();

        assertProblem(gw.call("POST", renewPath).ifMatch(1).json(gw.obj()).send(), 412, "precondition.failed");
        assertProblem(gw.call("DELETE", secretsPath(appId) + "/" + secretId).ifMatch(1).send(), 412,
                "precondition.failed");
        // Neither the refused renew nor the refused delete changed anything.
        assertThat(gw.token(app.path("clientId").asText(), current).status()).isEqualTo(200);
        assertThat(gw.secretById(appId, secretId).path("version").asLong()).isEqualTo(2);
    }

    @Test
    void unknownSecretIs404() {
        String appId = newApp();
        assertProblem(gw.renew(appId, "sec_doesNotExist", null), 404, "secret.not_found");
        assertProblem(gw.delete(secretsPath(appId) + "/sec_doesNotExist"), 404, "secret.not_found");
        // A secret of another application is not found under this one.
        JsonNode other = gw.createAppWithSecret(unique("other-owner"), "main");
        String foreign = other.path("issuedSecret").path("id").asText();
        assertProblem(gw.renew(appId, foreign, null), 404, "secret.not_found");
        assertProblem(gw.delete(secretsPath(appId) + "/" + foreign), 404, "secret.not_found");
        assertThat(gw.secretsOf(other.path("id").asText())).hasSize(1);
    }

    @Test
    void idempotentRetryReturnsTheSameSecret() {
        String appId = newApp();
        String key = GatewayFixture.randomToken(16);
        Resp first = gw.call("POST", secretsPath(appId)).idempotencyKey(key).json(gw.obj("description", "retry me")).send();
        expect(first, 201);
        Resp second = gw.call("POST", secretsPath(appId)).idempotencyKey(key).json(gw.obj("description", "retry me")).send();
        assertThat(second.status()).as("replay %s", second).isEqualTo(201);
        assertThat(second.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
        assertThat(second.json().path("secret").asText()).isEqualTo(first.json().path("secret").asText());
        assertThat(second.header("Cache-Control").orElse("")).contains("no-store");
        assertThat(gw.secretsOf(appId)).hasSize(1);

        Resp mismatch = gw.call("POST", secretsPath(appId)).idempotencyKey(key)
                .json(gw.obj("description", "something else")).send();
        assertProblem(mismatch, 422, "idempotency.mismatch");
        assertThat(gw.secretsOf(appId)).hasSize(1);

        // A different key is a different request.
        Resp fresh = gw.call("POST", secretsPath(appId)).idempotencyKey(GatewayFixture.randomToken(16))
                .json(gw.obj("description", "another")).send();
        expect(fresh, 201);
        assertThat(fresh.json().path("secret").asText()).isNotEqualTo(first.json().path("secret").asText());
    }

    @Test
    void idempotentReplayEndsAfterTenMinutes() {
        String appId = newApp();
        String key = GatewayFixture.randomToken(16);
        Resp first = gw.call("POST", secretsPath(appId)).idempotencyKey(key).json(gw.obj("description", "ten minutes")).send();
        expect(first, 201);
        String value = first.json().path("secret").asText();
        gw.clock().advance(Duration.ofMinutes(9));
        Resp within = gw.call("POST", secretsPath(appId)).idempotencyKey(key).json(gw.obj("description", "ten minutes")).send();
        assertThat(within.json().path("secret").asText()).as("replay within 10 minutes").isEqualTo(value);

        gw.clock().advance(Duration.ofMinutes(2));
        Resp late = gw.call("POST", secretsPath(appId)).idempotencyKey(key).json(gw.obj("description", "ten minutes")).send();
        // Past the window the plaintext is no longer kept: the request runs again (and meets the existing secret).
        assertThat(late.body()).as("a replay 11 minutes later must not hand out the plaintext again").doesNotContain(value);
        assertThat(late.status()).as("%s", late).isIn(201, 409, 422);
    }

    @Test
    void idempotentRetryOfApplicationCreateAndRenew() {
        String key = GatewayFixture.randomToken(16);
        JsonNode body = gw.obj("name", unique("idem-app"), "initialSecret", gw.obj("description", "first"));
        Resp first = gw.call("POST", "/api/v1/applications").idempotencyKey(key).json(body).send();
        expect(first, 201);
        Resp replay = gw.call("POST", "/api/v1/applications").idempotencyKey(key).json(body).send();
        assertThat(replay.status()).as("replay %s", replay).isEqualTo(201);
        assertThat(replay.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
        assertThat(replay.json().path("issuedSecret").path("secret").asText())
                .isEqualTo(first.json().path("issuedSecret").path("secret").asText());

        String appId = first.json().path("id").asText();
        String secretId = first.json().path("issuedSecret").path("id").asText();
        String renewKey = GatewayFixture.randomToken(16);
        String renewPath = secretsPath(appId) + "/" + secretId + "/renew";
        Resp renew1 = gw.call("POST", renewPath).idempotencyKey(renewKey).json(gw.obj()).send();
        expect(renew1, 200);
        Resp renew2 = gw.call("POST", renewPath).idempotencyKey(renewKey).json(gw.obj()).send();
        assertThat(renew2.status()).as("renew replay %s", renew2).isEqualTo(200);
        assertThat(renew2.json().path("secret").asText()).isEqualTo(renew1.json().path("secret").asText());
        // Renewed once, not twice: the value from the first renew works.
        assertThat(gw.token(first.json().path("clientId").asText(), renew1.json().path("secret").asText()).status())
                .isEqualTo(200);
        assertThat(gw.secretById(appId, secretId).path("version").asLong()).isEqualTo(2);
    }

    @Test
    void secretsListPages() {
        String appId = newApp();
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            created.add(gw.createSecret(appId, "page " + i).path("id").asText());
        }
        Set<String> seen = new HashSet<>();
        var pages = gw.pages(secretsPath(appId), 2);
        assertThat(pages).hasSize(3);
        pages.forEach(p -> p.path("items").forEach(s -> assertThat(seen.add(s.path("id").asText())).isTrue()));
        assertThat(seen).isEqualTo(created);
    }

    /** CRC32 of the ASCII text, as 6 base62 digits, most significant first. */
    static String base62Crc32(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.US_ASCII));
        long v = crc.getValue();
        char[] out = new char[6];
        for (int i = 5; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (v % 62));
            v /= 62;
        }
        return new String(out);
    }
}
