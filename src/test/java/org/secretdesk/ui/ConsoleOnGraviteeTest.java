package org.secretdesk.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.client.gravitee.GraviteeFixtures;
import org.secretdesk.client.gravitee.GraviteeStandIn;
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
import org.secretdesk.ui.testing.FxShown;
import org.secretdesk.ui.testing.HeadlessFx;
import org.secretdesk.ui.testing.OnFx;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console on the stand-in Gravitee AM 4.8 ({@link GraviteeStandIn}), opened through a connection profile that
 * names the domain by its HRID: all of a domain's 160 applications load with their client ids and secret counts; a
 * secret created and one renewed through the dialogs reach the reveal with the application's client id and the
 * value Gravitee issued; a secret is deleted; the application's expiry is edited.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleOnGraviteeTest {

    static {
        HeadlessFx.useBuiltInHeadlessPlatform();
    }

    private static final int WAIT_SECONDS = 30;
    private static final int APPLICATIONS = 160;

    @TempDir
    Path tmp;

    private GraviteeStandIn am;
    private MainWindowViewModel vm;
    private ExecutorService executor;
    private ScheduledExecutorService timer;
    private String billingId;

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
        am = new GraviteeStandIn(GraviteeStandIn.Version.V4_8);
        am.domainExpiry(true, Duration.ofDays(90).toSeconds());
        for (int i = 0; i < APPLICATIONS - 1; i++) {
            am.addApplication(String.format("service-%03d", i), "client-" + i, null, null, "Default");
        }
        billingId = am.addApplication("billing", "billing-client", null, null, "Default", "prod rollout");
        executor = Executors.newVirtualThreadPerTaskExecutor();
        timer = Executors.newSingleThreadScheduledExecutor();
        FxBackground background = new FxBackground(executor, timer);
        vm = new MainWindowViewModel(background, Clock.systemUTC(), new RelativeTime(ZoneId.systemDefault()),
                new SimpleIntegerProperty(0));
        MainWindowView view = new MainWindowView(vm, new SecretWorkflows(background,
                new ClipboardGuard(() -> Duration.ofSeconds(60)), new FxDialogService(), Clock.systemDefaultZone()),
                new ThemeController(ThemeChoice.LIGHT), new ConsoleWindows(background, new FxDialogService()), null,
                false);
        stage.setScene(new Scene(view.root(), 1280, 760));
        stage.show();
    }

    @AfterEach
    void tearDown(FxRobot robot) {
        robot.interact(() -> {
            GatewayClient c = vm.client();
            vm.disconnect();
            if (c != null) {
                c.close();
            }
        });
        am.close();
        executor.shutdownNow();
        timer.shutdownNow();
    }

    private void open(FxRobot robot) throws Exception {
        Connections connections = new Connections(new ConnectionProfileStore(tmp, Clock.systemUTC()), new NoKeychain(),
                Duration.ofSeconds(5));
        connections.load();
        ConnectionProfile profile = ConnectionProfile.create("AM", GatewayKind.GRAVITEE, am.url().toString(),
                GatewaySettings.gravitee(GraviteeStandIn.USER, null, null, GraviteeStandIn.HRID));
        GatewayClient client = connections.open(profile, SecretValue.copyOf(GraviteeStandIn.PASSWORD));
        robot.interact(() -> vm.connect(client, new ConnectionInfo(profile.name(), profile.kind().displayName(),
                profile.url(), "test", null)));
    }

    @Test
    void everyApplicationLoadsAndSecretsAreCreatedRenewedAndDeletedThroughTheDialogs(FxRobot robot) throws Exception {
        open(robot);
        waitUntil(() -> OnFx.read(() -> applicationsList(robot).getItems().size()) == APPLICATIONS);
        List<Application> shown = OnFx.read(() -> List.copyOf(applicationsList(robot).getItems()));
        assertThat(shown).extracting(Application::name).doesNotHaveDuplicates().contains("billing", "service-000",
                "service-158");
        assertThat(shown).allSatisfy(a -> {
            assertThat(a.clientId()).isNotBlank();
            assertThat(a.secretCount()).isPositive();
            assertThat(a.nextExpiry()).as("the domain's 90 days").isNotNull();
        });

        select(robot, "billing");
        waitUntil(() -> secrets(robot).size() == 2);

        // ---- create through the dialog, up to the reveal
        waitUntil(() -> !robot.lookup("#newSecretButton").queryButton().isDisabled());
        robot.clickOn("#newSecretButton");
        waitUntil(() -> FxShown.shown(robot, "#new-secret-description"));
        robot.clickOn("#new-secret-description").write("from the console");
        robot.clickOn("#new-secret-generate");
        waitUntil(() -> FxShown.shown(robot, "#reveal-copy-secret"));
        assertThat(robot.lookup("#reveal-client-id").queryAs(TextField.class).getText()).isEqualTo("billing-client");
        robot.clickOn("#reveal-copy-secret");
        String created = fx(() -> Clipboard.getSystemClipboard().getString());
        SecretSummary createdRow = waitForSecret(robot, "from the console", "#reveal-done");
        assertThat(created).isEqualTo(am.issuedValue(createdRow.id()));

        // ---- renew through the dialog, up to the reveal
        SecretSummary prod = secrets(robot).stream().filter(s -> s.description().equals("prod rollout"))
                .findFirst().orElseThrow();
        robot.interact(() -> secretsTable(robot).getSelectionModel().select(prod));
        waitUntil(() -> !robot.lookup("#renewButton").queryButton().isDisabled());
        robot.clickOn("#renewButton");
        waitUntil(() -> FxShown.shown(robot, "#renew-button"));
        robot.clickOn("#renew-button");
        waitUntil(() -> FxShown.shown(robot, "#reveal-copy-secret"));
        assertThat(robot.lookup("#reveal-client-id").queryAs(TextField.class).getText()).isEqualTo("billing-client");
        robot.clickOn("#reveal-copy-secret");
        String renewed = fx(() -> Clipboard.getSystemClipboard().getString());
        assertThat(renewed).isEqualTo(am.issuedValue(prod.id()));
        robot.clickOn("#reveal-done");
        waitUntil(() -> robot.lookup("#reveal-done").tryQuery().isEmpty());

        // ---- delete, typing the description back
        waitUntil(() -> secrets(robot).size() == 3);
        SecretSummary defaultSecret = secrets(robot).stream().filter(s -> s.description().equals("Default"))
                .findFirst().orElseThrow();
        robot.interact(() -> secretsTable(robot).getSelectionModel().select(defaultSecret));
        waitUntil(() -> !robot.lookup("#deleteButton").queryButton().isDisabled());
        robot.clickOn("#deleteButton");
        waitUntil(() -> FxShown.shown(robot, "#typed-confirm-input"));
        robot.clickOn("#typed-confirm-input").write("Default");
        robot.clickOn("#typed-confirm-button");
        waitUntil(() -> secrets(robot).size() == 2);
        assertThat(am.application(billingId).secrets()).extracting(GraviteeFixtures.Secret::name)
                .containsExactlyInAnyOrder("prod rollout", "from the console");
        waitUntil(() -> OnFx.read(() -> applicationsList(robot).getItems().stream()
                .filter(a -> a.name().equals("billing")).findFirst().orElseThrow().secretCount()) == 2);

        // ---- the application's expiry: never
        robot.clickOn("#editApplicationPolicy");
        waitUntil(() -> FxShown.shown(robot, "#policyNever"));
        robot.clickOn("#policyNever");
        robot.interact(() -> robot.lookup("#appPolicySave").queryButton().fire());
        waitUntil(() -> vm.rules().expiryPolicyText().get().equals("Expiry: never (application policy)"));
        assertThat(am.application(billingId).expiryEnabled()).isTrue();
        assertThat(am.application(billingId).expirySeconds()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    /** Closes the reveal with {@code doneButton}, then waits for the new row. */
    private SecretSummary waitForSecret(FxRobot robot, String description, String doneButton) throws Exception {
        robot.clickOn(doneButton);
        waitUntil(() -> robot.lookup(doneButton).tryQuery().isEmpty());
        waitUntil(() -> secrets(robot).stream().anyMatch(s -> s.description().equals(description)));
        return secrets(robot).stream().filter(s -> s.description().equals(description)).findFirst().orElseThrow();
    }

    private static void waitUntil(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition::getAsBoolean);
    }

    private static <T> T fx(Callable<T> call) throws Exception {
        return WaitForAsyncUtils.asyncFx(call).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private static ListView<Application> applicationsList(FxRobot robot) {
        return robot.lookup("#applicationsList").queryAs(ListView.class);
    }

    private void select(FxRobot robot, String name) {
        robot.interact(() -> vm.applications().select(vm.applications().all().stream().filter(a -> a.name().equals(name))
                .findFirst().orElseThrow()));
    }

    @SuppressWarnings("unchecked")
    private static TableView<SecretSummary> secretsTable(FxRobot robot) {
        return robot.lookup("#secretsTable").queryAs(TableView.class);
    }

    private static List<SecretSummary> secrets(FxRobot robot) {
        return OnFx.read(() -> List.copyOf(secretsTable(robot).getItems()));
    }
}
