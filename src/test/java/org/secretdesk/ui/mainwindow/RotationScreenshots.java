package org.secretdesk.ui.mainwindow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.secretdesk.model.Application;
import org.secretdesk.model.PreviousValue;
import org.secretdesk.model.SecretStatus;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretUsage;
import org.secretdesk.ui.ConsoleWindows;
import org.secretdesk.ui.common.RelativeTime;
import org.secretdesk.ui.common.ThemeChoice;
import org.secretdesk.ui.common.ThemeController;
import org.secretdesk.ui.stale.StaleSecretsWindow;
import org.secretdesk.ui.testing.FxBackgrounds;
import org.secretdesk.ui.testing.HeadlessFx;
import org.secretdesk.ui.testing.ScriptedDialogs;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 21's screens with realistic data, light and dark: the main window during a grace period (the old value's
 * line under the table), the rotation panel opened from it, and the stale secrets. To refresh the ones in the
 * documentation: {@code mvn -o test -Dtest=RotationScreenshots -Dscreenshots=docs} (else they go to
 * {@code target/screenshots}).
 */
@ExtendWith(ApplicationExtension.class)
class RotationScreenshots {

    private static final Path OUT = "docs".equals(System.getProperty("screenshots"))
            ? Path.of("docs/screenshots") : Path.of("target/screenshots");

