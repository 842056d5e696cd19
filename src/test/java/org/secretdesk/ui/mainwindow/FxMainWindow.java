package org.secretdesk.ui.mainwindow;

import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.ui.common.RelativeTime;
import org.secretdesk.ui.common.ThemeChoice;
import org.secretdesk.ui.common.ThemeController;
import org.secretdesk.ui.common.Workflows;
import org.secretdesk.ui.testing.FxBackgrounds;

/** The real main window on a stage, on the console's background, for TestFX tests (call on the FX thread). */
final class FxMainWindow implements AutoCloseable {

    final MainWindowViewModel vm;
    final ThemeController theme = new ThemeController(ThemeChoice.LIGHT);
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    FxMainWindow(Stage stage, Workflows workflows, double width, double height, ReadOnlyIntegerProperty clipboard) {
        vm = new MainWindowViewModel(FxBackgrounds.on(executor), Clock.systemUTC(), new RelativeTime(ZoneId.of("UTC")),
                clipboard);
        MainWindowView view = new MainWindowView(vm, workflows, theme);
        stage.setScene(new Scene(view.root(), width, height));
        // The scene's size, whatever size an earlier test in this JVM gave the (shared) stage; sizeToScene also
        // leaves the stage's size not explicitly set, so the next test's scene sizes it again.
        stage.sizeToScene();
        stage.show();
    }

    /** Connects to {@code gateway} as the embedded local gateway. */
    FxMainWindow connect(GatewayClient gateway) {
        vm.connect(gateway, new ConnectionInfo("Local gateway", "SecretDesk gateway (embedded)", "https://x",
                "in the OS keychain", null));
        return this;
    }

    /** Disconnects (no timer of the window calls the executor any more), then stops the executor. */
    @Override
    public void close() {
        try {
            org.testfx.util.WaitForAsyncUtils.asyncFx(vm::disconnect).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        executor.shutdownNow();
    }
}
