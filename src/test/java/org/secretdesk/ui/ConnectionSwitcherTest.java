package org.secretdesk.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.CheckBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.stage.Stage;
import javafx.scene.control.TableView;
import org.secretdesk.client.Capabilities;
import org.secretdesk.model.SecretSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.NewApplication;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.desk.connections.ConnectionProfile;
import org.secretdesk.desk.connections.ConnectionProfileStore;
import org.secretdesk.desk.connections.Connections;
import org.secretdesk.desk.connections.CredentialStore;
import org.secretdesk.desk.connections.GatewayKind;
import org.secretdesk.model.Application;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.Fingerprints;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.GatewayServer;
import org.secretdesk.server.embedded.EmbeddedGateway;
import org.secretdesk.ui.cawizard.CaExportViewModel;
import org.secretdesk.ui.cawizard.CaExportWizard;
import org.secretdesk.ui.common.FxBackground;
import org.secretdesk.ui.common.FxDialogService;
import org.secretdesk.ui.common.RelativeTime;
import org.secretdesk.ui.common.ThemeChoice;
import org.secretdesk.ui.common.ThemeController;
import org.secretdesk.ui.connections.TrustPrompt;
import org.secretdesk.ui.mainwindow.ConnectionInfo;
import org.secretdesk.ui.mainwindow.MainWindowView;
import org.secretdesk.ui.mainwindow.MainWindowViewModel;
import org.secretdesk.ui.mainwindow.Windows;
import org.secretdesk.ui.reveal.ClipboardGuard;
import org.secretdesk.ui.secrets.SecretWorkflows;
import org.secretdesk.ui.testing.BackendWalk;
import org.secretdesk.ui.testing.FxShown;
import org.secretdesk.ui.testing.ScriptedDialogs;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console's connection switching, wired as the composition root wires it, against real gateways: a saved
 * profile (a gateway on loopback, key in a stand-in keychain) and an embedded local gateway. The fingerprint
 * prompt is the real dialog, driven like an operator would.
 */
@ExtendWith(ApplicationExtension.class)
class ConnectionSwitcherTest {

    static {
        // JavaFX 26's built-in headless platform; TestFX would otherwise ask for Monocle.
        if ("Headless".equals(System.getProperty("glass.platform"))) {
            System.clearProperty("testfx.headless");
        }
    }

    private static final int WAIT_SECONDS = 20;

    @TempDir
    Path tmp;

    private GatewayServer remote;
    private EmbeddedGateway embedded;
    private Connections connections;
    private ConnectionProfile profile;
    private MainWindowViewModel vm;
    private ConnectionSwitcher switcher;
    private ExecutorService executor;
    private ScheduledExecutorService timer;
    private final List<String> keyPrompts = new ArrayList<>();
    private final List<CaExportWizard> wizards = new ArrayList<>();

    /** The OS keychain's stand-in: holds the remote gateway's key. */
    private static final class MemoryKeychain implements CredentialStore {
        private final Map<String, char[]> keys = new HashMap<>();

        @Override
        public Optional<SecretValue> read(String profileId) {
            char[] k = keys.get(profileId);
            return k == null ? Optional.empty() : Optional.of(SecretValue.wrap(k.clone()));
        }

        @Override
        public void write(String profileId, SecretValue key) {
            keys.put(profileId, key.copyChars());
        }

        @Override
        public void delete(String profileId) {
            keys.remove(profileId);
        }

