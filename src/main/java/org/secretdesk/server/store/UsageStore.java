package org.secretdesk.server.store;

import static org.secretdesk.server.store.Sql.instant;
import static org.secretdesk.server.store.Sql.marks;
import static org.secretdesk.server.store.Sql.nullableLong;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.secretdesk.model.PreviousValue;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretUsage;

/**
 * The use of each secret value ({@code secret_usage}): last use, its client address and up to 24 hourly counts, for
 * the value a secret has now and, during a grace period, the one before. A value is known by the SHA-256 that
 * {@code secrets} already holds for it. Written in batches ({@link #record}), read together with the secrets.
 */
public final class UsageStore {

    /** Hourly counts kept per value: the current hour and the 23 before it. */
    public static final int HOURS = 24;
    static final long HOUR_MS = Duration.ofHours(1).toMillis();
    private static final int ADDRESS_MAX = 100;
    /** The minimum time between two live events for the use of one secret value (cluster-wide). */
    public static final long EVENT_INTERVAL_MS = 5_000;

    private final boolean rowLocks;

    UsageStore(boolean rowLocks) {
        this.rowLocks = rowLocks;
    }

    /**
     * One value's uses seen by a node since its last write.
     *
     * @param hourly uses per epoch hour ({@code millis / 3,600,000})
     */
    public record Batch(String secretId, String valueHash, long lastUsedAt, String lastUsedFrom, Map<Long, Long> hourly) {
    }

    /** A secret whose use was just written and whose (throttled) live event is due. */
    public record Used(String applicationId, String secretId) {
    }

    /**
     * Adds the batches to the stored use, in secret and value order (so that two nodes writing at once lock rows in
     * the same order). A value that no longer works (renewed past, deleted) gets no row. Returns the secrets whose
     * live event is due: one per secret at most every {@code eventInterval} across the cluster.
     */
    public List<Used> record(Connection c, List<Batch> batches, long now, long eventInterval) throws SQLException {
        List<Batch> sorted = new ArrayList<>(batches);
        sorted.sort(Comparator.comparing(Batch::secretId).thenComparing(Batch::valueHash));
        Map<String, Used> due = new LinkedHashMap<>();
        try (PreparedStatement read = c.prepareStatement("SELECT application_id, last_used_at, last_used_from, "
                + "hours_start, hour_counts, event_at FROM secret_usage WHERE secret_id = ? AND value_hash = ?"
                + (rowLocks ? " FOR UPDATE" : ""));
             PreparedStatement update = c.prepareStatement("UPDATE secret_usage SET last_used_at = ?, "
                     + "last_used_from = ?, hours_start = ?, hour_counts = ?, event_at = ? WHERE secret_id = ? "
                     + "AND value_hash = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO secret_usage (secret_id, application_id, "
                     + "value_hash, last_used_at, last_used_from, hours_start, hour_counts, event_at) "
                     + "SELECT id, application_id, ?, ?, ?, ?, ?, ? FROM secrets WHERE id = ? "
                     + "AND (secret_hash = ? OR prev_hash = ?)");
             PreparedStatement appOf = c.prepareStatement("SELECT application_id FROM secrets WHERE id = ?")) {
            for (Batch b : sorted) {
                read.setString(1, b.secretId());
                read.setString(2, b.valueHash());
                String address = Sql.truncate(b.lastUsedFrom(), ADDRESS_MAX);
                try (ResultSet rs = read.executeQuery()) {
                    if (rs.next()) {
                        String app = rs.getString(1);
                        Long storedLast = nullableLong(rs, 2);
                        boolean newer = storedLast == null || storedLast < b.lastUsedAt();
                        Hours hours = Hours.parse(rs.getLong(4), rs.getString(5)).plus(b.hourly());
                        Long eventAt = nullableLong(rs, 6);
                        boolean event = eventAt == null || now - eventAt >= eventInterval || eventAt > now;
                        update.setLong(1, newer ? b.lastUsedAt() : storedLast);
                        update.setString(2, newer ? address : rs.getString(3));
                        update.setLong(3, hours.start);
                        update.setString(4, hours.format());
                        Sql.setNullableLong(update, 5, event ? Long.valueOf(now) : eventAt);
                        update.setString(6, b.secretId());
                        update.setString(7, b.valueHash());
                        update.executeUpdate();
                        if (event) {
                            due.putIfAbsent(b.secretId(), new Used(app, b.secretId()));
                        }
                        continue;
                    }
                }
                Hours hours = Hours.parse(0, "").plus(b.hourly());
                insert.setString(1, b.valueHash());
                insert.setLong(2, b.lastUsedAt());
                insert.setString(3, address);
                insert.setLong(4, hours.start);
                insert.setString(5, hours.format());
                insert.setLong(6, now);
                insert.setString(7, b.secretId());
                insert.setString(8, b.valueHash());
                insert.setString(9, b.valueHash());
                if (insert.executeUpdate() == 1 && !due.containsKey(b.secretId())) {
                    appOf.setString(1, b.secretId());
                    try (ResultSet rs = appOf.executeQuery()) {
                        if (rs.next()) {
                            due.put(b.secretId(), new Used(rs.getString(1), b.secretId()));
                        }
                    }
                }
            }
        }
        return List.copyOf(due.values());
    }

