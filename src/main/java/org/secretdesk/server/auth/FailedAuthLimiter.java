package org.secretdesk.server.auth;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts failed authentications per source and says when a source has failed more than {@code max} times in a
 * minute. Only failures are counted, and the caller consults it only after a failure: a valid credential always
 * passes, so a client that sends bad keys from the address every admin shares (behind a TCP load balancer) cannot
 * lock the admins out.
 *
 * <p>Sources are keyed by {@link #group}: an IPv4 address, or the /64 network of an IPv6 address (one host
 * usually holds a whole /64 and can pick any address in it). The table is bounded: above {@code capacity} sources
 * the least recently failing one that is not limited is forgotten, so spraying addresses resets nobody else's count.
 */
public final class FailedAuthLimiter {

    private static final long WINDOW_MILLIS = 60_000;
    /** The default bound of the table. */
    public static final int DEFAULT_CAPACITY = 100_000;
    /** How far from the eldest end eviction looks for a source that is not limited. */
    private static final int EVICTION_SCAN = 64;

    private final Clock clock;
    private final int max;
    private final int capacity;
    /** Failure times per source, in the order of each source's latest failure (eldest first). */
    private final LinkedHashMap<String, Deque<Long>> failures = new LinkedHashMap<>();

    public FailedAuthLimiter(Clock clock, int max) {
        this(clock, max, DEFAULT_CAPACITY);
    }

    public FailedAuthLimiter(Clock clock, int max, int capacity) {
        if (max < 1 || capacity < 1) {
            throw new IllegalArgumentException("max and capacity must be positive");
        }
        this.clock = clock;
        this.max = max;
        this.capacity = capacity;
    }

    /** Seconds until {@code source} is no longer limited, or 0 when it is not limited now. */
    public synchronized long retryAfterSeconds(String source) {
        Deque<Long> q = failures.get(group(source));
        if (q == null) {
            return 0;
        }
        long now = clock.millis();
        prune(q, now);
        if (q.size() < max) {
            return 0;
        }
        return Math.max(1, (q.peekFirst() + WINDOW_MILLIS - now + 999) / 1000);
    }

    /**
     * Counts one failure of {@code source} and returns {@link #retryAfterSeconds} as it was before this failure:
     * above 0, the source had already used up its failures.
     */
    public synchronized long recordFailure(String source) {
        long before = retryAfterSeconds(source);
        String key = group(source);
        long now = clock.millis();
        Deque<Long> q = failures.remove(key); // re-inserted below: the map's order is the order of latest failures
        if (q == null) {
            q = new ArrayDeque<>();
        }
        prune(q, now);
        q.addLast(now);
        while (q.size() > max) {
            q.pollFirst(); // the last max failures are all the limit needs
        }
        failures.put(key, q);
        if (failures.size() > capacity) {
            evictOne(now);
        }
        return before;
    }

    /** How many sources are remembered (for tests of the bound). */
    public synchronized int size() {
        return failures.size();
    }

    /** Forgets a source whose failures have expired, else the eldest that is not limited, else the eldest. */
    private void evictOne(long now) {
        Iterator<Map.Entry<String, Deque<Long>>> it = failures.entrySet().iterator();
        Map.Entry<String, Deque<Long>> eldest = it.next();
        Map.Entry<String, Deque<Long>> e = eldest;
        for (int scanned = 0; scanned < EVICTION_SCAN; scanned++) {
            prune(e.getValue(), now);
            if (e.getValue().size() < max) {
                it.remove();
                return;
            }
            if (!it.hasNext()) {
                break;
            }
            e = it.next();
        }
        failures.remove(eldest.getKey());
    }

    private static void prune(Deque<Long> q, long now) {
        while (!q.isEmpty() && (q.peekFirst() <= now - WINDOW_MILLIS || q.peekFirst() > now + WINDOW_MILLIS)) {
            q.pollFirst();
        }
    }

    /**
     * The key a source is counted under: an IPv6 address by its /64 network (an IPv4-mapped one as IPv4), anything
     * else as it is. Accepts the forms Jetty reports ({@code ::1}, {@code [::1]}, with or without a {@code %zone}).
     */
    public static String group(String source) {
        if (source == null || source.indexOf(':') < 0) {
            return source;
        }
        String literal = source.startsWith("[") && source.endsWith("]") ? source.substring(1, source.length() - 1)
                : source;
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        try {
            InetAddress address = InetAddress.ofLiteral(literal);
            if (address instanceof Inet6Address v6) {
                byte[] network = v6.getAddress();
                return HexFormat.of().formatHex(network, 0, 8) + "::/64";
            }
            return address.getHostAddress();
        } catch (IllegalArgumentException e) {
            return source;
        }
    }
}
