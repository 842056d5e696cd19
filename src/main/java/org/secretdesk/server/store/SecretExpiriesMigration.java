package org.secretdesk.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Schema version 6: {@code applications.secret_expiries} ({@link SecretExpiries}), filled from the secrets that
 * exist. In Java because the fill needs a string aggregate, which H2 and PostgreSQL spell differently; it reads the
 * secrets once in application order and writes each application's text in batches.
 */
final class SecretExpiriesMigration implements JavaMigration {

    private static final int BATCH = 1_000;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("6");
    }

    @Override
    public String getDescription() {
        return "application secret expiries";
    }

    @Override
    public Integer getChecksum() {
        // Flyway compares it with the recorded one whenever it runs (SchemaMigrations); change it only with the
        // migration's meaning.
        return 6_000_001;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE applications ADD COLUMN secret_expiries VARCHAR(16000) DEFAULT '' NOT NULL");
        }
        try (PreparedStatement read = c.prepareStatement(
                "SELECT application_id, expires_at FROM secrets ORDER BY application_id");
             PreparedStatement write = c.prepareStatement(
                     "UPDATE applications SET secret_expiries = ? WHERE id = ?")) {
            // PostgreSQL streams in a transaction only with a fetch size; H2 ignores it.
            read.setFetchSize(10_000);
            try (ResultSet rs = read.executeQuery()) {
                String current = null;
                StringBuilder text = new StringBuilder();
                int pending = 0;
                while (rs.next()) {
                    String app = rs.getString(1);
                    if (!app.equals(current)) {
                        if (current != null) {
                            pending = add(write, current, text, pending);
                        }
                        current = app;
                        text.setLength(0);
                    }
                    long at = rs.getLong(2);
                    SecretExpiries.append(text, rs.wasNull() ? null : at);
                }
                if (current != null) {
                    add(write, current, text, pending);
                }
                write.executeBatch();
            }
        }
    }

    private static int add(PreparedStatement write, String app, StringBuilder text, int pending) throws SQLException {
        write.setString(1, text.toString());
        write.setString(2, app);
        write.addBatch();
        if (pending + 1 >= BATCH) {
            write.executeBatch();
            return 0;
        }
        return pending + 1;
    }
}
