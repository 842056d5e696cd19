package org.secretdesk.server.auth;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** More than {@code max} failed admin authentications per minute from one address are refused for a while. */
public final class FailedAuthLimiter {

    private static final long WINDOW_MILLIS = 60_000;

    private final Clock clock;
    private final int max;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public FailedAuthLimiter(Clock clock, int max) {
        this.clock = clock;
        this.max = max;
    }

    /** Seconds until {@code address} may try again, or 0 when it may try now. */
    public long retryAfterSeconds(String address) {
        Deque<Long> q = failures.get(address);
        if (q == null) {
            return 0;
        }
        synchronized (q) {
            long now = clock.millis();
            prune(q, now);
            if (q.size() < max) {
                return 0;
            }
            return Math.max(1, (q.peekFirst() + WINDOW_MILLIS - now + 999) / 1000);
        }
    }

    public void recordFailure(String address) {
        Deque<Long> q = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (q) {
            long now = clock.millis();
            prune(q, now);
            q.addLast(now);
            if (q.size() > max * 2) {
                q.pollFirst();
            }
        }
        if (failures.size() > 100_000) {
            failures.clear(); // bounded memory under an address-spraying attack
        }
    }

    private static void prune(Deque<Long> q, long now) {
        while (!q.isEmpty() && (q.peekFirst() <= now - WINDOW_MILLIS || q.peekFirst() > now + WINDOW_MILLIS)) {
            q.pollFirst();
        }
    }
}
