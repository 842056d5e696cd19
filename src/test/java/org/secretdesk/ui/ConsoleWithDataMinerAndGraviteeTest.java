package org.secretdesk.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.ui.testing.BackendWalk.reason;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.stage.Stage;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import javafx.scene.input.KeyCode;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.client.RecordedExchanges;
import org.secretdesk.client.dataminer.DataMinerClient;
import org.secretdesk.client.gravitee.GraviteeFixtures;
import org.secretdesk.client.gravitee.GraviteeStandIn;
import org.secretdesk.client.secretdesk.TestCertificates;
import org.secretdesk.desk.connections.ConnectionProfile;
import org.secretdesk.desk.connections.ConnectionProfileStore;
import org.secretdesk.desk.connections.Connections;
import org.secretdesk.desk.connections.CredentialStore;
import org.secretdesk.desk.connections.GatewayKind;
import org.secretdesk.desk.connections.GatewaySettings;
import org.secretdesk.model.Application;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;
import org.secretdesk.ui.common.FxBackground;
import org.secretdesk.ui.common.FxDialogService;
import org.secretdesk.ui.common.RelativeTime;
import org.secretdesk.ui.common.ThemeChoice;
import org.secretdesk.ui.common.ThemeController;
import org.secretdesk.ui.mainwindow.ConnectionInfo;
import org.secretdesk.ui.mainwindow.MainWindowView;
import org.secretdesk.ui.mainwindow.MainWindowViewModel;
import org.secretdesk.ui.reveal.ClipboardGuard;
import org.secretdesk.ui.secrets.SecretWorkflows;
import org.secretdesk.client.Capabilities;
import org.secretdesk.pki.CertificateAuthority;
import org.secretdesk.pki.Pem;
import org.secretdesk.ui.cawizard.CaExportViewModel;
import org.secretdesk.ui.cawizard.CaExportWizard;
import org.secretdesk.ui.testing.BackendWalk;
import org.secretdesk.ui.testing.FxShown;
import org.secretdesk.ui.testing.ScriptedDialogs;
import org.secretdesk.ui.testing.HeadlessFx;
import org.secretdesk.ui.testing.OnFx;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console on a DataMiner BrokerGateway (a MockWebServer answering with the exchanges the contract tests recorded,
 * {@link RecordedExchanges}) and on Gravitee AM (the stand-in server, {@link GraviteeStandIn}), opened through the
 * connection profiles like the console does: what each backend cannot do is disabled, and the reason the operator
 * reads names the backend.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleWithDataMinerAndGraviteeTest {

    static {
        HeadlessFx.useBuiltInHeadlessPlatform();
    }

    private static final int WAIT_SECONDS = 20;
    private static final String API_KEY = "AdministratorKey_Do_Not_Leak_0815";

    @TempDir
    Path tmp;

    private MockWebServer server;
    private GraviteeStandIn standIn;
    private MainWindowViewModel vm;
    private ExecutorService executor;
    private ScheduledExecutorService timer;
    private Connections connections;
    private ConnectionSwitcher switcher;
    /** The CA export wizards the window opened, with the file their "Choose file…" picks. */
    private final List<CaExportWizard> wizards = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ScriptedDialogs chooser = new ScriptedDialogs();

    private static final class NoKeychain implements CredentialStore {
        @Override
        public Optional<SecretValue> read(String profileId) {
            return Optional.empty();
        }

        @Override
        public void write(String profileId, SecretValue key) {
        }

        @Override
        public void delete(String profileId) {
        }

        @Override
        public String displayName() {
            return "none";
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer(request);
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
        connections = new Connections(new ConnectionProfileStore(tmp, Clock.systemUTC()), new NoKeychain(),
                Duration.ofSeconds(5));
        connections.load();
        executor = Executors.newVirtualThreadPerTaskExecutor();
        timer = Executors.newSingleThreadScheduledExecutor();
        FxBackground background = new FxBackground(executor, timer);
        vm = new MainWindowViewModel(background, Clock.systemUTC(), new RelativeTime(ZoneId.systemDefault()),
                new SimpleIntegerProperty(0));
        // The header's connection button as the console has it: its details offer Export CA and Rotate CA; the
        // export opens the real wizard (its file chooser scripted). The tests connect directly (open below).
        switcher = new ConnectionSwitcher(vm, connections, () -> {
            throw new IllegalStateException("no local gateway in this test");
        }, background, new FxDialogService(), (u, p) -> false, (p, why) -> Optional.empty(),
                (owner, sources) -> {
                    CaExportWizard w = new CaExportWizard(owner, new CaExportViewModel(background, Clock.systemUTC(),
                            sources), chooser, null);
                    wizards.add(w);
                    w.wizard().getDialog().show();
                },
                (owner, client, onRotated) -> {
                    throw new AssertionError("Rotate CA offered on a backend that serves no CA");
                });
        MainWindowView view = new MainWindowView(vm, new SecretWorkflows(background,
                new ClipboardGuard(() -> Duration.ofSeconds(30)), new FxDialogService(), Clock.systemDefaultZone()),
                new ThemeController(ThemeChoice.LIGHT), new ConsoleWindows(background, new FxDialogService()),
                switcher, false);
        stage.setScene(new Scene(view.root(), 1280, 760));
        stage.show();
    }

    /** What the BrokerGateway's list answers (a test may make it a one-name list). */
    private static volatile String dataMinerList = RecordedExchanges.DATAMINER_LIST;

    /** The recorded answers, by route; anything else is a 404 the test would notice. */
    private static MockResponse answer(RecordedRequest r) {
        String path = r.getUrl().encodedPath();
        if (path.equals("/BrokerGateway/api/clientSecret/list")) {
            return API_KEY.equals(r.getHeaders().get("BrokerGateway-Api-Key"))
                    ? json(dataMinerList) : new MockResponse.Builder().code(401).build();
        }
        if (path.equals("/BrokerGateway/api/clientSecret/generate") && "POST".equals(r.getMethod())) {
            // The documented answer: the new key as the body.
            return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/plain")
                    .body("QkRtN2Vx" + "s".repeat(36)).build();
        }
        return new MockResponse.Builder().code(404).body("{\"message\":\"not recorded: " + path + "\"}").build();
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
    }

    @AfterEach
    void tearDown(FxRobot robot) {
        robot.interact(() -> {
            wizards.forEach(w -> w.wizard().getDialog().close());
            GatewayClient c = vm.client();
            vm.disconnect();
            if (c != null) {
                c.close();
            }
            switcher.close();
        });
        server.close();
        if (standIn != null) {
            standIn.close();
        }
        executor.shutdownNow();
        timer.shutdownNow();
    }

    private void open(FxRobot robot, ConnectionProfile profile, String secret) throws Exception {
        GatewayClient client = connections.open(profile, SecretValue.copyOf(secret));
        robot.interact(() -> vm.connect(client, new ConnectionInfo(profile.name(), profile.kind().displayName(),
                profile.url(), "test", null)));
    }

    @Test
    void dataMinersFlatListIsOneApplicationAndWhatItCannotDoIsExplained(FxRobot robot) throws Exception {
        ConnectionProfile profile = ConnectionProfile.create("Cube", GatewayKind.DATAMINER,
                server.url("/BrokerGateway").toString());
        open(robot, profile, API_KEY);
        waitUntil(() -> shownApplications(robot).equals(List.of(DataMinerClient.APPLICATION_NAME)));
        selectFirstApplication(robot);
        waitUntil(() -> secretsTable(robot).getItems().size() == 2);
        assertThat(secretsTable(robot).getItems()).extracting(SecretSummary::description)
                .containsExactlyInAnyOrder("Cube 01", "Cube 02");
        robot.interact(() -> secretsTable(robot).getSelectionModel().select(0));

        assertThat(robot.lookup("#renewButton").queryButton().isDisabled()).isTrue();
        assertThat(reason(robot, "#renewReason")).isEqualTo(
                "DataMiner BrokerGateway cannot renew in place: delete and generate a new one.");
        assertThat(robot.lookup("#deleteButton").queryButton().isDisabled()).isFalse();
        assertThat(robot.lookup("#newSecretButton").queryButton().isDisabled()).isFalse();
        assertThat(robot.lookup("#newApplicationButton").queryButton().isDisabled()).isTrue();
        assertThat(reason(robot, "#newApplicationReason")).contains("DataMiner BrokerGateway").contains("one flat list");
        assertThat(reason(robot, "#deleteApplicationReason")).contains("DataMiner BrokerGateway");
        assertThat(reason(robot, "#applicationPolicyReason")).contains("DataMiner BrokerGateway").contains("never expire");
        assertThat(robot.lookup("#applicationPolicy").queryAs(Label.class).getText()).contains("never");
        // Issue 21: no usage figures on DataMiner, and the secrets pane says so with the reason.
        Label noUsage = robot.lookup("#noUsageData").queryAs(Label.class);
        assertThat(noUsage.isVisible()).isTrue();
        assertThat(noUsage.getTooltip().getText()).contains("DataMiner BrokerGateway");
        assertThat(robot.lookup("#statusText").queryAs(Label.class).getText()).contains("refresh to update");
        assertThat(robot.lookup("#statusRefreshButton").query().isVisible()).isTrue();
        Tooltip refreshTip = robot.lookup("#statusRefreshButton").queryButton().getTooltip();
        assertThat(refreshTip.getText()).contains("DataMiner BrokerGateway does not publish changes");

        // The menu entry for the audit log says it is not available, and choosing it explains why.
        robot.clickOn("#mainMenu");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("Audit log (not available)");
        waitUntil(() -> vm.connection().bannerProperty().get() != null);
        assertThat(vm.connection().bannerProperty().get().title()).contains("DataMiner BrokerGateway");
        assertThat(vm.connection().bannerProperty().get().message()).contains("keeps no audit log");
        assertThat(robot.lookup("#banner").query().isVisible()).isTrue();
        assertThat(vm.features().limitations()).anyMatch(l -> l.contains("root CA"));

        // Report a leak (issue 22) needs a SecretDesk gateway: the entry says so, and choosing it explains why.
        robot.clickOn("#mainMenu");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("Report a leak (not available)");
        waitUntil(() -> vm.connection().bannerProperty().get().message().equals(GatewayClient.NO_LEAK_RESPONSE));
        assertThat(vm.connection().bannerProperty().get().title())
                .isEqualTo("Report a leak is not available with DataMiner BrokerGateway");
        robot.interact(() -> vm.connection().dismissBanner());
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.L).release(KeyCode.L, KeyCode.SHIFT, KeyCode.CONTROL);
        waitUntil(() -> vm.connection().bannerProperty().get() != null
                && vm.connection().bannerProperty().get().message().equals(GatewayClient.NO_LEAK_RESPONSE));

        // Notification channels (issue 23) need a SecretDesk gateway: the entry says so, and choosing it says why.
        robot.interact(() -> vm.connection().dismissBanner());
        robot.clickOn("#mainMenu");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("Notification channels (not available)");
        waitUntil(() -> vm.connection().bannerProperty().get() != null && vm.connection().bannerProperty().get()
                .title().equals("Notification channels is not available with DataMiner BrokerGateway"));
        assertThat(vm.connection().bannerProperty().get().message()).contains("nothing to notify");
        assertThat(robot.lookup("#channels-dialog").tryQuery()).isEmpty();
    }

    /** What is true of DataMiner's BrokerGateway, as its screens must say it (issue 25). */
    static final BackendWalk.Truth DATAMINER = new BackendWalk.Truth(
            "This is the only time SecretDesk shows this secret. DataMiner BrokerGateway stores it; its list shows "
                    + "only the first four characters.",
            null, "DataMiner BrokerGateway cannot renew in place: delete and generate a new one.",
            // Each name is a client of its own: deleting one leaves no application without a secret.
            List.of(SecretWorkflows.DELETE_SECRET_WARNING),
            "Its API does not report one");

    /** What is true of Gravitee AM (connectors.md), as its screens must say it (issue 25). */
    static final BackendWalk.Truth GRAVITEE = new BackendWalk.Truth(
            "This is the only time the secret is shown: Gravitee AM does not return it again. It keeps the value in "
                    + "its database, in plaintext unless Gravitee AM was set up to hash client secrets.",
            // Said once: the warning names what Gravitee does to the old value, no line under it repeats it.
            "Renewing issues a new value. Gravitee AM renews a secret in place: the old value stops working at once "
                    + "(there is no previous value or grace period). For an overlap, create a second secret, switch "
                    + "the clients, then delete the old one.",
            null,
            List.of(), // it refuses to delete an application's last secret
            "4.8+");

    @Test
    void dataMinersScreensSayWhatIsTrueOfIt(FxRobot robot) throws Exception {
        // Issue 25, walked on DataMiner: the header, delete, renew, the reveal, the connection details, the CA wizard.
        dataMinerList = "[{\"name\":\"Cube 01\",\"key\":\"abcd****************\"}]";
        try {
            ConnectionProfile profile = ConnectionProfile.create("Cube", GatewayKind.DATAMINER,
                    server.url("/BrokerGateway").toString());
            open(robot, profile, API_KEY);
            waitUntil(() -> shownApplications(robot).equals(List.of(DataMinerClient.APPLICATION_NAME)));
            selectFirstApplication(robot);
            waitUntil(() -> secretsTable(robot).getItems().size() == 1);
            Capabilities caps = OnFx.read(() -> vm.features().capabilitiesProperty().get());
            // No client_id label with an empty value and a copy button that copies nothing.
            assertThat(robot.lookup("#clientIdBox").query().isVisible()).isFalse();
            assertThat(robot.lookup("#applicationRoles").queryAs(Label.class).getText())
                    .isEqualTo("DataMiner BrokerGateway client secrets have no roles.");
            // No stray horizontal scroll bar under the list or the table.
            assertThat(horizontalScrollBars(robot, "#applicationsList")).isEmpty();
            assertThat(horizontalScrollBars(robot, "#secretsTable")).isEmpty();

            robot.interact(() -> secretsTable(robot).getSelectionModel().select(0));
            BackendWalk.deleteLastSecret(robot, caps, DATAMINER);
            BackendWalk.renewDialog(robot, caps, DATAMINER);

            // The reveal says what the BrokerGateway keeps, and its buttons keep their text once Copy was used.
            robot.clickOn("#newSecretButton");
            waitUntil(() -> FxShown.shown(robot, "#new-secret-generate"));
            robot.clickOn("#new-secret-description").write("Cube 03");
            waitUntil(() -> !robot.lookup("#new-secret-generate").queryButton().isDisabled());
            robot.clickOn("#new-secret-generate");
            BackendWalk.reveal(robot, caps, DATAMINER);
            // Each name is a client of its own: the reveal names it (the header has no client_id of the list's).
            assertThat(robot.lookup("#reveal-client-id").queryAs(javafx.scene.control.TextField.class).getText())
                    .isEqualTo("Cube 03");
            robot.clickOn("#reveal-copy-secret");
            waitUntil(() -> !OnFx.read(() -> robot.lookup("#reveal-status").queryAs(Label.class).getText()).isEmpty());
            for (String id : List.of("#reveal-copy-secret", "#reveal-save")) {
                javafx.scene.control.Labeled b = robot.lookup(id).queryAs(javafx.scene.control.Labeled.class);
                assertThat(OnFx.read(() -> b.getWidth() >= b.prefWidth(-1) - 0.5)).as("%s keeps its text", id)
                        .isTrue();
            }
            BackendWalk.closeReveal(robot);

            BackendWalk.connectionDetails(robot, caps, DATAMINER);
            walkTheCaWizardFromTheDetails(robot, server.url("/BrokerGateway").toString());
        } finally {
            dataMinerList = RecordedExchanges.DATAMINER_LIST;
        }
    }

    /**
     * DataMiner serves no CA: the wizard opened from the connection details says so (not "No gateway is connected")
     * and offers the address, filled in, or a file. Both go on to the review page: the chain an agent's HTTPS address
     * presents (a TLS server on loopback), and a real certificate file.
     */
    private void walkTheCaWizardFromTheDetails(FxRobot robot, String address) throws Exception {
        TestCertificates.Issued clusterCa = TestCertificates.rootCa("Cube Cluster Root CA");
        try (MockWebServer agent = new MockWebServer()) {
            agent.useHttps(TestCertificates.serverContext(TestCertificates.server(clusterCa, "localhost"), clusterCa)
                    .getSocketFactory());
            agent.start(InetAddress.getLoopbackAddress(), 0);
            CaExportWizard byAddress = openTheWizardFromTheDetails(robot);
            assertThat(vm.connection().bannerProperty().get().title())
                    .isEqualTo("The CA comes from the address or a file");
            String note = robot.lookup("#gateway-note").queryAs(Label.class).getText();
            assertThat(note).startsWith("\"Cube\" is connected but does not serve its CA.").contains("copy ca.pem")
                    .endsWith("Use the certificate chain its address presents, or the CA file.")
                    .doesNotContain("No gateway is connected");
            assertThat(robot.lookup("#source-gateway").query().isDisabled()).isTrue();
            assertThat(robot.lookup("#source-url").queryAs(javafx.scene.control.RadioButton.class).isSelected())
                    .isTrue();
            javafx.scene.control.TextField url = robot.lookup("#url-field").queryAs(javafx.scene.control.TextField.class);
            assertThat(url.getText()).isEqualTo(address);
            robot.interact(() -> url.setText(agent.url("/").toString()));
            robot.clickOn("#fetch-button");
            waitUntil(() -> clusterCa.certificate().equals(byAddress.viewModel().selectedProperty().get()));
            toTheReviewPage(robot, byAddress);
        }

        CertificateAuthority ca = CertificateAuthority.create("Cube Root CA", Duration.ofDays(365), Clock.systemUTC());
        chooser.openFile = java.nio.file.Files.writeString(tmp.resolve("cube-ca.pem"),
                Pem.certificates(List.of(ca.certificate())));
        CaExportWizard byFile = openTheWizardFromTheDetails(robot);
        robot.clickOn("#source-file");
        robot.clickOn("#choose-file-button");
        waitUntil(() -> ca.certificate().equals(byFile.viewModel().selectedProperty().get()));
        toTheReviewPage(robot, byFile);
    }

    private CaExportWizard openTheWizardFromTheDetails(FxRobot robot) throws Exception {
        int before = wizards.size();
        robot.clickOn("#connectionButton");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("Connection details…");
        waitUntil(() -> FxShown.shown(robot, "#detailsExportCa"));
        robot.clickOn("#detailsExportCa");
        waitUntil(() -> wizards.size() == before + 1 && FxShown.shown(robot, "#source-page"));
        return wizards.getLast();
    }

    private void toTheReviewPage(FxRobot robot, CaExportWizard wizard) throws Exception {
        Button next = OnFx.read(() -> wizardButton(wizard, javafx.scene.control.ButtonBar.ButtonData.NEXT_FORWARD));
        waitUntil(() -> !next.isDisabled());
        robot.clickOn(next);
        waitUntil(() -> FxShown.shown(robot, "#review-page"));
        robot.interact(() -> wizard.wizard().getDialog().close());
        waitUntil(() -> !FxShown.shown(robot, "#review-page"));
    }

    private static Button wizardButton(CaExportWizard wizard, javafx.scene.control.ButtonBar.ButtonData data) {
        var pane = wizard.wizard().getDialog().getDialogPane();
        return pane.getButtonTypes().stream().filter(t -> t.getButtonData() == data)
                .map(t -> (Button) pane.lookupButton(t)).findFirst().orElseThrow();
    }

    private static List<javafx.scene.control.ScrollBar> horizontalScrollBars(FxRobot robot, String under) {
        return OnFx.read(() -> robot.lookup(under + " .scroll-bar").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.ScrollBar s
                        && s.getOrientation() == javafx.geometry.Orientation.HORIZONTAL && s.isVisible())
                .map(n -> (javafx.scene.control.ScrollBar) n).toList());
    }

    @Test
    void graviteesScreensSayWhatIsTrueOfIt(FxRobot robot) throws Exception {
        // Issue 25, walked on Gravitee AM: delete of the last secret refused, renew in place, the reveal, a typed
        // delete, the connection details.
        GraviteeStandIn am = new GraviteeStandIn(GraviteeStandIn.Version.CURRENT);
        standIn = am;
        String billing = am.addApplication("billing", "billing-client", null, null, "prod rollout");
        am.addApplication("orders", "orders-client", null, null, "prod rollout");
        ConnectionProfile profile = ConnectionProfile.create("AM", GatewayKind.GRAVITEE, am.url().toString(),
                GatewaySettings.gravitee(GraviteeStandIn.USER, null, null, GraviteeStandIn.HRID));
        open(robot, profile, GraviteeStandIn.PASSWORD);
        waitUntil(() -> shownApplications(robot).containsAll(List.of("billing", "orders")));
        robot.interact(() -> applicationsList(robot).getSelectionModel().select(applicationsList(robot).getItems()
                .stream().filter(a -> a.name().equals("billing")).findFirst().orElseThrow()));
        waitUntil(() -> secretsTable(robot).getItems().size() == 1);
        Capabilities caps = OnFx.read(() -> vm.features().capabilitiesProperty().get());
        robot.interact(() -> secretsTable(robot).getSelectionModel().select(0));
        assertThat(robot.lookup("#editApplicationPolicy").queryButton().isDisabled()).as("app expiry").isFalse();
        assertThat(reason(robot, "#newApplicationReason")).contains("Gravitee AM's console");
        assertThat(robot.lookup("#statusText").queryAs(Label.class).getText()).contains("refresh to update");

        BackendWalk.deleteLastSecret(robot, caps, GRAVITEE);
        String before = am.issuedValue(am.application(billing).secrets().getFirst().id());
        BackendWalk.renewDialog(robot, caps, GRAVITEE);
        BackendWalk.renewNow(robot);
        BackendWalk.reveal(robot, caps, GRAVITEE);
        assertThat(robot.lookup("#reveal-grace").tryQuery()).as("no previous value on Gravitee AM").isEmpty();
        String renewed = BackendWalk.copyAndClose(robot);
        assertThat(renewed).as("renewed in place").isEqualTo(am.issuedValue(am.application(billing).secrets()
                .getFirst().id())).isNotEqualTo(before);

        // A second secret, then the typed delete of the first: no last-secret warning, and Gravitee deletes it.
        robot.clickOn("#newSecretButton");
        waitUntil(() -> FxShown.shown(robot, "#new-secret-generate"));
        robot.clickOn("#new-secret-description").write("next rollout");
        robot.clickOn("#new-secret-generate");
        BackendWalk.reveal(robot, caps, GRAVITEE);
        BackendWalk.copyAndClose(robot);
        waitUntil(() -> secretsTable(robot).getItems().size() == 2);
        robot.interact(() -> secretsTable(robot).getSelectionModel().select(secretsTable(robot).getItems().stream()
                .filter(s -> s.description().equals("prod rollout")).findFirst().orElseThrow()));
        BackendWalk.deleteTyped(robot, "prod rollout", List.of(SecretWorkflows.DELETE_SECRET_WARNING));
        waitUntil(() -> secretsTable(robot).getItems().size() == 1);
        assertThat(am.application(billing).secrets()).extracting(GraviteeFixtures.Secret::name)
                .containsExactly("next rollout");

        BackendWalk.connectionDetails(robot, caps, GRAVITEE);
    }

    private static void waitUntil(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition::getAsBoolean);
    }

    @SuppressWarnings("unchecked")
    private static ListView<Application> applicationsList(FxRobot robot) {
        return robot.lookup("#applicationsList").queryAs(ListView.class);
    }

    private static List<String> shownApplications(FxRobot robot) {
        return OnFx.read(() -> applicationsList(robot).getItems().stream().map(Application::name).toList());
    }

    private static void selectFirstApplication(FxRobot robot) {
        robot.interact(() -> applicationsList(robot).getSelectionModel().select(0));
    }

    @SuppressWarnings("unchecked")
    private static TableView<SecretSummary> secretsTable(FxRobot robot) {
        return robot.lookup("#secretsTable").queryAs(TableView.class);
    }
}
