package org.secretdesk.ui.common;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Times as operators read them: "in 4 days", "2 min ago", "just now"; the exact time for tooltips. Pure
 * functions of (time, now) so they are tested without a clock.
 */
public final class RelativeTime {

    private static final DateTimeFormatter EXACT =
            DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss", Locale.ENGLISH);
    private static final DateTimeFormatter SHORT_DATE = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter SHORT_DATE_YEAR = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    private final ZoneId zone;

    public RelativeTime(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * "in 4 days" / "3 h ago" / "just now" (under a minute past); {@code whenNull} when there is no time. A future
     * instant under a minute away reads "in under a minute", never "just now": it has not happened yet.
     */
    public String relative(Instant time, Instant now, String whenNull) {
        if (time == null) {
            return whenNull;
        }
        Duration d = Duration.between(now, time);
        boolean future = d.isPositive();
        String amount = amount(d.abs());
        if (amount == null) {
            return future ? "in under a minute" : "just now";
        }
        return future ? "in " + amount : amount + " ago";
    }

    /** "5 s ago" for the status bar's last refresh, counting seconds too. */
    public String agoWithSeconds(Instant time, Instant now) {
        long s = Math.max(0, Duration.between(time, now).toSeconds());
        if (s < 60) {
            return s + " s ago";
        }
        return relative(time, now, "");
    }

    /** Exact local time for tooltips: "3 Oct 2026, 14:05:09". */
    public String exact(Instant time) {
        return time == null ? "" : EXACT.format(time.atZone(zone));
    }

    /** "3 Oct", or "3 Oct 2025" when not in {@code now}'s year. */
    public String shortDate(Instant time, Instant now) {
        if (time == null) {
            return "—";
        }
        var t = time.atZone(zone);
        return t.getYear() == now.atZone(zone).getYear() ? SHORT_DATE.format(t) : SHORT_DATE_YEAR.format(t);
    }

    /** Rounded down, in the largest unit that fits; null under a minute. */
    private static String amount(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 1) {
            return null;
        }
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = d.toHours();
        if (hours < 24) {
            return hours + " h";
        }
        // Whole days, rounded: a secret expiring in 3 days 23 hours reads "in 4 days".
        long days = (hours + 12) / 24;
        if (days < 60) {
            return plural(days, "day");
        }
        if (days < 730) {
            return plural(days / 30, "month");
        }
        return plural(days / 365, "year");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
