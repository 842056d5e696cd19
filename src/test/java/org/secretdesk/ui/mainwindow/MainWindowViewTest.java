package org.secretdesk.ui.mainwindow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.model.Application;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.ui.common.Workflows;
import org.secretdesk.ui.testing.HeadlessFx;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Keyboard shortcuts, buttons and status bar of the real main window (data from an in-memory gateway). */
@ExtendWith(ApplicationExtension.class)
class MainWindowViewTest {

    static {
        HeadlessFx.useBuiltInHeadlessPlatform();
    }

    /** Remembers which workflow the window asked for. */
    static final class RecordingWorkflows implements Workflows {
        final List<String> calls = new ArrayList<>();
        Runnable lastOnChanged;

        @Override
        public void newSecret(Window owner, GatewayClient client, Application application,
                              List<SecretSummary> existing, Runnable onChanged) {
            calls.add("newSecret " + application.name() + " " + existing.size());
        }

        @Override
        public void renewSecret(Window owner, GatewayClient client, Application application, SecretSummary secret,
                                Runnable onChanged) {
            calls.add("renew " + secret.description());
            lastOnChanged = onChanged;
        }

        @Override
        public void deleteSecret(Window owner, GatewayClient client, Application application,
                                 SecretSummary secret, boolean lastSecret, Runnable onChanged) {
            calls.add("delete " + secret.description() + (lastSecret ? " last" : ""));
        }

        @Override
        public void newApplication(Window owner, GatewayClient client, Consumer<Application> onCreated) {
            calls.add("newApplication");
        }

        @Override
        public void deleteApplication(Window owner, GatewayClient client, Application application,
                                      Runnable onChanged) {
            calls.add("deleteApplication " + application.name());
        }

        @Override
        public void editApplication(Window owner, GatewayClient client, Application application,
                                    Runnable onChanged) {
            calls.add("editApplication " + application.name());
        }
    }

