package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.ExpiryPolicyTest.putPolicy;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.MutableClock;
import org.secretdesk.server.testing.PostgresServer;

/**
 * The expiry scheduler over more secrets than one page (H2, and PostgreSQL in the second surefire execution):
 * every notification is recorded exactly once, also where many secrets share one expiry time across a page
 * boundary, and a second pass records nothing.
 */
class SchedulerPagesTest {

    private static final int APPS = 12;
    private static final int SECRETS_PER_APP = 100;
    private static final int SAME_EXPIRY = 70;

    @TempDir
    Path dir;

    @Test
    void aPassOverSeveralPagesRecordsEachNotificationOnce() throws Exception {
        assertThat(APPS * SECRETS_PER_APP).as("more than two pages").isGreaterThan(2 * NotificationScheduler.PAGE_SIZE);
        assertThat(NotificationScheduler.PAGE_SIZE % SAME_EXPIRY).as("a page ends inside a run").isNotZero();
        Set<String> expiring = new HashSet<>();
        try (GatewayFixture gw = GatewayFixture.start(dir, MutableClock.startingNow(), SECRETS_PER_APP)) {
            // Every secret expires in 60 days: nothing to notify until the clock moves (the gateway's timer makes
            // its own first pass 10 s after start, during the set-up, and must find nothing).
            putPolicy(gw, true, "P60D");
            for (int a = 0; a < APPS; a++) {
                String appId = gw.createApp(unique("paged")).path("id").asText();
                for (int s = 0; s < SECRETS_PER_APP; s++) {
                    expiring.add(gw.createSecret(appId, "s" + s).path("id").asText());
                    // 70 secrets share each expiry time (the clock stands still meanwhile), so pages of 500 end
                    // in the middle of a run of equal expiries: the (expires_at, id) cursor must not skip or repeat.
                    if (expiring.size() % SAME_EXPIRY == 0) {
                        gw.clock().advance(Duration.ofMinutes(1));
                    }
                }
            }
            String later = gw.createApp(unique("later")).path("id").asText();
            expect(gw.patch("/api/v1/applications/" + later, gw.obj("secretPolicy",
                    gw.obj("mode", "CUSTOM", "expiresAfter", "P90D"))), 200);
            String notYet = gw.createSecret(later, "not yet").path("id").asText();
            gw.clock().advance(Duration.ofDays(56)); // about 4 days left: past the 5-day threshold, not the 1-day one

            assertThat(gw.server().runSchedulerNow()).isEqualTo(APPS * SECRETS_PER_APP);
            assertThat(gw.server().runSchedulerNow()).as("a second pass").isZero();
            expiring.add(notYet); // listed below only if wrongly notified
        }

        Map<String, Integer> perSecret = new HashMap<>();
        try (Connection c = openDatabase(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT secret_id, notification_type, threshold_seconds FROM notifications")) {
            while (rs.next()) {
                assertThat(rs.getString(2)).isEqualTo("SECRET_EXPIRING");
                assertThat(rs.getLong(3)).isEqualTo(Duration.ofDays(5).toSeconds());
                perSecret.merge(rs.getString(1), 1, Integer::sum);
            }
        }
        assertThat(perSecret).hasSize(APPS * SECRETS_PER_APP);
        assertThat(perSecret.values()).containsOnly(1);
        assertThat(expiring).containsAll(perSecret.keySet());
    }

    /** The stopped gateway's database: its H2 file, or its PostgreSQL database. */
    private Connection openDatabase() throws Exception {
        Path urlFile = dir.resolve("test-db.url");
        if (PostgresServer.requested() && Files.exists(urlFile)) {
            return DriverManager.getConnection(Files.readString(urlFile, StandardCharsets.UTF_8).strip(),
                    PostgresServer.get().user(), "");
        }
        return DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("data").resolve("secretdesk").toAbsolutePath());
    }
}
