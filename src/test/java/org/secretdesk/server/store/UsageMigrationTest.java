package org.secretdesk.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.testing.PostgresServer;
import org.secretdesk.server.testing.TestDatabases;

/**
 * A database at schema version 6 (before per-value usage) is migrated to 7 on the next start, on H2 and (with
 * {@code -Dsecretdesk.test.db=postgres}) PostgreSQL: the current value of a secret whose last use is known to be of
 * that value starts with that use; a secret renewed after its last use starts with none.
 */
class UsageMigrationTest {

    @Test
    void aVersion6DatabaseIsMigratedWithTheKnownLastUses(@TempDir Path root) throws Exception {
        GatewayConfig config = TestDatabases.apply(GatewayConfig.defaults(root), root);
        String url = config.dbUrl() != null ? config.dbUrl() : Database.h2FileUrl(root);
        String user = config.dbUrl() != null ? PostgresServer.get().user() : "";
        Flyway.configure().dataSource(url, user, "").locations("classpath:db/migration")
                .javaMigrations(new SecretExpiriesMigration()).target("6").load().migrate();
        long now = Instant.now().toEpochMilli();
        long used = now - Duration.ofHours(3).toMillis();
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO applications (id, name, name_lower, description, client_id, roles, "
                    + "policy_mode, policy_seconds, created_at, updated_at, version) VALUES ('app_v6', 'V6', 'v6', '', "
                    + "'sdc_v6', '', 'DOMAIN', NULL, " + now + ", " + now + ", 1)");
            // sec_used: used after its last renew; sec_renewed: renewed after its last use; sec_never: never used.
            st.executeUpdate(secret("sec_used", "a", used - 1000, used));
            st.executeUpdate(secret("sec_renewed", "b", used + 1000, used));
            st.executeUpdate(secret("sec_never", "c", null, null));
        }
        try (Database db = Database.open(config)) {
            String version = db.read(c -> {
                try (var st = c.createStatement(); var rs = st.executeQuery(
                        "SELECT \"version\" FROM \"flyway_schema_history\" ORDER BY \"installed_rank\" DESC")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertThat(version).isEqualTo(SchemaMigrations.CURRENT_VERSION);
            Store store = new Store(!db.isH2());
            List<SecretSummary> secrets = db.read(c -> store.usage().withUsage(c,
                    store.secrets().list(c, "app_v6", null, null, 10, now), now));
            assertThat(secrets).hasSize(3);
            for (SecretSummary s : secrets) {
                Instant expected = s.id().equals("sec_used") ? Instant.ofEpochMilli(used) : null;
                assertThat(s.usage().lastUsedAt()).as("current value's last use of %s", s.id()).isEqualTo(expected);
                assertThat(s.usage().lastUsedFrom()).isNull();
                assertThat(s.previous()).isNull();
            }
        }
    }

    private static String secret(String id, String hashChar, Long renewedAt, Long lastUsedAt) {
        return "INSERT INTO secrets (id, application_id, description, hint, secret_hash, created_at, renewed_at, "
                + "last_used_at, version) VALUES ('" + id + "', 'app_v6', '" + id + "', 'sds_abcd', '"
                + hashChar.repeat(64) + "', 1000, " + renewedAt + ", " + lastUsedAt + ", 1)";
    }
}
