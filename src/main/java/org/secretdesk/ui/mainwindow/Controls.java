package org.secretdesk.ui.mainwindow;

import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.beans.value.ObservableValue;
import javafx.animation.PauseTransition;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.StackPane;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** Small pieces the main window's regions share. */
final class Controls {

    private Controls() {
    }

    /** How long something may load before a spinner says so: shorter waits show the words alone. */
    static final Duration SPINNER_DELAY = Duration.millis(600);

    /**
     * A spinner that appears only once it has been on screen for {@link #SPINNER_DELAY}: a list that arrives sooner
     * shows no spinner flashing by, and the window's first frames are not spent animating one (drawn by a software
     * renderer it was most of the first frame's cost, docs/benchmarks.md).
     */
    static ProgressIndicator delayedSpinner(double size) {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(size, size);
        spinner.setVisible(false);
        PauseTransition delay = new PauseTransition(SPINNER_DELAY);
        delay.setOnFinished(e -> spinner.setVisible(true));
        spinner.sceneProperty().addListener((obs, old, scene) -> {
            delay.stop();
            spinner.setVisible(false);
            if (scene != null) {
                delay.playFromStart();
            }
        });
        return spinner;
    }

    /**
     * A control whose reason for being disabled is readable: a disabled control shows no tooltip, so the tooltip
     * goes on a wrapper. The reason names the backend when the connected gateway cannot do the action.
     */
    static Node withReason(Control control, ObservableStringValue reason, String normalTip, String id) {
        StackPane wrap = new StackPane(control);
        wrap.setId(id);
        Tooltip tip = new Tooltip();
        tip.setWrapText(true);
        tip.setMaxWidth(420);
        tip.textProperty().bind(Bindings.createStringBinding(() -> reason.get() == null ? normalTip : reason.get(),
                reason));
        Tooltip.install(wrap, tip);
        wrap.getProperties().put("reasonTooltip", tip);
        return wrap;
    }

    /** One of several nodes, by state (null: none): what a list or table shows instead of rows. */
    static <S> Node stateSwitch(ObservableValue<S> state, Function<S, Node> nodeFor, String id) {
        StackPane pane = new StackPane();
        pane.setId(id);
        pane.getStyleClass().add("empty-state");
        pane.setPadding(new Insets(24));
        Runnable update = () -> {
            Node n = nodeFor.apply(state.getValue());
            pane.getChildren().setAll(n == null ? List.of() : List.of(n));
        };
        state.addListener((obs, o, n) -> update.run());
        update.run();
        return pane;
    }

    static Node emptyIcon(Feather icon) {
        FontIcon i = new FontIcon(icon);
        i.getStyleClass().add("empty-icon");
        return i;
    }

    static void copyText(String text) {
        if (text != null) {
            ClipboardContent content = new ClipboardContent();
            content.putString(text);
            Clipboard.getSystemClipboard().setContent(content);
        }
    }
}
