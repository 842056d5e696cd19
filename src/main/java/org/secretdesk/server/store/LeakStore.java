package org.secretdesk.server.store;

import static org.secretdesk.server.store.Sql.instant;
import static org.secretdesk.server.store.Sql.nullableLong;
import static org.secretdesk.server.store.Sql.setNullableLong;
import static org.secretdesk.server.store.Sql.truncate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.secretdesk.model.Notification;

/**
 * Leak response (issue 22): secrets found by the hash of a value, their leak marks, and the leak reports
 * ({@code leak_reports}: only hashes, never a reported value), which are also the SECRET_LEAKED notifications.
 */
public final class LeakStore {

    LeakStore() {
    }

    /**
     * The secret one of whose values has this hash: its current value, or the one kept through a renew's grace
     * period ({@code previousValue}).
     */
    public record HashMatch(String secretId, String applicationId, String applicationName, String description,
                            boolean previousValue, Long expiresAt, Long graceUntil, Long leakedAt, long version) {
    }

    /**
     * Looks the hash up as a current value and as a previous one: always both index lookups in one statement, so an
     * unknown hash costs the same whatever it is.
     */
    public Optional<HashMatch> findByHash(Connection c, String hash) throws SQLException {
        String columns = "s.id, s.application_id, a.name, s.description, %d, s.expires_at, s.grace_until, "
                + "s.leaked_at, s.version FROM secrets s JOIN applications a ON a.id = s.application_id";
        try (PreparedStatement ps = c.prepareStatement("SELECT " + columns.formatted(0) + " WHERE s.secret_hash = ?"
                + " UNION ALL SELECT " + columns.formatted(1) + " WHERE s.prev_hash = ?")) {
            ps.setString(1, hash);
            ps.setString(2, hash);
            try (ResultSet rs = ps.executeQuery()) {
                HashMatch found = null;
                while (rs.next()) {
                    HashMatch m = new HashMatch(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5) == 1, nullableLong(rs, 6), nullableLong(rs, 7), nullableLong(rs, 8),
                            rs.getLong(9));
                    if (found == null || found.previousValue()) {
                        found = m;
                    }
                }
                return Optional.ofNullable(found);
            }
        }
    }

    /**
     * Writes a secret's leak mark and the end of its current value ({@code expiresAt}) and of its previous one
     * ({@code graceUntil}) as the caller computed them under the application's lock; one version step.
     */
    public void update(Connection c, String secretId, long leakedAt, Long expiresAt, Long graceUntil)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE secrets SET leaked_at = ?, expires_at = ?, "
                + "grace_until = ?, version = version + 1 WHERE id = ?")) {
            ps.setLong(1, leakedAt);
            setNullableLong(ps, 2, expiresAt);
            setNullableLong(ps, 3, graceUntil);
            ps.setString(4, secretId);
            ps.executeUpdate();
        }
    }

    /** A leak report as first recorded; a replay of it is answered from this row. */
    public record Report(String id, String reportKey, String tokenHash, String reporter, String source, String url,
                         String label, String action, String applicationId, String applicationName,
                         String secretId, String description, Long stopsAt, long createdAt) {
    }

    private static final String REPORT_COLUMNS = "id, report_key, token_hash, reporter, source, url, label, action, "
            + "application_id, application_name, secret_id, description, stops_at, created_at";

    public Optional<Report> findReport(Connection c, String reportKey) throws SQLException {
        String sql = "SELECT " + REPORT_COLUMNS + " FROM leak_reports WHERE report_key = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, reportKey);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Report(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10), rs.getString(11), rs.getString(12), nullableLong(rs, 13), rs.getLong(14)));
            }
        }
    }

    public void insertReport(Connection c, Report r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO leak_reports (" + REPORT_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, r.id());
            ps.setString(2, r.reportKey());
            ps.setString(3, r.tokenHash());
            ps.setString(4, truncate(r.reporter(), 100));
            ps.setString(5, truncate(r.source(), 100));
            ps.setString(6, truncate(r.url(), 1000));
            ps.setString(7, r.label());
            ps.setString(8, r.action());
            ps.setString(9, r.applicationId());
            ps.setString(10, r.applicationName());
            ps.setString(11, r.secretId());
            ps.setString(12, r.description());
            setNullableLong(ps, 13, r.stopsAt());
            ps.setLong(14, r.createdAt());
            ps.executeUpdate();
        }
    }

    /** Forgets reports of values that were no secret of this gateway's, recorded before {@code before}. */
    public void purgeUnknown(Connection c, long before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM leak_reports WHERE created_at < ? AND secret_id IS NULL")) {
            ps.setLong(1, before);
            ps.executeUpdate();
        }
    }

    /** The reports of this gateway's secrets since {@code since}, oldest first, as SECRET_LEAKED notifications. */
    public List<Notification> notifications(Connection c, long since, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, application_id, application_name, secret_id, "
                + "description, stops_at, created_at FROM leak_reports WHERE created_at >= ? AND secret_id IS NOT NULL"
                + " ORDER BY seq LIMIT ?")) {
            ps.setLong(1, since);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Notification> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Notification(rs.getString(1), Notification.NotificationType.SECRET_LEAKED,
                            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            instant(nullableLong(rs, 6)), Instant.ofEpochMilli(rs.getLong(7))));
                }
                return out;
            }
        }
    }
}
