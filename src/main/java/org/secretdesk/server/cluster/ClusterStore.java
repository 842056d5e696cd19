package org.secretdesk.server.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of the cluster tables (V3): shared key material and the shared admin key's hash. */
final class ClusterStore {

    /** Advisory lock taken while a node creates or rotates shared key material. */
    static final long KEY_MATERIAL_LOCK = 0x5ECD_0001L;

    record KeyRow(String id, long createdAt, long notBefore, String certificate, String sealedKey) {
    }

    private ClusterStore() {
    }

    /** Rows of {@code kind}, oldest first. */
    static List<KeyRow> keys(Connection c, String kind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, created_at, not_before, certificate, sealed_key "
                + "FROM key_material WHERE kind = ? ORDER BY seq")) {
            ps.setString(1, kind);
            try (ResultSet rs = ps.executeQuery()) {
                List<KeyRow> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new KeyRow(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                            rs.getString(5)));
                }
                return out;
            }
        }
    }

    static Optional<KeyRow> newest(Connection c, String kind) throws SQLException {
        List<KeyRow> all = keys(c, kind);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    static void insertKey(Connection c, String kind, KeyRow row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO key_material (kind, id, created_at, not_before, "
                + "certificate, sealed_key) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, kind);
            ps.setString(2, row.id());
            ps.setLong(3, row.createdAt());
            ps.setLong(4, row.notBefore());
            ps.setString(5, row.certificate());
            ps.setString(6, row.sealedKey());
            ps.executeUpdate();
        }
    }

    static int deleteKeysCreatedBefore(Connection c, String kind, long cutoff, String keepId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM key_material WHERE kind = ? AND created_at < ? "
                + "AND id <> ?")) {
            ps.setString(1, kind);
            ps.setLong(2, cutoff);
            ps.setString(3, keepId);
            return ps.executeUpdate();
        }
    }

    record AdminKeyRow(String name, String role, String sha256) {
    }

    static Optional<AdminKeyRow> adminKey(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, key_role, key_sha256 FROM cluster_admin_keys WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new AdminKeyRow(rs.getString(1), rs.getString(2), rs.getString(3)))
                        : Optional.empty();
            }
        }
    }

    static void insertAdminKey(Connection c, AdminKeyRow row, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cluster_admin_keys (name, key_role, key_sha256, "
                + "created_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, row.name());
            ps.setString(2, row.role());
            ps.setString(3, row.sha256());
            ps.setLong(4, now);
            ps.executeUpdate();
        }
    }
}
