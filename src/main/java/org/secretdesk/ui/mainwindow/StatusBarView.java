package org.secretdesk.ui.mainwindow;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.shape.Circle;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.client.Capabilities.Feature;

/** The status bar: connection state and counts, Refresh where nothing is live, the clipboard countdown, the bell. */
final class StatusBarView {

    private StatusBarView() {
    }

    static Node create(MainWindowViewModel vm, NotificationsView notifications) {
        Label status = new Label();
        status.setId("statusText");
        status.textProperty().bind(vm.status().statusText());
        status.setGraphic(statusDot(vm.connection().stateProperty()));

        Label clipboard = new Label();
        clipboard.setId("clipboardText");
        clipboard.setGraphic(new FontIcon(Feather.CLIPBOARD));
        clipboard.textProperty().bind(vm.status().clipboardText());
        clipboard.visibleProperty().bind(vm.status().clipboardSecondsLeftProperty().greaterThan(0));
        clipboard.managedProperty().bind(clipboard.visibleProperty());
        clipboard.getStyleClass().add("clipboard-countdown");

        // Without live events (every backend but SecretDesk) the operator refreshes: say so and offer it here.
        Button refresh = new Button("Refresh", new FontIcon(Feather.REFRESH_CW));
        refresh.setId("statusRefreshButton");
        refresh.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        refresh.setOnAction(e -> vm.refresh());
        Tooltip refreshTip = new Tooltip();
        refreshTip.textProperty().bind(Bindings.createStringBinding(() -> {
            String why = vm.features().explainMissing(Feature.LIVE_EVENTS);
            return (why == null ? "" : why + " ") + "(F5)";
        }, vm.features().capabilitiesProperty()));
        refresh.setTooltip(refreshTip);
        refresh.visibleProperty().bind(vm.features().liveUpdates().not());
        refresh.managedProperty().bind(refresh.visibleProperty());

        HBox bar = new HBox(16, status, refresh, new Spacer(), clipboard, notifications.bell());
        bar.getStyleClass().add("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    /** The connection's dot: green connected, amber connecting, red offline. */
    static Circle statusDot(ObservableValue<ConnectionState> state) {
        Circle dot = new Circle(5);
        dot.getStyleClass().add("status-dot");
        Runnable update = () -> {
            dot.getStyleClass().removeAll("connected", "connecting", "offline");
            dot.getStyleClass().add(switch (state.getValue()) {
                case CONNECTED -> "connected";
                case CONNECTING, RECONNECTING -> "connecting";
                case OFFLINE -> "offline";
            });
        };
        state.addListener((obs, o, n) -> update.run());
        update.run();
        return dot;
    }
}
