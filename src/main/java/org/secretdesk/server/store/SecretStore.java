package org.secretdesk.server.store;

import static org.secretdesk.server.store.Sql.instant;
import static org.secretdesk.server.store.Sql.nullableLong;
import static org.secretdesk.server.store.Sql.setNullableLong;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.secretdesk.model.SecretFormat;
import org.secretdesk.model.SecretStatus;
import org.secretdesk.model.SecretSummary;

/**
 * Secrets ({@code secrets}: a SHA-256 hash and a hint, never a value) and the expiry list on their application's row
 * ({@link SecretExpiries}).
 */
public final class SecretStore {

    private static final String SECRET_COLUMNS = "id, application_id, description, hint, created_at, renewed_at, "
            + "expires_at, last_used_at, grace_until, version, leaked_at";

    SecretStore() {
    }

    public long countAll(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM secrets");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The summary of a secret just inserted by {@link #insert}, without reading it back. */
    public static SecretSummary newSecret(String id, String applicationId, String description, String hint,
                                          long now, Long expiresAt) {
        return new SecretSummary(id, applicationId, description, hint, SecretFormat.redact(hint),
                Instant.ofEpochMilli(now), null, instant(expiresAt), null,
                expiresAt != null && expiresAt <= now ? SecretStatus.EXPIRED : SecretStatus.ACTIVE, null, 1L);
    }

    public void insert(Connection c, String id, String applicationId, String description, String hint,
                       String hash, long now, Long expiresAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO secrets (id, application_id, description, hint, "
                + "secret_hash, prev_hash, grace_until, created_at, renewed_at, expires_at, last_used_at, version) "
                + "VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, NULL, ?, NULL, 1)")) {
            ps.setString(1, id);
            ps.setString(2, applicationId);
            ps.setString(3, description);
            ps.setString(4, hint);
            ps.setString(5, hash);
            ps.setLong(6, now);
            setNullableLong(ps, 7, expiresAt);
            ps.executeUpdate();
        }
        // The application's list gains one entry: appended in place (the hot path of a create), not rebuilt.
        try (PreparedStatement ps = c.prepareStatement("UPDATE applications SET secret_expiries = CASE WHEN "
                + "secret_expiries = '' THEN ? ELSE secret_expiries || ? END WHERE id = ?")) {
            String entry = SecretExpiries.entry(expiresAt);
            ps.setString(1, entry);
            ps.setString(2, "," + entry);
            ps.setString(3, applicationId);
            ps.executeUpdate();
        }
    }

    /**
     * Rewrites {@code applications.secret_expiries} of one application from its secrets ({@link SecretExpiries}).
     * Called by the writes that renew or delete a secret (an insert appends its entry), in their transaction, after
     * the change, under the application's lock: the lock keeps a concurrent writer out, and under READ COMMITTED
     * this statement sees the secrets as they are now.
     */
    public void refreshExpiries(Connection c, String applicationId) throws SQLException {
        writeExpiries(c, applicationId, expiriesFromSecrets(c, applicationId));
    }

    /**
     * As {@link #refreshExpiries}, but writes only when the stored list holds other entries than the secrets
     * give (in any order); returns whether it wrote. Called under the application's lock.
     */
    public boolean refreshExpiriesIfStale(Connection c, String applicationId) throws SQLException {
        String fresh = expiriesFromSecrets(c, applicationId);
        if (SecretExpiries.sameEntries(storedExpiries(c, applicationId), fresh)) {
            return false;
        }
        writeExpiries(c, applicationId, fresh);
        return true;
    }

