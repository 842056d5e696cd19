package org.secretdesk.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.GatewayPerClass;
import org.secretdesk.server.testing.Problems;

/**
 * {@code /api/v1/channels}: admin keys only; settings checked per kind with their defaults; the credential is
 * write-only; every change audited; a test against nothing listening fails and is recorded.
 */
class ChannelsApiTest {

    static GatewayFixture gw;
    @RegisterExtension
    static final GatewayPerClass GATEWAY = new GatewayPerClass(started -> gw = started);

    @Test
    void settingsAreCheckedPerKindAndCompletedWithDefaults() {
        JsonNode syslog = expect(gw.post("/api/v1/channels", gw.obj("name", unique("siem"), "kind", "syslog",
                "enabled", false, "settings", gw.obj("host", "siem.example.com"))), 201).json();
        assertThat(syslog.path("settings").path("transport").asText()).isEqualTo("TLS");
        assertThat(syslog.path("settings").path("port").asInt()).isEqualTo(6514);
        assertThat(syslog.path("settings").path("format").asText()).isEqualTo("JSON");
        assertThat(syslog.path("events").toString()).contains("AUDIT", "SECRET_EXPIRING", "CA_ROTATED")
                .doesNotContain("TEST");
        assertThat(syslog.path("credentialSet").asBoolean()).isFalse();
        assertThat(syslog.path("enabled").asBoolean()).isFalse();

        List<Object[]> bad = new ArrayList<>();
        bad.add(new Object[] {gw.obj("name", "x", "kind", "WEBHOOK", "credential", "0123456789abcdef",
                "settings", gw.obj("url", "http://hooks.example.com/x")), "settings.url"});
        bad.add(new Object[] {gw.obj("name", "x", "kind", "WEBHOOK",
                "settings", gw.obj("url", "https://hooks.example.com/x")), "credential"});
        bad.add(new Object[] {gw.obj("name", "x", "kind", "WEBHOOK", "credential", "short",
                "settings", gw.obj("url", "https://hooks.example.com/x")), "credential"});
        bad.add(new Object[] {gw.obj("name", "x", "kind", "EMAIL", "settings", gw.obj("host", "smtp.example.com",
                "from", "not an address")), "settings.from"});
        bad.add(new Object[] {gw.obj("name", "x", "kind", "EMAIL", "settings", gw.obj("host", "smtp.example.com",
                "from", "a@example.com", "security", "NONE")), "settings.security"});
        bad.add(new Object[] {gw.obj("name", "x", "kind", "EMAIL", "settings", gw.obj("host", "smtp.example.com",
                "from", "a@example.com", "username", "u")), "credential"});
        bad.add(new Object[] {gw.obj("name", "x", "kind", "SYSLOG", "settings", gw.obj("host", "h", "port", 70000)),
                "settings.port"});
        bad.add(new Object[] {gw.obj("name", "x", "kind", "SYSLOG", "settings", gw.obj("host", "h", "password",
                "p")), "settings"});
        bad.add(new Object[] {gw.obj("name", "x", "kind", "SYSLOG", "events", List.of("NOPE"),
                "settings", gw.obj("host", "h")), "events"});
        bad.add(new Object[] {gw.obj("name", "x", "kind", "PIGEON", "settings", gw.obj("host", "h")), "kind"});
        bad.add(new Object[] {gw.obj("name", "x", "kind", "SYSLOG", "settings", gw.obj("host", "h",
                "caCertificate", "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----")),
                "settings.caCertificate"});
        for (Object[] b : bad) {
            JsonNode problem = expect(gw.post("/api/v1/channels", b[0]), 422).json();
            assertThat(problem.path("field").asText()).as("%s", b[0]).isEqualTo(b[1]);
        }
    }

