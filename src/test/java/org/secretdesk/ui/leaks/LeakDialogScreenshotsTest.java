package org.secretdesk.ui.leaks;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javafx.application.Application;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.scan.SecretScanner;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.SecretFormat;
import org.secretdesk.model.SecretIdentification;
import org.secretdesk.model.SecretIdentification.State;
import org.secretdesk.ui.testing.OnFx;
import org.secretdesk.ui.testing.ScriptedDialogs;
import org.secretdesk.ui.testing.StubGateway;
import org.secretdesk.ui.testing.SyncBackground;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Pictures of "Report a leak" after a scan, in both themes, each checked for what it must show first: a folder
 * scanned, three values found (one working, one kept through a renew's grace, one of no secret of this gateway), the
 * actions only where they apply, the grace choice and the note. To target/screenshots; to refresh the documentation's:
 * {@code mvn -o test -Dtest=LeakDialogScreenshotsTest -Dscreenshots=docs}.
 */
class LeakDialogScreenshotsTest {

    private static final Path OUT = "docs".equals(System.getProperty("screenshots"))
            ? Path.of("docs/screenshots") : Path.of("target/screenshots");
    private static final Instant NOW = Instant.parse("2026-05-04T09:30:00Z");
    /** A stable folder name: it shows in the picture. */
    private static final Path REPO = Path.of(System.getProperty("java.io.tmpdir"), "secretdesk-shots", "billing-service");

    private static Stage owner;

    @BeforeAll
    static void start() throws Exception {
        FxToolkit.registerPrimaryStage();
        owner = FxToolkit.setupStage(stage -> {
            stage.setScene(new Scene(new StackPane(new Label("SecretDesk")), 900, 600));
            stage.show();
        });
        Files.createDirectories(OUT);
    }

    @AfterAll
    static void stop() throws Exception {
        FxToolkit.cleanupStages();
    }

    @ParameterizedTest
    @ValueSource(strings = {"light", "dark"})
    void leakDialogAfterAScan(String theme) throws Exception {
        String active = sample(1);
        String grace = sample(2);
        String stranger = sample(3);
        Files.createDirectories(REPO.resolve("config"));
        Files.writeString(REPO.resolve("config/app.env"), "# billing\nCLIENT_ID=sdc_7HqK2mVx9LpR4tZe\nCLIENT_SECRET="
                + active + "\n");
        Files.writeString(REPO.resolve("deploy.sh"), "export OLD_SECRET=" + grace + "\nexport TOKEN=" + stranger
                + "\n# again\ncurl -u sdc_7HqK2mVx9LpR4tZe:" + active + " https://gw.example.com\n");
        Map<String, SecretIdentification> known = new HashMap<>();
        known.put(hash(active), new SecretIdentification(State.ACTIVE, "app_billing", "billing-service", "sec_1",
                "prod rollout", NOW.plus(Duration.ofDays(86)), null));
        known.put(hash(grace), new SecretIdentification(State.GRACE, "app_billing", "billing-service", "sec_2",
                "staging", NOW.plus(Duration.ofHours(20)), null));
        StubGateway gateway = new StubGateway().on("identifySecret",
                args -> known.getOrDefault((String) args[0], SecretIdentification.unknown()));
        Capabilities caps = new Capabilities(java.util.EnumSet.complementOf(java.util.EnumSet.of(
                Capabilities.Feature.ROTATED_SECRET)), 10, Map.of());

        OnFx.read(() -> {
            Application.setUserAgentStylesheet("dark".equals(theme)
                    ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
            return null;
        });
        ScriptedDialogs dialogs = new ScriptedDialogs();
        dialogs.folder = REPO;
        LeakReportViewModel vm = new LeakReportViewModel(new SyncBackground(), gateway.client(), caps,
                Clock.fixed(NOW, ZoneOffset.UTC), id -> { });
        LeakReportDialog dialog = OnFx.read(() -> new LeakReportDialog(owner, vm, dialogs, new LeakReportDialog.Actions() {
            @Override
            public void reveal(javafx.stage.Window w, String applicationName, IssuedSecret issued,
                               org.secretdesk.client.Capabilities capabilities) {
            }

            @Override
            public void confirmRevoke(javafx.stage.Window w, LeakReportViewModel v, LeakFinding f, boolean last) {
            }
        }));
        OnFx.read(() -> {
            dialog.show();
            vm.addFolder(REPO);
            vm.scan();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents(5);
        var pane = dialog.dialog().getDialogPane();
        OnFx.read(() -> {
            assertThat(vm.findings()).hasSize(3);
            assertThat(((Label) pane.lookup("#leak-summary")).getText())
                    .isEqualTo("3 SecretDesk secrets found in 2 files.");
            assertThat(((Label) pane.lookup("#leak-state-0")).getText()).isEqualTo("Active");
            assertThat(((Label) pane.lookup("#leak-where-0")).getText())
                    .isEqualTo("billing-service/config/app.env:3 and 1 more place");
            assertThat(pane.lookup("#leak-rotate-0").isVisible()).isTrue();
            assertThat(((Label) pane.lookup("#leak-state-2")).getText()).isEqualTo("Unknown");
            assertThat(pane.lookup("#leak-rotate-2").isVisible()).as("nothing to rotate").isFalse();
            assertThat(pane.lookup("#leak-grace").isVisible()).isTrue();
            return null;
        });
        WritableImage image = OnFx.read(() -> pane.getScene().snapshot(null));
        BufferedImage png = SwingFXUtils.fromFXImage(image, null);
        Path file = OUT.resolve("leak-report-" + theme + ".png");
        ImageIO.write(png, "png", file.toFile());
        OnFx.read(() -> {
            dialog.dialog().close();
            return null;
        });
        assertThat(vm.pasted().length()).isZero();
        assertThat(png.getWidth()).isGreaterThan(600);
        assertThat(Files.size(file)).isGreaterThan(1000);
    }

    /** A well-formed SecretDesk secret from a fixed seed: the same picture every time. */
    private static String sample(int seed) {
        char[] c = new char[SecretFormat.LENGTH];
        Random random = new Random(2026 + seed);
        SecretFormat.PREFIX.getChars(0, 4, c, 0);
        for (int i = SecretFormat.PREFIX.length(); i < SecretFormat.LENGTH - SecretFormat.CHECKSUM_CHARS; i++) {
            c[i] = SecretFormat.base62(random.nextInt(62));
        }
        SecretFormat.writeChecksum(c);
        return new String(c);
    }

    private static String hash(String value) {
        byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String[] out = new String[1];
        SecretScanner.find(bytes, bytes.length, hit -> out[0] = hit.sha256());
        return out[0];
    }

}