    /**
     * The secrets with the use of their current value and, while a grace period runs, their previous value (and its
     * retire-when-quiet period). Secrets without a row get {@link SecretUsage#NONE}.
     */
    public List<SecretSummary> withUsage(Connection c, List<SecretSummary> secrets, long now) throws SQLException {
        if (secrets.isEmpty()) {
            return secrets;
        }
        Map<String, SecretUsage> current = new HashMap<>();
        Map<String, SecretUsage> previous = new HashMap<>();
        Map<String, Long> quiet = new HashMap<>();
        List<String> ids = secrets.stream().map(SecretSummary::id).toList();
        try (PreparedStatement ps = c.prepareStatement("SELECT u.secret_id, CASE WHEN u.value_hash = s.secret_hash "
                + "THEN 1 ELSE 0 END, u.last_used_at, u.last_used_from, u.hours_start, u.hour_counts "
                + "FROM secret_usage u JOIN secrets s ON s.id = u.secret_id WHERE u.secret_id IN (" + marks(ids.size())
                + ") AND (u.value_hash = s.secret_hash OR u.value_hash = s.prev_hash)")) {
            Sql.bind(ps, new ArrayList<Object>(ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    SecretUsage usage = usage(nullableLong(rs, 3), rs.getString(4), rs.getLong(5), rs.getString(6),
                            now);
                    (rs.getInt(2) == 1 ? current : previous).put(rs.getString(1), usage);
                }
            }
        }
        List<String> inGrace = secrets.stream().filter(s -> s.graceUntil() != null).map(SecretSummary::id).toList();
        if (!inGrace.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT secret_id, quiet_ms FROM secret_retirement "
                    + "WHERE secret_id IN (" + marks(inGrace.size()) + ")")) {
                Sql.bind(ps, new ArrayList<Object>(inGrace));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        quiet.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
        }
        List<SecretSummary> out = new ArrayList<>(secrets.size());
        for (SecretSummary s : secrets) {
            PreviousValue prev = s.graceUntil() == null ? null : new PreviousValue(s.graceUntil(),
                    previous.getOrDefault(s.id(), SecretUsage.NONE),
                    quiet.containsKey(s.id()) ? Duration.ofMillis(quiet.get(s.id())) : null);
            out.add(s.withUsage(current.getOrDefault(s.id(), SecretUsage.NONE), prev));
        }
        return out;
    }

    /** Forgets the use of every value of the secret but its current one (a grace just ended). */
    public void forgetPrevious(Connection c, String secretId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM secret_usage WHERE secret_id = ? AND value_hash "
                + "<> (SELECT s.secret_hash FROM secrets s WHERE s.id = ?)")) {
            ps.setString(1, secretId);
            ps.setString(2, secretId);
            ps.executeUpdate();
        }
    }

    /**
     * Deletes the rows of values that no longer work (renewed past, grace ended or expired, secret deleted); reads
     * never show them. Returns how many it deleted.
     */
    public int deleteRetired(Connection c, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM secret_usage WHERE NOT EXISTS (SELECT 1 FROM "
                + "secrets s WHERE s.id = secret_usage.secret_id AND (s.secret_hash = secret_usage.value_hash OR "
                + "(s.prev_hash = secret_usage.value_hash AND s.grace_until > ?)))")) {
            ps.setLong(1, now);
            return ps.executeUpdate();
        }
    }

    static SecretUsage usage(Long lastUsedAt, String from, long hoursStart, String counts, long now) {
        Hours hours = Hours.parse(hoursStart, counts);
        long nowHour = Math.floorDiv(now, HOUR_MS);
        List<Long> byHour = new ArrayList<>(HOURS);
        long total = 0;
        for (int i = 0; i < HOURS; i++) {
            long n = hours.at(nowHour - i);
            byHour.add(n);
            total += n;
        }
        return new SecretUsage(instant(lastUsedAt), from, total, byHour);
    }

    /** Up to {@link #HOURS} hourly counts, the first for epoch hour {@code start}, then each hour before it. */
    static final class Hours {
        final long start;
        final long[] counts;

        private Hours(long start, long[] counts) {
            this.start = start;
            this.counts = counts;
        }

        static Hours parse(long start, String text) {
            long[] counts = new long[HOURS];
            if (text != null && !text.isEmpty()) {
                String[] parts = text.split(",", -1);
                for (int i = 0; i < Math.min(parts.length, HOURS); i++) {
                    try {
                        counts[i] = parts[i].isEmpty() ? 0 : Long.parseLong(parts[i]);
                    } catch (NumberFormatException e) {
                        counts[i] = 0; // a damaged entry counts as no use rather than failing every write
                    }
                }
            }
            return new Hours(start, counts);
        }

        long at(long hour) {
            long i = start - hour;
            return i < 0 || i >= HOURS ? 0 : counts[(int) i];
        }

        /** These counts plus {@code more} (per epoch hour), starting at the newest hour of either. */
        Hours plus(Map<Long, Long> more) {
            long newest = start;
            for (long h : more.keySet()) {
                newest = Math.max(newest, h);
            }
            long[] merged = new long[HOURS];
            for (int i = 0; i < HOURS; i++) {
                merged[i] = at(newest - i);
            }
            for (Map.Entry<Long, Long> e : more.entrySet()) {
                long i = newest - e.getKey();
                if (i >= 0 && i < HOURS) {
                    merged[(int) i] += e.getValue();
                }
            }
            return new Hours(newest, merged);
        }

        /** Comma-separated, trailing zeros left out. */
        String format() {
            int last = HOURS - 1;
            while (last >= 0 && counts[last] == 0) {
                last--;
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i <= last; i++) {
                sb.append(i == 0 ? "" : ",").append(counts[i]);
            }
            return sb.toString();
        }
    }
}