    @Test
    void theCredentialIsWriteOnlyAndEveryChangeIsAudited() {
        String credential = "sig-" + GatewayFixture.randomToken(20);
        gw.recordSensitive(credential);
        String name = unique("hook");
        JsonNode created = expect(gw.post("/api/v1/channels", gw.obj("name", name, "kind", "WEBHOOK",
                "events", List.of("SECRET_EXPIRED"), "credential", credential,
                "settings", gw.obj("url", "https://hooks.example.com/secretdesk"))), 201).json();
        String id = created.path("id").asText();
        for (JsonNode shown : List.of(created, expect(gw.get("/api/v1/channels/" + id), 200).json(),
                expect(gw.get("/api/v1/channels"), 200).json())) {
            assertThat(shown.toString()).doesNotContain(credential).contains("\"credentialSet\":true");
        }
        JsonNode changed = expect(gw.call("PATCH", "/api/v1/channels/" + id).ifMatch(1)
                .json(gw.obj("enabled", false, "events", List.of("SECRET_EXPIRED", "SECRET_LEAKED"))).send(), 200)
                .json();
        assertThat(changed.path("enabled").asBoolean()).isFalse();
        assertThat(changed.path("credentialSet").asBoolean()).isTrue();
        assertThat(changed.path("version").asLong()).isEqualTo(2);
        assertThat(changed.path("settings").path("url").asText()).isEqualTo("https://hooks.example.com/secretdesk");
        expect(gw.call("PATCH", "/api/v1/channels/" + id).ifMatch(1).json(gw.obj("enabled", true)).send(), 412);
        expect(gw.patch("/api/v1/channels/" + id, gw.obj("kind", "EMAIL")), 422);
        expect(gw.delete("/api/v1/channels/" + id), 204);
        assertThat(expect(gw.get("/api/v1/channels/" + id), 404).json().path("code").asText())
                .isEqualTo("channel.not_found");

        JsonNode audit = expect(gw.get("/api/v1/audit?limit=200"), 200).json().path("items");
        List<String> actions = new ArrayList<>();
        audit.forEach(e -> {
            if (e.path("description").asText().startsWith(name)) {
                actions.add(e.path("action").asText() + "/" + e.path("outcome").asText());
            }
            assertThat(e.toString()).doesNotContain(credential);
        });
        assertThat(actions).contains("channel.create/SUCCESS", "channel.update/SUCCESS", "channel.delete/SUCCESS");
    }

    @Test
    void viewersSeeNoChannelsAndChangeNone() {
        Problems.assertProblem(gw.call("GET", "/api/v1/channels").auth(gw.viewerKey()).send(), 403, "auth.forbidden");
        Problems.assertProblem(gw.call("POST", "/api/v1/channels").auth(gw.viewerKey())
                .json(gw.obj("name", "x", "kind", "SYSLOG", "settings", gw.obj("host", "h"))).send(), 403,
                "auth.forbidden");
        Problems.assertProblem(gw.call("GET", "/api/v1/calendar/tokens").auth(gw.viewerKey()).send(), 403,
                "auth.forbidden");
    }

    @Test
    void aTestToNothingListeningFailsAndIsRecorded() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String id = expect(gw.post("/api/v1/channels", gw.obj("name", unique("nowhere"), "kind", "SYSLOG",
                "settings", gw.obj("host", "127.0.0.1", "port", closedPort, "transport", "TCP"))), 201).json()
                .path("id").asText();
        JsonNode test = expect(gw.post("/api/v1/channels/" + id + "/test", gw.obj()), 200).json();
        assertThat(test.path("state").asText()).isEqualTo("FAILED");
        assertThat(test.path("attempts").asInt()).isEqualTo(1);
        assertThat(test.path("lastError").asText()).contains("refused");
        assertThat(test.path("event").path("type").asText()).isEqualTo("TEST");
        JsonNode recorded = null;
        for (JsonNode d : expect(gw.get("/api/v1/channels/" + id + "/deliveries"), 200).json().path("items")) {
            if (d.path("id").asText().equals(test.path("id").asText())) {
                recorded = d;
            }
        }
        assertThat(recorded).as("the test in the channel's deliveries").isNotNull();
        assertThat(recorded.path("state").asText()).isEqualTo("FAILED");
        assertThat(recorded.path("finishedAt").asText()).isNotEmpty();
    }
}
