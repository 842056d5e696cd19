package org.secretdesk.ui.mainwindow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.secretdesk.ui.common.FxBackground;
import org.secretdesk.ui.common.RelativeTime;
import org.secretdesk.ui.common.ThemeChoice;
import org.secretdesk.ui.common.ThemeController;
import org.secretdesk.ui.testing.HeadlessFx;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Issue 19: on a first start (no applications) the right pane was blank. It says how to begin. */
@ExtendWith(ApplicationExtension.class)
class FirstStartTest {

    static {
        HeadlessFx.useBuiltInHeadlessPlatform();
    }

    private MainWindowViewModel vm;
    private ExecutorService executor;
    private ScheduledExecutorService timer;
    private final MainWindowViewTest.RecordingWorkflows workflows = new MainWindowViewTest.RecordingWorkflows();

    @Start
    void start(Stage stage) {
        executor = Executors.newVirtualThreadPerTaskExecutor();
        timer = Executors.newSingleThreadScheduledExecutor();
        vm = new MainWindowViewModel(new FxBackground(executor, timer), Clock.systemUTC(),
                new RelativeTime(ZoneId.of("UTC")), new SimpleIntegerProperty(0));
        MainWindowView view = new MainWindowView(vm, workflows, new ThemeController(ThemeChoice.LIGHT));
        stage.setScene(new Scene(view.root(), 1280, 800));
        stage.show();
        vm.connect(new FakeGatewayClient(Instant.now()), new ConnectionInfo("Local gateway",
                "SecretDesk gateway (embedded)", "https://x", "in the OS keychain", null));
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
        timer.shutdownNow();
    }

    @Test
    void theRightPaneSaysHowToBegin(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> vm.applications().stateProperty().get() == ApplicationsViewModel.ListState.EMPTY);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#howToBegin").query().isVisible()).isTrue();
        robot.interact(() -> robot.lookup("#beginNewApplication").queryButton().fire());
        assertThat(workflows.calls).containsExactly("newApplication");
    }
}
