package org.secretdesk.model;

import java.util.zip.CRC32;

/**
 * The shape of a SecretDesk client secret: {@code sds_}, 43 base62 characters (256 bits of randomness),
 * then a 6-character base62 CRC32 of everything before it, so a leaked secret is recognisable offline.
 */
public final class SecretFormat {

    public static final String PREFIX = "sds_";
    public static final int RANDOM_CHARS = 43;
    public static final int CHECKSUM_CHARS = 6;
    public static final int LENGTH = PREFIX.length() + RANDOM_CHARS + CHECKSUM_CHARS;
    public static final int HINT_LENGTH = 8;
    static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private SecretFormat() {
    }

    /** Writes the checksum of {@code chars[0, LENGTH - CHECKSUM_CHARS)} into the last six characters. */
    public static void writeChecksum(char[] chars) {
        long crc = crc(chars, LENGTH - CHECKSUM_CHARS);
        for (int i = LENGTH - 1; i >= LENGTH - CHECKSUM_CHARS; i--) {
            chars[i] = BASE62[(int) (crc % 62)];
            crc /= 62;
        }
    }

    /** True when {@code value} has the SecretDesk shape and a valid checksum. */
    public static boolean isWellFormed(CharSequence value) {
        if (value == null || value.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < PREFIX.length(); i++) {
            if (value.charAt(i) != PREFIX.charAt(i)) {
                return false;
            }
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            if (base62Index(value.charAt(i)) < 0) {
                return false;
            }
        }
        char[] copy = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            copy[i] = value.charAt(i);
        }
        long crc = crc(copy, LENGTH - CHECKSUM_CHARS);
        boolean ok = true;
        for (int i = LENGTH - 1; i >= LENGTH - CHECKSUM_CHARS; i--) {
            ok &= copy[i] == BASE62[(int) (crc % 62)];
            crc /= 62;
        }
        java.util.Arrays.fill(copy, '\0');
        return ok;
    }

    /**
     * True when the {@link #LENGTH} bytes at {@code offset} (ASCII) are a SecretDesk secret with a valid checksum:
     * what a scanner checks where it finds {@link #PREFIX}, without making characters of the value. The caller makes
     * sure that many bytes are there.
     */
    public static boolean isWellFormedAt(byte[] bytes, int offset) {
        for (int i = 0; i < PREFIX.length(); i++) {
            if (bytes[offset + i] != PREFIX.charAt(i)) {
                return false;
            }
        }
        for (int i = offset + PREFIX.length(); i < offset + LENGTH; i++) {
            if (bytes[i] < 0 || base62Index((char) bytes[i]) < 0) {
                return false;
            }
        }
        CRC32 c = new CRC32();
        c.update(bytes, offset, LENGTH - CHECKSUM_CHARS);
        long crc = c.getValue();
        boolean ok = true;
        for (int i = offset + LENGTH - 1; i >= offset + LENGTH - CHECKSUM_CHARS; i--) {
            ok &= bytes[i] == BASE62[(int) (crc % 62)];
            crc /= 62;
        }
        return ok;
    }

    public static char base62(int index) {
        return BASE62[index];
    }

    /** The first {@link #HINT_LENGTH} characters, then a fixed-length mask. */
    public static String redact(String hint) {
        return hint + "*".repeat(16);
    }

    private static long crc(char[] chars, int len) {
        CRC32 crc = new CRC32();
        for (int i = 0; i < len; i++) {
            crc.update(chars[i]); // all characters are ASCII
        }
        return crc.getValue();
    }

    private static int base62Index(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 36;
        }
        return -1;
    }
}
