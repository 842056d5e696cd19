package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.server.store.Database;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.GatewayPerClass;
import org.secretdesk.server.testing.TestDatabases;

/**
 * An application's secret count, next expiry and expired count (kept on its row since schema version 6,
 * {@code store.SecretExpiries}) always agree with its secrets, through every way secrets change and as time passes:
 * a random run of creates, renews and deletes on a few applications, the clock moving between them, each
 * application compared after every step, as one application and in a page of the list.
 */
class ApplicationSecretCountsTest {

    /** Per application: its policy, and the expiries a create may ask for under it (null: the policy's). */
    private static final List<List<String>> POLICIES = List.of(
            Arrays.asList("CUSTOM", "P12D", null, "PT1H", "PT20H", "P1D", "P3D", "P10D"),
            Arrays.asList("CUSTOM", "PT30H", null, "PT2H", "PT10H"),
            Arrays.asList("NEVER", null, null, "NEVER"));

    static GatewayFixture gw;
    @RegisterExtension
    static final GatewayPerClass GATEWAY = new GatewayPerClass(started -> gw = started);

    @Test
    void countsFollowEveryCreateRenewAndDeleteAndTheClock() {
        Random random = new Random(20261123);
        List<String> apps = new ArrayList<>();
        for (List<String> policy : POLICIES) {
            String id = gw.createApp(unique("counts")).path("id").asText();
            // Renewing follows the application's policy, so renews move expiries too (or take them away).
            expect(gw.patch("/api/v1/applications/" + id, gw.obj("secretPolicy", policy.get(1) == null
                    ? gw.obj("mode", policy.get(0)) : gw.obj("mode", policy.get(0), "expiresAfter",
                    policy.get(1)))), 200);
            apps.add(id);
            assertCountsMatchSecrets(id);
        }
        int created = 0;
        int renewed = 0;
        int deleted = 0;
        for (int step = 0; step < 80; step++) {
            int which = random.nextInt(apps.size());
            String app = apps.get(which);
            List<String> expiries = POLICIES.get(which).subList(2, POLICIES.get(which).size());
            JsonNode secrets = gw.secretsOf(app);
            int op = secrets.isEmpty() ? 0 : random.nextInt(3);
            switch (op) {
                case 0 -> {
                    if (secrets.size() < 10) {
                        String expiry = expiries.get(random.nextInt(expiries.size()));
                        expect(gw.post("/api/v1/applications/" + app + "/secrets", expiry == null
                                ? gw.obj("description", "s" + step)
                                : gw.obj("description", "s" + step, "expiresAfter", expiry)), 201);
                        created++;
                    }
                }
                case 1 -> {
                    String secret = secrets.get(random.nextInt(secrets.size())).path("id").asText();
                    expect(gw.renew(app, secret, null), 200);
                    renewed++;
                }
                default -> {
                    String secret = secrets.get(random.nextInt(secrets.size())).path("id").asText();
                    expect(gw.delete("/api/v1/applications/" + app + "/secrets/" + secret), 204);
                    deleted++;
                }
            }
            // Sometimes past an expiry: counts change with no write at all.
            gw.clock().advance(Duration.ofMinutes(random.nextInt(30 * 60)));
            for (String id : apps) {
                assertCountsMatchSecrets(id);
            }
        }
        assertThat(List.of(created, renewed, deleted)).as("every kind of change happened").allMatch(n -> n >= 5);
    }

    @Test
    void countsAnOlderGatewayLeftWrongAreRewrittenAtTheNextStart(@TempDir Path root) throws Exception {
        String appId;
        try (GatewayFixture first = GatewayFixture.start(root)) {
            appId = first.createApp(unique("older")).path("id").asText();
            expect(first.post("/api/v1/applications/" + appId + "/secrets", first.obj("description", "kept")), 201);
        }
        // What a gateway before schema version 6 does: it adds a secret (here one that has expired) and leaves the
        // application's expiry list as it was.
        GatewayConfig config = TestDatabases.apply(GatewayConfig.defaults(root.resolve("data")), root);
        try (Database db = Database.open(config)) {
            db.inTransaction(c -> {
                try (var ps = c.prepareStatement("INSERT INTO secrets (id, application_id, description, hint, "
                        + "secret_hash, created_at, expires_at, version) VALUES ('sec_older', ?, 'by an older node', "
                        + "'sds_abcd', ?, ?, ?, 1)")) {
                    long now = System.currentTimeMillis();
                    ps.setString(1, appId);
                    ps.setString(2, "0".repeat(64));
                    ps.setLong(3, now - 86_400_000L);
                    ps.setLong(4, now - 3_600_000L);
                    ps.executeUpdate();
                }
                return null;
            });
        }
        try (GatewayFixture second = GatewayFixture.start(root)) {
            // It also runs by itself a second after the start; called here so the test does not wait for it.
            second.server().repairSecretExpiriesNow();
            JsonNode app = expect(second.get("/api/v1/applications/" + appId), 200).json();
            assertThat(app.path("secretCount").asInt()).isEqualTo(2);
            assertThat(app.path("expiredCount").asInt()).isEqualTo(1);
            assertThat(second.server().repairSecretExpiriesNow()).as("nothing left to rewrite").isZero();
        }
    }

    /** The counts in the application and in its list entry equal what its secrets say at the gateway's now. */
    private static void assertCountsMatchSecrets(String appId) {
        Instant now = gw.clock().instant();
        int count = 0;
        int expired = 0;
        Instant next = null;
        for (JsonNode s : gw.secretsOf(appId)) {
            count++;
            if (!s.path("expiresAt").isNull()) {
                Instant at = Instant.parse(s.path("expiresAt").asText());
                if (!at.isAfter(now)) {
                    expired++;
                } else if (next == null || at.isBefore(next)) {
                    next = at;
                }
            }
        }
        JsonNode app = expect(gw.get("/api/v1/applications/" + appId), 200).json();
        String name = app.path("name").asText();
        JsonNode listed = null;
        for (JsonNode item : expect(gw.get("/api/v1/applications?q=" + URLEncoder.encode(name,
                StandardCharsets.UTF_8)), 200).json().path("items")) {
            if (item.path("id").asText().equals(appId)) {
                listed = item;
            }
        }
        assertThat(listed).as("%s in the list", name).isNotNull();
        for (JsonNode shown : List.of(app, listed)) {
            assertThat(shown.path("secretCount").asInt()).as("secretCount of %s", name).isEqualTo(count);
            assertThat(shown.path("expiredCount").asInt()).as("expiredCount of %s", name).isEqualTo(expired);
            if (next == null) {
                assertThat(shown.path("nextExpiry").isNull()).as("no nextExpiry for %s: %s", name, shown).isTrue();
            } else {
                assertThat(Instant.parse(shown.path("nextExpiry").asText())).as("nextExpiry of %s", name)
                        .isEqualTo(next);
            }
        }
    }
}
