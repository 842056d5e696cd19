package org.secretdesk.ui.reveal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.ui.reveal.FxTestSupport.fx;
import static org.secretdesk.ui.reveal.FxTestSupport.fxRun;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.animation.PauseTransition;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DataFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secretdesk.model.SecretValue;
import org.testfx.util.WaitForAsyncUtils;

public class ClipboardGuardTest {

    private final AtomicReference<Duration> clearAfter = new AtomicReference<>(Duration.ofSeconds(30));
    private ClipboardGuard guard;

    @BeforeAll
    static void toolkit() throws Exception {
        FxTestSupport.startToolkit();
    }

    @AfterEach
    void clear() throws Exception {
        fxRun(() -> Clipboard.getSystemClipboard().clear());
    }

    private ClipboardGuard guard() throws Exception {
        guard = fx(() -> new ClipboardGuard(clearAfter::get));
        return guard;
    }

    private static String clipboardText() throws Exception {
        return fx(() -> Clipboard.getSystemClipboard().hasString() ? Clipboard.getSystemClipboard().getString() : null);
    }

    @Test
    void copiedSecretIsMarkedAsAPasswordAndCountsDown() throws Exception {
        ClipboardGuard g = guard();
        SecretValue value = SecretValue.copyOf("sds_value");
        fxRun(() -> g.copySecret(value));
        assertThat(clipboardText()).isEqualTo("sds_value");
        assertThat(fx(() -> Clipboard.getSystemClipboard().hasContent(
                DataFormat.lookupMimeType("x-kde-passwordManagerHint")))).isTrue();
        Object hint = fx(() -> Clipboard.getSystemClipboard().getContent(
                DataFormat.lookupMimeType("x-kde-passwordManagerHint")));
        // Raw bytes, not a serialized Java String: Klipper compares the target's bytes with "secret".
        assertThat(hint).isInstanceOf(ByteBuffer.class);
        ByteBuffer bytes = ((ByteBuffer) hint).duplicate();
        bytes.rewind();
        byte[] b = new byte[bytes.remaining()];
        bytes.get(b);
        assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo("secret");
        for (String format : new String[] {"org.nspasteboard.ConcealedType",
                "ExcludeClipboardContentFromMonitorProcessing", "CanIncludeInClipboardHistory",
                "CanUploadToCloudClipboard"}) {
            assertThat(fx(() -> Clipboard.getSystemClipboard().hasContent(DataFormat.lookupMimeType(format))))
                    .as(format).isTrue();
        }
        assertThat(fx(() -> g.secondsLeftProperty().get())).isBetween(29, 30);
        assertThat(value.isDestroyed()).as("the caller still owns the value").isFalse();
    }

    @Test
    void clearedAfterTheTimeoutWhenStillOurs() throws Exception {
        clearAfter.set(Duration.ofMillis(500));
        ClipboardGuard g = guard();
        fxRun(() -> g.copySecret(SecretValue.copyOf("sds_value")));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> clipboardText() == null);
        assertThat(fx(() -> g.secondsLeftProperty().get())).isZero();
        assertThat(fx(g::isPending)).isFalse();
    }

    @Test
    void notClearedWhenSomethingElseWasCopied() throws Exception {
        clearAfter.set(Duration.ofMillis(500));
        ClipboardGuard g = guard();
        fxRun(() -> g.copySecret(SecretValue.copyOf("sds_value")));
        fxRun(() -> {
            ClipboardContent other = new ClipboardContent();
            other.putString("an unrelated note");
            Clipboard.getSystemClipboard().setContent(other);
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !fx(g::isPending));
        // Beyond the deadline, nothing may clear it later either: wait for the FX animation clock, which drives the
        // guard's own ticker, to run past the deadline and two more ticks.
        awaitFxClock(clearAfter.get().plusMillis(400));
        assertThat(clipboardText()).isEqualTo("an unrelated note");
        fxRun(g::clearIfOurs);
        assertThat(clipboardText()).isEqualTo("an unrelated note");
    }

    @Test
    void anotherPasswordMarkedTheSameWayIsNotClearedEither() throws Exception {
        clearAfter.set(Duration.ofMillis(500));
        ClipboardGuard g = guard();
        fxRun(() -> g.copySecret(SecretValue.copyOf("sds_value")));
        fxRun(() -> { // e.g. a password manager copying its own password with the KDE hint
            ClipboardContent other = new ClipboardContent();
            other.putString("another password");
            other.put(DataFormat.lookupMimeType("x-kde-passwordManagerHint"),
                    ByteBuffer.wrap("secret".getBytes(StandardCharsets.US_ASCII)));
            Clipboard.getSystemClipboard().setContent(other);
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !fx(g::isPending));
        assertThat(clipboardText()).isEqualTo("another password");
    }

    @Test
    void neverClearsByTimeWhenSetToNeverButClearsOnExit() throws Exception {
        clearAfter.set(null);
        ClipboardGuard g = guard();
        fxRun(() -> g.copySecret(SecretValue.copyOf("sds_value")));
        assertThat(fx(() -> g.secondsLeftProperty().get())).isZero();
        assertThat(fx(g::isPending)).isTrue();
        fxRun(g::clearIfOurs);
        assertThat(clipboardText()).isNull();
    }

    @Test
    void exitClearsOurSecretOnly() throws Exception {
        ClipboardGuard g = guard();
        fxRun(() -> g.copySecret(SecretValue.copyOf("sds_value")));
        fxRun(g::clearIfOurs);
        assertThat(clipboardText()).isNull();
        assertThat(fx(() -> g.secondsLeftProperty().get())).isZero();
    }

    @Test
    void copyTextIsPlainAndStopsTheCountdown() throws Exception {
        ClipboardGuard g = guard();
        fxRun(() -> g.copySecret(SecretValue.copyOf("sds_value")));
        fxRun(() -> g.copyText("sdc_client"));
        assertThat(clipboardText()).isEqualTo("sdc_client");
        assertThat(fx(() -> Clipboard.getSystemClipboard().hasContent(
                DataFormat.lookupMimeType("x-kde-passwordManagerHint")))).isFalse();
        assertThat(fx(() -> g.secondsLeftProperty().get())).isZero();
        fxRun(g::clearIfOurs);
        assertThat(clipboardText()).isEqualTo("sdc_client");
    }

    /** Returns once the FX animation clock has run {@code duration} from now (a timeline on that clock ends). */
    public static void awaitFxClock(Duration duration) throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        fxRun(() -> {
            PauseTransition witness = new PauseTransition(javafx.util.Duration.millis(duration.toMillis()));
            witness.setOnFinished(e -> ended.countDown());
            witness.play();
        });
        assertThat(ended.await(60, TimeUnit.SECONDS)).as("the FX clock ran %s", duration).isTrue();
    }
}
