package org.secretdesk.model;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A leaked value reported to a gateway ({@code POST /api/v1/leaks}) by its SHA-256 hash only: where it was found
 * and by what.
 *
 * @param sha256 lowercase hex SHA-256 of the value's UTF-8 bytes
 * @param url    where it was found (a commit, a ticket, a log), or null
 * @param source what found it, e.g. {@code secretdesk-scan}, or null
 */
public record LeakReport(String sha256, String url, String source) {

    public LeakReport {
        Objects.requireNonNull(sha256, "sha256");
        if (sha256.length() != 64) {
            throw new IllegalArgumentException("sha256 must be 64 hexadecimal characters");
        }
        HexFormat.of().parseHex(sha256);
        sha256 = sha256.toLowerCase(Locale.ROOT);
    }

    /** The gateway's answer for one report: whether the value was one of its secrets'. */
    public record Verdict(String sha256, boolean truePositive) {
    }
}
