package org.secretdesk.ui.policy;

import java.time.Duration;
import java.util.Locale;
import org.secretdesk.model.IsoDurations;

/**
 * A duration as an operator types it: a whole amount and a unit. Parsing gives either the duration or one clear
 * sentence saying what is wrong; formatting goes back to the largest unit that divides it exactly.
 */
public final class DurationInput {

    public enum Unit {
        HOURS("hours", Duration.ofHours(1)),
        DAYS("days", Duration.ofDays(1)),
        WEEKS("weeks", Duration.ofDays(7));

        private final String label;
        private final Duration length;

        Unit(String label, Duration length) {
            this.label = label;
            this.length = length;
        }

        public Duration length() {
            return length;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** Exactly one of {@code duration} and {@code error} is set. */
    public record Parsed(Duration duration, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /** An amount and unit shown for an existing duration. */
    public record Shown(String amount, Unit unit) {
    }

    private DurationInput() {
    }

    /** {@code what} names the field in messages ("The expiry", "A threshold"). */
    public static Parsed parse(String amountText, Unit unit, String what) {
        String t = amountText == null ? "" : amountText.strip();
        if (t.isEmpty()) {
            return new Parsed(null, what + " needs an amount.");
        }
        if (!t.matches("[+-]?\\d+")) {
            return new Parsed(null, "“" + shorten(t) + "” is not a whole number.");
        }
        if (t.startsWith("-")) {
            return new Parsed(null, what + " cannot be negative.");
        }
        String digits = t.startsWith("+") ? t.substring(1) : t;
        if (digits.replaceFirst("^0+", "").length() > 9) {
            return new Parsed(null, what + " can be at most " + maxIn(unit) + " " + unit + " (100 years).");
        }
        long amount = Long.parseLong(digits);
        if (amount == 0) {
            return new Parsed(null, what + " must be at least 1 " + singular(unit) + ".");
        }
        Duration d = unit.length().multipliedBy(amount);
        if (d.compareTo(IsoDurations.MAX) > 0) {
            return new Parsed(null, what + " can be at most " + maxIn(unit) + " " + unit + " (100 years).");
        }
        return new Parsed(d, null);
    }

    /** The amount and the largest unit that divides {@code d} exactly (days rather than weeks for 14 days). */
    public static Shown show(Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            return new Shown("", Unit.DAYS);
        }
        if (d.toSeconds() % 86_400 == 0 && d.getNano() == 0) {
            return new Shown(Long.toString(d.toDays()), Unit.DAYS);
        }
        return new Shown(Long.toString(Math.max(1, d.toHours())), Unit.HOURS);
    }

    private static long maxIn(Unit unit) {
        return IsoDurations.MAX.toSeconds() / unit.length().toSeconds();
    }

    private static String singular(Unit unit) {
        return unit.toString().substring(0, unit.toString().length() - 1);
    }

    private static String shorten(String t) {
        return t.length() > 20 ? t.substring(0, 20) + "…" : t;
    }

    /** "5 days", "1 day", "12 hours" for thresholds in lists. */
    public static String label(Duration d) {
        return IsoDurations.humanize(d).toLowerCase(Locale.ROOT);
    }
}
