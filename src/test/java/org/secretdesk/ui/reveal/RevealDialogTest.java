package org.secretdesk.ui.reveal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.ui.reveal.FxTestSupport.fx;
import static org.secretdesk.ui.reveal.FxTestSupport.fxRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.input.Clipboard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.SecretStatus;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.testing.HeldBackground;
import org.secretdesk.ui.testing.ScriptedDialogs;
import org.secretdesk.ui.testing.SyncBackground;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The reveal dialog's saving and closing paths, with a scripted DialogService. */
class RevealDialogTest {

    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final java.util.List<ClipboardGuard> guards = new java.util.ArrayList<>();
    private final java.util.concurrent.atomic.AtomicReference<Path> lastFolder =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final Background background = new SyncBackground();
    private final SecretValue value = SecretValue.copyOf("sds_revealTestValue");
    private RevealDialog view;

    @BeforeAll
    static void toolkit() throws Exception {
        FxTestSupport.startToolkit();
    }

    @BeforeEach
    void open() throws Exception {
        Instant now = Instant.now();
        IssuedSecret issued = new IssuedSecret(new SecretSummary("sec_1", "app_1", "prod", "sds_reve", "sds_reve***",
                now, null, null, null, SecretStatus.ACTIVE, null, 1), "sdc_client", value);
        view = fx(() -> {
            ClipboardGuard guard = new ClipboardGuard(() -> Duration.ofSeconds(30));
            RevealViewModel vm = new RevealViewModel("billing", issued, guard::copySecret, guard::copyText,
                    Clock.systemDefaultZone());
            guards.add(guard);
            RevealDialog d = new RevealDialog(null, vm, guard, dialogs, background, lastFolder);
            d.show();
            return d;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void close() throws Exception {
        fxRun(() -> {
            if (view.dialog().isShowing()) {
                view.dialog().getDialogPane().getScene().getWindow().hide();
            }
        });
    }

    /** Chooses one of the "Save to a file" menu's entries, as a click on it does. */
    private void save(String itemId) throws Exception {
        fxRun(() -> robot.lookup("#reveal-save").queryAs(MenuButton.class).getItems().stream()
                .filter(i -> itemId.equals(i.getId())).findFirst().orElseThrow().fire());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Button done() {
        return robot.lookup("#reveal-done").queryButton();
    }

    @Test
    void savingTheClientSecretFileEnablesDone() throws Exception {
        dialogs.saveTarget = dir.resolve("client-secret.json");
        assertThat(done().isDisabled()).isTrue();
        save("reveal-save-dataminer");
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> !done().isDisabled());
        assertThat(Files.readString(dialogs.saveTarget)).contains("\"Key\":\"sds_revealTestValue\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dialogs.saveTarget)))
                .isEqualTo("rw-------");
        assertThat(robot.lookup("#reveal-status").queryAs(Label.class).getText()).contains("client-secret.json");
        assertThat(dialogs.asked).isEmpty();
    }

    @Test
    void anExistingFileIsReplacedOnlyWhenTheOperatorAgrees() throws Exception {
        dialogs.saveTarget = dir.resolve("client-secret.json");
        Files.writeString(dialogs.saveTarget, "keep");
        dialogs.answer = false;
        save("reveal-save-dataminer");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dialogs.asked).hasSize(1).first().asString().contains("already exists");
        assertThat(Files.readString(dialogs.saveTarget)).isEqualTo("keep");
        assertThat(done().isDisabled()).isTrue();

        dialogs.answer = true;
        save("reveal-save-dataminer");
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> !done().isDisabled());
        assertThat(Files.readString(dialogs.saveTarget)).contains("sds_revealTestValue");
    }

    @Test
    void storedElsewhereEnablesDoneAndClosingWipes() throws Exception {
        robot.clickOn("#reveal-stored-elsewhere");
        assertThat(done().isDisabled()).isFalse();
        robot.clickOn(done());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dialogs.asked).as("no question once kept").isEmpty();
        assertThat(view.dialog().isShowing()).isFalse();
        assertThat(value.isDestroyed()).isTrue();
    }

    @Test
    void theWindowCloseOnAnUnsavedSecretAsksAndCanBeRefused() throws Exception {
        dialogs.answer = false;
        fxRun(() -> view.requestClose());
        assertThat(dialogs.asked).containsExactly(RevealViewModel.CLOSE_QUESTION);
        assertThat(view.dialog().isShowing()).isTrue();
        assertThat(value.isDestroyed()).isFalse();

        dialogs.answer = true;
        fxRun(() -> view.requestClose());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.dialog().isShowing()).isFalse();
        assertThat(value.isDestroyed()).isTrue();
    }

