package org.secretdesk.ui.mainwindow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.secretdesk.model.Application;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.SecretStatus;
import org.secretdesk.model.SecretSummary;
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
 * Renders the main window with realistic data in light and dark at 1280×800 ({@code main-window-light.png},
 * {@code -dark.png}; {@link NarrowWindowTest} writes the 1024×700 ones) and the gateway-offline banner
 * ({@code main-window-offline.png}). To refresh the ones in the documentation:
 * {@code mvn -o test -Dtest='MainWindowScreenshots,NarrowWindowTest' -Dscreenshots=docs} (without the property they
 * go to {@code target/screenshots}).
 */
@ExtendWith(ApplicationExtension.class)
class MainWindowScreenshots {

    /** target/screenshots on ordinary test runs, so they leave the working tree alone; docs/screenshots when asked. */
    private static final Path OUT = "docs".equals(System.getProperty("screenshots"))
            ? Path.of("docs/screenshots") : Path.of("target/screenshots");

    static {
        HeadlessFx.useBuiltInHeadlessPlatform();
    }

    private MainWindowViewModel vm;
    private FakeGatewayClient gateway;
    private ThemeController theme;
    private Stage stage;
    private final SimpleIntegerProperty clipboardSeconds = new SimpleIntegerProperty(24);

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Instant now = Instant.now();
        gateway = sampleData(now);
        theme = new ThemeController(ThemeChoice.LIGHT);
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        var timer = Executors.newSingleThreadScheduledExecutor();
        vm = new MainWindowViewModel(new FxBackground(executor, timer), Clock.systemUTC(),
                new RelativeTime(ZoneId.of("UTC")), clipboardSeconds);
        MainWindowView view = new MainWindowView(vm, new NoDialogs(), theme);
        stage.setScene(new Scene(view.root(), 1280, 800));
        stage.show();
        vm.connect(gateway, new ConnectionInfo("Local gateway", "SecretDesk gateway (embedded)",
                "https://127.0.0.1:45817", "OS keychain (Secret Service keyring)", null));
    }

    static FakeGatewayClient sampleData(Instant now) {
        FakeGatewayClient g = new FakeGatewayClient(now.minus(Duration.ofDays(120)));
        Instant d = now;
        g.applications.put("app_billing", new Application("app_billing", "billing-service",
                "Issues invoices and charges cards", "sdc_7HqK2mVx9LpR4tZe", List.of("reader", "writer"),
                d.minus(Duration.ofDays(200)), d.minus(Duration.ofDays(3)), 7, ExpiryPolicy.FOLLOW_DOMAIN, 3,
                d.plus(Duration.ofDays(4)), 0));
        addApp(g, "app_ingest", "ingest-worker", "Pulls partner feeds", "sdc_Q2wE9rTy6uIo1pAs", 1,
                d.plus(Duration.ofDays(61)), 0, d);
        addApp(g, "app_reporting", "reporting", "Nightly exports for finance", "sdc_Zx8cVb3nM5aS7dFg", 3,
                d.minus(Duration.ofDays(2)), 1, d);
        addApp(g, "app_search", "search-indexer", "", "sdc_Hj4kL6pO2iU8yT0r", 2,
                d.plus(Duration.ofDays(88)), 0, d);
        addApp(g, "app_notify", "notification-hub", "Email and SMS fan-out", "sdc_Wq1eR3tY5uI7oP9a", 1,
                d.plus(Duration.ofDays(12)), 0, d);
        addApp(g, "app_portal", "customer-portal", "Public web front end", "sdc_Mn2bV4cX6zL8kJ0h", 4, null, 0, d);
        addApp(g, "app_audit", "audit-archiver", "Ships audit logs to cold storage", "sdc_Gf5dS7aP9oI1uY3t",
                1, d.plus(Duration.ofDays(150)), 0, d);

        g.secrets.put("app_billing", List.of(
                secret("sec_1", "app_billing", "prod rollout", "sds_Ab3x", d.minus(Duration.ofDays(86)),
                        d.plus(Duration.ofDays(4)), d.minus(Duration.ofMinutes(2)), SecretStatus.ACTIVE),
                new SecretSummary("sec_2", "app_billing", "staging", "sds_k9Pz", null, d.minus(Duration.ofDays(52)),
                        d.minus(Duration.ofHours(2)), d.plus(Duration.ofDays(38)), d.minus(Duration.ofHours(5)),
                        SecretStatus.ACTIVE, d.plus(Duration.ofDays(7)), 2),
                secret("sec_3", "app_billing", "load test (temporary)", "sds_Tm7q", d.minus(Duration.ofDays(95)),
                        d.minus(Duration.ofDays(5)), null, SecretStatus.EXPIRED)));
        return g;
    }

    private static void addApp(FakeGatewayClient g, String id, String name, String description, String clientId,
                               int count, Instant nextExpiry, int expired, Instant d) {
        g.applications.put(id, new Application(id, name, description, clientId, List.of("reader"),
                d.minus(Duration.ofDays(100)), d.minus(Duration.ofDays(10)), 2, ExpiryPolicy.FOLLOW_DOMAIN, count,
                nextExpiry, expired));
    }

    private static SecretSummary secret(String id, String appId, String description, String hint, Instant created,
                                        Instant expires, Instant lastUsed, SecretStatus status) {
        return new SecretSummary(id, appId, description, hint, hint + "••••••••••••••••", created, null, expires,
                lastUsed, status, null, 1);
    }

    @Test
    void writesLightAndDarkScreenshots(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.applications().visible().size() == 7);
        robot.interact(() -> vm.applications().select(vm.applications().visible().stream()
                .filter(a -> a.name().equals("billing-service")).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.secrets().visible().size() == 3);
        robot.interact(() -> vm.secrets().select(vm.secrets().visible().getFirst()));
        WaitForAsyncUtils.waitForFxEvents();

        Files.createDirectories(OUT);
        Path light = OUT.resolve("main-window-light.png");
        Path dark = OUT.resolve("main-window-dark.png");
        snapshot(robot, light);
        robot.interact(() -> theme.choiceProperty().set(ThemeChoice.DARK));
        WaitForAsyncUtils.waitForFxEvents();
        snapshot(robot, dark);

        // The gateway goes away: the banner says what happened and offers Retry.
        Path offline = OUT.resolve("main-window-offline.png");
        robot.interact(() -> theme.choiceProperty().set(ThemeChoice.LIGHT));
        gateway.offline = true;
        robot.interact(() -> vm.refresh());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.connection().bannerProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        snapshot(robot, offline);

        assertThat(offline).isNotEmptyFile();
        assertThat(light).isNotEmptyFile();
        assertThat(dark).isNotEmptyFile();
    }

    private void snapshot(FxRobot robot, Path file) throws Exception {
        WritableImage[] image = new WritableImage[1];
        robot.interact(() -> image[0] = stage.getScene().snapshot(null));
        ImageIO.write(SwingFXUtils.fromFXImage(image[0], null), "png", file.toFile());
    }
}
