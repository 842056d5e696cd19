package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.GatewayPerClass;
import org.secretdesk.server.testing.Resp;

/** GET /api/v1/audit: every write with the key's name, failed admin authentication, paging, no secrets. */
class AuditLogTest {

    static GatewayFixture gw;
    @RegisterExtension
    static final GatewayPerClass GATEWAY = new GatewayPerClass(started -> gw = started);

    private static List<JsonNode> all(String query) {
        List<JsonNode> items = new ArrayList<>();
        gw.pages("/api/v1/audit" + query, 1000).forEach(p -> p.path("items").forEach(items::add));
        return items;
    }

    @Test
    void everyWriteIsRecordedWithTheKeyName() {
        String name = unique("audited");
        Resp created = gw.call("POST", "/api/v1/applications").auth(gw.opsKey()).json(gw.obj("name", name)).send();
        String appId = expect(created, 201).json().path("id").asText();
        String appPath = "/api/v1/applications/" + appId;
        expect(gw.call("PATCH", appPath).auth(gw.opsKey()).json(gw.obj("description", "audited app")).send(), 200);
        JsonNode secret = expect(gw.call("POST", appPath + "/secrets").auth(gw.opsKey())
                .json(gw.obj("description", "audited secret")).send(), 201).json();
        String secretId = secret.path("id").asText();
        JsonNode renewed = expect(gw.call("POST", appPath + "/secrets/" + secretId + "/renew").auth(gw.opsKey())
                .json(gw.obj()).send(), 200).json();
        assertThat(gw.call("DELETE", appPath + "/secrets/" + secretId).auth(gw.opsKey()).send().status()).isEqualTo(204);
        // Another application's writes must not show up under this one's filter.
        gw.createApp(unique("not-this-one"));

        List<JsonNode> items = all("?applicationId=" + appId);
        assertThat(items).as("audit of %s: %s", appId, items).hasSizeGreaterThanOrEqualTo(5);
        Set<String> actions = new HashSet<>();
        int withSecretId = 0;
        for (JsonNode e : items) {
            assertThat(e.path("id").asText()).isNotBlank();
            assertThat(e.path("applicationId").asText()).isEqualTo(appId);
            assertThat(e.path("actor").asText()).isEqualTo(GatewayFixture.OPS_NAME);
            assertThat(e.path("action").asText()).isNotBlank();
            assertThat(e.path("outcome").asText()).isNotBlank();
            assertThat(e.path("remoteAddress").asText()).isEqualTo("127.0.0.1");
            assertThat(Instant.parse(e.path("time").asText())).isNotNull();
            actions.add(e.path("action").asText());
            if (secretId.equals(e.path("secretId").asText())) {
                withSecretId++;
            }
        }
        assertThat(actions).as("create, update, secret create, renew, delete are distinct actions").hasSizeGreaterThanOrEqualTo(5);
        assertThat(withSecretId).as("secret create, renew and delete name the secret").isGreaterThanOrEqualTo(3);

        String auditText = expect(gw.get("/api/v1/audit?limit=1000"), 200).body();
        assertThat(auditText).doesNotContain(secret.path("secret").asText()).doesNotContain(renewed.path("secret").asText());
        for (String value : gw.seenSecrets()) {
            assertThat(auditText).doesNotContain(value);
        }
    }

    @Test
    void adminKeyOnPolicyAndRolesWritesIsRecordedToo() {
        Set<String> before = ids(all(""));
        expect(gw.put("/api/v1/roles", gw.arr(gw.obj("name", "r1", "description", "Role one"))), 200);
        expect(gw.put("/api/v1/settings/secret-policy", gw.obj("expiryEnabled", true, "expiresAfter", "P60D",
                "notifyBefore", List.of("P5D"))), 200);
        List<JsonNode> fresh = all("").stream().filter(e -> !before.contains(e.path("id").asText())).toList();
        assertThat(fresh).as("new audit entries: %s", fresh).hasSizeGreaterThanOrEqualTo(2);
        fresh.forEach(e -> assertThat(e.path("actor").asText()).isEqualTo("admin"));
    }