    @Test
    void theWindowsCloseButtonAsksToo() throws Exception {
        dialogs.answer = false;
        fxRun(() -> {
            var window = view.dialog().getDialogPane().getScene().getWindow();
            window.fireEvent(new javafx.stage.WindowEvent(window, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST));
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dialogs.asked).containsExactly(RevealViewModel.CLOSE_QUESTION);
        assertThat(view.dialog().isShowing()).isTrue();
        assertThat(value.isDestroyed()).isFalse();

        dialogs.answer = true;
        fxRun(() -> {
            var window = view.dialog().getDialogPane().getScene().getWindow();
            window.fireEvent(new javafx.stage.WindowEvent(window, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST));
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.dialog().isShowing()).isFalse();
        assertThat(value.isDestroyed()).isTrue();
    }

    @Test
    void theSecretFieldOffersNothingToCopyOrDrag() throws Exception {
        SecretField field = robot.lookup("#reveal-secret").queryAs(SecretField.class);
        javafx.scene.input.KeyEvent copy = new javafx.scene.input.KeyEvent(javafx.scene.input.KeyEvent.KEY_PRESSED,
                "c", "c", javafx.scene.input.KeyCode.C, false, true, false, false);
        boolean[] reachedHandler = {false};
        fxRun(() -> {
            field.setOnKeyPressed(e -> reachedHandler[0] = true);
            field.fireEvent(copy);
        });
        assertThat(reachedHandler[0]).as("Ctrl+C is swallowed by the field").isFalse();
        assertThat(fx(() -> field.getOnContextMenuRequested() != null)).isTrue();
        assertThat(fx(() -> Clipboard.getSystemClipboard().hasString()
                && Clipboard.getSystemClipboard().getString().contains("sds_"))).isFalse();
    }

    @Test
    void theGenericFileHoldsTheClientIdAndIsNamedAfterTheApplicationInTheLastFolder() throws Exception {
        // Issue 19: only DataMiner's file ("Name":"ClientSecret", no client_id), always "client-secret.json", in the
        // working directory.
        Path folder = Files.createDirectory(dir.resolve("secrets"));
        lastFolder.set(folder);
        dialogs.saveTarget = folder.resolve("billing.client-secret.json");
        save("reveal-save-generic");
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> !done().isDisabled());
        assertThat(dialogs.saves).singleElement().satisfies(asked -> {
            assertThat(asked.initialFolder()).isEqualTo(folder);
            assertThat(asked.initialFileName()).isEqualTo("billing.client-secret.json");
        });
        assertThat(Files.readString(dialogs.saveTarget))
                .isEqualTo("{\"client_id\":\"sdc_client\",\"client_secret\":\"sds_revealTestValue\"}\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dialogs.saveTarget)))
                .isEqualTo("rw-------");
        assertThat(lastFolder.get()).isEqualTo(folder);
    }

    @Test
    void closingWhileTheFileIsBeingWrittenDoesNotWipeWhatIsWritten() throws Exception {
        // Issue 19: the file writer read the secret on a background thread while closing wiped it on the FX thread.
        HeldBackground later = new HeldBackground();
        SecretValue raced = SecretValue.copyOf("sds_racedValue");
        Instant now = Instant.now();
        IssuedSecret issued = new IssuedSecret(new SecretSummary("sec_2", "app_1", "raced", "sds_race", null,
                now, null, null, null, SecretStatus.ACTIVE, null, 1), "sdc_client", raced);
        RevealDialog other = fx(() -> {
            ClipboardGuard guard = new ClipboardGuard(() -> Duration.ofSeconds(30));
            RevealDialog d = new RevealDialog(null, new RevealViewModel("billing", issued, guard::copySecret,
                    guard::copyText, Clock.systemDefaultZone()), guard, dialogs, later, lastFolder);
            d.show();
            return d;
        });
        dialogs.saveTarget = dir.resolve("raced.json");
        javafx.scene.control.DialogPane pane = other.dialog().getDialogPane();
        fxRun(() -> ((MenuButton) pane.lookup("#reveal-save")).getItems().stream()
                .filter(i -> "reveal-save-dataminer".equals(i.getId())).findFirst().orElseThrow().fire());
        assertThat(later.waiting()).isEqualTo(1);
        fxRun(() -> {
            ((javafx.scene.control.CheckBox) pane.lookup("#reveal-stored-elsewhere")).setSelected(true);
            ((Button) pane.lookup("#reveal-done")).fire();
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(raced.isDestroyed()).as("the dialog wiped its secret").isTrue();
        fxRun(later::runNext); // the write runs only now
        assertThat(Files.readString(dialogs.saveTarget)).contains("\"Key\":\"sds_racedValue\"");
    }

    @Test
    void theStatusSaysWhenTheCopiedSecretIsNoLongerOnTheClipboard() throws Exception {
        // Issue 19: "Copied" stayed after the clipboard was cleared.
        robot.clickOn("#reveal-copy-secret");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#reveal-status").queryAs(Label.class).getText()).startsWith("Copied · clipboard clears");
        fxRun(() -> guards.getLast().clearIfOurs());
        assertThat(robot.lookup("#reveal-status").queryAs(Label.class).getText())
                .isEqualTo("Copied · no longer on the clipboard");
    }

    @Test
    void itOpensOnCopySecret() throws Exception {
        // Issue 19: the reveal opened focused on the client-ID copy button.
        WaitForAsyncUtils.waitFor(5, java.util.concurrent.TimeUnit.SECONDS,
                () -> robot.lookup("#reveal-copy-secret").query().isFocused());
    }
}
