package org.secretdesk.ui.mainwindow;

import atlantafx.base.theme.Styles;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.model.Application;

/**
 * One row of the applications list: name, muted clientId, secret count, the expiry marker and, while one of its
 * secrets is marked leaked, the leak marker. The nodes are
 * built once per cell and only their texts change, so scrolling 10,000 rows stays smooth.
 */
final class ApplicationCell extends ListCell<Application> {

    private final ExpiryClock viewModel;
    private final LeakMarks leaks;
    /** Shown while a secret of the application is marked leaked; made on first use, like the expiry marker's tip. */
    private FontIcon leakMarker;
    private final Label name = new Label();
    private final Label clientId = new Label();
    private final Label count = new Label();
    private final FontIcon marker = new FontIcon();
    /** Made when this cell first shows a marker: a Tooltip is a popup window with a scene of its own. */
    private Tooltip markerTip;
    private final HBox row;
    private Marker shownMarker;

    ApplicationCell(ExpiryClock viewModel, LeakMarks leaks) {
        this.viewModel = viewModel;
        this.leaks = leaks;
        name.getStyleClass().addAll("app-name");
        clientId.getStyleClass().addAll("app-client-id", Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        count.getStyleClass().add("count-badge");
        marker.getStyleClass().add("marker");
        VBox text = new VBox(2, name, clientId);
        text.setMinWidth(0);
        HBox.setHgrow(text, Priority.ALWAYS);
        row = new HBox(8, text, marker, count);
        row.setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("application-cell");
        setText(null);
        // The cell takes the list's width, not its text's: a long name ("BrokerGateway client secrets") is cut
        // with an ellipsis instead of widening the row under a horizontal scroll bar (issue 25).
        setPrefWidth(0);
    }

    @Override
    protected void updateItem(Application app, boolean empty) {
        super.updateItem(app, empty);
        if (empty || app == null) {
            setGraphic(null);
            return;
        }
        name.setText(app.name());
        clientId.setText(app.clientId());
        count.setText(Integer.toString(app.secretCount()));
        Marker m = viewModel.markerFor(app);
        if (m != shownMarker) {
            // Style classes only change with the marker: every change would re-run CSS on this cell.
            shownMarker = m;
            marker.getStyleClass().removeAll("marker-expiring", "marker-expired");
            switch (m) {
                case EXPIRED -> {
                    marker.setIconCode(Feather.X_CIRCLE);
                    marker.getStyleClass().add("marker-expired");
                }
                case EXPIRING -> {
                    marker.setIconCode(Feather.ALERT_TRIANGLE);
                    marker.getStyleClass().add("marker-expiring");
                }
                case NONE -> marker.setIconCode(Feather.CIRCLE);
            }
            marker.setVisible(m != Marker.NONE);
        }
        if (m != Marker.NONE && markerTip == null) {
            markerTip = new Tooltip();
            Tooltip.install(marker, markerTip);
        }
        if (m == Marker.EXPIRED) {
            markerTip.setText(app.expiredCount() == 1 ? "A secret has expired"
                    : Math.max(app.expiredCount(), 1) + " secrets have expired");
        } else if (m == Marker.EXPIRING) {
            markerTip.setText("A secret expires " + viewModel.relative(app.nextExpiry()));
        }
        showLeak(leaks.isLeaked(app.id()));
        setGraphic(row);
    }

    private void showLeak(boolean leaked) {
        if (leaked && leakMarker == null) {
            leakMarker = new FontIcon(Feather.SHIELD_OFF);
            leakMarker.getStyleClass().addAll("marker", "marker-leaked");
            Tooltip.install(leakMarker, new Tooltip("A leak of one of its secrets was reported: rotate that secret"));
            row.getChildren().add(row.getChildren().indexOf(marker), leakMarker);
        }
        if (leakMarker != null) {
            leakMarker.setVisible(leaked);
            leakMarker.setManaged(leaked);
        }
    }
}
