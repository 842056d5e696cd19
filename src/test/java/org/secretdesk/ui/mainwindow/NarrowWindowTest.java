package org.secretdesk.ui.mainwindow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableCell;
import javafx.scene.control.TextField;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.secretdesk.ui.common.ThemeChoice;
import org.secretdesk.ui.testing.HeadlessFx;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 19: at 1024×700 column headers and values were cut, and after the expiry filter was used the header stayed
 * squeezed. Every label of the window must be shown whole at that size, before and after using the filter.
 */
@ExtendWith(ApplicationExtension.class)
class NarrowWindowTest {

    static {
        HeadlessFx.useBuiltInHeadlessPlatform();
    }

    private Stage stage;
    private FxMainWindow window;

    @Start
    void start(Stage narrow) {
        stage = narrow;
        window = new FxMainWindow(narrow, new NoDialogs(), 1024, 700, new SimpleIntegerProperty(24))
                .connect(MainWindowScreenshots.sampleData(Instant.now()));
    }

    @AfterEach
    void stop() {
        window.close();
    }

    @Test
    void nothingIsCutAt1024By700EvenAfterTheExpiryFilterWasUsed(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.vm.applications().visible().size() == 7);
        robot.interact(() -> window.vm.applications().select(window.vm.applications().visible().stream()
                .filter(a -> a.name().equals("billing-service")).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.vm.secrets().visible().size() == 3);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cut(stage.getScene().getRoot())).as("labels cut at 1024 px").isEmpty();
        double searchWidth = robot.lookup("#searchField").queryAs(TextField.class).getWidth();

        @SuppressWarnings("unchecked")
        ComboBox<ExpiryFilter.Kind> kind = robot.lookup("#expiryFilterKind").queryAs(ComboBox.class);
        robot.interact(() -> kind.setValue(ExpiryFilter.Kind.EXPIRING_WITHIN));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cut(stage.getScene().getRoot())).as("labels cut with the filter's days").isEmpty();
        robot.interact(() -> kind.setValue(ExpiryFilter.Kind.ALL));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cut(stage.getScene().getRoot())).as("labels cut after the filter").isEmpty();
        assertThat(robot.lookup("#searchField").queryAs(TextField.class).getWidth())
                .as("the header is as it was").isEqualTo(searchWidth);

        // The pictures for the README (target/screenshots, or docs/screenshots with -Dscreenshots=docs).
        robot.interact(() -> window.vm.secrets().select(window.vm.secrets().visible().getFirst()));
        WaitForAsyncUtils.waitForFxEvents();
        snapshot(robot, "main-window-1024-light.png");
        robot.interact(() -> window.theme.choiceProperty().set(ThemeChoice.DARK));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cut(stage.getScene().getRoot())).as("labels cut in the dark theme").isEmpty();
        snapshot(robot, "main-window-1024-dark.png");
    }

    private void snapshot(FxRobot robot, String name) throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("docs".equals(System.getProperty("screenshots"))
                ? "docs/screenshots" : "target/screenshots");
        java.nio.file.Files.createDirectories(dir);
        javafx.scene.image.WritableImage[] image = new javafx.scene.image.WritableImage[1];
        robot.interact(() -> image[0] = stage.getScene().snapshot(null));
        javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(image[0], null), "png",
                dir.resolve(name).toFile());
    }

    /**
     * Labels shown with an ellipsis, or drawn past the edge of their table cell. A description is free text of up to
     * 100 characters: it may end in an ellipsis, its tooltip has all of it.
     */
    static List<String> cut(Parent root) {
        List<String> cut = new ArrayList<>();
        collect(root, cut);
        return cut;
    }

    private static void collect(Node node, List<String> cut) {
        if (!node.isVisible()) {
            return;
        }
        if (node instanceof TableCell<?, ?> cell && cell.getTableColumn() != null
                && "descriptionColumn".equals(cell.getTableColumn().getId())) {
            return;
        }
        if (node instanceof Text t && "LabeledText".equals(t.getClass().getSimpleName())
                && t.getParent() instanceof Labeled l && l.getText() != null
                && !l.getText().isEmpty() && !l.isWrapText() && !t.getText().equals(l.getText())) {
            cut.add(l.getText() + " (shown as \"" + t.getText() + "\")");
        }
        if (node instanceof Labeled l && !(node instanceof TableCell) && cellOf(node) instanceof TableCell<?, ?> cell
                && l.getText() != null && !l.getText().isEmpty()) {
            Bounds b = cell.sceneToLocal(l.localToScene(l.getBoundsInLocal()));
            if (b.getMaxX() > cell.getWidth() + 0.5) {
                cut.add(l.getText() + " (past its cell by " + Math.round(b.getMaxX() - cell.getWidth()) + " px)");
            }
        }
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                collect(child, cut);
            }
        }
    }

    private static Node cellOf(Node node) {
        for (Node p = node.getParent(); p != null; p = p.getParent()) {
            if (p instanceof TableCell) {
                return p;
            }
        }
        return null;
    }
}
