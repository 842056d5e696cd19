package org.secretdesk.ui.mainwindow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.secretdesk.model.Application;
import org.secretdesk.model.AuditEvent;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.Notification;
import org.secretdesk.model.Page;
import org.secretdesk.ui.audit.AuditViewModel;
import org.secretdesk.ui.audit.AuditWindow;
import org.secretdesk.ui.common.ConsolePreferences;
import org.secretdesk.ui.common.ThemeChoice;
import org.secretdesk.ui.common.ThemeController;
import org.secretdesk.ui.policy.ApplicationPolicyDialog;
import org.secretdesk.ui.policy.ApplicationPolicyViewModel;
import org.secretdesk.ui.policy.SecretPolicyDialog;
import org.secretdesk.ui.policy.SecretPolicyViewModel;
import org.secretdesk.ui.preferences.PreferencesDialog;
import org.secretdesk.ui.preferences.PreferencesViewModel;
import org.secretdesk.ui.testing.HeadlessFx;
import org.secretdesk.ui.testing.StubGateway;
import org.secretdesk.ui.testing.SyncBackground;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Screenshots of issue 5's dialogs and windows: secret policy (light and dark), application policy, the
 * notification popup, the audit log and preferences. Written to target/screenshots, or to the documented ones with
 * {@code -Dscreenshots=docs}.
 */
@ExtendWith(ApplicationExtension.class)
class PolicyAndAuditScreenshots {

    static {
        HeadlessFx.useBuiltInHeadlessPlatform();
    }

    private static final Path OUT = "docs".equals(System.getProperty("screenshots"))
            ? Path.of("docs/screenshots") : Path.of("target/screenshots");
    private static final Instant T = Instant.parse("2026-11-23T09:30:00Z");
    private static final DomainSecretPolicy POLICY = new DomainSecretPolicy(true, Duration.ofDays(90),
            DomainSecretPolicy.DEFAULT_THRESHOLDS, 10);

