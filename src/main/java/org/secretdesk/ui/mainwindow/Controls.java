package org.secretdesk.ui.mainwindow;

import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.StackPane;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** Small pieces the main window's regions share. */
final class Controls {

    private Controls() {
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