    private static void writeExpiries(Connection c, String applicationId, String text) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE applications SET secret_expiries = ? WHERE id = ?")) {
            ps.setString(1, text);
            ps.setString(2, applicationId);
            ps.executeUpdate();
        }
    }

    /** The application's expiry list as its secrets give it now (what {@link #refreshExpiries} writes). */
    public String expiriesFromSecrets(Connection c, String applicationId) throws SQLException {
        StringBuilder text = new StringBuilder();
        try (PreparedStatement ps = c.prepareStatement("SELECT expires_at FROM secrets WHERE application_id = ?")) {
            ps.setString(1, applicationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    SecretExpiries.append(text, nullableLong(rs, 1));
                }
            }
        }
        return text.toString();
    }

    /** The application's stored expiry list, or null when there is no such application. */
    private String storedExpiries(Connection c, String applicationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT secret_expiries FROM applications WHERE id = ?")) {
            ps.setString(1, applicationId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Up to {@code limit} applications after {@code afterId} in id order: id and stored expiry list. */
    public List<String[]> storedExpiries(Connection c, String afterId, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, secret_expiries FROM applications WHERE id > ? ORDER BY id LIMIT ?")) {
            ps.setString(1, afterId);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<String[]> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2)});
                }
                return out;
            }
        }
    }

    public Optional<SecretSummary> find(Connection c, String applicationId, String secretId, long now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + SECRET_COLUMNS
                + " FROM secrets WHERE id = ? AND application_id = ?")) {
            ps.setString(1, secretId);
            ps.setString(2, applicationId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(secret(rs, now)) : Optional.empty();
            }
        }
    }

    /** Up to {@code limit + 1} secrets ordered by creation, after the (createdAt, id) cursor when given. */
    public List<SecretSummary> list(Connection c, String applicationId, Long afterCreated, String afterId,
                                    int limit, long now) throws SQLException {
        String sql = "SELECT " + SECRET_COLUMNS + " FROM secrets WHERE application_id = ?"
                + (afterCreated != null ? " AND (created_at > ? OR (created_at = ? AND id > ?))" : "")
                + " ORDER BY created_at, id LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, applicationId);
            if (afterCreated != null) {
                ps.setLong(i++, afterCreated);
                ps.setLong(i++, afterCreated);
                ps.setString(i++, afterId);
            }
            ps.setInt(i, limit + 1);
            try (ResultSet rs = ps.executeQuery()) {
                List<SecretSummary> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(secret(rs, now));
                }
                return out;
            }
        }
    }

    /**
     * Up to {@code limit + 1} secrets of any application not used since {@code cutoff} (one never used, since its
     * creation), in id order after {@code afterId}.
     */
    public List<SecretSummary> unusedSince(Connection c, long cutoff, String afterId, int limit, long now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + SECRET_COLUMNS + " FROM secrets WHERE "
                + "COALESCE(last_used_at, created_at) < ? AND id > ? ORDER BY id LIMIT ?")) {
            ps.setLong(1, cutoff);
            ps.setString(2, afterId == null ? "" : afterId);
            ps.setInt(3, limit + 1);
            try (ResultSet rs = ps.executeQuery()) {
                List<SecretSummary> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(secret(rs, now));
                }
                return out;
            }
        }
    }

    /**
     * Stores a renewed value; the previous hash stays valid until {@code graceUntil} (null: stops at once). The new
     * value has not leaked: the secret's leak mark is cleared.
     */
    public void renew(Connection c, String applicationId, String secretId, String newHash, String hint,
                      String prevHash, Long graceUntil, long now, Long expiresAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE secrets SET secret_hash = ?, hint = ?, prev_hash = ?, "
                + "grace_until = ?, renewed_at = ?, expires_at = ?, leaked_at = NULL, version = version + 1 WHERE id = ?")) {
            ps.setString(1, newHash);
            ps.setString(2, hint);
            ps.setString(3, prevHash);
            setNullableLong(ps, 4, graceUntil);
            ps.setLong(5, now);
            setNullableLong(ps, 6, expiresAt);
            ps.setString(7, secretId);
            ps.executeUpdate();
        }
        refreshExpiries(c, applicationId);
    }

    public String hash(Connection c, String secretId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT secret_hash FROM secrets WHERE id = ?")) {
            ps.setString(1, secretId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public boolean delete(Connection c, String applicationId, String secretId) throws SQLException {
        boolean deleted;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM secrets WHERE id = ? AND application_id = ?")) {
            ps.setString(1, secretId);
            ps.setString(2, applicationId);
            deleted = ps.executeUpdate() == 1;
        }
        if (deleted) {
            refreshExpiries(c, applicationId);
        }
        return deleted;
    }

    private static SecretSummary secret(ResultSet rs, long now) throws SQLException {
        Long expiresAt = nullableLong(rs, 7);
        Long graceUntil = nullableLong(rs, 9);
        String hint = rs.getString(4);
        return new SecretSummary(rs.getString(1), rs.getString(2), rs.getString(3), hint, SecretFormat.redact(hint),
                Instant.ofEpochMilli(rs.getLong(5)), instant(nullableLong(rs, 6)), instant(expiresAt),
                instant(nullableLong(rs, 8)),
                expiresAt != null && expiresAt <= now ? SecretStatus.EXPIRED : SecretStatus.ACTIVE,
                graceUntil != null && graceUntil > now ? Instant.ofEpochMilli(graceUntil) : null, rs.getLong(10),
                null, null, instant(nullableLong(rs, 11)));
    }
}
