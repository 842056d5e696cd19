package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.ExpiryPolicyTest.putPolicy;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;
import static org.secretdesk.server.testing.Problems.assertProblemAnyOf;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.GatewayPerClass;

/** The role catalog and expiry notifications (scheduler driven by hand with a controllable clock). */
class RolesAndNotificationsTest {

    static GatewayFixture gw;
    @RegisterExtension
    static final GatewayPerClass GATEWAY = new GatewayPerClass(started -> gw = started);

    @Test
    void roleCatalogIsReplacedByPut() {
        JsonNode put = gw.arr(gw.obj("name", "audit.read", "description", "Read the audit trail"),
                gw.obj("name", "billing", "description", "Billing API"));
        expect(gw.put("/api/v1/roles", put), 200);
        JsonNode roles = expect(gw.get("/api/v1/roles"), 200).json();
        assertThat(roles.isArray()).isTrue();
        assertThat(roles).hasSize(2);
        List<String> names = new ArrayList<>();
        roles.forEach(r -> names.add(r.path("name").asText()));
        assertThat(names).containsExactlyInAnyOrder("audit.read", "billing");
        roles.forEach(r -> assertThat(r.path("description").asText()).isNotBlank());

        // An application may use them; a role outside the catalog is refused.
        String user = expect(gw.post("/api/v1/applications", gw.obj("name", unique("roles-ok"), "roles",
                List.of("billing"))), 201).json().path("id").asText();
        // (Whether a role still given to an application may be dropped is not in the contract: remove the user.)
        assertThat(gw.delete("/api/v1/applications/" + user).status()).isEqualTo(204);

        expect(gw.put("/api/v1/roles", gw.arr(gw.obj("name", "only", "description", "The only role"))), 200);
        JsonNode replaced = expect(gw.get("/api/v1/roles"), 200).json();
        assertThat(replaced).hasSize(1);
        assertThat(replaced.get(0).path("name").asText()).isEqualTo("only");
        assertProblemAnyOf(gw.post("/api/v1/applications", gw.obj("name", unique("roles-gone"), "roles", List.of("audit.read"))),
                new int[] {422}, "validation.failed");
    }

    @Test
    void badRoleCatalogsAreRefused() {
        expect(gw.put("/api/v1/roles", gw.arr(gw.obj("name", "keep", "description", "Kept"))), 200);
        assertProblemAnyOf(gw.put("/api/v1/roles", gw.obj("name", "not-an-array")), new int[] {400, 422},
                "validation.failed", "request.malformed");
        assertProblemAnyOf(gw.put("/api/v1/roles", gw.arr(gw.obj("name", "", "description", "Empty name"))),
                new int[] {422}, "validation.failed");
        assertProblemAnyOf(gw.put("/api/v1/roles", gw.arr(gw.obj("name", "dup", "description", "a"),
                gw.obj("name", "dup", "description", "b"))), new int[] {409, 422}, "validation.failed");
        JsonNode roles = expect(gw.get("/api/v1/roles"), 200).json();
        assertThat(roles).hasSize(1);
        assertThat(roles.get(0).path("name").asText()).isEqualTo("keep");
    }

    private static List<JsonNode> notificationsFor(String secretId, String since) {
        String url = "/api/v1/notifications?limit=1000"
                + (since == null ? "" : "&since=" + URLEncoder.encode(since, StandardCharsets.UTF_8));
        JsonNode items = expect(gw.get(url), 200).json().path("items");
        List<JsonNode> out = new ArrayList<>();
        items.forEach(n -> {
            if (secretId.equals(n.path("secretId").asText())) {
                out.add(n);
            }
        });
        return out;
    }

    private static long count(List<JsonNode> list, String type) {
        return list.stream().filter(n -> type.equals(n.path("type").asText())).count();
    }

    @Test
    void oneNotificationPerThresholdCrossedThenExpired() {
        putPolicy(gw, true, "P30D");
        String appName = unique("notify");
        JsonNode app = gw.createAppWithSecret(appName, "expiring soon");
        JsonNode secret = app.path("issuedSecret");
        String secretId = secret.path("id").asText();
        Instant t0 = gw.clock().instant();
        Instant expiresAt = Instant.parse(secret.path("expiresAt").asText());
        // A NEVER application's secret never gets a notification.
        JsonNode forever = gw.createApp(unique("forever"));
        expect(gw.patch("/api/v1/applications/" + forever.path("id").asText(),
                gw.obj("secretPolicy", gw.obj("mode", "NEVER"))), 200);
        String foreverSecret = gw.createSecret(forever.path("id").asText(), "forever").path("id").asText();

        gw.server().runSchedulerNow();
        assertThat(notificationsFor(secretId, null)).as("30 days left, no threshold crossed").isEmpty();

        // Step past each threshold (20, 15, 10, 5, 1 days before expiry): exactly one new notification each.
        Duration[] steps = {Duration.ofDays(11), Duration.ofDays(16), Duration.ofDays(21), Duration.ofDays(26),
                Duration.ofDays(29).plusHours(12)};
        Instant fourDaysLeft = null;
        for (int i = 0; i < steps.length; i++) {
            gw.clock().set(t0.plus(steps[i]));
            gw.server().runSchedulerNow();
            gw.server().runSchedulerNow(); // a second run never repeats a notification
            List<JsonNode> now = notificationsFor(secretId, null);
            assertThat(count(now, "SECRET_EXPIRING")).as("after %s: %s", steps[i], now).isEqualTo(i + 1);
            assertThat(count(now, "SECRET_EXPIRED")).isZero();
            if (steps[i].equals(Duration.ofDays(26))) {
                fourDaysLeft = gw.clock().instant();
            }
        }

        List<JsonNode> all = notificationsFor(secretId, null);
        JsonNode any = all.get(0);
        assertThat(any.path("id").asText()).isNotBlank();
        assertThat(any.path("applicationId").asText()).isEqualTo(app.path("id").asText());
        assertThat(any.path("applicationName").asText()).isEqualTo(appName);
        assertThat(any.path("description").asText()).isEqualTo("expiring soon");
        assertThat(Instant.parse(any.path("expiresAt").asText())).isEqualTo(expiresAt);
        assertThat(all.stream().map(n -> Instant.parse(n.path("createdAt").asText())).toList())
                .contains(fourDaysLeft);

        // since= filters by creation time.
        List<JsonNode> recent = notificationsFor(secretId, fourDaysLeft.minusSeconds(1).toString());
        assertThat(recent).hasSize(2);

        gw.clock().set(expiresAt.plusSeconds(1));
        gw.server().runSchedulerNow();
        gw.server().runSchedulerNow();
        List<JsonNode> afterExpiry = notificationsFor(secretId, null);
        assertThat(count(afterExpiry, "SECRET_EXPIRED")).as("%s", afterExpiry).isEqualTo(1);
        assertThat(count(afterExpiry, "SECRET_EXPIRING")).isEqualTo(5);
        assertThat(notificationsFor(foreverSecret, null)).isEmpty();
        assertThat(expect(gw.get("/api/v1/notifications?limit=2"), 200).json().path("items").size())
                .isEqualTo(2);
    }

    @Test
    void notificationsListIsAnItemsObject() {
        JsonNode page = expect(gw.get("/api/v1/notifications"), 200).json();
        assertThat(page.path("items").isArray()).isTrue();
        assertProblemAnyOf(gw.get("/api/v1/notifications?since=yesterday"), new int[] {400, 422},
                "validation.failed", "request.malformed");
    }
}
