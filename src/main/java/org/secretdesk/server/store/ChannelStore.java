package org.secretdesk.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Notification channels ({@code channels}) and their outbox ({@code channel_outbox}, issue 23). The outbox rows
 * are claimed with a lease by one conditional UPDATE each, so that one node delivers a row at a time and a node
 * that dies leaves a lease that runs out.
 */
public final class ChannelStore {

    ChannelStore() {
    }

    /** A channel's row; {@code settings} is JSON without any credential, {@code sealedCredential} may be null. */
    public record ChannelRow(String id, String name, String kind, boolean enabled, String eventTypes, String settings,
                             String sealedCredential, long createdAt, long updatedAt, long version) {
    }

    private static final String CHANNEL_COLUMNS = "id, name, kind, enabled, event_types, settings, sealed_credential, "
            + "created_at, updated_at, version";

    public void insert(Connection c, ChannelRow r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO channels (" + CHANNEL_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, r.id());
            ps.setString(2, r.name());
            ps.setString(3, r.kind());
            ps.setBoolean(4, r.enabled());
            ps.setString(5, r.eventTypes());
            ps.setString(6, r.settings());
            ps.setString(7, r.sealedCredential());
            ps.setLong(8, r.createdAt());
            ps.setLong(9, r.updatedAt());
            ps.setLong(10, r.version());
            ps.executeUpdate();
        }
    }