    private final RecordingWorkflows workflows = new RecordingWorkflows();
    private final SimpleIntegerProperty clipboardSeconds = new SimpleIntegerProperty(0);
    private FxMainWindow window;
    private MainWindowViewModel vm;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = new FxMainWindow(stage, workflows, 1200, 720, clipboardSeconds)
                .connect(MainWindowScreenshots.sampleData(Instant.now()));
        vm = window.vm;
    }

    @AfterEach
    void stop() {
        window.close();
    }

    private void selectBilling(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.applications().visible().size() == 7
                && vm.connection().stateProperty().get() == ConnectionState.CONNECTED);
        @SuppressWarnings("unchecked")
        ListView<Application> list = robot.lookup("#applicationsList").queryAs(ListView.class);
        robot.interact(() -> list.getSelectionModel().select(vm.applications().visible().stream()
                .filter(a -> a.name().equals("billing-service")).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.secrets().visible().size() == 3);
        // The rows are in the list before the table has drawn them: the tests click their cells.
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("staging").tryQuery().isPresent());
    }

    @Test
    void shortcutsOpenTheRightWorkflows(FxRobot robot) throws Exception {
        selectBilling(robot);
        robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.N).release(KeyCode.N, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(workflows.calls).containsExactly("newSecret billing-service 3", "newApplication");

        robot.clickOn("staging");
        robot.type(KeyCode.DELETE);
        robot.clickOn("#renewButton");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(workflows.calls).endsWith("delete staging", "renew staging");
    }

    @Test
    void ctrlFJumpsToTheSearchField(FxRobot robot) throws Exception {
        selectBilling(robot);
        robot.clickOn("staging");
        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#searchField").queryAs(TextField.class).isFocused()).isTrue();
        robot.write("portal");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> vm.applications().visible().size() == 1);
        assertThat(vm.applications().visible().getFirst().name()).isEqualTo("customer-portal");
    }

    @Test
    void buttonsFollowTheSelection(FxRobot robot) throws Exception {
        selectBilling(robot);
        Button renew = robot.lookup("#renewButton").queryButton();
        Button delete = robot.lookup("#deleteButton").queryButton();
        Button newSecret = robot.lookup("#newSecretButton").queryButton();
        assertThat(renew.isDisabled()).isTrue();
        assertThat(delete.isDisabled()).isTrue();
        assertThat(newSecret.isDisabled()).isFalse();
        assertThat(robot.lookup("#secretCount").queryAs(Label.class).getText()).isEqualTo("3 of 10 secrets");

        robot.clickOn("prod rollout");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(renew.isDisabled()).isFalse();
        assertThat(delete.isDisabled()).isFalse();
    }

    @Test
    void statusBarShowsTheClipboardCountdownAndAlwaysTheBell(FxRobot robot) throws Exception {
        selectBilling(robot);
        Node clipboard = robot.lookup("#clipboardText").query();
        assertThat(clipboard.isVisible()).isFalse();
        robot.interact(() -> clipboardSeconds.set(24));
        assertThat(clipboard.isVisible()).isTrue();
        assertThat(((Label) clipboard).getText()).isEqualTo("Clipboard clears in 24 s");
        // Issue 19: the bell is always there (it was hidden until the gateway's scheduler had run); this gateway's
        // applications have secrets expiring soon, which the console warns about at once.
        assertThat(robot.lookup("#notificationsButton").query().isVisible()).isTrue();
        assertThat(robot.lookup("#notificationsButton").queryButton().getText()).isEqualTo("3");
        assertThat(robot.lookup("#statusText").queryAs(Label.class).getText())
                .startsWith("Connected · 7 applications · 15 secrets · ");
    }

    @Test
    void headerControlsSitAtTheRightEdgeAtAnyWidth(FxRobot robot) throws Exception {
        selectBilling(robot);
        for (double width : new double[] {1000, 1600}) {
            robot.interact(() -> stage.setWidth(width));
            WaitForAsyncUtils.waitForFxEvents();
            Node menu = robot.lookup("#mainMenu").query();
            double right = menu.localToScene(menu.getBoundsInLocal()).getMaxX();
            double sceneWidth = menu.getScene().getWidth();
            assertThat(sceneWidth).isEqualTo(width, org.assertj.core.data.Offset.offset(1.0));
            // Only the header's own padding is left to the right of the ≡ button.
            assertThat(sceneWidth - right).as("gap right of the menu at %s px", width).isLessThan(24);
        }
    }

    @Test
    void aRenewRefusedAsStaleReloadsAndSaysSo(FxRobot robot) throws Exception {
        selectBilling(robot);
        robot.clickOn("prod rollout");
        robot.clickOn("#renewButton");
        WaitForAsyncUtils.waitForFxEvents();
        Runnable onChanged = workflows.lastOnChanged;
        assertThat(onChanged).isNotNull();
        robot.interact(() -> Workflows.notifyChangedElsewhere(onChanged, new IllegalStateException("412")));
        WaitForAsyncUtils.waitForFxEvents();
        Node banner = robot.lookup("#banner").query();
        assertThat(banner.isVisible()).isTrue();
        assertThat(banner.getStyleClass()).contains("banner-info");
        assertThat(robot.lookup(".banner-title").queryAs(Label.class).getText()).isEqualTo("Changed by someone else");
    }

    @Test
    void expiryWarningsShowAToastInTheWindowAndShowJumpsToTheApplication(FxRobot robot) throws Exception {
        // Issue 19: the toast never appeared (ControlsFX's notification logged a ClassCastException about its CSS).
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#expiryToast").query().isVisible());
        assertThat(robot.lookup("#expiryToastText").queryAs(Label.class).getText())
                .isEqualTo("2 secrets expire within 15 days; 1 secret has expired");
        robot.interact(() -> robot.lookup("#expiryToastShow").queryButton().fire());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#expiryToast").query().isVisible()).isFalse();
        assertThat(vm.applications().selectedProperty().get()).isNotNull();
    }

    @Test
    void theMenuTicksTheCurrentThemeAndOffersQuit(FxRobot robot) throws Exception {
        // Issue 19: no check mark on the current theme; no Quit.
        javafx.scene.control.MenuButton menu = robot.lookup("#mainMenu").queryAs(javafx.scene.control.MenuButton.class);
        var items = menu.getItems();
        java.util.function.Function<String, javafx.scene.control.MenuItem> item = id -> items.stream()
                .filter(i -> id.equals(i.getId())).findFirst().orElseThrow();
        assertThat(((javafx.scene.control.RadioMenuItem) item.apply("theme-light")).isSelected()).isTrue();
        assertThat(((javafx.scene.control.RadioMenuItem) item.apply("theme-dark")).isSelected()).isFalse();
        robot.interact(() -> item.apply("theme-dark").fire());
        assertThat(((javafx.scene.control.RadioMenuItem) item.apply("theme-dark")).isSelected()).isTrue();
        assertThat(((javafx.scene.control.RadioMenuItem) item.apply("theme-light")).isSelected()).isFalse();
        assertThat(item.apply("quitMenuItem").getAccelerator()).isEqualTo(MainMenu.QUIT);
        robot.interact(() -> item.apply("theme-light").fire());
    }

    @Test
    void theApplicationCanBeEditedFromItsHeader(FxRobot robot) throws Exception {
        // Issue 19: an application could not be edited after it was created.
        selectBilling(robot);
        Button edit = robot.lookup("#editApplicationButton").queryButton();
        assertThat(edit.isDisabled()).isFalse();
        robot.interact(edit::fire);
        assertThat(workflows.calls).containsExactly("editApplication billing-service");
    }

    @Test
    void theConnectionDetailsShowTheWholeFingerprintLabel(FxRobot robot) throws Exception {
        // Issue 19: "CA SHA-2…" was cut in the connection details.
        robot.interact(() -> vm.connect(MainWindowScreenshots.sampleData(Instant.now()), new ConnectionInfo(
                "Production", "SecretDesk gateway", "https://gw.example.com", "in the OS keychain",
                "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89")));
        robot.clickOn("#connectionButton");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#connectionDetails").tryQuery().isPresent());
        Node details = robot.lookup("#connectionDetails").query();
        assertThat(NarrowWindowTest.cut((javafx.scene.Parent) details)).isEmpty();
        Label caLabel = robot.from(details).lookup((Label l) -> "CA SHA-256".equals(l.getText())).query();
        // Whatever the fonts: the labels' column never gives up width (it did, where the fingerprint is long).
        assertThat(caLabel.minWidth(-1)).isGreaterThanOrEqualTo(caLabel.prefWidth(-1));
        robot.type(KeyCode.ESCAPE);
    }

    @Test
    void onAFirstStartTheRightPaneSaysHowToBegin(FxRobot robot) throws Exception {
        // Issue 19: on a first start (no applications) the right pane was blank.
        robot.interact(() -> window.connect(new FakeGatewayClient(Instant.now())));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> vm.applications().stateProperty().get() == ApplicationsViewModel.ListState.EMPTY);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#howToBegin").query().isVisible()).isTrue();
        robot.interact(() -> robot.lookup("#beginNewApplication").queryButton().fire());
        assertThat(workflows.calls).containsExactly("newApplication");
    }
}
