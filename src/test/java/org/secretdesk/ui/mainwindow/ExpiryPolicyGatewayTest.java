package org.secretdesk.ui.mainwindow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.CreatedApplication;
import org.secretdesk.client.NewApplication;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.model.Application;
import org.secretdesk.model.AuditEvent;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.ExpiryMode;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.GatewayServer;
import org.secretdesk.ui.ConsoleWindows;
import org.secretdesk.ui.audit.AuditWindow;
import org.secretdesk.ui.common.FxBackground;
import org.secretdesk.ui.common.RelativeTime;
import org.secretdesk.ui.common.ThemeChoice;
import org.secretdesk.ui.common.ThemeController;
import org.secretdesk.ui.testing.FxShown;
import org.secretdesk.ui.testing.HeadlessFx;
import org.secretdesk.ui.testing.ScriptedDialogs;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 5 end to end: the real main window and dialogs against a real gateway whose clock the test moves. Policy,
 * notifications (once per secret and threshold), expired secrets, the per-application "never", and the audit
 * window with its filters and CSV export.
 */
@ExtendWith(ApplicationExtension.class)
class ExpiryPolicyGatewayTest {

    static {
        HeadlessFx.useBuiltInHeadlessPlatform();
    }

    private static final int WAIT_SECONDS = 15;

    @TempDir
    static Path tempRoot;

    private final org.secretdesk.server.testing.MutableClock clock =
            new org.secretdesk.server.testing.MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private GatewayServer server;
    private SecretDeskClient consoleClient;
    private SecretDeskClient otherClient;
    private MainWindowViewModel vm;
    private MainWindowView view;
    private ConsoleWindows windows;
    private Stage stage;
    private ExecutorService executor;
    private ScheduledExecutorService timer;
    private final List<String> popups = new ArrayList<>();
    private Path csvTarget;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Path dataDir = Files.createTempDirectory(tempRoot, "gateway");
        csvTarget = dataDir.resolve("audit-export.csv");
        server = GatewayServer.start(GatewayConfig.defaults(dataDir).withPort(0), clock);
        otherClient = newClient();
        consoleClient = newClient();
        executor = Executors.newVirtualThreadPerTaskExecutor();
        timer = Executors.newSingleThreadScheduledExecutor();
        vm = new MainWindowViewModel(new FxBackground(executor, timer), clock, new RelativeTime(ZoneOffset.UTC),
                new SimpleIntegerProperty(0));
        vm.alerts().popupProperty().addListener((o, a, p) -> {
            if (p != null) {
                popups.add(p.text());
            }
        });
        ScriptedDialogs dialogs = new ScriptedDialogs();
        dialogs.saveTarget = csvTarget;
        windows = new ConsoleWindows(vm.background(), dialogs);
        view = new MainWindowView(vm, new NoDialogs(), new ThemeController(ThemeChoice.LIGHT), windows, null, false);
        stage.setScene(new Scene(view.root(), 1300, 760));
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

    private void waitConnected() throws TimeoutException {
        waitUntil(() -> vm.connection().stateProperty().get() == ConnectionState.CONNECTED);
    }

    private Application shown(String name) {
        return vm.applications().all().stream().filter(a -> a.name().equals(name)).findFirst().orElse(null);
    }

    private void setGatewayPolicyThroughTheDialog(FxRobot robot, String days) throws TimeoutException {
        robot.clickOn("#mainMenu");
        robot.clickOn("Secret policy…");
        waitUntil(() -> FxShown.shown(robot, "#policyAmount")
                && !robot.lookup("#policySave").queryButton().isDisabled());
        TextField amount = robot.lookup("#policyAmount").queryAs(TextField.class);
        robot.interact(() -> amount.setText(days));
        assertThat(robot.lookup("#policyIso").queryAs(Label.class).getText())
                .isEqualTo("Sent to the gateway as P" + days + "D");
        robot.clickOn("#policySave");
        waitUntil(() -> robot.lookup("#secret-policy-dialog").tryQuery().isEmpty());
    }

