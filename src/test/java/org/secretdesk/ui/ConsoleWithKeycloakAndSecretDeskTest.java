package org.secretdesk.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.ui.testing.BackendWalk.reason;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
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
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.NewApplication;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.client.keycloak.KeycloakTestServer;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.desk.connections.ConnectionProfile;
import org.secretdesk.desk.connections.ConnectionProfileStore;
import org.secretdesk.desk.connections.Connections;
import org.secretdesk.desk.connections.CredentialStore;
import org.secretdesk.desk.connections.GatewayKind;
import org.secretdesk.desk.connections.GatewaySettings;
import org.secretdesk.model.Application;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.Fingerprints;
import org.secretdesk.server.embedded.EmbeddedGateway;
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
import org.secretdesk.ui.testing.BackendWalk;
import org.secretdesk.ui.testing.FxShown;
import org.secretdesk.ui.testing.HeadlessFx;
import org.secretdesk.ui.testing.OnFx;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console with two real backends side by side, switched in the header: a REAL Keycloak ({@link KeycloakTestServer},
 * one per class, skipped with {@code -Dkeycloak.skip=true}) saved as a Keycloak profile (password in a stand-in
 * keychain), and a REAL embedded SecretDesk gateway. Checks that the Keycloak client and its secret appear redacted,
 * that what Keycloak cannot do is disabled with Keycloak's explanation, that Regenerate shows the new secret once
 * (and it works at Keycloak's token endpoint), that the rotated secret can be invalidated, and that the SecretDesk
 * connection gets its full set of actions back and issues a secret through the UI.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ConsoleWithKeycloakAndSecretDeskTest {

    static {
        HeadlessFx.useBuiltInHeadlessPlatform();
    }

    private static final int WAIT_SECONDS = 30;
    private static KeycloakTestServer keycloak;
    private static String clientId;
    private static String clientUuid;

    @TempDir
    Path tmp;

    private EmbeddedGateway embedded;
    private MainWindowViewModel vm;
    private ConnectionSwitcher switcher;
    private ExecutorService executor;
    private ScheduledExecutorService timer;
    private Stage stage;

    /** The OS keychain's stand-in: holds the Keycloak administrator's password. */
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

    @BeforeAll
    static void startKeycloak() throws Exception {
        keycloak = KeycloakTestServer.startOrSkip("keycloak-console.log");
        clientId = "billing-" + System.nanoTime();
        clientUuid = keycloak.createConfidentialClient(clientId);
        keycloak.createPublicClient("spa-" + System.nanoTime());
    }

    @AfterAll
    static void stopKeycloak() {
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        embedded = EmbeddedGateway.start(Files.createDirectories(tmp.resolve("local")), null);
        try (SecretDeskClient c = new SecretDeskClient(embedded.baseUri(), embedded.adminKey(),
                TlsTrust.of(List.of(embedded.caCertificate())))) {
            c.createApplication(new NewApplication("local-only", "", List.of(), null));
        }
        MemoryKeychain keychain = new MemoryKeychain();
        Connections connections = new Connections(new ConnectionProfileStore(tmp.resolve("console"),
                Clock.systemUTC()), keychain, Duration.ofSeconds(10));
        assertThat(connections.load()).isNull();
        ConnectionProfile profile = ConnectionProfile.create("Keycloak dev", GatewayKind.KEYCLOAK, keycloak.baseUrl(),
                GatewaySettings.keycloak(keycloak.adminUser(), KeycloakTestServer.REALM, "master"));
        connections.add(profile);
        keychain.write(profile.id(), SecretValue.copyOf(keycloak.adminPassword()));

        executor = Executors.newVirtualThreadPerTaskExecutor();
        timer = Executors.newSingleThreadScheduledExecutor();
        FxBackground background = new FxBackground(executor, timer);
        vm = new MainWindowViewModel(background, Clock.systemUTC(), new RelativeTime(ZoneId.systemDefault()),
                new SimpleIntegerProperty(0));

        ConsoleConnection.Opener local = () -> new ConsoleConnection(new SecretDeskClient(embedded.baseUri(),
                embedded.adminKey(), TlsTrust.of(List.of(embedded.caCertificate()))),
                new ConnectionInfo("Local gateway", "SecretDesk gateway (embedded)", embedded.baseUri().toString(),
                        "test", Fingerprints.sha256(embedded.caCertificate())), embedded);
        List<String> keyPrompts = new ArrayList<>();
        switcher = new ConnectionSwitcher(vm, connections, local, background, new FxDialogService(),
                (u, p) -> false,
                (p, why) -> {
                    keyPrompts.add(why);
                    return Optional.empty();
                },
                (owner, sources) -> { },
                (owner, client, onRotated) -> { });
        MainWindowView view = new MainWindowView(vm, new SecretWorkflows(background,
                new ClipboardGuard(() -> Duration.ofSeconds(60)), new FxDialogService(), Clock.systemDefaultZone()),
                new ThemeController(ThemeChoice.LIGHT), new ConsoleWindows(background, new FxDialogService()), switcher,
                false);
        stage.setScene(new Scene(view.root(), 1280, 760));
        stage.show();
    }

    @AfterEach
    void tearDown(FxRobot robot) {
        robot.interact(() -> {
            vm.disconnect();
            switcher.close();
        });
        embedded.close();
        executor.shutdownNow();
        timer.shutdownNow();
    }

    /** What is true of Keycloak with the test realm's secret-rotation policy, as its screens must say it (issue 25). */
    static final BackendWalk.Truth KEYCLOAK = new BackendWalk.Truth(
            "SecretDesk shows this secret only now. Keycloak stores this secret; realm administrators can read it.",
            "Regenerating issues a new value. The realm's client policy “rotation” (secret-rotation) keeps the "
                    + "previous value working as the rotated secret for 2 days after a regenerate, unless you "
                    + "invalidate it first (it cannot be extended).",
            null, List.of(), "26.5.6");

    @Test
    void switchesBetweenKeycloakAndSecretDeskAndAdaptsTheActions(FxRobot robot) throws Exception {
        robot.interact(switcher::start);
        waitUntil(() -> shownApplications(robot).contains("local-only"));

        // ---- Keycloak
        pickConnection(robot, "Keycloak dev");
        waitUntil(() -> shownApplications(robot).contains(clientId));
        assertThat(shownApplications(robot)).doesNotContain("local-only").noneMatch(n -> n.startsWith("spa-"));
        assertThat(vm.connection().infoProperty().get().kind()).isEqualTo("Keycloak");
        selectApplication(robot, clientId);
        waitUntil(() -> secretRows(robot).size() == 1);

        String original = keycloak.currentSecretViaAdmin(clientUuid);
        SecretSummary current = secretRows(robot).getFirst();
        assertThat(current.description()).isEqualTo("current");
        String shown = fx(() -> vm.clock().redactedText(current));
        assertThat(shown).startsWith(original.substring(0, 4)).doesNotContain(original.substring(4, 12));
        assertThat(textOf(robot, "#secretsTable")).doesNotContain(original);

        // What Keycloak cannot do is disabled, and the reason names Keycloak.
        assertThat(robot.lookup("#newSecretButton").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#newApplicationButton").queryButton().isDisabled()).isTrue();
        assertThat(reason(robot, "#newApplicationReason")).contains("Keycloak's admin console");
        assertThat(robot.lookup("#editApplicationPolicy").queryButton().isDisabled()).isTrue();
        assertThat(reason(robot, "#applicationPolicyReason")).contains("Keycloak").contains("read-only");
        assertThat(robot.lookup("#applicationPolicy").queryAs(Label.class).getText())
                .isEqualTo("Expiry: set in Keycloak (read-only here)");
        // Delete is replaced by "Invalidate rotated secret" (the buttons sit in wrappers that carry the reason).
        Capabilities caps = fx(() -> vm.features().capabilitiesProperty().get());
        robot.interact(() -> secretsTable(robot).getSelectionModel().select(0));
        BackendWalk.deleteLastSecret(robot, caps, KEYCLOAK);
        assertThat(robot.lookup("#invalidateRotatedButton").queryButton().isDisabled()).isTrue();
        assertThat(reason(robot, "#invalidateRotatedReason")).contains("no rotated secret");
        assertThat(robot.lookup("#statusText").queryAs(Label.class).getText()).contains("refresh to update");
        assertThat(robot.lookup("#statusRefreshButton").query().isVisible()).isTrue();
        assertThat(lastUsedColumn(robot).isVisible()).as("Keycloak records no last use").isFalse();

        // Issue 25: where the roles are managed instead of "Roles: none"; in the connection details, no enabled
        // Rotate CA…, and each thing Keycloak cannot do said once.
        assertThat(robot.lookup("#applicationRoles").queryAs(Label.class).getText()).contains("managed in Keycloak")
                .doesNotContain("none");
        assertThat(caps.explain(Capabilities.Feature.CA_ROTATION)).isEqualTo("Keycloak does not serve a CA for its "
                + "clients.");
        BackendWalk.connectionDetails(robot, caps, KEYCLOAK);

        // Regenerate through the UI: the new value is shown once and works at Keycloak's token endpoint.
        // Issue 25: one verb (Regenerate, no grace period per call), and what the realm's client policy (read from
        // Keycloak) does to the old value, said once, in the warning.
        robot.interact(() -> secretsTable(robot).getSelectionModel().select(0));
        BackendWalk.renewDialog(robot, caps, KEYCLOAK);
        assertThat(textOf(robot, "#renew-dialog")).doesNotContain("*".repeat(17));
        BackendWalk.renewNow(robot);
        BackendWalk.reveal(robot, caps, KEYCLOAK);
        robot.clickOn("#reveal-copy-secret");
        String regenerated = fx(() -> Clipboard.getSystemClipboard().getString());
        assertThat(regenerated).isNotBlank().isNotEqualTo(original);
        assertThat(keycloak.secretWorks(clientId, regenerated)).isTrue();
        robot.clickOn("#reveal-done");
        waitUntil(() -> robot.lookup("#reveal-done").tryQuery().isEmpty());

        // With the realm's rotation policy the old value is kept as the rotated secret; invalidate it.
        waitUntil(() -> secretRows(robot).size() == 2);
        waitUntil(() -> applicationsList(robot).getItems().getFirst().secretCount() == 2);
        robot.interact(() -> secretsTable(robot).getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        screenshot(robot, Path.of("docs", "screenshots", "main-window-keycloak.png"));
        assertThat(textOf(robot, "#secretsTable")).doesNotContain(regenerated).doesNotContain(original);
        assertThat(keycloak.secretWorks(clientId, original)).as("the rotated secret still works").isTrue();
        // Issue 21: the rotated secret is the current secret's previous value, valid until its expiry; Keycloak
        // records no use, and the window says so.
        robot.interact(() -> secretsTable(robot).getSelectionModel().select(secretRows(robot).stream()
                .filter(s -> s.previous() != null).findFirst().orElseThrow()));
        waitUntil(() -> robot.lookup("#oldValueLine").queryAs(javafx.scene.control.Label.class).getText()
                .startsWith("Previous value valid until "));
        assertThat(robot.lookup("#noUsageData").query().isVisible()).isTrue();
        Button invalidate = robot.lookup("#invalidateRotatedButton").queryButton();
        waitUntil(() -> !invalidate.isDisabled());
        robot.clickOn(invalidate);
        waitUntil(() -> FxShown.shown(robot, "#typed-confirm-input"));
        robot.clickOn("#typed-confirm-input").write("rotated");
        robot.clickOn("#typed-confirm-button");
        waitUntil(() -> secretRows(robot).size() == 1);
        waitUntil(() -> applicationsList(robot).getItems().getFirst().secretCount() == 1);
        assertThat(keycloak.secretWorks(clientId, original)).as("invalidated").isFalse();
        assertThat(keycloak.secretWorks(clientId, regenerated)).isTrue();

        // ---- back to SecretDesk: every action is there again, and a new secret is shown once.
        pickConnection(robot, "Local gateway");
        waitUntil(() -> shownApplications(robot).contains("local-only"));
        assertThat(shownApplications(robot)).doesNotContain(clientId);
        assertThat(robot.lookup("#renewButton").queryButton().getText()).isEqualTo("Renew");
        assertThat(robot.lookup("#deleteReason").query().isVisible()).isTrue();
        assertThat(robot.lookup("#invalidateRotatedReason").query().isVisible()).isFalse();
        assertThat(robot.lookup("#newApplicationButton").queryButton().isDisabled()).isFalse();
        assertThat(robot.lookup("#statusRefreshButton").query().isVisible()).as("live events").isFalse();
        assertThat(lastUsedColumn(robot).isVisible()).isTrue();
        selectApplication(robot, "local-only");
        waitUntil(() -> !robot.lookup("#newSecretButton").queryButton().isDisabled());
        robot.clickOn("#newSecretButton");
        waitUntil(() -> FxShown.shown(robot, "#new-secret-description"));
        robot.clickOn("#new-secret-description").write("from the console");
        robot.clickOn("#new-secret-generate");
        waitUntil(() -> FxShown.shown(robot, "#reveal-copy-secret"));
        robot.clickOn("#reveal-copy-secret");
        String issued = fx(() -> Clipboard.getSystemClipboard().getString());
        assertThat(issued).startsWith("sds_");
        robot.clickOn("#reveal-done");
        waitUntil(() -> secretRows(robot).stream().anyMatch(s -> s.description().equals("from the console")));
        assertThat(textOf(robot, "#secretsTable")).doesNotContain(issued);

        // ---- and once more to Keycloak: the same client, now with one secret.
        pickConnection(robot, "Keycloak dev");
        waitUntil(() -> shownApplications(robot).contains(clientId));
        assertThat(robot.lookup("#renewButton").queryButton().getText()).isEqualTo("Regenerate");
    }

    /** The connection dialog's model with Keycloak chosen: Test connection goes through the real connector. */
    @Test
    void testConnectionAndSaveAKeycloakProfile() throws Exception {
        MemoryKeychain keychain = new MemoryKeychain();
        Connections editing = new Connections(new ConnectionProfileStore(tmp.resolve("dialog"), Clock.systemUTC()),
                keychain, Duration.ofSeconds(10));
        editing.load();
        var editor = new org.secretdesk.ui.connections.ConnectionEditorViewModel(editing,
                new org.secretdesk.ui.testing.SyncBackground(), null);
        editor.checkKeychain();
        editor.nameProperty().set("SSO");
        editor.kindProperty().set(GatewayKind.KEYCLOAK);
        editor.urlProperty().set(keycloak.baseUrl());
        editor.adminKey().set((keycloak.adminPassword()).toCharArray());
        assertThat(editor.canTest().get()).as("no user and realm yet").isFalse();
        assertThat(editor.settingsProblem().get()).contains("user name");
        editor.userProperty().set(keycloak.adminUser());
        assertThat(editor.settingsProblem().get()).contains("realm");
        editor.realmProperty().set(KeycloakTestServer.REALM);
        assertThat(editor.canTest().get()).isTrue();

        editor.test(untrusted -> { throw new AssertionError("plain http on loopback has no chain"); });
        assertThat(editor.errorProperty().get()).isEmpty();
        assertThat(editor.reportProperty().get().keyAccepted()).isTrue();
        assertThat(editor.reportProperty().get().info().product()).contains("Keycloak").contains(KeycloakTestServer.REALM);

        editor.adminKey().set(("not-the-password").toCharArray());
        editor.test(untrusted -> { });
        assertThat(editor.reportProperty().get().keyAccepted()).isFalse();
        assertThat(editor.reportProperty().get().keyProblem()).contains("Keycloak did not accept");

        editor.adminKey().set((keycloak.adminPassword()).toCharArray());
        ConnectionProfile[] saved = new ConnectionProfile[1];
        editor.save(p -> saved[0] = p);
        assertThat(saved[0].settings()).isEqualTo(GatewaySettings.keycloak("admin", KeycloakTestServer.REALM, "master"));
        assertThat(keychain.read(saved[0].id()).map(v -> new String(v.copyChars())))
                .contains(keycloak.adminPassword());
        String file = Files.readString(tmp.resolve("dialog").resolve(ConnectionProfileStore.FILE_NAME));
        assertThat(file).contains("\"realm\" : \"" + KeycloakTestServer.REALM + "\"").doesNotContain(keycloak.adminPassword());
    }

    // ---------------------------------------------------------------- helpers

    private static void waitUntil(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition::getAsBoolean);
    }

    private static <T> T fx(Callable<T> call) throws Exception {
        return WaitForAsyncUtils.asyncFx(call).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static void pickConnection(FxRobot robot, String entry) {
        robot.clickOn("#connectionButton");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(entry);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @SuppressWarnings("unchecked")
    private static ListView<Application> applicationsList(FxRobot robot) {
        return robot.lookup("#applicationsList").queryAs(ListView.class);
    }

    private static List<String> shownApplications(FxRobot robot) {
        return OnFx.read(() -> applicationsList(robot).getItems().stream().map(Application::name).toList());
    }

    private static void selectApplication(FxRobot robot, String name) {
        robot.interact(() -> {
            ListView<Application> list = applicationsList(robot);
            list.getItems().stream().filter(a -> a.name().equals(name)).findFirst()
                    .ifPresent(a -> list.getSelectionModel().select(a));
        });
    }

    @SuppressWarnings("unchecked")
    private static TableView<SecretSummary> secretsTable(FxRobot robot) {
        return robot.lookup("#secretsTable").queryAs(TableView.class);
    }

    private static List<SecretSummary> secretRows(FxRobot robot) {
        return OnFx.read(() -> List.copyOf(secretsTable(robot).getItems()));
    }

    private static TableColumn<SecretSummary, ?> lastUsedColumn(FxRobot robot) {
        return secretsTable(robot).getColumns().stream().filter(c -> c.getText().equals("Last used")).findFirst()
                .orElseThrow();
    }

    private static String textOf(FxRobot robot, String query) {
        StringBuilder sb = new StringBuilder();
        for (Node n : robot.lookup(query).lookup(".text").queryAll()) {
            if (n instanceof javafx.scene.text.Text t) {
                sb.append(t.getText()).append('\n');
            }
        }
        return sb.toString();
    }

    /** The window as the operator sees it, for the README (docs/screenshots). */
    private void screenshot(FxRobot robot, Path file) throws Exception {
        Files.createDirectories(file.getParent());
        javafx.scene.image.WritableImage[] image = new javafx.scene.image.WritableImage[1];
        robot.interact(() -> image[0] = stage.getScene().snapshot(null));
        javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(image[0], null), "png", file.toFile());
        assertThat(Files.size(file)).isGreaterThan(1000);
    }
}
