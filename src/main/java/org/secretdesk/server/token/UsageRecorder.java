package org.secretdesk.server.token;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.secretdesk.server.store.UsageStore;

/**
 * Collects the token endpoint's uses of each secret value in memory until they are written in a batch
 * ({@link TokenService#flushLastUse}): a use costs a map update, never a database write. A value is known by the
 * SHA-256 the store holds for it. Can be switched off (the benchmark compares with and without).
 */
public final class UsageRecorder {

    private static final long HOUR_MS = 3_600_000L;

    private record Key(String secretId, String valueHash) {
    }

    /** The uses of one value since the last write; changed only inside the map's compute for its key. */
    private static final class Pending {
        long lastUsedAt = Long.MIN_VALUE;
        String lastUsedFrom;
        long hour = Long.MIN_VALUE;
        long count;
        Map<Long, Long> earlier;

        void add(long now, String from) {
            if (now >= lastUsedAt) {
                lastUsedAt = now;
                lastUsedFrom = from;
            }
            long h = Math.floorDiv(now, HOUR_MS);
            if (h != hour) {
                if (count > 0) {
                    if (earlier == null) {
                        earlier = new HashMap<>();
                    }
                    earlier.merge(hour, count, Long::sum);
                }
                hour = h;
                count = earlier == null ? 0 : earlier.getOrDefault(h, 0L);
                if (earlier != null) {
                    earlier.remove(h);
                }
            }
            count++;
        }

        Map<Long, Long> hourly() {
            Map<Long, Long> out = earlier == null ? new HashMap<>() : new HashMap<>(earlier);
            if (count > 0) {
                out.merge(hour, count, Long::sum);
            }
            return out;
        }
    }

    private final ConcurrentHashMap<Key, Pending> pending = new ConcurrentHashMap<>();
    private volatile boolean enabled = true;

    /** A successful use of the value with hash {@code valueHash} of secret {@code secretId}, from {@code from}. */
    public void record(String secretId, String valueHash, long now, String from) {
        if (!enabled) {
            return;
        }
        pending.compute(new Key(secretId, valueHash), (k, p) -> {
            Pending q = p == null ? new Pending() : p;
            q.add(now, from);
            return q;
        });
    }

    /** Takes every collected use out, for writing. */
    List<UsageStore.Batch> drain() {
        List<UsageStore.Batch> out = new ArrayList<>();
        for (Key k : List.copyOf(pending.keySet())) {
            Pending p = pending.remove(k);
            if (p != null) {
                out.add(new UsageStore.Batch(k.secretId(), k.valueHash(), p.lastUsedAt, p.lastUsedFrom, p.hourly()));
            }
        }
        return out;
    }

    /** Puts back a batch that could not be written, merged with what came since. */
    void restore(List<UsageStore.Batch> batches) {
        for (UsageStore.Batch b : batches) {
            pending.compute(new Key(b.secretId(), b.valueHash()), (k, p) -> {
                Pending q = p == null ? new Pending() : p;
                if (b.lastUsedAt() > q.lastUsedAt) {
                    q.lastUsedAt = b.lastUsedAt();
                    q.lastUsedFrom = b.lastUsedFrom();
                }
                Map<Long, Long> hourly = q.hourly();
                b.hourly().forEach((h, n) -> hourly.merge(h, n, Long::sum));
                q.earlier = hourly;
                q.hour = Long.MIN_VALUE;
                q.count = 0;
                return q;
            });
        }
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Switches recording on or off (off: uses are not counted; the secret's own last use still is). */
    public void setEnabled(boolean on) {
        enabled = on;
    }

    public boolean enabled() {
        return enabled;
    }
}