    @Test
    void thirtyDayPolicyWarnsOnceAtFiveDaysAndAnExpiredSecretShowsExpired(FxRobot robot) throws Exception {
        waitConnected();
        setGatewayPolicyThroughTheDialog(robot, "30");
        DomainSecretPolicy saved = otherClient.getSecretPolicy();
        assertThat(saved.expiryEnabled()).isTrue();
        assertThat(saved.expiresAfter()).isEqualTo(Duration.ofDays(30));

        CreatedApplication created = otherClient.createApplication(
                new NewApplication("billing-service", "Invoices", List.of(), "prod rollout"));
        created.issuedSecret().value().destroy();
        SecretSummary secret = created.issuedSecret().secret();
        assertThat(secret.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(30)));
        robot.interact(vm::refresh); // the event stream may not be following yet
        waitUntil(() -> shown("billing-service") != null);

        // 26 days on: 4 days left, past the 5-day threshold.
        clock.advance(Duration.ofDays(26));
        int recorded = server.runSchedulerNow();
        assertThat(recorded).isPositive();
        waitUntil(() -> !popups.isEmpty());
        assertThat(popups).singleElement().asString().matches("\\d secrets? expires? within 5 days");
        waitUntil(() -> robot.lookup("#expiryToast").query().isVisible());
        assertThat(robot.lookup("#expiryToastText").queryAs(Label.class).getText()).isEqualTo(popups.getFirst());
        assertThat(robot.lookup("#notificationsButton").queryButton().isVisible()).isTrue();

        // The same secret and threshold again: the scheduler records nothing new and nothing pops up again.
        assertThat(server.runSchedulerNow()).isZero();
        robot.interact(vm::refresh);
        waitConnected();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(popups).hasSize(1);

