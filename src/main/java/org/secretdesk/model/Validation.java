package org.secretdesk.model;

import java.util.Optional;

/**
 * The naming rules every side shares: application names and secret descriptions are 1-100 characters
 * after trimming, with no control characters. Uniqueness is case-sensitive and checked by the gateway.
 */
public final class Validation {

    public static final int MAX_LENGTH = 100;

    private Validation() {
    }

    /** The trimmed form used for storage and comparison. */
    public static String normalize(String value) {
        return value == null ? "" : value.strip();
    }

    /**
     * Why {@code value} is not a valid name or description, or empty when it is.
     *
     * @param what "Name" or "Description", used in the message
     */
    public static Optional<String> checkLabel(String what, String value) {
        String v = normalize(value);
        if (v.isEmpty()) {
            return Optional.of(what + " is required.");
        }
        if (v.codePointCount(0, v.length()) > MAX_LENGTH) {
            return Optional.of(what + " must be at most " + MAX_LENGTH + " characters.");
        }
        if (hasControlCharacters(v)) {
            return Optional.of(what + " must not contain control characters.");
        }
        return Optional.empty();
    }

    /** Control characters, including the bidirectional overrides that can disguise text. */
    public static boolean hasControlCharacters(String value) {
        return value.codePoints().anyMatch(cp -> Character.isISOControl(cp)
                || Character.getType(cp) == Character.FORMAT && isBidiOrInvisible(cp)
                || Character.getType(cp) == Character.LINE_SEPARATOR
                || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR
                || Character.getType(cp) == Character.SURROGATE
                || Character.getType(cp) == Character.UNASSIGNED && cp > 0xFFFF && cp >= 0xE0000);
    }

    private static boolean isBidiOrInvisible(int cp) {
        return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)
                || cp == 0xFEFF || cp == 0x061C || cp == 0x2060;
    }
}
