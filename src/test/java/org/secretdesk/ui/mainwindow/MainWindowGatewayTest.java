package org.secretdesk.ui.mainwindow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.NewApplication;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.model.Application;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.LeakReport;
import org.secretdesk.model.Notification;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.GatewayServer;
import org.secretdesk.ui.common.FxBackground;
import org.secretdesk.ui.common.RelativeTime;
import org.secretdesk.ui.common.ThemeChoice;
import org.secretdesk.ui.common.ThemeController;
import org.secretdesk.ui.testing.HeadlessFx;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real main window against a real gateway on loopback: data shows up, search filters, another client's
 * change appears live, and a gateway that goes away mid-session gives a banner, no freeze, and recovery.
 */
@ExtendWith(ApplicationExtension.class)
class MainWindowGatewayTest {

    static {
        HeadlessFx.useBuiltInHeadlessPlatform();
    }

    /** Generous upper bounds for a loaded CI machine; the console's own target for live changes is 2 s. */
    private static final int WAIT_SECONDS = 10;

    @TempDir
    static Path tempRoot;

    private Path dataDir;

    private GatewayServer server;
    private SecretDeskClient consoleClient;
    private SecretDeskClient otherClient;
    private MainWindowViewModel vm;
    private ExecutorService executor;
    private ScheduledExecutorService timer;

    @Start
    void start(Stage stage) throws Exception {
        dataDir = Files.createTempDirectory(tempRoot, "gateway");
        server = GatewayServer.start(GatewayConfig.defaults(dataDir).withPort(0));
        otherClient = newClient();
        otherClient.createApplication(new NewApplication("billing-service", "Invoices", List.of(), "prod rollout"));
        otherClient.createApplication(new NewApplication("ingest-worker", "Partner feeds", List.of(), null));
        otherClient.createApplication(new NewApplication("reporting", "", List.of(), "nightly"));

        consoleClient = newClient();
        executor = Executors.newVirtualThreadPerTaskExecutor();
        timer = Executors.newSingleThreadScheduledExecutor();
        vm = new MainWindowViewModel(new FxBackground(executor, timer), Clock.systemUTC(),
                new RelativeTime(ZoneId.systemDefault()), new SimpleIntegerProperty(0));
        MainWindowView view = new MainWindowView(vm, new NoDialogs(), new ThemeController(ThemeChoice.LIGHT));
        stage.setScene(new Scene(view.root(), 1200, 720));
        stage.show();
        vm.connect(consoleClient, new ConnectionInfo("Test gateway", "SecretDesk gateway",
                server.baseUri().toString(), "test", null));
    }

    private SecretDeskClient newClient() throws Exception {
        String key = Files.readString(server.adminKeyFile(), StandardCharsets.UTF_8).strip();
        return new SecretDeskClient(server.baseUri(), SecretValue.copyOf(key),
                TlsTrust.of(List.of(server.caCertificate())));
    }

    @AfterEach
    void tearDown() {
        vm.disconnect();
        consoleClient.close();
        otherClient.close();
        if (server != null) {
            server.close();
        }
        executor.shutdownNow();
        timer.shutdownNow();
    }

