package org.secretdesk.client.scan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.secretdesk.model.SecretFormat;

/**
 * Finds SecretDesk client secrets in bytes: {@code sds_}, 49 base62 characters, and a CRC32 checksum that matches
 * (SecretFormat), so that a value with one character changed, or anything else that merely looks like one, is not
 * reported. A hit carries the value's hint and SHA-256 hash, never the value: no {@code String} of it is made.
 */
public final class SecretScanner {

    /** Bytes looked at for a NUL to decide a content is binary (git's own rule). */
    public static final int BINARY_PROBE = 8000;
    private static final int LENGTH = SecretFormat.LENGTH;

    private SecretScanner() {
    }

    /**
     * One secret in a content.
     *
     * @param line   1-based line number
     * @param hint   the first {@link SecretFormat#HINT_LENGTH} characters
     * @param sha256 lowercase hex SHA-256 of the value (what a gateway identifies it by)
     */
    public record Hit(int line, String hint, String sha256) {
    }

    /** True when the first {@link #BINARY_PROBE} bytes hold a NUL. */
    public static boolean looksBinary(byte[] content, int length) {
        int n = Math.min(length, BINARY_PROBE);
        for (int i = 0; i < n; i++) {
            if (content[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** Reports every well-formed secret in {@code content[0, length)}, in order. */
    public static void find(byte[] content, int length, Consumer<Hit> hits) {
        int last = length - LENGTH;
        int line = 1;
        int counted = 0;
        for (int i = 0; i <= last; i++) {
            // The prefix's last byte first: '_' is rarer in text than 's'.
            if (content[i + 3] == '_' && content[i] == 's' && content[i + 1] == 'd' && content[i + 2] == 's'
                    && SecretFormat.isWellFormedAt(content, i)) {
                for (int j = counted; j < i; j++) {
                    if (content[j] == '\n') {
                        line++;
                    }
                }
                counted = i;
                hits.accept(new Hit(line, new String(content, i, SecretFormat.HINT_LENGTH, StandardCharsets.US_ASCII),
                        sha256(content, i)));
                i += LENGTH - 1;
            }
        }
    }

    private static String sha256(byte[] content, int offset) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(content, offset, LENGTH);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