        @Override
        public String displayName() {
            return "test keychain";
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        remote = GatewayServer.start(GatewayConfig.defaults(Files.createDirectories(tmp.resolve("remote")))
                .withPort(0));
        try (SecretDeskClient c = clientFor(remote)) {
            c.createApplication(new NewApplication("remote-billing", "", List.of(), null));
        }
        embedded = EmbeddedGateway.start(Files.createDirectories(tmp.resolve("local")), null);
        try (SecretDeskClient c = new SecretDeskClient(embedded.baseUri(), embedded.adminKey(),
                TlsTrust.of(List.of(embedded.caCertificate())))) {
            c.createApplication(new NewApplication("local-only", "", List.of(), null));
        }

        MemoryKeychain keychain = new MemoryKeychain();
        connections = new Connections(new ConnectionProfileStore(tmp.resolve("console"), Clock.systemUTC()),
                keychain, Duration.ofSeconds(5));
        assertThat(connections.load()).isNull();
        profile = ConnectionProfile.create("Staging", GatewayKind.SECRETDESK, remote.baseUri().toString());
        connections.add(profile);
        keychain.write(profile.id(), SecretValue.copyOf(adminKey(remote)));

        executor = Executors.newVirtualThreadPerTaskExecutor();
        timer = Executors.newSingleThreadScheduledExecutor();
        FxBackground background = new FxBackground(executor, timer);
        vm = new MainWindowViewModel(background, Clock.systemUTC(), new RelativeTime(ZoneId.systemDefault()),
                new SimpleIntegerProperty(0));
        ConsoleConnection.Opener local = () -> new ConsoleConnection(new SecretDeskClient(embedded.baseUri(),
                embedded.adminKey(), TlsTrust.of(List.of(embedded.caCertificate()))),
                new ConnectionInfo("Local gateway", "SecretDesk gateway (embedded)", embedded.baseUri().toString(),
                        "test", Fingerprints.sha256(embedded.caCertificate())), embedded);
        switcher = new ConnectionSwitcher(vm, connections, local, background, new FxDialogService(),
                (u, p) -> TrustPrompt.ask(stage, u, p.name()),
                (p, why) -> {
                    keyPrompts.add(why);
                    return Optional.empty();
                },
                (owner, sources) -> {
                    CaExportWizard w = new CaExportWizard(owner, new CaExportViewModel(background, Clock.systemUTC(),
                            sources), new ScriptedDialogs(), null);
                    wizards.add(w);
                    w.wizard().getDialog().show();
                },
                (owner, client, onRotated) -> onRotated.accept(client.rotateCa(true)));
        MainWindowView view = new MainWindowView(vm, new SecretWorkflows(background,
                new ClipboardGuard(() -> Duration.ofSeconds(30)), new FxDialogService(), Clock.systemUTC()),
                new ThemeController(ThemeChoice.LIGHT), Windows.NONE, switcher, false);
        stage.setScene(new Scene(view.root(), 1200, 720));
        stage.show();
    }

    @AfterEach
    void tearDown(FxRobot robot) {
        robot.interact(() -> {
            wizards.forEach(w -> w.wizard().getDialog().close());
            vm.disconnect();
            switcher.close();
        });
        remote.close();
        embedded.close();
        executor.shutdownNow();
        timer.shutdownNow();
    }

    private static String adminKey(GatewayServer server) throws Exception {
        return Files.readString(server.adminKeyFile(), StandardCharsets.UTF_8).strip();
    }

    private static SecretDeskClient clientFor(GatewayServer server) throws Exception {
        return new SecretDeskClient(server.baseUri(), SecretValue.copyOf(adminKey(server)),
                TlsTrust.of(List.of(server.caCertificate())));
    }

    private static void waitUntil(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition::getAsBoolean);
    }

    @SuppressWarnings("unchecked")
    private List<String> shownApplications(FxRobot robot) {
        return robot.lookup("#applicationsList").queryAs(ListView.class).getItems().stream()
                .map(a -> ((Application) a).name()).toList();
    }

    private ConnectionProfile savedProfile() {
        Connections reread = new Connections(new ConnectionProfileStore(tmp.resolve("console"), Clock.systemUTC()),
                new MemoryKeychain(), Duration.ofSeconds(5));
        assertThat(reread.load()).isNull();
        return reread.find(profile.id()).orElseThrow();
    }

    private Optional<ConnectionProfile> savedLastSelected() {
        Connections reread = new Connections(new ConnectionProfileStore(tmp.resolve("console"), Clock.systemUTC()),
                new MemoryKeychain(), Duration.ofSeconds(5));
        reread.load();
        return reread.lastSelected();
    }

