package org.secretdesk.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * ISO-8601 durations as the API writes them: whole days as {@code P90D}, otherwise {@code PT1H30M}.
 * Weeks ({@code P2W}) are accepted on input. Months and years are refused: they have no fixed length.
 */
public final class IsoDurations {

    /** Longer than any sensible secret lifetime; guards against overflow. */
    public static final Duration MAX = Duration.ofDays(365L * 100);

    private IsoDurations() {
    }

    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip().toUpperCase(Locale.ROOT);
        if (t.length() > 40 || t.startsWith("-") || t.startsWith("+")) {
            return Optional.empty();
        }
        try {
            Duration d;
            if (t.matches("P\\d{1,6}W")) {
                d = Duration.ofDays(7L * Long.parseLong(t.substring(1, t.length() - 1)));
            } else if (t.matches("P(\\d{1,9}D)?(T(\\d{1,9}H)?(\\d{1,9}M)?(\\d{1,12}(\\.\\d{1,9})?S)?)?")
                    && !t.equals("P") && !t.endsWith("T")) {
                d = Duration.parse(t);
            } else {
                return Optional.empty();
            }
            if (d.isNegative() || d.compareTo(MAX) > 0) {
                return Optional.empty();
            }
            return Optional.of(d);
        } catch (DateTimeParseException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    public static String format(Duration d) {
        if (d.isZero()) {
            return "PT0S";
        }
        long seconds = d.getSeconds();
        if (d.getNano() == 0 && seconds % 86_400 == 0) {
            return "P" + (seconds / 86_400) + "D";
        }
        long days = seconds / 86_400;
        Duration rest = d.minusDays(days);
        String time = rest.toString().substring(1); // "T…"
        return days > 0 ? "P" + days + "D" + time : "P" + time;
    }

    /** "90 days", "1 hour", "2 days 3 hours" — for people. */
    public static String humanize(Duration d) {
        if (d == null) {
            return "never";
        }
        long days = d.toDays();
        long hours = d.toHoursPart();
        long minutes = d.toMinutesPart();
        StringBuilder sb = new StringBuilder();
        append(sb, days, "day");
        append(sb, hours, "hour");
        append(sb, minutes, "minute");
        if (sb.isEmpty()) {
            append(sb, Math.max(d.toSecondsPart(), 0), "second");
        }
        return sb.isEmpty() ? "0 seconds" : sb.toString();
    }

    private static void append(StringBuilder sb, long n, String unit) {
        if (n <= 0) {
            return;
        }
        if (!sb.isEmpty()) {
            sb.append(' ');
        }
        sb.append(n).append(' ').append(unit).append(n == 1 ? "" : "s");
    }
}
