package org.secretdesk.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationInfo;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart on an up-to-date schema skips Flyway (it only reads the history's last row); anything else still goes
 * through Flyway. Runs on H2: the check is two plain SELECTs on Flyway's own table.
 */
class SchemaMigrationsTest {

    @Test
    void theCurrentVersionIsTheNewestMigration() throws IOException, URISyntaxException {
        Path dir = Path.of(SchemaMigrationsTest.class.getResource("/db/migration").toURI());
        int newestSql;
        try (Stream<Path> files = Files.list(dir)) {
            newestSql = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max(Comparator.naturalOrder())
                    .orElseThrow();
        }
        int newestJava = Integer.parseInt(new SecretExpiriesMigration().getVersion().getVersion());
        assertThat(SchemaMigrations.CURRENT_VERSION)
                .as("SchemaMigrations.CURRENT_VERSION must name the newest migration, or a new one is never run")
                .isEqualTo(String.valueOf(Math.max(newestSql, newestJava)));
        MigrationInfo[] known = SchemaMigrations.flyway(h2(dir.resolve("unused"))).info().all();
        assertThat(known[known.length - 1].getVersion().getVersion()).isEqualTo(SchemaMigrations.CURRENT_VERSION);
    }

    @Test
    void aNewDatabaseIsMigratedAndThenRecognisedAsCurrent(@TempDir Path dir) throws SQLException {
        DataSource ds = h2(dir.resolve("db"));
        assertThat(SchemaMigrations.isCurrent(ds)).isFalse();
        SchemaMigrations.migrate(ds);
        assertThat(SchemaMigrations.isCurrent(ds)).isTrue();
        assertThat(rows(ds)).isEqualTo(Integer.parseInt(SchemaMigrations.CURRENT_VERSION));
        // A second start reads only: the history does not grow, and nothing fails.
        SchemaMigrations.migrate(ds);
        assertThat(rows(ds)).isEqualTo(Integer.parseInt(SchemaMigrations.CURRENT_VERSION));
    }

    @Test
    void anOlderSchemaIsMigrated(@TempDir Path dir) throws SQLException {
        DataSource ds = h2(dir.resolve("db"));
        org.flywaydb.core.Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("4").load()
                .migrate();
        assertThat(SchemaMigrations.isCurrent(ds)).isFalse();
        SchemaMigrations.migrate(ds);
        assertThat(SchemaMigrations.isCurrent(ds)).isTrue();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM applications WHERE secret_expiries IS NULL")) {
            assertThat(rs.next()).isTrue(); // version 6's column exists: the migrations after 4 ran
        }
    }

    @Test
    void aRecordedFailureIsNotCurrent(@TempDir Path dir) throws SQLException {
        DataSource ds = h2(dir.resolve("db"));
        SchemaMigrations.migrate(ds);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '3'");
        }
        assertThat(SchemaMigrations.isCurrent(ds)).isFalse();
    }

    private static int rows(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static DataSource h2(Path file) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + file.toAbsolutePath() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }
}
