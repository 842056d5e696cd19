package org.secretdesk.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Stored replays of issuing POSTs ({@code idempotency_records}), kept encrypted by {@code http.Idempotency}. */
public final class IdempotencyStore {

    IdempotencyStore() {
    }

    public record IdempotencyRecord(String actor, String requestHash, long createdAt, int status, String location,
                                    String etag, String response) {
    }

    public Optional<IdempotencyRecord> find(Connection c, String keyHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT actor, request_hash, created_at, status, location, etag, "
                + "response FROM idempotency_records WHERE key_hash = ?")) {
            ps.setString(1, keyHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new IdempotencyRecord(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getInt(4), rs.getString(5), rs.getString(6), rs.getString(7))) : Optional.empty();
            }
        }
    }

    public void insert(Connection c, String keyHash, IdempotencyRecord r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO idempotency_records (key_hash, actor, request_hash, "
                + "created_at, status, location, etag, response) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, keyHash);
            ps.setString(2, r.actor());
            ps.setString(3, r.requestHash());
            ps.setLong(4, r.createdAt());
            ps.setInt(5, r.status());
            ps.setString(6, r.location());
            ps.setString(7, r.etag());
            ps.setString(8, r.response());
            ps.executeUpdate();
        }
    }

    public int deleteBefore(Connection c, long cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM idempotency_records WHERE created_at < ?")) {
            ps.setLong(1, cutoff);
            return ps.executeUpdate();
        }
    }

    public void delete(Connection c, String keyHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM idempotency_records WHERE key_hash = ?")) {
            ps.setString(1, keyHash);
            ps.executeUpdate();
        }
    }
}
