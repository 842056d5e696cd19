package org.secretdesk.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.model.Application;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.testing.PostgresServer;
import org.secretdesk.server.testing.TestDatabases;

/**
 * A database written by a gateway before schema version 6 (secrets, no {@code secret_expiries}) is upgraded on
 * the next start: every application then shows the same counts the per-row aggregates gave, on H2 and (with
 * {@code -Dsecretdesk.test.db=postgres}) on PostgreSQL. Also checks {@link SecretExpiries#summarise} against those
 * aggregates directly.
 */
class SecretExpiriesMigrationTest {

    private static final long DAY = Duration.ofDays(1).toMillis();

    @Test
    void anOlderDatabaseGetsEachApplicationsExpiriesOnUpgrade(@TempDir Path root) throws Exception {
        GatewayConfig config = TestDatabases.apply(GatewayConfig.defaults(root), root);
        String url = config.dbUrl() != null ? config.dbUrl() : Database.h2FileUrl(root);
        String user = config.dbUrl() != null ? PostgresServer.get().user() : "";
        Flyway.configure().dataSource(url, user, "").locations("classpath:db/migration").target("5").load()
                .migrate();
        long now = System.currentTimeMillis();
        Random random = new Random(6);
        List<String> apps = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, user, "")) {
            for (int a = 0; a < 40; a++) {
                String id = "app_m" + a;
                apps.add(id);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO applications (id, name, name_lower, "
                        + "description, client_id, roles, policy_mode, policy_seconds, created_at, updated_at, "
                        + "version) VALUES (?, ?, ?, '', ?, '', 'DOMAIN', NULL, ?, ?, 1)")) {
                    ps.setString(1, id);
                    ps.setString(2, "Migrated " + a);
                    ps.setString(3, "migrated " + a);
                    ps.setString(4, "sdc_m" + a);
                    ps.setLong(5, now);
                    ps.setLong(6, now);
                    ps.executeUpdate();
                }
                // Some with no secrets, some never expiring, some expired, some ahead.
                int secrets = a % 5 == 0 ? 0 : random.nextInt(12);
                for (int s = 0; s < secrets; s++) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO secrets (id, application_id, "
                            + "description, hint, secret_hash, created_at, expires_at, version) "
                            + "VALUES (?, ?, ?, 'sds_abcd', ?, ?, ?, 1)")) {
                        ps.setString(1, "sec_m" + a + "_" + s);
                        ps.setString(2, id);
                        ps.setString(3, "secret " + s);
                        ps.setString(4, "0".repeat(64));
                        ps.setLong(5, now);
                        if (random.nextInt(4) == 0) {
                            ps.setNull(6, java.sql.Types.BIGINT);
                        } else {
                            ps.setLong(6, now + (random.nextInt(40) - 10) * DAY + random.nextInt(1000));
                        }
                        ps.executeUpdate();
                    }
                }
            }
        }
        List<Application> expected = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, user, "")) {
            for (String id : apps) {
                expected.add(aggregates(c, id, now));
            }
        }

        try (Database db = Database.open(config)) {
            Store store = new Store();
            for (Application want : expected) {
                Application got = db.read(c -> store.applications().find(c, want.id(), now)).orElseThrow();
                assertThat(List.of(got.secretCount(), got.expiredCount())).as("counts of %s", want.id())
                        .isEqualTo(List.of(want.secretCount(), want.expiredCount()));
                assertThat(got.nextExpiry()).as("next expiry of %s", want.id()).isEqualTo(want.nextExpiry());
            }
            // And later, with no write in between: the stored expiries still answer for another time.
            long later = now + 15 * DAY;
            for (String id : apps) {
                Application got = db.read(c -> store.applications().find(c, id, later)).orElseThrow();
                Application want = db.read(c -> aggregates(c, id, later));
                assertThat(List.of(got.secretCount(), got.expiredCount(), String.valueOf(got.nextExpiry())))
                        .as("%s fifteen days later", id).isEqualTo(List.of(want.secretCount(), want.expiredCount(),
                                String.valueOf(want.nextExpiry())));
            }
            assertThat(expected).as("the data covers every case").anyMatch(a -> a.secretCount() == 0)
                    .anyMatch(a -> a.expiredCount() > 0).anyMatch(a -> a.nextExpiry() != null);
        }
    }

    @Test
    void summaryOfTheTextEqualsTheThreeAggregates() {
        Random random = new Random(36);
        long now = 1_800_000_000_000L;
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder();
            int count = random.nextInt(15);
            int expired = 0;
            Long next = null;
            for (int i = 0; i < count; i++) {
                Long at = random.nextInt(5) == 0 ? null : now + (random.nextInt(21) - 10) * (long) random.nextInt(
                        1 + 1_000_000);
                SecretExpiries.append(text, at);
                if (at != null && at <= now) {
                    expired++;
                } else if (at != null && (next == null || at < next)) {
                    next = at;
                }
            }
            SecretExpiries.Summary summary = SecretExpiries.summarise(text.toString(), now);
            assertThat(summary).as("summary of '%s'", text).isEqualTo(new SecretExpiries.Summary(count, next,
                    expired));
        }
        assertThat(SecretExpiries.summarise("", now)).isEqualTo(new SecretExpiries.Summary(0, null, 0));
        // Order does not matter (an insert appends, a rebuild follows the index); each entry counts.
        assertThat(SecretExpiries.sameEntries("mx1,-,mx2", "mx2,mx1,-")).isTrue();
        assertThat(SecretExpiries.sameEntries("mx1,mx1,mx2", "mx1,mx2,mx2")).isFalse();
        assertThat(SecretExpiries.sameEntries("", "")).isTrue();
        assertThat(SecretExpiries.sameEntries("", "-")).isFalse();
        assertThat(SecretExpiries.sameEntries("mx1", "mx1,mx1")).isFalse();
        assertThat(SecretExpiries.summarise(SecretExpiries.entry(now), now).expired()).as("expiry at now has passed")
                .isEqualTo(1);
    }

    /** What the gateway computed per row before version 6: three aggregates over the secrets. */
    private static Application aggregates(Connection c, String id, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT "
                + "(SELECT COUNT(*) FROM secrets s WHERE s.application_id = ?), "
                + "(SELECT MIN(s.expires_at) FROM secrets s WHERE s.application_id = ? AND s.expires_at > ?), "
                + "(SELECT COUNT(*) FROM secrets s WHERE s.application_id = ? AND s.expires_at <= ?)")) {
            ps.setString(1, id);
            ps.setString(2, id);
            ps.setLong(3, now);
            ps.setString(4, id);
            ps.setLong(5, now);
            try (var rs = ps.executeQuery()) {
                rs.next();
                long next = rs.getLong(2);
                java.time.Instant nextExpiry = rs.wasNull() ? null : java.time.Instant.ofEpochMilli(next);
                return new Application(id, id, "", "", List.of(), null, null, 1, null, rs.getInt(1), nextExpiry,
                        rs.getInt(3));
            }
        }
    }
}