    @Test
    void updatesSayWhatChangedAndRenewsWhatHappenedToThePreviousValue() {
        // Issue 19: an update's record said only the application's name, a renew's only the secret's description.
        expect(gw.put("/api/v1/roles", gw.arr(gw.obj("name", "r1", "description", "Role one"),
                gw.obj("name", "r2", "description", "Role two"))), 200);
        String name = unique("changes");
        String appId = expect(gw.call("POST", "/api/v1/applications").auth(gw.opsKey())
                .json(gw.obj("name", name, "roles", List.of("r1"))).send(), 201).json().path("id").asText();
        String appPath = "/api/v1/applications/" + appId;
        expect(gw.patch(appPath, gw.obj("description", "new text", "roles", List.of("r2"),
                "secretPolicy", gw.obj("mode", "CUSTOM", "expiresAfter", "P30D"))), 200);
        expect(gw.patch(appPath, gw.obj("description", "new text")), 200);
        String kept = expect(gw.post(appPath + "/secrets", gw.obj("description", "kept")), 201).json()
                .path("id").asText();
        String cut = expect(gw.post(appPath + "/secrets", gw.obj("description", "cut")), 201).json()
                .path("id").asText();
        JsonNode withGrace = expect(gw.post(appPath + "/secrets/" + kept + "/renew",
                gw.obj("gracePeriod", "P7D")), 200).json();
        expect(gw.post(appPath + "/secrets/" + cut + "/renew", gw.obj()), 200);

        List<String> texts = all("?applicationId=" + appId).stream()
                .filter(e -> e.path("action").asText().matches("application.update|secret.renew"))
                .map(e -> e.path("description").asText()).toList();
        assertThat(texts).contains(
                name + ": description changed; roles +r2 -r1; expiry P30D (was the gateway's)",
                name + ": nothing changed",
                "kept: grace P7D, the previous value works until " + withGrace.path("graceUntil").asText(),
                "cut: no grace period, the previous value stopped working at once");
    }

    @Test
    void failedAdminAuthenticationIsRecorded() {
        Map<String, String> successOutcomes = new HashMap<>();
        gw.createApp(unique("success-outcome"));
        all("").forEach(e -> successOutcomes.put(e.path("id").asText(), e.path("outcome").asText()));
        Set<String> before = ids(all(""));

        String wrong = GatewayFixture.randomToken(32);
        gw.recordSensitive(wrong);
        assertThat(gw.call("GET", "/api/v1/applications").auth(wrong).send().status()).isEqualTo(401);

        List<JsonNode> fresh = all("").stream().filter(e -> !before.contains(e.path("id").asText())).toList();
        List<JsonNode> failures = fresh.stream()
                .filter(e -> !successOutcomes.containsValue(e.path("outcome").asText())).toList();
        assertThat(failures).as("an entry with a non-success outcome after one failed authentication; new: %s", fresh)
                .hasSize(1);
        JsonNode failure = failures.get(0);
        assertThat(failure.path("remoteAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(failure.path("action").asText()).isNotBlank();
        assertThat(failure.toString()).doesNotContain(wrong);
    }

    @Test
    void auditPages() {
        String appId = gw.createApp(unique("paged-audit")).path("id").asText();
        for (int i = 0; i < 4; i++) {
            expect(gw.patch("/api/v1/applications/" + appId, gw.obj("description", "rev " + i)), 200);
        }
        List<JsonNode> full = all("?applicationId=" + appId);
        assertThat(full).hasSizeGreaterThanOrEqualTo(5);
        List<String> paged = new ArrayList<>();
        List<JsonNode> pages = gw.pages("/api/v1/audit?applicationId=" + appId, 2);
        assertThat(pages.size()).isGreaterThanOrEqualTo(3);
        pages.forEach(p -> p.path("items").forEach(e -> paged.add(e.path("id").asText())));
        assertThat(paged).doesNotHaveDuplicates();
        assertThat(new HashSet<>(paged)).isEqualTo(ids(full));
    }

    private static Set<String> ids(List<JsonNode> items) {
        Set<String> ids = new HashSet<>();
        items.forEach(e -> ids.add(e.path("id").asText()));
        return ids;
    }
}
