package org.secretdesk.ui.common;

/**
 * How the console shows a secret it does not have: the hint the gateway gives (its first characters) and one fixed
 * row of dots, the same for every secret and every backend, saying nothing about the value's length.
 */
public final class Redacted {

    /** The dots after the hint; also what a masked field shows. */
    public static final String DOTS = "••••••";

    private Redacted() {
    }

    /**
     * @param hint     the secret's first characters, or null
     * @param redacted the backend's own redacted form (its first characters then {@code *}s), used when there is no
     *                 hint
     */
    public static String text(String hint, String redacted) {
        if (hint != null && !hint.isEmpty()) {
            return hint + DOTS;
        }
        if (redacted == null || redacted.isEmpty()) {
            return DOTS;
        }
        int end = redacted.indexOf('*');
        return (end < 0 ? redacted : redacted.substring(0, end)) + DOTS;
    }
}
