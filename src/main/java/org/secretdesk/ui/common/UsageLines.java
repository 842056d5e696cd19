package org.secretdesk.ui.common;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.secretdesk.model.PreviousValue;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretUsage;

/**
 * How a secret value's use reads, the same in the secrets table, the rotation panel and the stale secrets: "used
 * 2 min ago from 10.0.0.5 · 37 uses in the last hour", and for the old value during a grace period "… · valid until
 * 14:05". Pure functions of (data, now), so they are tested without a clock. Never a value, only its use.
 */
public final class UsageLines {

    private final RelativeTime times;

    public UsageLines(RelativeTime times) {
        this.times = times;
    }

    public RelativeTime times() {
        return times;
    }

    /** "used 2 min ago from 10.0.0.5 · 37 uses in the last hour", or "not used yet"; null when nothing is known. */
    public String valueLine(SecretUsage usage, Instant now) {
        if (usage == null) {
            return null;
        }
        if (usage.neverUsed()) {
            return "not used yet";
        }
        StringBuilder sb = new StringBuilder("used ").append(times.relative(usage.lastUsedAt(), now, ""));
        if (usage.lastUsedFrom() != null) {
            sb.append(" from ").append(usage.lastUsedFrom());
        }
        return sb.append(" · ").append(count(usage.usesThisHour(), "in the last hour")).toString();
    }

    /**
     * The old value's state during a grace period: "Old value used 2 min ago from 10.0.0.5 · 37 uses in the last
     * hour · valid until 14:05". A backend that records no use (Keycloak's rotated secret) gives only "Previous value
     * valid until 2026-12-08 14:05".
     */
    public String oldValueLine(PreviousValue previous, Instant now) {
        String until = "valid until " + when(previous.graceUntil(), now);
        if (previous.usage() == null) {
            return "Previous value " + until;
        }
        return "Old value " + valueLine(previous.usage(), now) + " · " + until;
    }

    /** "14:05" today, else "2026-12-08 14:05". */
    public String when(Instant t, Instant now) {
        if (t == null) {
            return "—";
        }
        return times.date(t).equals(times.date(now)) ? times.time(t) : times.exact(t);
    }

    /**
     * The tooltip of a secret's "Last used": the exact time, the address and the day's count of the current value;
     * during a grace period the old value's line too. "Never used" when no use is known.
     */
    public String lastUsedTooltip(SecretSummary s, Instant now) {
        List<String> lines = new ArrayList<>();
        SecretUsage u = s.usage();
        if (s.lastUsedAt() == null && (u == null || u.neverUsed())) {
            lines.add("Never used");
        } else if (u == null || u.neverUsed()) {
            lines.add("Last used " + times.exact(s.lastUsedAt()));
        } else {
            lines.add("Last used " + times.exact(u.lastUsedAt())
                    + (u.lastUsedFrom() == null ? "" : " from " + u.lastUsedFrom()));
            lines.add(count(u.uses24h(), "in the last 24 hours"));
        }
        if (s.previous() != null && s.previous().graceUntil() != null && s.previous().graceUntil().isAfter(now)) {
            lines.add(oldValueLine(s.previous(), now));
        }
        return String.join("\n", lines);
    }

    /** "1 use in the last hour", "37 uses in the last hour". */
    public static String count(long n, String span) {
        return uses(n) + " " + span;
    }

    /** "1 use", "37 uses". */
    public static String uses(long n) {
        return n + (n == 1 ? " use" : " uses");
    }

    /** "1 h", "15 min", "1 day", "2 days" for a quiet period or extension. */
    public static String span(Duration d) {
        if (d.toDays() >= 1 && d.equals(Duration.ofDays(d.toDays()))) {
            return d.toDays() == 1 ? "1 day" : d.toDays() + " days";
        }
        if (d.toHours() >= 1 && d.equals(Duration.ofHours(d.toHours()))) {
            return d.toHours() + " h";
        }
        return d.toMinutes() + " min";
    }
}
