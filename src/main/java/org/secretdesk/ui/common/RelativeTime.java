package org.secretdesk.ui.common;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.Locale;

/**
 * Times as operators read them: "in 4 days", "in 1 h 59 min", "2 min ago", "just now"; and the console's one
 * format for dates and times, ISO 8601 ({@value #DATE_PATTERN}, {@value #DATE_TIME_PATTERN}), everywhere a date is
 * shown or typed. Pure functions of (time, now) so they are tested without a clock.
 */
public final class RelativeTime {

    public static final String DATE_PATTERN = "yyyy-MM-dd";
    public static final String DATE_TIME_PATTERN = "yyyy-MM-dd HH:mm";
    /** What a date field shows while empty. */
    public static final String DATE_HINT = "YYYY-MM-DD";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern(DATE_PATTERN, Locale.ROOT);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern(DATE_TIME_PATTERN, Locale.ROOT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    /** Under this, a relative time counts minutes as well as hours ("in 1 h 59 min", not "in 1 h"). */
    private static final long HOURS_WITH_MINUTES = 10;

    private final ZoneId zone;

    public RelativeTime(ZoneId zone) {
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
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

    /** Local date and time: "2026-10-03 14:05". */
    public String exact(Instant time) {
        return time == null ? "" : DATE_TIME.format(time.atZone(zone));
    }

    /** Local date: "2026-10-03". */
    public String date(Instant time) {
        return time == null ? "—" : DATE.format(time.atZone(zone));
    }

    /** Local time of day: "14:05". */
    public String time(Instant time) {
        return time == null ? "" : TIME.format(time.atZone(zone));
    }

    /** A date as typed: "2026-12-07" (ISO, the format shown everywhere), or the locale's short form ("12/7/26"). */
    public static LocalDate parseDate(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(t, DATE);
        } catch (DateTimeParseException iso) {
            return LocalDate.parse(t, DateTimeFormatter.ofLocalizedDate(FormatStyle.SHORT).withLocale(Locale.getDefault()));
        }
    }

    public static String formatDate(LocalDate date) {
        return date == null ? "" : DATE.format(date);
    }

    /** Down to the minute under {@value #HOURS_WITH_MINUTES} hours, whole hours to a day, then rounded days. */
    private static String amount(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 1) {
            return null;
        }
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = d.toHours();
        if (hours < HOURS_WITH_MINUTES) {
            long rest = minutes - hours * 60;
            return rest == 0 ? hours + " h" : hours + " h " + rest + " min";
        }
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