        // The bell's entry jumps to the secret.
        // The popup sits bottom-right of the screen, over this small test window's bell: fire it directly.
        robot.interact(() -> robot.lookup("#notificationsButton").queryButton().fire());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.alerts().unreadProperty().get()).isZero(); // opening the list reads them
        robot.type(javafx.scene.input.KeyCode.ESCAPE);
        var entry = vm.alerts().all().getFirst();
        assertThat(entry.secretId()).isEqualTo(secret.id());
        robot.interact(() -> vm.jumpTo(entry.applicationId(), entry.secretId()));
        waitUntil(() -> vm.secrets().selectedProperty().get() != null);
        assertThat(vm.secrets().selectedProperty().get().id()).isEqualTo(secret.id());

        // Past the expiry: shown as expired without a reload from the gateway.
        clock.advance(Duration.ofDays(5));
        robot.interact(vm.clock()::tick);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.clock().statusChipText(vm.secrets().selectedProperty().get())).isEqualTo("Expired");
        assertThat(vm.clock().expiresText(vm.secrets().selectedProperty().get())).isEqualTo("expired 1 day ago");
        assertThat(robot.lookup((Label l) -> "Expired".equals(l.getText())).tryQuery()).isPresent();
        assertThat(vm.clock().markerFor(shown("billing-service"))).isEqualTo(Marker.EXPIRED);
    }

    @Test
    void perApplicationNeverOverridesTheGatewayPolicy(FxRobot robot) throws Exception {
        waitConnected();
        otherClient.updateSecretPolicy(new DomainSecretPolicy(true, Duration.ofDays(30),
                DomainSecretPolicy.DEFAULT_THRESHOLDS, 0));
        CreatedApplication created = otherClient.createApplication(
                new NewApplication("ingest-worker", "", List.of(), null));
        robot.interact(vm::refresh); // the policy changed elsewhere and events may not be followed yet: F5
        waitUntil(() -> shown("ingest-worker") != null);
        waitUntil(() -> vm.features().policyProperty().get() != null
                && Duration.ofDays(30).equals(vm.features().policyProperty().get().expiresAfter()));
        robot.interact(() -> vm.applications().select(shown("ingest-worker")));
        waitUntil(() -> vm.rules().expiryPolicyText().get().equals("Expiry: gateway policy (30 days)"));

        robot.clickOn("#editApplicationPolicy");
        waitUntil(() -> FxShown.shown(robot, "#policyNever"));
        assertThat(robot.lookup("#policyOverrideWarning").query().isVisible()).isFalse();
        robot.clickOn("#policyNever");
        assertThat(robot.lookup("#policyOverrideWarning").query().isVisible()).isTrue();
        robot.interact(() -> robot.lookup("#appPolicySave").queryButton().fire());
        waitUntil(() -> vm.rules().expiryPolicyText().get().equals("Expiry: never (application policy)"));

        assertThat(otherClient.getApplication(created.application().id()).secretPolicy().mode())
                .isEqualTo(ExpiryMode.NEVER);
        var issued = otherClient.createSecret(created.application().id(), "no expiry", null);
        issued.value().destroy();
        assertThat(issued.secret().expiresAt()).isNull();
    }

    @Test
    void theAuditWindowListsOurActionsFiltersAndExportsCsv(FxRobot robot) throws Exception {
        waitConnected();
        CreatedApplication created = consoleClient.createApplication(
                new NewApplication("reporting", "Nightly", List.of(), "nightly"));
        created.issuedSecret().value().destroy();
        consoleClient.createSecret(created.application().id(), "second", null).value().destroy();
        robot.interact(vm::refresh); // the event stream may not be following yet
        waitUntil(() -> shown("reporting") != null);

        AuditWindow[] window = new AuditWindow[1];
        robot.interact(() -> {
            window[0] = windows.auditWindow(stage, vm.client(), vm.applications().all());
            window[0].show();
        });
        @SuppressWarnings("unchecked")
        TableView<AuditEvent> table = robot.from(window[0].stage().getScene().getRoot()).lookup("#auditTable")
                .queryAs(TableView.class);
        waitUntil(() -> table.getItems().size() >= 2);
        assertThat(table.getItems()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("application.create");
            assertThat(e.actor()).isEqualTo("admin");
        });
        assertThat(table.getItems()).anySatisfy(e -> assertThat(e.action()).isEqualTo("secret.create"));

        // Filter by action: only secret creations remain.
        robot.interact(() -> {
            @SuppressWarnings("unchecked")
            var action = (javafx.scene.control.ComboBox<String>) window[0].stage().getScene().lookup("#auditAction");
            action.setValue("secret.create");
            window[0].stage().getScene().lookup("#auditApply");
            ((javafx.scene.control.Button) window[0].stage().getScene().lookup("#auditApply")).fire();
        });
        waitUntil(() -> !table.getItems().isEmpty()
                && table.getItems().stream().allMatch(e -> e.action().equals("secret.create")));
        assertThat(table.getItems()).extracting(AuditEvent::description).containsExactlyInAnyOrder("nightly", "second");
        // An actor nobody is: nothing.
        robot.interact(() -> {
            ((TextField) window[0].stage().getScene().lookup("#auditActor")).setText("somebody-else");
            ((javafx.scene.control.Button) window[0].stage().getScene().lookup("#auditApply")).fire();
        });
        waitUntil(() -> table.getItems().isEmpty());

        // Back to the creations by admin, exported.
        robot.interact(() -> {
            ((TextField) window[0].stage().getScene().lookup("#auditActor")).setText("admin");
            ((javafx.scene.control.Button) window[0].stage().getScene().lookup("#auditApply")).fire();
        });
        waitUntil(() -> table.getItems().size() == 2);
        robot.interact(() -> ((javafx.scene.control.Button) window[0].stage().getScene().lookup("#auditExport"))
                .fire());
        waitUntil(() -> Files.exists(csvTarget));
        List<String> lines = Files.readAllLines(csvTarget, StandardCharsets.UTF_8);
        assertThat(lines.getFirst())
                .isEqualTo("time,actor,action,application,applicationId,secretId,description,outcome,remoteAddress");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).contains(",admin,secret.create,reporting," + created.application().id() + ",");
        String all = Files.readString(csvTarget, StandardCharsets.UTF_8);
        assertThat(all).doesNotContain("sds_"); // no secret value (or its prefix) in an audit export

        // Issue 19: a date typed in ISO, as every date is shown, filters (it was dropped: only 12/7/2026 was read).
        javafx.scene.control.DatePicker from = (javafx.scene.control.DatePicker) window[0].stage().getScene()
                .lookup("#auditFrom");
        assertThat(from.getEditor().getPromptText()).isEqualTo("From " + RelativeTime.DATE_HINT);
        String later = RelativeTime.formatDate(java.time.LocalDate.ofInstant(clock.instant(),
                java.time.ZoneId.systemDefault()).plusDays(400));
        robot.clickOn(from.getEditor()).write(later);
        robot.clickOn("#auditApply");
        waitUntil(() -> table.getItems().isEmpty());
        assertThat(RelativeTime.formatDate(from.getValue())).isEqualTo(later);
        robot.interact(() -> window[0].stage().close());
    }
}
