package org.secretdesk.server.store;

import static org.secretdesk.server.store.Sql.marks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.secretdesk.model.Notification;

/** Expiry notifications ({@code notifications}) and the scheduler's view of expiring secrets. */
public final class NotificationStore {

    NotificationStore() {
    }

    /** A secret whose expiry the scheduler looks at. */
    public record ExpiringSecret(String secretId, String applicationId, String applicationName, String description,
                                 long expiresAt) {
    }

    /**
     * One page of the secrets that expire at or before {@code horizon} (including already expired ones), in
     * (expires_at, id) order after the cursor ({@code afterExpiry}, {@code afterId}); null cursor: from the start.
     * Served by {@code secrets_expires_id_ix}, so each page costs {@code limit} index entries however many
     * secrets there are.
     */
    public List<ExpiringSecret> secretsExpiringBefore(Connection c, long horizon, Long afterExpiry, String afterId,
                                                      int limit) throws SQLException {
        String sql = "SELECT s.id, s.application_id, a.name, s.description, s.expires_at FROM secrets s "
                + "JOIN applications a ON a.id = s.application_id WHERE s.expires_at IS NOT NULL AND s.expires_at <= ?"
                + (afterExpiry == null ? "" : " AND s.expires_at >= ? AND (s.expires_at > ? OR s.id > ?)")
                + " ORDER BY s.expires_at, s.id LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setLong(i++, horizon);
            if (afterExpiry != null) {
                ps.setLong(i++, afterExpiry);
                ps.setLong(i++, afterExpiry);
                ps.setString(i++, afterId);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<ExpiringSecret> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new ExpiringSecret(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5)));
                }
                return out;
            }
        }
    }

    /** A notification already recorded: which secret, kind, threshold and expiry it was for. */
    public record NotificationKey(String secretId, Notification.NotificationType type, long thresholdSeconds,
                                  long expiresAt) {
    }

    /** The notifications recorded for any of {@code secretIds} (one query for a page of secrets). */
    public List<NotificationKey> keys(Connection c, List<String> secretIds) throws SQLException {
        if (secretIds.isEmpty()) {
            return List.of();
        }
        String marks = marks(secretIds.size());
        try (PreparedStatement ps = c.prepareStatement("SELECT secret_id, notification_type, threshold_seconds, "
                + "expires_at FROM notifications WHERE secret_id IN (" + marks + ")")) {
            for (int i = 0; i < secretIds.size(); i++) {
                ps.setString(i + 1, secretIds.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<NotificationKey> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new NotificationKey(rs.getString(1),
                            Notification.NotificationType.valueOf(rs.getString(2)), rs.getLong(3), rs.getLong(4)));
                }
                return out;
            }
        }
    }

    /** Inserts notifications in one batch; each with its threshold in seconds (0 for an expiry). */
    public void insert(Connection c, List<Map.Entry<Notification, Long>> notifications)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO notifications (id, notification_type, application_id, "
                + "application_name, secret_id, description, expires_at, threshold_seconds, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<Notification, Long> e : notifications) {
                Notification n = e.getKey();
                ps.setString(1, n.id());
                ps.setString(2, n.type().name());
                ps.setString(3, n.applicationId());
                ps.setString(4, n.applicationName());
                ps.setString(5, n.secretId());
                ps.setString(6, n.description());
                ps.setLong(7, n.expiresAt().toEpochMilli());
                ps.setLong(8, e.getValue());
                ps.setLong(9, n.createdAt().toEpochMilli());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public List<Notification> list(Connection c, long since, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, notification_type, application_id, application_name, secret_id, "
                + "description, expires_at, created_at FROM notifications WHERE created_at >= ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, since);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Notification> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Notification(rs.getString(1), Notification.NotificationType.valueOf(rs.getString(2)),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            Instant.ofEpochMilli(rs.getLong(7)), Instant.ofEpochMilli(rs.getLong(8))));
                }
                return out;
            }
        }
    }
}
