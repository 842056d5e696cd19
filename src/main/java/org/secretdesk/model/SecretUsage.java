package org.secretdesk.model;

import java.time.Instant;
import java.util.List;

/**
 * How one value of a secret has been used at the token endpoint: when last, from which client address, and how
 * often in the last 24 hours. Never the value itself.
 *
 * @param lastUsedAt   the last successful use, or null when never used (as far as the gateway has written it)
 * @param lastUsedFrom the client address of that use (the trusted proxy's header behind a proxy), or null
 * @param uses24h      uses in the last 24 hours (whole hours: the current hour and the 23 before it)
 * @param usesByHour   the same by hour, newest first: index 0 is the current hour; empty when not known
 */
public record SecretUsage(Instant lastUsedAt, String lastUsedFrom, long uses24h, List<Long> usesByHour) {

    /** A value no use of which is known. */
    public static final SecretUsage NONE = new SecretUsage(null, null, 0, List.of());

    public SecretUsage {
        usesByHour = usesByHour == null ? List.of() : List.copyOf(usesByHour);
    }

    public boolean neverUsed() {
        return lastUsedAt == null;
    }

    /** Uses in the current hour (the first entry of {@link #usesByHour}), 0 when not known. */
    public long usesThisHour() {
        return usesByHour.isEmpty() ? 0 : usesByHour.getFirst();
    }
}