    static {
        HeadlessFx.useBuiltInHeadlessPlatform();
    }

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private ThemeController theme;
    private MainWindowViewModel vm;
    private ConsoleWindows windows;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        theme = new ThemeController(ThemeChoice.LIGHT);
        Instant now = Instant.now();
        FakeGatewayClient gateway = MainWindowScreenshots.sampleData(now);
        gateway.secrets.put("app_billing", List.of(
                new SecretSummary("sec_1", "app_billing", "prod rollout", "sds_Ab3x", "sds_Ab3x••••",
                        now.minus(Duration.ofDays(86)), now.minus(Duration.ofMinutes(25)), now.plus(Duration.ofDays(
                        90)), now.minus(Duration.ofSeconds(20)), SecretStatus.ACTIVE, now.plus(Duration.ofMinutes(95)),
                        4, new SecretUsage(now.minus(Duration.ofSeconds(20)), "10.0.0.7", 412, List.of(375L, 37L)),
                        new PreviousValue(now.plus(Duration.ofMinutes(95)), new SecretUsage(now.minus(Duration
                                .ofMinutes(2)), "10.0.0.5", 1630, List.of(37L, 1593L)), Duration.ofHours(1)), null),
                new SecretSummary("sec_2", "app_billing", "staging", "sds_k9Pz", "sds_k9Pz••••",
                        now.minus(Duration.ofDays(52)), null, now.plus(Duration.ofDays(38)),
                        now.minus(Duration.ofHours(5)), SecretStatus.ACTIVE, null, 2, new SecretUsage(
                        now.minus(Duration.ofHours(5)), "10.0.4.12", 96, List.of(0L, 0L, 0L, 0L, 0L, 4L)), null,
                        null)));
        gateway.secrets.put("app_reporting", List.of(
                stale("sec_r1", "app_reporting", "nightly export (old host)", now.minus(Duration.ofDays(140)),
                        now.minus(Duration.ofDays(61)), "10.0.9.3"),
                stale("sec_r2", "app_reporting", "finance laptop test", now.minus(Duration.ofDays(75)), null, null)));
        gateway.secrets.put("app_portal", List.of(
                stale("sec_p1", "app_portal", "load test (temporary)", now.minus(Duration.ofDays(44)), null, null),
                stale("sec_p2", "app_portal", "blue deployment", now.minus(Duration.ofDays(200)),
                        now.minus(Duration.ofDays(33)), "10.0.2.40")));
        gateway.secrets.put("app_audit", List.of(
                stale("sec_a1", "app_audit", "cold storage", now.minus(Duration.ofDays(120)),
                        now.minus(Duration.ofDays(95)), "10.0.7.8")));
        var background = FxBackgrounds.on(executor);
        vm = new MainWindowViewModel(background, Clock.systemUTC(), new RelativeTime(ZoneId.of("UTC")),
                new SimpleIntegerProperty(0));
        windows = new ConsoleWindows(background, new ScriptedDialogs(), ZoneId.of("UTC"), owner -> { }, () -> { });
        MainWindowView view = new MainWindowView(vm, new NoDialogs(), theme, windows, null, false);
        stage.setScene(new Scene(view.root(), 1280, 800));
        stage.show();
        vm.connect(gateway, new ConnectionInfo("Local gateway", "SecretDesk gateway (embedded)",
                "https://127.0.0.1:45817", "OS keychain (Secret Service keyring)", null));
    }

    private static SecretSummary stale(String id, String appId, String description, Instant created, Instant lastUsed,
                                       String from) {
        return new SecretSummary(id, appId, description, "sds_Qq" + id.substring(4, 6), "sds_••••", created, null,
                null, lastUsed, SecretStatus.ACTIVE, null, 1, lastUsed == null ? SecretUsage.NONE
                : new SecretUsage(lastUsed, from, 0, List.of()), null, null);
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(vm::disconnect).get();
        executor.shutdownNow();
    }

    @Test
    @SuppressWarnings("unchecked")
    void writesTheRotationPanelAndTheStaleSecretsLightAndDark(FxRobot robot) throws Exception {
        Files.createDirectories(OUT);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.applications().visible().size() == 7);
        robot.interact(() -> vm.applications().select(vm.applications().find("app_billing")));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.secrets().visible().size() == 2);
        TableView<SecretSummary> table = robot.lookup("#secretsTable").queryAs(TableView.class);
        robot.interact(() -> table.getSelectionModel().select(vm.secrets().all().getFirst()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#oldValueLine").query().isVisible());
        // The sample's expiry warning would cover the old value's line: dismiss it, as an operator would.
        javafx.scene.Node toast = robot.lookup("#expiryToast").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, toast::isVisible);
        robot.clickOn(robot.from(toast).lookup((javafx.scene.control.Button b) ->
                "Dismiss the warning".equals(b.getAccessibleText())).queryButton());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !toast.isVisible());
        WaitForAsyncUtils.waitForFxEvents();
        Path table1 = OUT.resolve("main-window-rotation-light.png");
        write(robot, stage.getScene(), table1);

        robot.clickOn("#rotationButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#rotationPolicyChoice").tryQuery()
                .map(n -> ((javafx.scene.control.ComboBox<?>) n).getValue() != null).orElse(false));
        WaitForAsyncUtils.waitForFxEvents();
        Scene panel = robot.lookup("#rotation-panel").query().getScene();
        Path panelLight = OUT.resolve("rotation-panel-light.png");
        Path panelDark = OUT.resolve("rotation-panel-dark.png");
        write(robot, panel, panelLight);
        robot.interact(() -> theme.choiceProperty().set(ThemeChoice.DARK));
        WaitForAsyncUtils.waitForFxEvents();
        write(robot, panel, panelDark);
        robot.interact(() -> panel.getWindow().hide());

        StaleSecretsWindow[] stale = new StaleSecretsWindow[1];
        robot.interact(() -> {
            stale[0] = windows.staleWindow(stage, vm.client(), vm.features().capabilitiesProperty().get(), id ->
                    vm.applications().find(id).name());
            stale[0].show();
        });
        TableView<?> rows = robot.lookup("#staleTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> rows.getItems().size() == 5);
        robot.interact(() -> {
            rows.requestFocus();
            rows.getSelectionModel().selectIndices(1, 3);
        });
        WaitForAsyncUtils.waitForFxEvents();
        Path staleDark = OUT.resolve("stale-secrets-dark.png");
        Path staleLight = OUT.resolve("stale-secrets-light.png");
        write(robot, stale[0].stage().getScene(), staleDark);
        robot.interact(() -> theme.choiceProperty().set(ThemeChoice.LIGHT));
        WaitForAsyncUtils.waitForFxEvents();
        write(robot, stale[0].stage().getScene(), staleLight);
        robot.interact(() -> stale[0].stage().hide());

        for (Path p : List.of(table1, panelLight, panelDark, staleLight, staleDark)) {
            assertThat(p).isNotEmptyFile();
        }
    }

    private static void write(FxRobot robot, Scene scene, Path file) throws Exception {
        WritableImage[] image = new WritableImage[1];
        robot.interact(() -> image[0] = scene.snapshot(null));
        ImageIO.write(SwingFXUtils.fromFXImage(image[0], null), "png", file.toFile());
    }
}
