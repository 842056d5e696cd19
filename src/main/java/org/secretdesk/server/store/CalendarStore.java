package org.secretdesk.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The calendar feed (issue 23): its tokens ({@code calendar_tokens}, hashes only) and the expiries it lists. */
public final class CalendarStore {

    CalendarStore() {
    }

    /** A feed token: never the token itself, only its SHA-256. */
    public record TokenRow(String id, String name, String tokenHash, long createdAt, String createdBy,
                           Long lastUsedAt) {
    }

    public void insert(Connection c, TokenRow t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO calendar_tokens (id, name, token_hash, created_at, "
                + "created_by) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, t.id());
            ps.setString(2, t.name());
            ps.setString(3, t.tokenHash());
            ps.setLong(4, t.createdAt());
            ps.setString(5, t.createdBy());
            ps.executeUpdate();
        }
    }

    public List<TokenRow> all(Connection c) throws SQLException {
        return tokens(c, "SELECT id, name, token_hash, created_at, created_by, last_used_at FROM calendar_tokens "
                + "ORDER BY created_at, id", null);
    }

    public Optional<TokenRow> find(Connection c, String id) throws SQLException {
        List<TokenRow> rows = tokens(c, "SELECT id, name, token_hash, created_at, created_by, last_used_at "
                + "FROM calendar_tokens WHERE id = ?", id);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    public Optional<TokenRow> byHash(Connection c, String hash) throws SQLException {
        List<TokenRow> rows = tokens(c, "SELECT id, name, token_hash, created_at, created_by, last_used_at "
                + "FROM calendar_tokens WHERE token_hash = ?", hash);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    public boolean delete(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM calendar_tokens WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    public void used(Connection c, String id, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE calendar_tokens SET last_used_at = ? WHERE id = ?")) {
            ps.setLong(1, now);
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    private static List<TokenRow> tokens(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (arg != null) {
                ps.setString(1, arg);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<TokenRow> out = new ArrayList<>();
                while (rs.next()) {
                    long used = rs.getLong(6);
                    // wasNull() speaks of the last column read: ask it before reading the others.
                    Long lastUsed = rs.wasNull() ? null : used;
                    out.add(new TokenRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getString(5), lastUsed));
                }
                return out;
            }
        }
    }

    /** A secret's expiry as the feed shows it. */
    public record Expiry(String secretId, String applicationId, String applicationName, String description,
                         String hint, long expiresAt, String ownerEmails, String ownerTeam) {
    }

    /** The expiries between {@code from} and {@code to}, soonest first, at most {@code limit}. */
    public List<Expiry> expiries(Connection c, long from, long to, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT s.id, s.application_id, a.name, s.description, s.hint, "
                + "s.expires_at, a.owner_emails, a.owner_team FROM secrets s JOIN applications a "
                + "ON a.id = s.application_id WHERE s.expires_at IS NOT NULL AND s.expires_at >= ? "
                + "AND s.expires_at <= ? ORDER BY s.expires_at, s.id LIMIT ?")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Expiry> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Expiry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8)));
                }
                return out;
            }
        }
    }
}
