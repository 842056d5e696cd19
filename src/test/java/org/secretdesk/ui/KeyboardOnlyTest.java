package org.secretdesk.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.NewApplication;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.model.SecretFormat;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.server.GatewayServer;
import org.secretdesk.ui.mainwindow.LiveUpdates;
import org.secretdesk.ui.mainwindow.MainWindowViewModel;
import org.secretdesk.ui.reveal.ClipboardGuard;
import org.secretdesk.ui.testing.ConsoleOnGateway;
import org.secretdesk.ui.testing.HeadlessFx;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 19: about 10 of 13 Tab stops showed no focus indicator, Space on an invisible focus switched the theme, the
 * reveal opened focused on the client-ID copy button and Enter did not press Done, and there was no Quit. Here the
 * real main window and dialogs on a real gateway are used with the keyboard alone.
 */
@ExtendWith(ApplicationExtension.class)
class KeyboardOnlyTest {

    static {
        HeadlessFx.useBuiltInHeadlessPlatform();
    }

    @TempDir
    static Path tempRoot;

    private GatewayServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<String> quits = new ArrayList<>();
    private Stage stage;
    private SecretDeskClient client;
    private ClipboardGuard clipboard;
    private MainWindowViewModel vm;
    private ConsoleWindows windows;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        ConsoleOnGateway console = ConsoleOnGateway.start(stage, Files.createTempDirectory(tempRoot, "gw"), executor,
                () -> quits.add("quit"));
        server = console.server;
        client = console.client;
        clipboard = console.clipboard;
        vm = console.vm;
        windows = console.windows;
        client.createApplication(new NewApplication("existing", "", List.of(), "first"));
        console.connect();
    }

    @AfterEach
    void tearDown(FxRobot robot) {
        robot.interact(() -> {
            vm.disconnect();
            clipboard.clearIfOurs();
        });
        client.close();
        server.close();
        executor.shutdownNow();
    }

    private static void waitUntil(BooleanSupplier condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("Not reached; the focus is on " + idOf(focusOwner()), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Node focusOwner() {
        // The newest focused window: a dialog over the main window (the headless platform focuses both).
        return Window.getWindows().stream().filter(w -> w.isShowing() && w.isFocused()).reduce((a, b) -> b)
                .map(w -> w.getScene().getFocusOwner()).orElse(null);
    }

    private static String idOf(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (p.getId() != null) {
                return p.getId();
            }
        }
        return String.valueOf(n);
    }

    /**
     * Whether a window with this node is showing; it is then given the keyboard, as a window manager does with a
     * new dialog (the headless platform keeps sending keys to the window it had).
     */
    private static boolean showing(String id) {
        Window w = Window.getWindows().stream().filter(Window::isShowing)
                .filter(x -> x.getScene() != null && x.getScene().lookup("#" + id) != null).findFirst().orElse(null);
        if (w != null && !w.isFocused()) {
            javafx.application.Platform.runLater(w::requestFocus);
        }
        return w != null;
    }

    @Test
    void everyTabStopOfTheMainWindowShowsWhereTheFocusIs(FxRobot robot) throws Exception {
        waitUntil(() -> vm.live().stateProperty().get() == LiveUpdates.State.LIVE);
        robot.interact(() -> vm.applications().select(vm.applications().visible().getFirst()));
        waitUntil(() -> vm.secrets().loadedProperty().get());
        robot.press(KeyCode.CONTROL).type(KeyCode.F).release(KeyCode.CONTROL);
        waitUntil(() -> "searchField".equals(idOf(focusOwner())));

        Set<String> seen = new LinkedHashSet<>();
        List<String> withoutIndicator = walkTabStops(robot, stage.getScene(), seen);
        assertThat(seen).as("the Tab stops").contains("searchField", "newApplicationButton", "themeButton",
                "mainMenu", "applicationsList", "secretsTable", "newSecretButton", "notificationsButton");
        assertThat(withoutIndicator).as("Tab stops that look the same focused and not").isEmpty();
    }

    /**
     * Tabs once round {@code scene} from the focus it has, putting each stop's id into {@code seen}; returns the stops
     * that look the same focused and not (a picture of the scene before and after Tab, compared around the stop).
     */
    private static List<String> walkTabStops(FxRobot robot, Scene scene, Set<String> seen) {
        List<String> withoutIndicator = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Node focused = focusOwner();
            String id = idOf(focused);
            if (!seen.add(id)) {
                break; // once round
            }
            Bounds b = focused.localToScene(focused.getBoundsInLocal());
            WritableImage[] with = new WritableImage[1];
            robot.interact(() -> with[0] = scene.snapshot(null));
            robot.type(KeyCode.TAB);
            WaitForAsyncUtils.waitForFxEvents();
            WritableImage[] without = new WritableImage[1];
            robot.interact(() -> without[0] = scene.snapshot(null));
            if (!differs(with[0], without[0], b)) {
                withoutIndicator.add(id);
            }
        }
        return withoutIndicator;
    }

    @Test
    void everyTabStopOfTheRevealDialogShowsWhereTheFocusIsAndEnterOnTheTickedBoxIsDone(FxRobot robot) throws Exception {
        waitUntil(() -> vm.live().stateProperty().get() == LiveUpdates.State.LIVE);
        newApplication(robot, "kb-focus");
        waitUntil(() -> showing("reveal-dialog") && "reveal-copy-secret".equals(idOf(focusOwner())));

        Scene reveal = focusOwner().getScene();
        Set<String> seen = new LinkedHashSet<>();
        List<String> withoutIndicator = walkTabStops(robot, reveal, seen);
        assertThat(seen).as("the reveal dialog's Tab stops").contains("reveal-copy-secret",
                "reveal-stored-elsewhere");
        assertThat(withoutIndicator).as("Tab stops that look the same focused and not").isEmpty();

        tabTo(robot, "reveal-stored-elsewhere");
        robot.type(KeyCode.SPACE);
        waitUntil(() -> reveal.lookup("#reveal-done") != null && !reveal.lookup("#reveal-done").isDisabled());
        // Enter, the box still focused, presses Done (EnterKey; JavaFX alone would un-tick the box).
        robot.type(KeyCode.ENTER);
        waitUntil(() -> !showing("reveal-dialog"));
    }

    /** Whether the two pictures differ in (and a few pixels around) {@code b}: a focus ring drew there. */
    private static boolean differs(WritableImage a, WritableImage b, Bounds bounds) {
        PixelReader ra = a.getPixelReader();
        PixelReader rb = b.getPixelReader();
        int x0 = (int) Math.max(0, bounds.getMinX() - 3);
        int y0 = (int) Math.max(0, bounds.getMinY() - 3);
        int x1 = (int) Math.min(a.getWidth() - 1, bounds.getMaxX() + 3);
        int y1 = (int) Math.min(a.getHeight() - 1, bounds.getMaxY() + 3);
        int changed = 0;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                if (ra.getArgb(x, y) != rb.getArgb(x, y)) {
                    changed++;
                }
            }
        }
        return changed > 20;
    }

    @Test
    void createAnApplicationAndASecretRevealAndDeleteWithTheKeyboardAloneThenQuit(FxRobot robot) throws Exception {
        waitUntil(() -> vm.live().stateProperty().get() == LiveUpdates.State.LIVE);

        // New application: Ctrl+Shift+N, type the name, Enter creates it with its first secret.
        newApplication(robot, "kb-service");
        revealWithEnterTwice(robot);
        waitUntil(() -> vm.applications().selectedProperty().get() != null
                && "kb-service".equals(vm.applications().selectedProperty().get().name())
                && vm.secrets().visible().size() == 1);

        // A second secret: Ctrl+N, a description, Enter.
        robot.press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
        waitUntil(() -> showing("new-secret-dialog") && "new-secret-description".equals(idOf(focusOwner())));
        write(robot, "second");
        robot.type(KeyCode.ENTER);
        revealWithEnterTwice(robot);
        waitUntil(() -> vm.secrets().visible().size() == 2);

        // To the table by Tab, a row by the arrows, Delete, the description typed back, Tab to Delete, Space.
        robot.press(KeyCode.CONTROL).type(KeyCode.F).release(KeyCode.CONTROL);
        tabTo(robot, "secretsTable");
        assertThat(idOf(focusOwner())).isEqualTo("secretsTable");
        robot.type(KeyCode.HOME);
        waitUntil(() -> vm.secrets().selectedProperty().get() != null);
        SecretSummary chosen = vm.secrets().selectedProperty().get();
        robot.type(KeyCode.DELETE);
        waitUntil(() -> showing("typed-confirm-dialog") && "typed-confirm-input".equals(idOf(focusOwner())));
        write(robot, chosen.description());
        robot.type(KeyCode.ENTER); // Enter must never delete
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(showing("typed-confirm-dialog")).isTrue();
        for (int i = 0; i < 5 && !"typed-confirm-button".equals(idOf(focusOwner())); i++) {
            robot.type(KeyCode.TAB);
            WaitForAsyncUtils.waitForFxEvents();
        }
        robot.type(KeyCode.SPACE);
        waitUntil(() -> !showing("typed-confirm-dialog") && vm.secrets().visible().size() == 1);
        assertThat(vm.secrets().visible()).extracting(SecretSummary::description).doesNotContain(chosen.description());
        @SuppressWarnings("unchecked")
        TableView<SecretSummary> table = robot.lookup("#secretsTable").queryAs(TableView.class);
        assertThat(table.getItems()).hasSize(1);

        // Quit: Ctrl+Q.
        robot.press(KeyCode.CONTROL).type(KeyCode.Q).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(quits).containsExactly("quit");
    }

    /**
     * Issue 23's dialogs with the keyboard alone: in Notification channels Alt+A adds (the form opens on the name),
     * Tab walks name → enabled → URL → signing key → the events, Alt+U and Alt+K jump to the URL and the key, Enter
     * saves; Enter on the list edits, Escape leaves the form without saving; Alt+T sends a test; Escape closes.
     */
    @Test
    void notificationChannelsWithTheKeyboardAlone(FxRobot robot) throws Exception {
        waitUntil(() -> vm.live().stateProperty().get() == LiveUpdates.State.LIVE);
        robot.interact(() -> windows.notificationChannels(stage, client));
        waitUntil(() -> showing("channels-dialog") && "channels-table".equals(idOf(focusOwner())));

        robot.press(KeyCode.ALT).type(KeyCode.A).release(KeyCode.ALT);
        waitUntil(() -> showing("channel-form-dialog") && "channel-name".equals(idOf(focusOwner())));
        write(robot, "kb hook");
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            robot.type(KeyCode.TAB);
            WaitForAsyncUtils.waitForFxEvents();
            order.add(idOf(focusOwner()));
        }
        assertThat(order).containsExactly("channel-enabled", "channel-url", "channel-signing-key",
                "event-SECRET_EXPIRING");
        robot.press(KeyCode.ALT).type(KeyCode.U).release(KeyCode.ALT);
        waitUntil(() -> "channel-url".equals(idOf(focusOwner())));
        write(robot, "https://127.0.0.1:9/hook");
        robot.press(KeyCode.ALT).type(KeyCode.K).release(KeyCode.ALT);
        waitUntil(() -> "channel-signing-key".equals(idOf(focusOwner())));
        write(robot, "a-signing-key-typed-by-keyboard");
        robot.type(KeyCode.ENTER);
        waitUntil(() -> !showing("channel-form-dialog") && client.listChannels().size() == 1);
        assertThat(client.listChannels().getFirst().name()).isEqualTo("kb hook");

        waitUntil(() -> showing("channels-dialog") && "channels-table".equals(idOf(focusOwner())));
        robot.type(KeyCode.ENTER); // edits the selected channel
        waitUntil(() -> showing("channel-form-dialog") && "channel-name".equals(idOf(focusOwner())));
        write(robot, " changed");
        robot.type(KeyCode.ESCAPE);
        waitUntil(() -> !showing("channel-form-dialog"));
        assertThat(client.listChannels().getFirst().name()).as("Escape saves nothing").isEqualTo("kb hook");

        waitUntil(() -> showing("channels-dialog"));
        robot.press(KeyCode.ALT).type(KeyCode.T).release(KeyCode.ALT);
        waitUntil(() -> robot.lookup("#channel-test-result").queryAs(javafx.scene.control.Label.class).getText()
                .startsWith("The test was not delivered"));
        robot.type(KeyCode.ESCAPE);
        waitUntil(() -> !showing("channels-dialog"));
    }

    /** Types into the window that has the keyboard (TestFX types into its target window's scene). */
    private static void write(FxRobot robot, String text) {
        Window top = Window.getWindows().stream().filter(w -> w.isShowing() && w.isFocused()).reduce((a, b) -> b)
                .orElseThrow();
        robot.targetWindow(top).write(text);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The reveal opens on "Copy secret": Enter copies, then Enter is Done. */
    /** Ctrl+Shift+N, the name typed, Enter: a new application with its first secret (its reveal opens). */
    private void newApplication(FxRobot robot, String name) throws Exception {
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.N).release(KeyCode.SHIFT, KeyCode.CONTROL);
        waitUntil(() -> showing("new-application-dialog") && "new-application-name".equals(idOf(focusOwner())));
        write(robot, name);
        robot.type(KeyCode.ENTER);
    }

    /** Tab until the focus is on {@code id} (at most 15 times). */
    private static void tabTo(FxRobot robot, String id) {
        for (int i = 0; i < 15 && !id.equals(idOf(focusOwner())); i++) {
            robot.type(KeyCode.TAB);
            WaitForAsyncUtils.waitForFxEvents();
        }
    }

    private void revealWithEnterTwice(FxRobot robot) throws Exception {
        waitUntil(() -> showing("reveal-dialog") && "reveal-copy-secret".equals(idOf(focusOwner())));
        robot.type(KeyCode.ENTER);
        waitUntil(() -> {
            try {
                String v = WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString()).get();
                return v != null && SecretFormat.isWellFormed(v);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        robot.type(KeyCode.ENTER);
        waitUntil(() -> !showing("reveal-dialog"));
    }
}
