package org.secretdesk.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema to {@link #CURRENT_VERSION} with Flyway, unless Flyway's own history already says it is there.
 * Flyway scans the class path, parses every migration and computes their checksums at each start: about a third of
 * a gateway's restart in a cold JVM (docs/benchmarks.md). A restart on an unchanged schema only reads the history's
 * last row instead. A missing history (new database), an older version, a newer one (a later gateway was here
 * first: Flyway ignores future migrations as before) or a failed migration all go through Flyway as before.
 */
final class SchemaMigrations {

    /** The version of the newest migration (db/migration and the Java ones). Checked by a test. */
    static final String CURRENT_VERSION = "9";

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

    private SchemaMigrations() {
    }

    static void migrate(DataSource dataSource) {
        if (isCurrent(dataSource)) {
            LOG.debug("Schema version {} is current; Flyway not needed", CURRENT_VERSION);
            return;
        }
        flyway(dataSource).migrate();
    }

    static Flyway flyway(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .javaMigrations(new SecretExpiriesMigration()).load();
    }

    /** True when the last migration Flyway recorded is {@link #CURRENT_VERSION}, and none ever failed. */
    static boolean isCurrent(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet failed = st.executeQuery(
                    "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE NOT \"success\"")) {
                if (!failed.next() || failed.getLong(1) != 0) {
                    return false;
                }
            }
            try (ResultSet last = st.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\""
                    + " WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\" DESC LIMIT 1")) {
                return last.next() && CURRENT_VERSION.equals(last.getString(1));
            }
        } catch (SQLException e) {
            // No history table yet (a new database), or not one we can read: Flyway decides.
            return false;
        }
    }
}
