package org.secretdesk.ui.common;

import java.util.Arrays;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import org.secretdesk.model.SecretValue;

/**
 * A secret as the operator types it (an admin key, a password): the characters in a {@code char[]} that is wiped
 * when it changes and when the dialog closes, never a {@code String}. The ViewModel owns it; a
 * {@link SecretInput} edits it. Only its length is observable. Use on the UI thread.
 */
public final class TypedSecret {

    private char[] chars = new char[0];
    private final ReadOnlyIntegerWrapper length = new ReadOnlyIntegerWrapper(this, "length", 0);
    /** Changes with every edit, also one that keeps the length (rules that compare two secrets depend on it). */
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper(this, "revision", 0);
    private final BooleanBinding empty = length.isEqualTo(0);

    /** Replaces the characters from {@code start} to {@code end} with {@code text} (typing, pasting, deleting). */
    public void replace(int start, int end, CharSequence text) {
        int s = Math.max(0, Math.min(start, chars.length));
        int e = Math.max(s, Math.min(end, chars.length));
        char[] next = new char[chars.length - (e - s) + text.length()];
        System.arraycopy(chars, 0, next, 0, s);
        for (int i = 0; i < text.length(); i++) {
            next[s + i] = text.charAt(i);
        }
        System.arraycopy(chars, e, next, s + text.length(), chars.length - e);
        Arrays.fill(chars, '\0');
        chars = next;
        changed();
    }

    /** Replaces everything with a copy of {@code value} (the caller wipes its own). */
    public void set(char[] value) {
        Arrays.fill(chars, '\0');
        chars = value.clone();
        changed();
    }

    /** A copy for one use (a connection, a file); the caller destroys it. */
    public SecretValue copy() {
        return SecretValue.wrap(chars.clone());
    }

    /** Compares with {@code other} in fixed time (lengths included): "the two passwords differ". */
    public boolean sameAs(TypedSecret other) {
        SecretValue mine = copy();
        try {
            return mine.sameAs(java.nio.CharBuffer.wrap(other.chars));
        } finally {
            mine.destroy();
        }
    }

    /** Zeroes the characters (the dialog closed, or they were used). */
    public void wipe() {
        Arrays.fill(chars, '\0');
        chars = new char[0];
        changed();
    }

    private void changed() {
        length.set(chars.length);
        revision.set(revision.get() + 1);
    }

    public int length() {
        return chars.length;
    }

    public boolean isEmpty() {
        return chars.length == 0;
    }

    public ReadOnlyIntegerProperty lengthProperty() {
        return length.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    public BooleanBinding emptyProperty() {
        return empty;
    }

    /** Never the value. */
    @Override
    public String toString() {
        return "TypedSecret[" + chars.length + " chars]";
    }
}