    private static void waitUntil(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition::getAsBoolean);
    }

    @SuppressWarnings("unchecked")
    private ListView<Application> list(FxRobot robot) {
        return robot.lookup("#applicationsList").queryAs(ListView.class);
    }

    private List<String> shownNames(FxRobot robot) {
        return list(robot).getItems().stream().map(Application::name).toList();
    }

    @Test
    void dataShowsUpAndSearchFiltersAsYouType(FxRobot robot) throws Exception {
        waitUntil(() -> shownNames(robot).size() == 3);
        assertThat(shownNames(robot)).containsExactly("billing-service", "ingest-worker", "reporting");
        // The list can show before the live stream is up; the status line says Connected once it is.
        waitUntil(() -> robot.lookup("#statusText").queryAs(Label.class).getText().startsWith("Connected"));
        assertThat(robot.lookup("#statusText").queryAs(Label.class).getText())
                .startsWith("Connected · 3 applications · 2 secrets");

        robot.clickOn("#searchField").write("FEED");
        waitUntil(() -> shownNames(robot).size() == 1);
        assertThat(shownNames(robot)).containsExactly("ingest-worker");

        robot.interact(() -> vm.applications().searchTextProperty().set("nothing-like-this"));
        Node placeholder = robot.lookup("#applicationsPlaceholder").query();
        assertThat(robot.from(placeholder).lookup((Label l) -> l.getText().startsWith("No matches for")).tryQuery())
                .isPresent();
    }

    @Test
    void selectingAnApplicationShowsItsSecrets(FxRobot robot) throws Exception {
        waitUntil(() -> shownNames(robot).size() == 3);
        // Select through the list control, as a click would.
        robot.interact(() -> list(robot).getSelectionModel().select(0));
        waitUntil(() -> vm.secrets().visible().size() == 1);
        assertThat(vm.secrets().visible().getFirst().description()).isEqualTo("prod rollout");
        assertThat(robot.lookup("#secretCount").queryAs(Label.class).getText()).isEqualTo("1 of 10 secrets");
        assertThat(robot.lookup("#renewButton").query().isDisabled()).isTrue();
        // The SecretDesk gateway records use (issue 21): no "No usage data" here.
        assertThat(robot.lookup("#noUsageData").query().isVisible()).isFalse();
    }

    @Test
    void anotherClientsChangeAppearsWithoutRefresh(FxRobot robot) throws Exception {
        waitUntil(() -> shownNames(robot).size() == 3);
        // Live: the stream is open and the list was read after it opened, so no change can fall in between.
        waitUntil(() -> vm.live().stateProperty().get() == LiveUpdates.State.LIVE);

        otherClient.createApplication(new NewApplication("audit-archiver", "", List.of(), "cold storage"));

        waitUntil(() -> shownNames(robot).contains("audit-archiver"));
        assertThat(shownNames(robot).getFirst()).isEqualTo("audit-archiver");
    }

    @Test
    void aGatewayThatGoesAwayGivesABannerAndTheConsoleRecoversWhenItReturns(FxRobot robot) throws Exception {
        waitUntil(() -> shownNames(robot).size() == 3
                && vm.connection().stateProperty().get() == ConnectionState.CONNECTED);
        int port = server.port();

        server.close();
        server = null;

        waitUntil(() -> robot.lookup("#banner").query().isVisible()
                && vm.connection().stateProperty().get() == ConnectionState.RECONNECTING);
        // No freeze: the FX thread still handles input while the gateway is gone.
        robot.clickOn("#searchField").write("report");
        waitUntil(() -> shownNames(robot).equals(List.of("reporting")));
        robot.interact(() -> vm.applications().searchTextProperty().set(""));

        server = GatewayServer.start(GatewayConfig.defaults(dataDir).withPort(port));
        otherClient.close();
        otherClient = newClient();
        otherClient.createApplication(new NewApplication("created-while-away", "", List.of(), null));

        waitUntil(() -> vm.connection().stateProperty().get() == ConnectionState.CONNECTED
                && shownNames(robot).contains("created-while-away"));
        waitUntil(() -> !robot.lookup("#banner").query().isVisible());
    }

    /**
     * Issue 22: a leak reported from outside (another client, as a scanner would) marks the application in the list
     * and the secret in the table, and rings the bell; renewing the secret (elsewhere too) takes the marks away.
     */
    @Test
    void aLeakReportedElsewhereIsMarkedAndRingsTheBellUntilTheSecretIsRenewed(FxRobot robot) throws Exception {
        waitUntil(() -> shownNames(robot).size() == 3);
        waitUntil(() -> vm.live().stateProperty().get() == LiveUpdates.State.LIVE);
        Application billing = list(robot).getItems().getFirst();
        Application reporting = list(robot).getItems().get(2);
        robot.interact(() -> list(robot).getSelectionModel().select(reporting));
        IssuedSecret leaky = otherClient.createSecret(billing.id(), "leaky", null);
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(leaky.value().utf8()));

        otherClient.reportLeaks(List.of(new LeakReport(sha256, "https://github.com/o/r/blob/x/a.env", "ci")));

        waitUntil(() -> vm.leaks().isLeaked(billing.id()) && leakMarkerShown(robot));
        assertThat(vm.leaks().isLeaked(reporting.id())).isFalse();
        waitUntil(() -> vm.alerts().all().stream().anyMatch(ExpiryAlerts::isLeak));
        Notification leak = vm.alerts().all().stream().filter(ExpiryAlerts::isLeak).findFirst().orElseThrow();
        assertThat(ExpiryAlerts.describe(leak)).isEqualTo("billing-service — “leaky” was reported leaked");
        assertThat(robot.lookup("#notificationsButton").queryButton().getText()).isEqualTo("1");
        waitUntil(() -> robot.lookup("#expiryToastText").queryAs(Label.class).getText()
                .equals("A leak of 1 secret was reported"));

        robot.interact(() -> list(robot).getSelectionModel().select(0));
        waitUntil(() -> vm.secrets().visible().size() == 2);
        SecretSummary marked = vm.secrets().visible().stream().filter(SecretSummary::leaked).findFirst().orElseThrow();
        assertThat(marked.description()).isEqualTo("leaky");
        waitUntil(() -> robot.lookup("#secretsTable .marker-leaked").tryQuery().isPresent());

        otherClient.renewSecret(billing.id(), marked.id(), null, marked.version());

        waitUntil(() -> !vm.leaks().isLeaked(billing.id()) && !leakMarkerShown(robot)
                && robot.lookup("#secretsTable .marker-leaked").tryQuery().isEmpty());
    }

    private static boolean leakMarkerShown(FxRobot robot) {
        return robot.lookup("#applicationsList .marker-leaked").match(Node::isVisible).tryQuery().isPresent();
    }
}
