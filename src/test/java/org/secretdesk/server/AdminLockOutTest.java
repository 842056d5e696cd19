package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;
import static org.secretdesk.server.testing.Problems.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.Resp;

/**
 * Issue 20: bad keys from an address must not lock out the admins who share it (behind a TCP load balancer
 * every console does), and every refused admin request leaves an audit record.
 */
class AdminLockOutTest {

    @Test
    void tenBadKeysFromOneAddressThenTheRightKeyFromTheSameAddressIs200(@TempDir Path dir) {
        try (GatewayFixture gw = GatewayFixture.start(dir)) {
            for (int i = 1; i <= 10; i++) {
                String wrong = GatewayFixture.randomToken(32);
                gw.recordSensitive(wrong);
                assertProblem(gw.call("GET", "/api/v1/applications").auth(wrong).send(), 401, "auth.invalid_api_key");
            }
            Resp right = gw.call("GET", "/api/v1/applications").auth(gw.adminKey()).send();
            assertThat(right.status()).as("the right key after 10 bad ones: %s", right).isEqualTo(200);
            // The address stays limited for bad keys, and a valid key keeps passing, for writes too.
            assertProblem(gw.call("GET", "/api/v1/applications").auth(GatewayFixture.randomToken(32)).send(), 429,
                    "auth.rate_limited");
            expect(gw.call("POST", "/api/v1/applications").auth(gw.opsKey()).json(gw.obj("name", unique("ops")))
                    .send(), 201);
            assertThat(gw.call("GET", "/api/v1/roles").auth(gw.viewerKey()).send().status()).isEqualTo(200);
        }
    }

    @Test
    void refusedAdminRequestsAreAudited(@TempDir Path dir) {
        try (GatewayFixture gw = GatewayFixture.start(dir)) {
            JsonNode app = gw.createAppWithSecret(unique("audited"), "main");
            String appId = app.path("id").asText();
            String secretId = app.path("issuedSecret").path("id").asText();
            String appPath = "/api/v1/applications/" + appId;

            // No key at all.
            assertProblem(gw.call("GET", "/api/v1/applications").noAuth().send(), 401, "auth.missing_api_key");
            // A viewer's write.
            assertProblem(gw.call("DELETE", appPath).auth(gw.viewerKey()).send(), 403, "auth.forbidden");
            // Refused writes: 409, 412, 422.
            assertProblem(gw.post("/api/v1/applications", gw.obj("name", app.path("name").asText())), 409,
                    "application.duplicate_name");
            assertProblem(gw.call("DELETE", appPath + "/secrets/" + secretId).ifMatch(99).send(), 412,
                    "precondition.failed");
            assertProblem(gw.post(appPath + "/secrets", gw.obj("description", "")), 422, "validation.failed");

            List<String> rejected = new ArrayList<>();
            gw.pages("/api/v1/audit", 1000).forEach(p -> p.path("items").forEach(e -> {
                if (e.path("outcome").asText().equals("REJECTED")) {
                    rejected.add(e.path("actor").asText() + " " + e.path("action").asText() + " "
                            + e.path("applicationId").asText("-") + " " + e.path("secretId").asText("-") + " "
                            + e.path("description").asText());
                    assertThat(e.path("remoteAddress").asText()).isEqualTo("127.0.0.1");
                }
            }));
            assertThat(rejected).containsExactlyInAnyOrder(
                    "unknown auth.failed - - auth.missing_api_key",
                    GatewayFixture.VIEWER_NAME + " application.delete " + appId + " - auth.forbidden",
                    "admin application.create - - application.duplicate_name",
                    "admin secret.delete " + appId + " " + secretId + " precondition.failed",
                    "admin secret.create " + appId + " - validation.failed");
            // Refused, so nothing changed.
            assertThat(gw.secretsOf(appId)).hasSize(1);
        }
    }
}
