package org.secretdesk.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.CheckBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.NewApplication;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.desk.DataDirectory;
import org.secretdesk.desk.connections.ConnectionProfile;
import org.secretdesk.desk.connections.ConnectionProfileStore;
import org.secretdesk.desk.connections.GatewayKind;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.Fingerprints;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.GatewayServer;
import org.secretdesk.ui.testing.FxShown;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The whole console from its composition root with a saved connection chosen last time: it opens that gateway
 * (a real one on loopback), asks for the admin key when the keychain holds none or cannot be used, shows the
 * fingerprint prompt on first use, pins the CA, and offers the connected gateway's CA in the export wizard;
 * switching to the local gateway then starts the embedded one.
 */
class ConsoleWithSavedConnectionTest {

    static {
        if ("Headless".equals(System.getProperty("glass.platform"))) {
            System.clearProperty("testfx.headless");
        }
    }

    private static final int WAIT_SECONDS = 60;

    @TempDir
    static Path dataDir;
    @TempDir
    static Path gatewayDir;
    static GatewayServer server;
    static ConnectionProfile profile;

    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void setUp() throws Exception {
        System.setProperty(DataDirectory.OVERRIDE_PROPERTY, dataDir.toString());
        FxToolkit.registerPrimaryStage();
        server = GatewayServer.start(GatewayConfig.defaults(gatewayDir).withPort(0));
        try (SecretDeskClient c = new SecretDeskClient(server.baseUri(), SecretValue.copyOf(adminKey()),
                TlsTrust.of(List.of(server.caCertificate())))) {
            c.createApplication(new NewApplication("remote-billing", "", List.of(), null));
        }
        profile = ConnectionProfile.create("Staging", GatewayKind.SECRETDESK, server.baseUri().toString());
        new ConnectionProfileStore(dataDir, Clock.systemUTC()).save(List.of(profile), profile.id());
    }

    @AfterAll
    static void tearDown() {
        System.clearProperty(DataDirectory.OVERRIDE_PROPERTY);
        if (server != null) {
            server.close();
        }
    }

    private static String adminKey() throws Exception {
        return Files.readString(server.adminKeyFile(), StandardCharsets.UTF_8).strip();
    }

    private static void waitUntil(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition::getAsBoolean);
    }

    private static DialogPane dialogOf(Node n) {
        return (DialogPane) n.getScene().getRoot();
    }

    private static Button button(DialogPane pane, ButtonBar.ButtonData data) {
        return (Button) pane.lookupButton(pane.getButtonTypes().stream().filter(t -> t.getButtonData() == data)
                .findFirst().orElseThrow());
    }

    @SuppressWarnings("unchecked")
    private List<String> shownApplications() {
        return robot.lookup("#applicationsList").queryAs(ListView.class).getItems().stream()
                .map(a -> ((org.secretdesk.model.Application) a).name()).toList();
    }

    @Test
    void opensTheLastSelectedConnectionAfterTheFingerprintPrompt() throws Exception {
        Application app = FxToolkit.setupApplication(SecretDeskApp.class);
        try {
            // Nothing for this profile in the keychain (or no keychain at all): the key is asked for.
            waitUntil(() -> FxShown.shown(robot, "#admin-key-field"));
            TextField keyField = robot.lookup("#admin-key-field").queryAs(TextField.class);
            String key = adminKey();
            robot.interact(() -> keyField.setText(key));
            robot.interact(() -> button(dialogOf(keyField), ButtonBar.ButtonData.OK_DONE).fire());

            // First use: the fingerprint prompt, with the gateway's CA fingerprint.
            waitUntil(() -> FxShown.shown(robot, "#trust-prompt"));
            DialogPane prompt = dialogOf(robot.lookup("#trust-prompt").query());
            assertThat(((Label) prompt.lookup("#trust-presented")).getText().replace("\n", ":"))
                    .isEqualToIgnoringCase(Fingerprints.sha256(server.caCertificate()));
            robot.interact(() -> ((CheckBox) prompt.lookup("#trust-confirm")).fire());
            robot.interact(() -> button(prompt, ButtonBar.ButtonData.OK_DONE).fire());

            waitUntil(() -> shownApplications().contains("remote-billing"));
            ConnectionProfileStore.Loaded saved = new ConnectionProfileStore(dataDir, Clock.systemUTC()).load();
            assertThat(saved.lastSelected()).isEqualTo(profile.id());
            assertThat(saved.profiles().getFirst().pinnedCaSha256())
                    .isEqualToIgnoringCase(Fingerprints.sha256(server.caCertificate()));

            // The export wizard starts on the connected gateway's CA.
            robot.clickOn("#mainMenu");
            WaitForAsyncUtils.waitForFxEvents();
            robot.clickOn("Export CA certificate…");
            waitUntil(() -> FxShown.shown(robot, "#source-gateway"));
            RadioButton gatewaySource = robot.lookup("#source-gateway").queryAs(RadioButton.class);
            assertThat(gatewaySource.isSelected()).isTrue();
            assertThat(gatewaySource.isDisabled()).isFalse();
            assertThat(robot.lookup((Label l) -> l.getText() != null && l.getText().contains("\"Staging\""))
                    .tryQuery()).isPresent();
            robot.interact(() -> button(dialogOf(gatewaySource), ButtonBar.ButtonData.CANCEL_CLOSE).fire());
            waitUntil(() -> robot.lookup("#source-gateway").tryQuery().isEmpty());

            // Switching to the local gateway starts the embedded one: its (empty) data replaces the remote's.
            robot.clickOn("#connectionButton");
            WaitForAsyncUtils.waitForFxEvents();
            robot.clickOn("Local gateway");
            waitUntil(() -> robot.lookup("#statusText").queryAs(Label.class).getText()
                    .startsWith("Connected · 0 applications"));
            assertThat(shownApplications()).isEmpty();
            assertThat(dataDir.resolve("gateway")).isDirectory();
            waitUntil(() -> new ConnectionProfileStore(dataDir, Clock.systemUTC()).load().lastSelected() == null);
        } finally {
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
        }
    }
}
