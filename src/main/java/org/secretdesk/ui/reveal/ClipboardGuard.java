package org.secretdesk.ui.reveal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DataFormat;
import org.secretdesk.model.SecretValue;

/**
 * Puts secrets on the system clipboard for a limited time and takes them off again, but only while the clipboard
 * still holds that secret: if the operator copied something else meanwhile, it is left alone.
 *
 * <p>The copied secret is marked as a password so that clipboard managers skip their history:
 * <ul>
 *   <li>Linux (KDE Klipper and managers that follow it): target {@code x-kde-passwordManagerHint} with the raw
 *       bytes {@code secret}. JavaFX/GTK offers custom MIME targets as raw bytes, so this works.</li>
 *   <li>macOS: {@code org.nspasteboard.ConcealedType} (the nspasteboard.org convention). JavaFX passes custom
 *       formats to NSPasteboard by name; not verified on a Mac from this project.</li>
 *   <li>Windows: {@code ExcludeClipboardContentFromMonitorProcessing} (any content) and
 *       {@code CanIncludeInClipboardHistory} / {@code CanUploadToCloudClipboard} as a DWORD 0. JavaFX registers
 *       unknown formats by name with raw bytes; not verified on Windows from this project.</li>
 * </ul>
 * All three are offered on every OS: a platform ignores formats it does not know, and the hint costs nothing.
 *
 * <p>To decide whether the clipboard still holds "our" secret the guard keeps only a SHA-256 digest of it, not
 * the characters. The password hint is not relied on to know whether the secret is still there (a desktop may
 * not hand it back at all): the exact comparison runs at the deadline (and on exit), whatever the hint did. JavaFX's clipboard API hands text back as a
 * {@code String} only, so that comparison makes one short-lived String of whatever is on the clipboard; it cannot
 * be wiped and is left to the garbage collector.
 * The same holds for the String given to the clipboard when copying: JavaFX's {@code ClipboardContent} takes
 * text only as a String.
 *
 * <p>Use on the FX thread only.
 */
public final class ClipboardGuard {

    /** How often the countdown is refreshed; the clear itself happens at the exact deadline. */
    private static final javafx.util.Duration TICK = javafx.util.Duration.millis(200);

    private static final DataFormat KDE_PASSWORD_HINT = format("x-kde-passwordManagerHint");
    private static final DataFormat MAC_CONCEALED = format("org.nspasteboard.ConcealedType");
    private static final DataFormat WIN_EXCLUDE_MONITOR = format("ExcludeClipboardContentFromMonitorProcessing");
    private static final DataFormat WIN_HISTORY = format("CanIncludeInClipboardHistory");
    private static final DataFormat WIN_CLOUD = format("CanUploadToCloudClipboard");

    private final Supplier<Duration> clearAfter;
    private final ReadOnlyIntegerWrapper secondsLeft = new ReadOnlyIntegerWrapper(this, "secondsLeft", 0);
    private final ReadOnlyBooleanWrapper pending = new ReadOnlyBooleanWrapper(this, "pending", false);
    private final Timeline ticker;
    /** Digest of the secret we last put on the clipboard, or null when nothing of ours is pending. */
    private byte[] ourDigest;
    private long deadlineNanos;

    /** @param clearAfter how long a copied secret stays on the clipboard; a null result means "never clear" */
    public ClipboardGuard(Supplier<Duration> clearAfter) {
        this.clearAfter = Objects.requireNonNull(clearAfter);
        this.ticker = new Timeline(new KeyFrame(TICK, e -> tick()));
        this.ticker.setCycleCount(Animation.INDEFINITE);
    }

    /** Seconds until the clipboard is cleared; 0 when nothing is pending (or when it is never cleared). */
    public ReadOnlyIntegerProperty secondsLeftProperty() {
        return secondsLeft.getReadOnlyProperty();
    }

    /** Copies {@code value} marked as a password and starts the countdown. The caller keeps ownership of value. */
    public void copySecret(SecretValue value) {
        ClipboardContent content = new ClipboardContent();
        char[] chars = value.copyChars();
        try {
            content.putString(new String(chars)); // JavaFX accepts text only as a String (see class comment)
            ourDigest = digest(chars);
            pending.set(true);
        } finally {
            Arrays.fill(chars, '\0');
        }
        content.put(KDE_PASSWORD_HINT, ByteBuffer.wrap("secret".getBytes(StandardCharsets.US_ASCII)));
        content.put(MAC_CONCEALED, ByteBuffer.wrap(new byte[0]));
        content.put(WIN_EXCLUDE_MONITOR, ByteBuffer.wrap(new byte[0]));
        content.put(WIN_HISTORY, ByteBuffer.wrap(new byte[4])); // DWORD 0
        content.put(WIN_CLOUD, ByteBuffer.wrap(new byte[4]));   // DWORD 0
        Clipboard.getSystemClipboard().setContent(content);
        startCountdown();
    }

    /** Copies a value that is not secret (a client_id, an id): no marking, no countdown. */
    public void copyText(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
        // Our secret, if any, is no longer on the clipboard: nothing left to clear.
        forget();
    }

    /** Clears the clipboard now if it still holds the secret we put there (called when the console exits). */
    public void clearIfOurs() {
        if (ourDigest != null && clipboardHoldsOurs()) {
            Clipboard.getSystemClipboard().clear();
        }
        forget();
    }

    /** True while a secret copied by this guard is pending on the clipboard. */
    public boolean isPending() {
        return ourDigest != null;
    }

    /** True from copying a secret until it was cleared, replaced by another copy of ours, or found gone. */
    public ReadOnlyBooleanProperty pendingProperty() {
        return pending.getReadOnlyProperty();
    }

    private void startCountdown() {
        ticker.stop();
        Duration after = clearAfter.get();
        if (after == null) {
            secondsLeft.set(0); // never cleared by time; still cleared on exit
            return;
        }
        deadlineNanos = System.nanoTime() + after.toNanos();
        updateSecondsLeft(after.toNanos());
        ticker.playFromStart();
    }

    private void tick() {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            // Whatever the hint did: compare what the clipboard holds now, and clear only our secret.
            clearIfOurs();
        } else {
            // The hint is not asked: a desktop that does not hand it back would make the guard give up on a secret
            // still on the clipboard. The deadline decides, by comparing.
            updateSecondsLeft(remaining);
        }
    }

    private void updateSecondsLeft(long remainingNanos) {
        secondsLeft.set((int) Math.ceil(remainingNanos / 1_000_000_000.0));
    }

    private void forget() {
        ticker.stop();
        if (ourDigest != null) {
            Arrays.fill(ourDigest, (byte) 0);
        }
        ourDigest = null;
        secondsLeft.set(0);
        pending.set(false);
    }

    private boolean clipboardHoldsOurs() {
        Clipboard clipboard = Clipboard.getSystemClipboard();
        if (!clipboard.hasString()) {
            return false;
        }
        String current = clipboard.getString(); // short-lived; see class comment
        if (current == null) {
            return false;
        }
        char[] chars = current.toCharArray();
        try {
            byte[] d = digest(chars);
            return MessageDigest.isEqual(d, ourDigest);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private static byte[] digest(char[] chars) {
        SecretValue tmp = SecretValue.wrap(chars.clone());
        byte[] utf8 = tmp.utf8();
        try {
            return MessageDigest.getInstance("SHA-256").digest(utf8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        } finally {
            Arrays.fill(utf8, (byte) 0);
            tmp.destroy();
        }
    }

    private static DataFormat format(String id) {
        DataFormat existing = DataFormat.lookupMimeType(id);
        return existing != null ? existing : new DataFormat(id);
    }
}
