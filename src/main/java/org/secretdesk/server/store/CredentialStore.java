package org.secretdesk.server.store;

import static org.secretdesk.server.store.Sql.nullableLong;
import static org.secretdesk.server.store.Sql.splitRoles;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the token endpoint reads to authenticate a client, and the last-use times it writes back. */
public final class CredentialStore {

    CredentialStore() {
    }

    /** What the token endpoint needs to authenticate a client. */
    public record Credential(String secretId, String hash, String prevHash, Long graceUntil, Long expiresAt) {
    }

    public record ClientCredentials(String applicationId, String clientId, List<String> roles,
                                    List<Credential> credentials) {
    }

    public Optional<ClientCredentials> find(Connection c, String clientId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT a.id, a.roles, s.id, s.secret_hash, s.prev_hash, "
                + "s.grace_until, s.expires_at FROM applications a LEFT JOIN secrets s ON s.application_id = a.id "
                + "WHERE a.client_id = ?")) {
            ps.setString(1, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                String appId = null;
                List<String> roles = List.of();
                List<Credential> creds = new ArrayList<>();
                while (rs.next()) {
                    appId = rs.getString(1);
                    roles = splitRoles(rs.getString(2));
                    if (rs.getString(3) != null) {
                        creds.add(new Credential(rs.getString(3), rs.getString(4), rs.getString(5),
                                nullableLong(rs, 6), nullableLong(rs, 7)));
                    }
                }
                return appId == null ? Optional.empty() : Optional.of(new ClientCredentials(appId, clientId, roles, creds));
            }
        }
    }

    /** Writes batched last-use times; never moves a time backwards. */
    public void updateLastUsed(Connection c, Map<String, Long> lastUsed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE secrets SET last_used_at = ? WHERE id = ? "
                + "AND (last_used_at IS NULL OR last_used_at < ?)")) {
            for (Map.Entry<String, Long> e : lastUsed.entrySet()) {
                ps.setLong(1, e.getValue());
                ps.setString(2, e.getKey());
                ps.setLong(3, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
