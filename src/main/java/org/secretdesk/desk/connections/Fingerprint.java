package org.secretdesk.desk.connections;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * SHA-256 fingerprints as operators type or paste them: with or without colons or spaces, in either case. Stored
 * and shown in the canonical form of {@link org.secretdesk.pki.Fingerprints} (uppercase hex, colon-separated).
 */
public final class Fingerprint {

    private static final HexFormat COLON_HEX = HexFormat.ofDelimiter(":").withUpperCase();

    private Fingerprint() {
    }

    /** The canonical form, or empty when the text is not 64 hex digits once separators are removed. */
    public static Optional<String> normalize(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String hex = text.replaceAll("[\\s:\\-]", "").toLowerCase(Locale.ROOT);
        if (hex.length() >= 7 && hex.startsWith("sha256=")) {
            hex = hex.substring(7);
        }
        if (!hex.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        return Optional.of(COLON_HEX.formatHex(HexFormat.of().parseHex(hex)));
    }

    /** True when both are valid SHA-256 fingerprints of the same bytes, ignoring case and separators. */
    public static boolean same(String a, String b) {
        Optional<String> na = normalize(a);
        Optional<String> nb = normalize(b);
        return na.isPresent() && na.equals(nb);
    }

    /** Split in two halves on two lines, so a SHA-256 or SHA-1 fingerprint fits a dialog and reads in halves. */
    public static String inTwoLines(String fingerprint) {
        String[] bytes = fingerprint.strip().split(":");
        if (bytes.length < 16) {
            return fingerprint;
        }
        int half = (bytes.length + 1) / 2;
        return String.join(":", java.util.Arrays.copyOfRange(bytes, 0, half)) + "\n"
                + String.join(":", java.util.Arrays.copyOfRange(bytes, half, bytes.length));
    }
}