    /** Opens the header's connection menu and picks an entry, as the operator does. */
    private void pickConnection(FxRobot robot, String entry) {
        robot.clickOn("#connectionButton");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(entry);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void opensTheLastSelectedProfileAfterTheFingerprintPromptAndSwitchesToTheLocalGatewayAndBack(FxRobot robot)
            throws Exception {
        connections.select(profile);
        robot.interact(switcher::start);

        // First use: the real fingerprint prompt shows the remote gateway's CA fingerprint.
        waitUntil(() -> FxShown.shown(robot, "#trust-prompt"));
        Node prompt = robot.lookup("#trust-prompt").query();
        DialogPane pane = (DialogPane) prompt.getScene().getRoot();
        String expected = Fingerprints.sha256(remote.caCertificate());
        assertThat(((Label) pane.lookup("#trust-presented")).getText().replace("\n", ":"))
                .isEqualToIgnoringCase(expected);
        Button accept = (Button) pane.lookupButton(pane.getButtonTypes().stream()
                .filter(t -> t.getButtonData() == ButtonBar.ButtonData.OK_DONE).findFirst().orElseThrow());
        assertThat(accept.isDisabled()).isTrue();
        robot.interact(() -> ((CheckBox) pane.lookup("#trust-confirm")).fire());
        robot.interact(accept::fire);

        waitUntil(() -> shownApplications(robot).contains("remote-billing"));
        assertThat(shownApplications(robot)).doesNotContain("local-only");
        assertThat(vm.connection().infoProperty().get().name()).isEqualTo("Staging");
        assertThat(vm.connection().infoProperty().get().adminKeyStorage()).contains("test keychain");
        assertThat(keyPrompts).isEmpty();
        // Accepting pinned the CA in the saved profile, and the profile stays the one opened next time.
        assertThat(savedProfile().pinnedCaSha256()).isEqualToIgnoringCase(expected);
        assertThat(savedLastSelected()).map(ConnectionProfile::id).contains(profile.id());

        pickConnection(robot, "Local gateway");
        waitUntil(() -> shownApplications(robot).contains("local-only"));
        assertThat(shownApplications(robot)).doesNotContain("remote-billing");
        assertThat(vm.connection().infoProperty().get().name()).isEqualTo("Local gateway");
        assertThat(switcher.currentProfileId()).isNull();
        waitUntil(() -> savedLastSelected().isEmpty());

        // Back to the saved profile: it is pinned now, so no prompt this time.
        pickConnection(robot, "Staging");
        waitUntil(() -> shownApplications(robot).contains("remote-billing"));
        assertThat(robot.lookup("#trust-prompt").tryQuery()).isEmpty();
        assertThat(switcher.currentProfileId()).isEqualTo(profile.id());
    }

    @Test
    void exportCaOpensTheWizardWithTheConnectedGatewaysCaSelected(FxRobot robot) throws Exception {
        X509Certificate ca = remote.caCertificate();
        connections.trust(profile, ca);
        connections.select(profile);
        robot.interact(switcher::start);
        waitUntil(() -> shownApplications(robot).contains("remote-billing"));

        robot.clickOn("#mainMenu");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("Export CA certificate…");
        waitUntil(() -> !wizards.isEmpty()
                && wizards.getFirst().viewModel().selectedProperty().get() != null);
        CaExportWizard wizard = wizards.getFirst();
        assertThat(wizard.viewModel().selectedProperty().get()).isEqualTo(ca);
        assertThat(wizard.viewModel().sourceProperty().get()).isEqualTo(CaExportViewModel.Source.GATEWAY);
        RadioButton gateway = (RadioButton) wizard.wizard().getDialog().getDialogPane().lookup("#source-gateway");
        assertThat(gateway.isSelected()).isTrue();
        assertThat(wizard.viewModel().gatewayName()).isEqualTo("Staging");
    }

    @Test
    void afterRotatingTheLocalGatewaysCaTheConsoleTrustsTheNewCa(FxRobot robot) throws Exception {
        robot.interact(switcher::start);
        waitUntil(() -> shownApplications(robot).contains("local-only"));
        String before = vm.connection().infoProperty().get().caFingerprint();

        robot.clickOn("#mainMenu");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("Rotate CA…");
        WaitForAsyncUtils.waitForFxEvents();

        String after = Fingerprints.sha256(embedded.caCertificate());
        assertThat(after).isNotEqualToIgnoringCase(before);
        waitUntil(() -> after.equalsIgnoreCase(vm.connection().infoProperty().get().caFingerprint()));
        // The new client works against the gateway that now presents the new CA.
        try (SecretDeskClient other = new SecretDeskClient(embedded.baseUri(), embedded.adminKey(),
                TlsTrust.of(List.of(embedded.caCertificate())))) {
            other.createApplication(new NewApplication("after-rotation", "", List.of(), null));
        }
        robot.interact(vm::refresh);
        waitUntil(() -> shownApplications(robot).contains("after-rotation"));
    }

    @Test
    void afterRotatingASavedGatewaysCaTheFingerprintPromptNamesBothAndRePins(FxRobot robot) throws Exception {
        String oldFingerprint = Fingerprints.sha256(remote.caCertificate());
        connections.trust(profile, remote.caCertificate());
        connections.select(profile);
        robot.interact(switcher::start);
        waitUntil(() -> shownApplications(robot).contains("remote-billing"));

        robot.clickOn("#mainMenu");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("Rotate CA…");

        String newFingerprint = Fingerprints.sha256(remote.caCertificate());
        assertThat(newFingerprint).isNotEqualToIgnoringCase(oldFingerprint);
        waitUntil(() -> FxShown.shown(robot, "#trust-prompt"));
        DialogPane pane = (DialogPane) robot.lookup("#trust-prompt").query().getScene().getRoot();
        assertThat(((Label) pane.lookup("#trust-pinned")).getText().replace("\n", ":"))
                .isEqualToIgnoringCase(oldFingerprint);
        assertThat(((Label) pane.lookup("#trust-presented")).getText().replace("\n", ":"))
                .isEqualToIgnoringCase(newFingerprint);
        Button accept = (Button) pane.lookupButton(pane.getButtonTypes().stream()
                .filter(t -> t.getButtonData() == ButtonBar.ButtonData.OK_DONE).findFirst().orElseThrow());
        robot.interact(() -> ((CheckBox) pane.lookup("#trust-confirm")).fire());
        robot.interact(accept::fire);

        waitUntil(() -> newFingerprint.equalsIgnoreCase(vm.connection().infoProperty().get().caFingerprint()));
        assertThat(savedProfile().pinnedCaSha256()).isEqualToIgnoringCase(newFingerprint);
        waitUntil(() -> shownApplications(robot).contains("remote-billing"));
    }

    /** What is true of the SecretDesk gateway, as its screens must say it (issue 25). */
    static final BackendWalk.Truth SECRETDESK = new BackendWalk.Truth(
            "This is the only time the secret is shown. The gateway keeps only a hash; it cannot be recovered.",
            "Renewing issues a new value. The current value stops working immediately.", null,
            List.of(SecretWorkflows.DELETE_SECRET_WARNING, "This is the application's last secret: after deleting "
                    + "it, no client can authenticate as this application until a new secret is generated."),
            org.secretdesk.server.Version.current());

    @Test
    void theSecretDeskGatewaysScreensSayWhatIsTrueOfIt(FxRobot robot) throws Exception {
        // Issue 25, walked on the real gateway over HTTPS (the local one): the reveal, delete of the last secret,
        // renew with a grace period, the connection details with an enabled Rotate CA… that rotates.
        robot.interact(switcher::start);
        waitUntil(() -> shownApplications(robot).contains("local-only"));
        robot.interact(() -> {
            ListView<Application> list = robot.lookup("#applicationsList").queryAs(ListView.class);
            list.getSelectionModel().select(list.getItems().stream().filter(a -> a.name().equals("local-only"))
                    .findFirst().orElseThrow());
        });
        Capabilities caps = vm.features().capabilitiesProperty().get();
        waitUntil(() -> !robot.lookup("#newSecretButton").queryButton().isDisabled());
        robot.clickOn("#newSecretButton");
        waitUntil(() -> FxShown.shown(robot, "#new-secret-description"));
        robot.clickOn("#new-secret-description").write("prod rollout");
        robot.clickOn("#new-secret-generate");
        BackendWalk.reveal(robot, caps, SECRETDESK);
        String first = BackendWalk.copyAndClose(robot);
        TableView<SecretSummary> table = robot.lookup("#secretsTable").queryAs(TableView.class);
        waitUntil(() -> table.getItems().size() == 1);
        robot.interact(() -> table.getSelectionModel().select(0));

        BackendWalk.deleteLastSecret(robot, caps, SECRETDESK);
        BackendWalk.renewDialog(robot, caps, SECRETDESK);
        BackendWalk.renewNow(robot);
        BackendWalk.reveal(robot, caps, SECRETDESK);
        // The grace chosen (24 hours): the old value keeps working for it, and the reveal says until when.
        assertThat(BackendWalk.labels(robot, "#reveal-grace")).startsWith("The previous value keeps working until ");
        String renewed = BackendWalk.copyAndClose(robot);
        assertThat(renewed).startsWith("sds_").isNotEqualTo(first);
        try (SecretDeskClient c = new SecretDeskClient(embedded.baseUri(), embedded.adminKey(),
                TlsTrust.of(List.of(embedded.caCertificate())))) {
            SecretSummary now = c.listSecrets(table.getItems().getFirst().applicationId(), 10, null).items().getFirst();
            assertThat(now.graceUntil()).as("the old value's grace").isNotNull();
        }

        BackendWalk.connectionDetails(robot, caps, SECRETDESK);
        // Rotate CA… is enabled because it works here: from the details, the gateway rotates and is trusted anew.
        String before = vm.connection().infoProperty().get().caFingerprint();
        robot.clickOn("#connectionButton");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("Connection details…");
        waitUntil(() -> FxShown.shown(robot, "#detailsRotateCa"));
        robot.clickOn("#detailsRotateCa");
        waitUntil(() -> !before.equalsIgnoreCase(vm.connection().infoProperty().get().caFingerprint()));
    }
}