    /** Replaces every field but id, kind and created_at; the version is the row's. */
    public void update(Connection c, ChannelRow r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE channels SET name = ?, enabled = ?, event_types = ?, "
                + "settings = ?, sealed_credential = ?, updated_at = ?, version = ? WHERE id = ?")) {
            ps.setString(1, r.name());
            ps.setBoolean(2, r.enabled());
            ps.setString(3, r.eventTypes());
            ps.setString(4, r.settings());
            ps.setString(5, r.sealedCredential());
            ps.setLong(6, r.updatedAt());
            ps.setLong(7, r.version());
            ps.setString(8, r.id());
            ps.executeUpdate();
        }
    }

    public boolean delete(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM channel_outbox WHERE channel_id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM channels WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    public Optional<ChannelRow> find(Connection c, String id) throws SQLException {
        List<ChannelRow> rows = channels(c, " WHERE id = ?", id);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    /** Every channel, by name (a gateway has a handful). */
    public List<ChannelRow> all(Connection c) throws SQLException {
        return channels(c, " ORDER BY name", null);
    }

    public boolean nameTaken(Connection c, String name, String exceptId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM channels WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && !rs.getString(1).equals(exceptId);
            }
        }
    }

    private static List<ChannelRow> channels(Connection c, String where, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + CHANNEL_COLUMNS + " FROM channels" + where)) {
            if (arg != null) {
                ps.setString(1, arg);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<ChannelRow> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new ChannelRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getLong(9),
                            rs.getLong(10)));
                }
                return out;
            }
        }
    }

    // ---------------------------------------------------------------- outbox

    /** The states of an outbox row. */
    public enum State { PENDING, DELIVERED, FAILED }

    /** One delivery of one event to one channel. */
    public record Delivery(String id, String eventId, String channelId, String eventType, String payload,
                           long createdAt, State state, int attempts, int maxAttempts, long nextAttemptAt,
                           String leaseOwner, Long leaseUntil, Long finishedAt, String lastError) {
    }

    private static final String DELIVERY_COLUMNS = "id, event_id, channel_id, event_type, payload, created_at, state, "
            + "attempts, max_attempts, next_attempt_at, lease_owner, lease_until, finished_at, last_error";

    /** Queues an event for a channel; due at once. */
    public void enqueue(Connection c, String id, String eventId, String channelId, String eventType, String payload,
                        int maxAttempts, long now) throws SQLException {
        enqueue(c, id, eventId, channelId, eventType, payload, maxAttempts, now, null, null);
    }

    /**
     * Queues an event already claimed by {@code leaseOwner} until {@code leaseUntil} (its first attempt counted):
     * a delivery the caller makes itself at once ("send a test"), which no other pass takes meanwhile.
     */
    public void enqueue(Connection c, String id, String eventId, String channelId, String eventType, String payload,
                        int maxAttempts, long now, String leaseOwner, Long leaseUntil) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO channel_outbox (id, event_id, channel_id, "
                + "event_type, payload, created_at, state, attempts, max_attempts, next_attempt_at, lease_owner, "
                + "lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, eventId);
            ps.setString(3, channelId);
            ps.setString(4, eventType);
            ps.setString(5, payload);
            ps.setLong(6, now);
            ps.setString(7, State.PENDING.name());
            ps.setInt(8, leaseOwner == null ? 0 : 1);
            ps.setInt(9, maxAttempts);
            ps.setLong(10, now);
            ps.setString(11, leaseOwner);
            if (leaseUntil == null) {
                ps.setNull(12, Types.BIGINT);
            } else {
                ps.setLong(12, leaseUntil);
            }
            ps.executeUpdate();
        }
    }

    /** Ids of pending rows due at {@code now} and not leased by a live claim, oldest first. */
    public List<String> due(Connection c, long now, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM channel_outbox WHERE state = ? "
                + "AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?) ORDER BY next_attempt_at, seq "
                + "LIMIT ?")) {
            ps.setString(1, State.PENDING.name());
            ps.setLong(2, now);
            ps.setLong(3, now);
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
                return ids;
            }
        }
    }

    /**
     * Claims a due row for {@code node} until {@code leaseUntil} and counts the attempt; false when another node
     * claimed it first (the UPDATE's condition is checked again on the row it locks).
     */
    public boolean claim(Connection c, String id, String node, long now, long leaseUntil) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE channel_outbox SET lease_owner = ?, lease_until = ?, "
                + "attempts = attempts + 1 WHERE id = ? AND state = ? AND next_attempt_at <= ? "
                + "AND (lease_until IS NULL OR lease_until <= ?)")) {
            ps.setString(1, node);
            ps.setLong(2, leaseUntil);
            ps.setString(3, id);
            ps.setString(4, State.PENDING.name());
            ps.setLong(5, now);
            ps.setLong(6, now);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Ends {@code node}'s claim: delivered, failed for good, or due again at {@code nextAttemptAt}. Nothing changes
     * when the claim is no longer this node's (its lease ran out and another node took the row over).
     */
    public boolean release(Connection c, String id, String node, State state, long nextAttemptAt, long now,
                           String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE channel_outbox SET state = ?, next_attempt_at = ?, "
                + "lease_owner = NULL, lease_until = NULL, finished_at = ?, last_error = ? WHERE id = ? "
                + "AND lease_owner = ? AND state = ?")) {
            ps.setString(1, state.name());
            ps.setLong(2, nextAttemptAt);
            if (state == State.PENDING) {
                ps.setNull(3, Types.BIGINT);
            } else {
                ps.setLong(3, now);
            }
            ps.setString(4, error == null ? null : error.length() > 1000 ? error.substring(0, 1000) : error);
            ps.setString(5, id);
            ps.setString(6, node);
            ps.setString(7, State.PENDING.name());
            return ps.executeUpdate() == 1;
        }
    }

    public Optional<Delivery> delivery(Connection c, String id) throws SQLException {
        List<Delivery> rows = deliveries(c, "SELECT " + DELIVERY_COLUMNS + " FROM channel_outbox WHERE id = ?", id, 1);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    /** A channel's last deliveries (any state), newest first. */
    public List<Delivery> recent(Connection c, String channelId, int limit) throws SQLException {
        return deliveries(c, "SELECT " + DELIVERY_COLUMNS + " FROM channel_outbox WHERE channel_id = ? "
                + "ORDER BY seq DESC LIMIT ?", channelId, limit);
    }

    /** Delivered and failed rows finished before {@code before} deleted; returns how many. */
    public int purgeFinished(Connection c, long before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM channel_outbox WHERE state <> ? AND finished_at < ?")) {
            ps.setString(1, State.PENDING.name());
            ps.setLong(2, before);
            return ps.executeUpdate();
        }
    }

    private static List<Delivery> deliveries(Connection c, String sql, String arg, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            if (sql.endsWith("LIMIT ?")) {
                ps.setInt(2, limit);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<Delivery> out = new ArrayList<>();
                while (rs.next()) {
                    long leaseUntil = rs.getLong(12);
                    Long lease = rs.wasNull() ? null : leaseUntil;
                    long finishedAt = rs.getLong(13);
                    Long finished = rs.wasNull() ? null : finishedAt;
                    out.add(new Delivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getLong(6), State.valueOf(rs.getString(7)), rs.getInt(8),
                            rs.getInt(9), rs.getLong(10), rs.getString(11), lease, finished, rs.getString(14)));
                }
                return out;
            }
        }
    }
}