    private Stage stage;
    private ThemeController theme;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        theme = new ThemeController(ThemeChoice.LIGHT);
        stage.setScene(new Scene(new javafx.scene.layout.StackPane(), 300, 200));
        stage.show();
    }

    private static void write(Scene scene, Path file) throws Exception {
        WritableImage image = scene.snapshot(null);
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
    }

    private void shoot(FxRobot robot, Scene[] scene, Path file) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Exception[] failure = new Exception[1];
        robot.interact(() -> {
            try {
                write(scene[0], file);
            } catch (Exception e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        assertThat(file).isNotEmptyFile();
    }

    private static Application app() {
        return new Application("app_billing", "billing-service", "Invoices and payment runs", "sdc_billing",
                List.of("reader"), T, T, 3, ExpiryPolicy.NEVER, 3, null, 0);
    }

    @Test
    void writesTheScreenshots(FxRobot robot) throws Exception {
        Files.createDirectories(OUT);
        StubGateway stub = new StubGateway().on("getSecretPolicy", a -> POLICY)
                .on("listAudit", a -> new Page<>(auditRows(), "next"));

        // Secret policy, light then dark.
        for (ThemeChoice choice : List.of(ThemeChoice.LIGHT, ThemeChoice.DARK)) {
            Scene[] scene = new Scene[1];
            SecretPolicyDialog[] dialog = new SecretPolicyDialog[1];
            robot.interact(() -> {
                theme.choiceProperty().set(choice);
                SecretPolicyViewModel vm = new SecretPolicyViewModel(new SyncBackground(), stub.client());
                dialog[0] = new SecretPolicyDialog(stage, vm, p -> { });
                vm.load();
                dialog[0].show();
                scene[0] = dialog[0].dialog().getDialogPane().getScene();
            });
            shoot(robot, scene, OUT.resolve(choice == ThemeChoice.LIGHT ? "secret-policy.png"
                    : "secret-policy-dark.png"));
            robot.interact(() -> dialog[0].dialog().close());
        }
        robot.interact(() -> theme.choiceProperty().set(ThemeChoice.LIGHT));

        // Application policy: "never", with the override warning.
        Scene[] appScene = new Scene[1];
        ApplicationPolicyDialog[] appDialog = new ApplicationPolicyDialog[1];
        robot.interact(() -> {
            var vm = new ApplicationPolicyViewModel(new SyncBackground(), stub.client(), app(), POLICY);
            appDialog[0] = new ApplicationPolicyDialog(stage, vm, a -> { }, e -> { });
            appDialog[0].show();
            appScene[0] = appDialog[0].dialog().getDialogPane().getScene();
        });
        shoot(robot, appScene, OUT.resolve("application-policy.png"));
        robot.interact(() -> appDialog[0].dialog().close());

        // Preferences.
        Scene[] prefScene = new Scene[1];
        PreferencesDialog[] prefDialog = new PreferencesDialog[1];
        robot.interact(() -> {
            prefDialog[0] = new PreferencesDialog(stage, new PreferencesViewModel(ConsolePreferences.DEFAULTS,
                    ThemeChoice.SYSTEM), p -> { });
            prefDialog[0].show();
            prefScene[0] = prefDialog[0].dialog().getDialogPane().getScene();
        });
        shoot(robot, prefScene, OUT.resolve("preferences.png"));
        robot.interact(() -> prefDialog[0].dialog().close());

        // Audit log.
        Scene[] auditScene = new Scene[1];
        AuditWindow[] audit = new AuditWindow[1];
        robot.interact(() -> {
            var vm = new AuditViewModel(new SyncBackground(), stub.client(), List.of(app()), ZoneOffset.UTC);
            audit[0] = new AuditWindow(stage, vm, new org.secretdesk.ui.testing.ScriptedDialogs(), ZoneOffset.UTC, null);
            audit[0].show();
            auditScene[0] = audit[0].stage().getScene();
        });
        shoot(robot, auditScene, OUT.resolve("audit-log.png"));
        robot.interact(() -> audit[0].stage().close());

        // The notification popup, raised by the main window.
        FakeGatewayClient gateway = MainWindowScreenshots.sampleData(Instant.now());
        gateway.notifications.add(new Notification("n1", Notification.NotificationType.SECRET_EXPIRING,
                "app_billing", "billing-service", "sec_1", "prod rollout", Instant.now().plus(Duration.ofDays(4)),
                Instant.now()));
        gateway.notifications.add(new Notification("n2", Notification.NotificationType.SECRET_EXPIRING,
                "app_portal", "customer-portal", "sec_9", "web", Instant.now().plus(Duration.ofDays(3)),
                Instant.now()));
        var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        var timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            Stage[] main = new Stage[1];
            MainWindowViewModel[] mvm = new MainWindowViewModel[1];
            robot.interact(() -> {
                mvm[0] = new MainWindowViewModel(new org.secretdesk.ui.common.FxBackground(executor, timer),
                        java.time.Clock.systemUTC(), new org.secretdesk.ui.common.RelativeTime(ZoneOffset.UTC),
                        new javafx.beans.property.SimpleIntegerProperty(0));
                MainWindowView view = new MainWindowView(mvm[0], new NoDialogs(), theme);
                main[0] = new Stage();
                main[0].setScene(new Scene(view.root(), 1200, 720));
                main[0].show();
                mvm[0].connect(gateway, new ConnectionInfo("Local gateway", "SecretDesk gateway (embedded)",
                        "https://127.0.0.1:8443", "OS keychain", null));
            });
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !mvm[0].alerts().all().isEmpty());
            // The expiry warning is a toast in the window (issue 19), no longer a ControlsFX popup.
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> main[0].getScene().lookup("#expiryToast") != null
                    && main[0].getScene().lookup("#expiryToast").isVisible());
            WaitForAsyncUtils.sleep(1200, TimeUnit.MILLISECONDS); // the toast fades in
            shoot(robot, new Scene[] {main[0].getScene()}, OUT.resolve("notification.png"));
            robot.interact(() -> main[0].close());
        } finally {
            executor.shutdownNow();
            timer.shutdownNow();
        }
    }

    private static List<AuditEvent> auditRows() {
        return List.of(
                new AuditEvent("a1", T, "admin", "secret.renew", "app_billing", "sec_1", "prod rollout: grace P7D, "
                        + "the previous value works until " + T.plus(java.time.Duration.ofDays(7)), "SUCCESS",
                        "127.0.0.1"),
                new AuditEvent("a6", T.minusSeconds(300), "admin", "application.update", "app_billing", null,
                        "billing-service: description changed; roles +writer", "SUCCESS", "127.0.0.1"),
                new AuditEvent("a2", T.minusSeconds(600), "admin", "policy.update", null, null,
                        "Expiry 90 days", "SUCCESS", "127.0.0.1"),
                new AuditEvent("a3", T.minusSeconds(3600), "ci-deployer", "secret.create", "app_billing", "sec_2",
                        "staging", "SUCCESS", "10.0.0.12"),
                new AuditEvent("a4", T.minusSeconds(7200), "unknown", "auth.failed", null, null,
                        "Invalid admin key", "FAILURE", "127.0.0.1"),
                new AuditEvent("a5", T.minusSeconds(86400), "admin", "application.create", "app_billing", null,
                        "billing-service", "SUCCESS", "127.0.0.1"));
    }
}
