package org.secretdesk.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.secretdesk.model.SecretFormat;
import org.secretdesk.model.SecretValue;

/** Identifiers, client secrets and admin keys from {@link SecureRandom}, and the SHA-256 used to store them. */
public final class Randoms {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Randoms() {
    }

    /** {@code prefix} + {@code n} base62 characters. */
    public static String id(String prefix, int n) {
        char[] c = new char[n];
        fillBase62(c, 0, n);
        return prefix + new String(c);
    }

    /** A new client secret: {@code sds_}, 43 random base62 characters (256 bits), 6 checksum characters. */
    public static SecretValue newClientSecret() {
        char[] c = new char[SecretFormat.LENGTH];
        SecretFormat.PREFIX.getChars(0, SecretFormat.PREFIX.length(), c, 0);
        fillBase62(c, SecretFormat.PREFIX.length(), SecretFormat.RANDOM_CHARS);
        SecretFormat.writeChecksum(c);
        return SecretValue.wrap(c);
    }

    /** A new admin API key: {@code sda_} and 43 random base62 characters. */
    public static SecretValue newAdminKey() {
        char[] c = new char[4 + 43];
        "sda_".getChars(0, 4, c, 0);
        fillBase62(c, 4, 43);
        return SecretValue.wrap(c);
    }

    public static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Lowercase hex SHA-256 of the value's UTF-8 bytes; the temporary bytes are wiped. */
    public static String sha256Hex(SecretValue value) {
        byte[] utf8 = value.utf8();
        try {
            return HexFormat.of().formatHex(sha256(utf8));
        } finally {
            java.util.Arrays.fill(utf8, (byte) 0);
        }
    }

    public static String sha256Hex(String value) {
        return HexFormat.of().formatHex(sha256(value.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void fillBase62(char[] out, int from, int n) {
        byte[] buf = new byte[n * 2];
        int i = 0;
        int p = buf.length;
        while (i < n) {
            if (p == buf.length) {
                RANDOM.nextBytes(buf);
                p = 0;
            }
            int b = buf[p++] & 0xFF;
            if (b < 248) { // 248 = 4 * 62: rejection sampling keeps every character equally likely
                out[from + i++] = SecretFormat.base62(b % 62);
            }
        }
        java.util.Arrays.fill(buf, (byte) 0);
    }
}
