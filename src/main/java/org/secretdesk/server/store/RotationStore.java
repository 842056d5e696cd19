package org.secretdesk.server.store;

import static org.secretdesk.server.store.Sql.nullableLong;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Grace periods after a renew: ending and extending them, retire-when-quiet ({@code secret_retirement}, one row per
 * secret whose grace the gateway may end early) and each application's rotation policy ({@code
 * application_rotation}).
 */
public final class RotationStore {

    RotationStore() {
    }

    /**
     * Ends the grace period: the previous value stops working now. With {@code previousHash}, only while that value
     * is still the previous one, so of two nodes retiring the same grace at once exactly one does; without, whatever
     * the previous value is. Returns whether it ended a grace.
     */
    public boolean endGrace(Connection c, String applicationId, String secretId, String previousHash)
            throws SQLException {
        boolean ended;
        try (PreparedStatement ps = c.prepareStatement("UPDATE secrets SET prev_hash = NULL, grace_until = NULL, "
                + "version = version + 1 WHERE id = ? AND application_id = ? AND prev_hash "
                + (previousHash == null ? "IS NOT NULL" : "= ?"))) {
            ps.setString(1, secretId);
            ps.setString(2, applicationId);
            if (previousHash != null) {
                ps.setString(3, previousHash);
            }
            ended = ps.executeUpdate() == 1;
        }
        if (ended) {
            stopRetirement(c, secretId);
        }
        return ended;
    }

    public void extendGrace(Connection c, String applicationId, String secretId, long graceUntil)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE secrets SET grace_until = ?, version = version + 1 "
                + "WHERE id = ? AND application_id = ?")) {
            ps.setLong(1, graceUntil);
            ps.setString(2, secretId);
            ps.setString(3, applicationId);
            ps.executeUpdate();
        }
    }

    /** Retire-when-quiet for the grace a renew just started (replacing any earlier one of the secret). */
    public void startRetirement(Connection c, String applicationId, String secretId, long quietMs)
            throws SQLException {
        stopRetirement(c, secretId);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO secret_retirement (secret_id, application_id, quiet_ms) VALUES (?, ?, ?)")) {
            ps.setString(1, secretId);
            ps.setString(2, applicationId);
            ps.setLong(3, quietMs);
            ps.executeUpdate();
        }
    }

    public void stopRetirement(Connection c, String secretId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM secret_retirement WHERE secret_id = ?")) {
            ps.setString(1, secretId);
            ps.executeUpdate();
        }
    }

    /**
     * A grace the gateway may end early, with what decides it.
     *
     * @param graceUntil       null when the secret is gone or its grace is over (the row is then only deleted)
     * @param currentLastUsed  the new value's last written use, null when none
     * @param previousLastUsed the old value's last written use, null when none
     */
    public record Retirement(String applicationId, String secretId, long quietMs, String previousHash, Long graceUntil,
                             long renewedAt, String description, Long currentLastUsed, Long previousLastUsed) {
    }

    public List<Retirement> retirements(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT r.application_id, r.secret_id, r.quiet_ms, s.prev_hash, "
                + "s.grace_until, COALESCE(s.renewed_at, s.created_at), s.description, cu.last_used_at, "
                + "pu.last_used_at FROM secret_retirement r "
                + "LEFT JOIN secrets s ON s.id = r.secret_id "
                + "LEFT JOIN secret_usage cu ON cu.secret_id = s.id AND cu.value_hash = s.secret_hash "
                + "LEFT JOIN secret_usage pu ON pu.secret_id = s.id AND pu.value_hash = s.prev_hash "
                + "ORDER BY r.secret_id");
             ResultSet rs = ps.executeQuery()) {
            List<Retirement> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Retirement(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(4) == null ? null : nullableLong(rs, 5), rs.getLong(6), rs.getString(7),
                        nullableLong(rs, 8), nullableLong(rs, 9)));
            }
            return out;
        }
    }

    /** The application's retire-when-quiet period in milliseconds, or null for none. */
    public Long retireAfterQuiet(Connection c, String applicationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT retire_after_quiet_ms FROM application_rotation WHERE application_id = ?")) {
            ps.setString(1, applicationId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? nullableLong(rs, 1) : null;
            }
        }
    }

    public void setRetireAfterQuiet(Connection c, String applicationId, Long quietMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM application_rotation WHERE application_id = ?")) {
            ps.setString(1, applicationId);
            ps.executeUpdate();
        }
        if (quietMs != null) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO application_rotation (application_id, retire_after_quiet_ms) VALUES (?, ?)")) {
                ps.setString(1, applicationId);
                ps.setLong(2, quietMs);
                ps.executeUpdate();
            }
        }
    }
}
