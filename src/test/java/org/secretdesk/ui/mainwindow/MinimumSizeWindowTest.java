package org.secretdesk.ui.mainwindow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.secretdesk.ui.testing.HeadlessFx;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window at its minimum size ({@link MainWindowView#MIN_WIDTH} × {@link MainWindowView#MIN_HEIGHT}, which the
 * console gives its stage): everything fits — the content is no wider or taller than the window — and no label is
 * cut. At 900 px the header and the details were wider than the window before (cut at both sides); the header is
 * now compact there and the client ID moves under the application's name; widened again, both come back.
 */
@ExtendWith(ApplicationExtension.class)
class MinimumSizeWindowTest {

    static {
        HeadlessFx.useBuiltInHeadlessPlatform();
    }

    private Stage stage;
    private FxMainWindow window;

    @Start
    void start(Stage smallest) {
        stage = smallest;
        window = new FxMainWindow(smallest, new NoDialogs(), MainWindowView.MIN_WIDTH, MainWindowView.MIN_HEIGHT,
                new SimpleIntegerProperty(24)).connect(MainWindowScreenshots.sampleData(Instant.now()));
    }

    @AfterEach
    void stop() throws Exception {
        window.close();
        // The stage is shared by the tests of this JVM: leave it sized by its next scene, not at this test's width.
        WaitForAsyncUtils.asyncFx(stage::sizeToScene).get();
    }

    @Test
    void everythingFitsWholeAtTheMinimumSizeAndTheFullHeaderComesBackWhenWider(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.vm.applications().visible().size() == 7);
        robot.interact(() -> window.vm.applications().select(window.vm.applications().visible().stream()
                .filter(a -> a.name().equals("billing-service")).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.vm.secrets().visible().size() == 3);
        robot.interact(() -> window.vm.secrets().select(window.vm.secrets().visible().getFirst()));
        WaitForAsyncUtils.waitForFxEvents();

        Parent root = stage.getScene().getRoot();
        robot.interact(() -> {
            assertThat(root.minWidth(-1)).as("content's minimum width").isLessThanOrEqualTo(MainWindowView.MIN_WIDTH);
            assertThat(root.minHeight(-1)).as("content's minimum height")
                    .isLessThanOrEqualTo(MainWindowView.MIN_HEIGHT);
        });
        assertThat(NarrowWindowTest.cut(root)).as("labels cut at the minimum size").isEmpty();
        Label product = robot.lookup(".product-name").queryAs(Label.class);
        Button newApp = robot.lookup("#newApplicationButton").queryAs(Button.class);
        assertThat(product.isVisible()).as("product name in a compact header").isFalse();
        assertThat(newApp.getText()).as("New application button's text in a compact header").isNull();
        assertThat(newApp.getAccessibleText()).isEqualTo("New application");
        assertThat(newApp.isVisible()).isTrue();
        assertThat(inClientRow(robot)).as("client ID under the name").isTrue();
        assertThat(robot.lookup("#clientId").queryAs(Label.class).getText()).isEqualTo("sdc_7HqK2mVx9LpR4tZe");

        robot.interact(() -> stage.setWidth(1280));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(product.isVisible()).as("product name in a wide window").isTrue();
        assertThat(newApp.getText()).isEqualTo("Application");
        assertThat(inClientRow(robot)).as("client ID beside the name").isFalse();
        assertThat(robot.lookup("#clientIdRow").queryAs(Node.class).isVisible()).isFalse();
        assertThat(NarrowWindowTest.cut(root)).as("labels cut at 1280 px").isEmpty();
    }

    private static boolean inClientRow(FxRobot robot) {
        return robot.lookup("#clientIdBox").queryAs(Node.class).getParent().getId() != null
                && robot.lookup("#clientIdBox").queryAs(Node.class).getParent().getId().equals("clientIdRow");
    }
}
