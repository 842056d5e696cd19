package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;
import static org.secretdesk.server.testing.Problems.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.GatewayFixture.Call;
import org.secretdesk.server.testing.Resp;

/** Admin API keys: missing, wrong, viewer role, and the failed-attempt rate limit (on its own gateway). */
class AdminAuthTest {

    @TempDir
    static Path dir;
    @TempDir
    static Path rateLimitDir;
    static GatewayFixture gw;
    static String appId;
    static String secretId;

    /** Every admin route of the contract that needs a key (method, path). */
    static List<String[]> adminRoutes() {
        String app = "/api/v1/applications/" + appId;
        String sec = app + "/secrets/" + secretId;
        return List.of(
                new String[] {"GET", "/api/v1/applications"},
                new String[] {"POST", "/api/v1/applications"},
                new String[] {"GET", app},
                new String[] {"PATCH", app},
                new String[] {"DELETE", app},
                new String[] {"GET", app + "/secrets"},
                new String[] {"POST", app + "/secrets"},
                new String[] {"POST", sec + "/renew"},
                new String[] {"DELETE", sec},
                new String[] {"GET", "/api/v1/settings/secret-policy"},
                new String[] {"PUT", "/api/v1/settings/secret-policy"},
                new String[] {"GET", "/api/v1/roles"},
                new String[] {"PUT", "/api/v1/roles"},
                new String[] {"GET", "/api/v1/notifications"},
                new String[] {"GET", "/api/v1/audit"},
                new String[] {"POST", "/api/v1/ca/rotate"});
    }

    @BeforeAll
    static void start() {
        gw = GatewayFixture.start(dir);
        JsonNode app = gw.createAppWithSecret(unique("auth"), "main");
        appId = app.path("id").asText();
        secretId = app.path("issuedSecret").path("id").asText();
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private static Call route(String[] r, String key) {
        Call c = gw.call(r[0], r[1]).auth(key);
        if (!r[0].equals("GET") && !r[0].equals("DELETE")) {
            c.json(r[1].endsWith("/roles") ? "[]" : "{}");
        }
        return c;
    }

    @Test
    void missingKeyIs401WithWwwAuthenticate() {
        for (String[] r : adminRoutes()) {
            Resp resp = route(r, null).send();
            assertProblem(resp, 401, "auth.missing_api_key");
            assertThat(resp.header("WWW-Authenticate").orElse("")).as("%s %s", r[0], r[1]).startsWith("Bearer");
        }
        assertThat(gw.secretsOf(appId)).hasSize(1);
    }

    @Test
    void eventsNeedAKeyToo() {
        Resp resp = gw.call("GET", "/api/v1/events").noAuth().header("Accept", "text/event-stream").send();
        assertProblem(resp, 401, "auth.missing_api_key");
    }

    @Test
    void wrongKeyIs401() {
        String wrong = GatewayFixture.randomToken(32);
        gw.recordSensitive(wrong);
        Resp resp = gw.call("GET", "/api/v1/applications").auth(wrong).send();
        assertProblem(resp, 401, "auth.invalid_api_key");
        assertThat(resp.header("WWW-Authenticate").orElse("")).startsWith("Bearer");
        // A key that is a prefix of the real one, or the real one with a different case, is wrong too.
        assertProblem(gw.call("GET", "/api/v1/applications").auth(gw.adminKey().substring(0, gw.adminKey().length() - 1))
                .send(), 401, "auth.invalid_api_key");
        // Non-Bearer schemes are not admin authentication.
        assertThat(gw.call("GET", "/api/v1/applications").noAuth().header("Authorization", "Basic Zm9vOmJhcg==").send()
                .status()).isEqualTo(401);
    }

    @Test
    void viewerCanReadEverything() {
        for (String[] r : adminRoutes()) {
            if (r[0].equals("GET")) {
                Resp resp = gw.call("GET", r[1]).auth(gw.viewerKey()).send();
                assertThat(resp.status()).as("viewer %s %s: %s", r[0], r[1], resp).isEqualTo(200);
            }
        }
        assertThat(gw.call("GET", "/api/v1/ca/info").auth(gw.viewerKey()).send().status()).isEqualTo(200);
    }

    @Test
    void viewerCannotWrite() {
        for (String[] r : adminRoutes()) {
            if (!r[0].equals("GET")) {
                assertProblem(route(r, gw.viewerKey()).send(), 403, "auth.forbidden");
            }
        }
        // Nothing changed.
        expect(gw.get("/api/v1/applications/" + appId), 200);
        assertThat(gw.secretsOf(appId)).hasSize(1);
        assertThat(gw.secretById(appId, secretId).path("version").asLong()).isEqualTo(1);
    }

    @Test
    void secondAdminKeyCanWrite() {
        Resp r = gw.call("POST", "/api/v1/applications").auth(gw.opsKey()).json(gw.obj("name", unique("by-ops"))).send();
        expect(r, 201);
    }

    @Test
    void moreThanTenFailedAttemptsInAMinuteAreRateLimited() throws Exception {
        try (GatewayFixture limited = GatewayFixture.start(rateLimitDir)) {
            for (int i = 1; i <= 10; i++) {
                String wrong = GatewayFixture.randomToken(32);
                limited.recordSensitive(wrong);
                Resp r = limited.call("GET", "/api/v1/applications").auth(wrong).send();
                assertThat(r.status()).as("failed attempt %d: %s", i, r).isEqualTo(401);
            }
            Resp eleventh = limited.call("GET", "/api/v1/applications").auth(GatewayFixture.randomToken(32)).send();
            assertProblem(eleventh, 429, "auth.rate_limited");
            String retryAfter = eleventh.header("Retry-After").orElse(null);
            assertThat(retryAfter).as("Retry-After on %s", eleventh).isNotNull();
            assertThat(Integer.parseInt(retryAfter.strip())).isBetween(1, 60);

            // The limit is per address: another loopback address is not limited.
            java.net.http.HttpClient other = limited.httpClientFrom(java.net.InetAddress.getByName("127.0.0.2"));
            Resp elsewhereWrong = limited.call("GET", "/api/v1/applications").auth(GatewayFixture.randomToken(32))
                    .sendWith(other);
            assertProblem(elsewhereWrong, 401, "auth.invalid_api_key");
            assertThat(limited.call("GET", "/api/v1/applications").sendWith(other).status()).isEqualTo(200);
        }
    }
}
