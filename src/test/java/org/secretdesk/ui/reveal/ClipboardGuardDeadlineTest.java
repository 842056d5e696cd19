package org.secretdesk.ui.reveal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.ui.reveal.FxTestSupport.fx;
import static org.secretdesk.ui.reveal.FxTestSupport.fxRun;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secretdesk.model.SecretValue;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 19: a desktop that does not hand the password-manager hint back (the clipboard then holds the secret as
 * plain text only) made the guard give up: it never cleared. At the deadline it compares what the clipboard holds,
 * whatever the hint did. The test waits on the guard's state, not on a timer of its own.
 */
class ClipboardGuardDeadlineTest {

    @BeforeAll
    static void toolkit() throws Exception {
        FxTestSupport.startToolkit();
    }

    @Test
    void theSecretIsClearedAtTheDeadlineEvenWhenTheHintIsGone() throws Exception {
        ClipboardGuard guard = fx(() -> new ClipboardGuard(() -> Duration.ofSeconds(1)));
        SecretValue secret = SecretValue.copyOf("sds_noHintOnThisDesktop");
        fxRun(() -> {
            guard.copySecret(secret);
            // The desktop took the text over without our hint (as some clipboard managers do).
            ClipboardContent plain = new ClipboardContent();
            plain.putString("sds_noHintOnThisDesktop");
            Clipboard.getSystemClipboard().setContent(plain);
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> !guard.pendingProperty().get()));
        assertThat(fx(() -> Clipboard.getSystemClipboard().hasString())).as("cleared").isFalse();
        secret.destroy();
    }

    @Test
    void somethingElseOnTheClipboardAtTheDeadlineIsLeftAlone() throws Exception {
        ClipboardGuard guard = fx(() -> new ClipboardGuard(() -> Duration.ofSeconds(1)));
        SecretValue secret = SecretValue.copyOf("sds_replacedMeanwhile");
        fxRun(() -> {
            guard.copySecret(secret);
            ClipboardContent other = new ClipboardContent();
            other.putString("a note the operator copied afterwards");
            Clipboard.getSystemClipboard().setContent(other);
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> !guard.pendingProperty().get()));
        assertThat(fx(() -> Clipboard.getSystemClipboard().getString()))
                .isEqualTo("a note the operator copied afterwards");
        secret.destroy();
    }
}
