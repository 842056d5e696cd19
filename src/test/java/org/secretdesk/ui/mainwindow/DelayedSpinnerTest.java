package org.secretdesk.ui.mainwindow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.secretdesk.ui.testing.HeadlessFx;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The loading spinner: hidden when it is put on screen, shown once the wait lasts, hidden again when taken off. */
@ExtendWith(ApplicationExtension.class)
class DelayedSpinnerTest {

    static {
        HeadlessFx.useBuiltInHeadlessPlatform();
    }

    private final StackPane holder = new StackPane();

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(holder, 200, 200));
        stage.show();
    }

    @Test
    void appearsOnlyAfterTheDelayAndEachTimeItIsShownAgain(FxRobot robot) throws Exception {
        ProgressIndicator[] spinner = new ProgressIndicator[1];
        boolean[] visibleWhenAdded = new boolean[1];
        robot.interact(() -> {
            spinner[0] = Controls.delayedSpinner(24);
            holder.getChildren().setAll(spinner[0]);
            visibleWhenAdded[0] = spinner[0].isVisible();
        });
        assertThat(visibleWhenAdded[0]).as("visible when put on screen").isFalse();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> spinner[0].isVisible());

        boolean[] visibleAgain = new boolean[2];
        robot.interact(() -> {
            holder.getChildren().clear();
            visibleAgain[0] = spinner[0].isVisible();
            holder.getChildren().setAll(spinner[0]);
            visibleAgain[1] = spinner[0].isVisible();
        });
        assertThat(visibleAgain).as("visible when taken off / when put back").containsExactly(false, false);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> spinner[0].isVisible());
    }
}
