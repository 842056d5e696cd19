package org.secretdesk.server.store;

import java.time.Instant;

/**
 * The expiry times of an application's secrets, kept on its row ({@code applications.secret_expiries}) so a page of
 * applications shows each one's secret count, next expiry and expired count without reading the secrets: with the
 * three aggregates computed per row, a page after a random cursor read about a hundred cold index pages of
 * {@code secrets} (docs/benchmarks.md, "Scale").
 *
 * <p>The text holds one entry per secret, in any order, separated by commas: the expiry in epoch milliseconds in
 * base 36, or {@code -} for a secret that never expires; the empty text means no secrets. {@link Store} keeps it in
 * every transaction that adds, renews or deletes a secret, under the application's lock (an insert appends its
 * entry, a renew or delete rebuilds the text from the {@code secrets} table), so it is as current as the secrets. At most 1,000 secrets per application
 * (the gateway's limit) make at most about 10,000 characters.
 */
public final class SecretExpiries {

    /** Counts derived at a given time. */
    public record Summary(int count, Long nextExpiry, int expired) {

        public Instant nextExpiryInstant() {
            return nextExpiry == null ? null : Instant.ofEpochMilli(nextExpiry);
        }
    }

    private static final char NEVER = '-';
    private static final char SEPARATOR = ',';

    private SecretExpiries() {
    }

    /** Appends one secret's entry to {@code out}. */
    static void append(StringBuilder out, Long expiresAt) {
        if (!out.isEmpty()) {
            out.append(SEPARATOR);
        }
        out.append(entry(expiresAt));
    }

    /** One secret's entry: its expiry in epoch milliseconds in base 36, or {@code -} when it never expires. */
    public static String entry(Long expiresAt) {
        return expiresAt == null ? String.valueOf(NEVER) : Long.toString(expiresAt, Character.MAX_RADIX);
    }

    /** How many secrets the list holds (one entry each). */
    public static int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        int n = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == SEPARATOR) {
                n++;
            }
        }
        return n;
    }

    /** True when both texts hold the same entries, in any order (an insert appends; a rebuild follows the index). */
    public static boolean sameEntries(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        if (a.isEmpty() || b.isEmpty() || a.length() != b.length()) {
            return false;
        }
        String[] x = a.split(String.valueOf(SEPARATOR));
        String[] y = b.split(String.valueOf(SEPARATOR));
        java.util.Arrays.sort(x);
        java.util.Arrays.sort(y);
        return java.util.Arrays.equals(x, y);
    }

    /**
     * The secret count, the earliest expiry after {@code now} and the number of secrets expired at {@code now} (an
     * expiry equal to {@code now} has passed), as the per-row aggregates on {@code secrets} computed them.
     */
    public static Summary summarise(String text, long now) {
        if (text == null || text.isEmpty()) {
            return new Summary(0, null, 0);
        }
        int count = 0;
        int expired = 0;
        long next = Long.MAX_VALUE;
        boolean hasNext = false;
        int start = 0;
        int length = text.length();
        while (start <= length) {
            int end = text.indexOf(SEPARATOR, start);
            if (end < 0) {
                end = length;
            }
            count++;
            if (!(end - start == 1 && text.charAt(start) == NEVER)) {
                long at = Long.parseLong(text, start, end, Character.MAX_RADIX);
                if (at <= now) {
                    expired++;
                } else if (at < next) {
                    next = at;
                    hasNext = true;
                }
            }
            start = end + 1;
        }
        return new Summary(count, hasNext ? next : null, expired);
    }
}
