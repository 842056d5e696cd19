package org.secretdesk.ui.mainwindow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.desk.DataDirectory;
import org.secretdesk.desk.SingleInstanceLock;
import org.secretdesk.ui.SecretDeskApp;
import org.secretdesk.ui.testing.ConsoleJvm;
import org.secretdesk.ui.testing.HeadlessFx;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The whole console from its composition root: it starts the embedded gateway in the data directory, connects,
 * holds the single-instance lock, says where the admin key is kept, and on quit saves preferences, releases
 * the lock and stops the gateway — and starts again on the same data.
 */
class ConsoleStartupTest {

    static {
        HeadlessFx.useBuiltInHeadlessPlatform();
    }

    @TempDir
    static Path dataDir;

    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void useTempDataDir() throws Exception {
        System.setProperty(DataDirectory.OVERRIDE_PROPERTY, dataDir.toString());
        FxToolkit.registerPrimaryStage();
    }

    @AfterAll
    static void restore() {
        System.clearProperty(DataDirectory.OVERRIDE_PROPERTY);
    }

    private String statusText() {
        return robot.lookup("#statusText").queryAs(Label.class).getText();
    }

    @Test
    void aSecondConsoleSaysSoAndLeavesTheEmbeddedDatabaseAlone(@TempDir Path otherDir) throws Exception {
        java.util.concurrent.CountDownLatch raised = new java.util.concurrent.CountDownLatch(1);
        try (SingleInstanceLock first = SingleInstanceLock.tryAcquire(otherDir).orElseThrow();
             AutoCloseable watching = org.secretdesk.desk.RaiseRequests.watch(otherDir, raised::countDown)) {
            Process second = new ProcessBuilder(ConsoleJvm.command("org.secretdesk.cli.Main",
                    List.of("-Dglass.platform=Headless", "-Dprism.order=sw",
                            "-D" + DataDirectory.OVERRIDE_PROPERTY + "=" + otherDir)))
                    .redirectErrorStream(true).start();
            try {
                java.util.concurrent.CompletableFuture<Boolean> said = new java.util.concurrent.CompletableFuture<>();
                Thread reader = new Thread(() -> {
                    try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(second.getInputStream(),
                            StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = out.readLine()) != null) {
                            if (line.contains("SecretDesk is already running")) {
                                said.complete(true);
                            }
                        }
                    } catch (java.io.IOException ignored) {
                        // The process was stopped.
                    }
                    said.complete(false);
                });
                reader.setDaemon(true);
                reader.start();
                assertThat(said.get(90, TimeUnit.SECONDS)).isTrue();
                // Issue 19: the open console is asked to come to the front.
                assertThat(raised.await(30, TimeUnit.SECONDS)).isTrue();
                // It stopped before the gateway: no database, no key, nothing in the data dir but the lock.
                assertThat(otherDir.resolve("gateway")).doesNotExist();
            } finally {
                // Headless, nobody can press Close on its message: stop it.
                second.destroyForcibly();
                second.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void startsTheEmbeddedGatewayConnectsAndCleansUpOnQuit() throws Exception {
        Application app = FxToolkit.setupApplication(SecretDeskApp.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> statusText().startsWith("Connected"));
        assertThat(statusText()).contains("0 applications");
        assertThat(SingleInstanceLock.tryAcquire(dataDir)).isEmpty();
        assertThat(dataDir.resolve("gateway")).isDirectory();

        robot.clickOn("#connectionButton");
        WaitForAsyncUtils.waitForFxEvents();
        // The button opens the connection switcher; the details are its last entry.
        robot.clickOn("Connection details…");
        WaitForAsyncUtils.waitForFxEvents();
        GridPane details = robot.lookup("#connectionDetails").queryAs(GridPane.class);
        String keyStorage = details.getChildren().stream().filter(n -> n instanceof Label)
                .map(n -> ((Label) n).getText()).filter(t -> t.contains("keychain") || t.contains("file"))
                .findFirst().orElseThrow();
        Path keyFile = dataDir.resolve("gateway").resolve("admin.key");
        if (keyStorage.startsWith("in the file")) {
            assertThat(keyStorage).contains(keyFile.toString()).contains("readable by you only");
            assertThat(Files.getPosixFilePermissions(keyFile))
                    .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        } else {
            assertThat(keyStorage).startsWith("in the OS keychain");
            assertThat(keyFile).doesNotExist();
        }

        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        assertThat(dataDir.resolve("preferences.json")).content().contains("\"schemaVersion\" : 1");
        try (SingleInstanceLock again = SingleInstanceLock.tryAcquire(dataDir).orElseThrow()) {
            assertThat(again).isNotNull();
        }

        // Same data, second run: the stored admin key still opens the gateway.
        Application second = FxToolkit.setupApplication(SecretDeskApp.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> statusText().startsWith("Connected"));
        FxToolkit.cleanupApplication(second);
        FxToolkit.cleanupStages();
    }
}
