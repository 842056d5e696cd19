package org.secretdesk.model;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * A plaintext secret held as characters so it can be wiped. Deliberately not a {@code CharSequence}, so it is
 * never turned into a {@code String} by accident; {@link #toString()} never reveals it, and
 * {@link #sameAs(CharSequence)} compares in constant time (lengths included).
 */
public final class SecretValue implements Destroyable {

    private final char[] chars;
    private volatile boolean destroyed;

    private SecretValue(char[] chars) {
        this.chars = chars;
    }

    /** Takes ownership of {@code chars}: the caller must not keep or reuse the array. */
    public static SecretValue wrap(char[] chars) {
        return new SecretValue(chars);
    }

    public static SecretValue copyOf(CharSequence value) {
        char[] c = new char[value.length()];
        for (int i = 0; i < c.length; i++) {
            c[i] = value.charAt(i);
        }
        return new SecretValue(c);
    }

    /** A copy of the characters; the caller wipes it when done. */
    public char[] copyChars() {
        ensureAlive();
        return chars.clone();
    }

    /** UTF-8 bytes of the value; the caller wipes them when done. */
    public byte[] utf8() {
        ensureAlive();
        ByteBuffer buf = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] out = new byte[buf.remaining()];
        buf.get(out);
        if (buf.hasArray()) {
            Arrays.fill(buf.array(), (byte) 0);
        }
        return out;
    }

    public int length() {
        ensureAlive();
        return chars.length;
    }

    public char charAt(int index) {
        ensureAlive();
        return chars[index];
    }

    /** Fixed-time comparison with another character sequence, lengths included. */
    public boolean sameAs(CharSequence other) {
        ensureAlive();
        if (other == null) {
            return false;
        }
        int diff = chars.length ^ other.length();
        int n = Math.max(chars.length, other.length());
        for (int i = 0; i < n; i++) {
            char a = i < chars.length ? chars[i] : 0;
            char b = i < other.length() ? other.charAt(i) : 0;
            diff |= a ^ b;
        }
        return diff == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretValue other && !destroyed && !other.destroyed
                && sameAs(java.nio.CharBuffer.wrap(other.chars));
    }

    @Override
    public int hashCode() {
        return chars.length;
    }

    @Override
    public void destroy() {
        Arrays.fill(chars, '\0');
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    /** Never the value. */
    @Override
    public String toString() {
        return destroyed ? "SecretValue[destroyed]" : "SecretValue[" + chars.length + " chars, redacted]";
    }

    private void ensureAlive() {
        if (destroyed) {
            throw new IllegalStateException("The secret value was wiped");
        }
    }

    /** Compares two byte arrays in fixed time. */
    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
