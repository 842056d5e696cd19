package org.secretdesk.ui.mainwindow;

import atlantafx.base.controls.Popover;
import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.client.Capabilities.Feature;

/**
 * The header's connection button: the switcher's menu (local gateway, saved connections, add/edit/remove) and the
 * connection details (where the key is kept, the CA's fingerprint, what the gateway cannot do).
 */
final class ConnectionPopover {

    private final MainWindowActions actions;
    private final Node anchor;

    ConnectionPopover(MainWindowActions actions, Node anchor) {
        this.actions = actions;
        this.anchor = anchor;
    }

    /** The switcher's entries plus "Connection details…"; just the details when there is no switcher. */
    void showMenu() {
        ConnectionActions switcher = actions.connectionActionsProperty().get();
        if (switcher == null) {
            showDetails();
            return;
        }
        ContextMenu menu = new ContextMenu();
        menu.setId("connectionMenu");
        menu.getItems().setAll(switcher.switcherItems(actions.owner()));
        MenuItem details = new MenuItem("Connection details…", new FontIcon(Feather.INFO));
        details.setOnAction(e -> showDetails());
        menu.getItems().addAll(new SeparatorMenuItem(), details);
        menu.show(anchor, Side.BOTTOM, 0, 0);
    }

    void showDetails() {
        ConnectionInfo info = actions.vm().connection().infoProperty().get();
        GridPane grid = new GridPane(12, 8);
        grid.setId("connectionDetails");
        ColumnConstraints labels = new ColumnConstraints();
        // The labels keep their whole width ("CA SHA-256" was cut to "CA SHA-2…"); the values wrap.
        labels.setMinWidth(Region.USE_PREF_SIZE);
        grid.getColumnConstraints().addAll(labels, new ColumnConstraints());
        int row = 0;
        row = detailRow(grid, row, "Connection", info.name());
        row = detailRow(grid, row, "Gateway", info.kind());
        // What the backend itself reports (issue 25: "versions" said of the backend must be its own).
        row = detailRow(grid, row, "Version", "Asking the gateway…");
        Label version = (Label) grid.getChildren().getLast();
        version.setId("connectionVersion");
        actions.vm().gatewayVersion(version::setText);
        row = detailRow(grid, row, "Address", info.url());
        row = detailRow(grid, row, "Status", actions.vm().connection().stateProperty().get().label());
        row = detailRow(grid, row, "Credentials", info.adminKeyStorage());
        if (info.caFingerprint() != null) {
            detailRow(grid, row, "CA SHA-256", info.caFingerprint());
            Label fp = (Label) grid.getChildren().getLast();
            fp.getStyleClass().add("monospace");
            fp.setId("connectionFingerprint");
        }
        Label title = new Label("Connection details");
        title.getStyleClass().add(Styles.TITLE_4);
        VBox content = new VBox(12, title, grid);
        List<String> limitations = actions.vm().features().limitations();
        if (!limitations.isEmpty()) {
            Label heading = new Label("What this gateway cannot do");
            heading.getStyleClass().add(Styles.TEXT_BOLD);
            VBox lines = new VBox(4);
            lines.setId("connectionLimitations");
            for (String line : limitations) {
                Label l = new Label("• " + line);
                l.setWrapText(true);
                l.setMaxWidth(480);
                l.setMinHeight(Region.USE_PREF_SIZE);
                l.getStyleClass().add(Styles.TEXT_SMALL);
                lines.getChildren().add(l);
            }
            content.getChildren().addAll(heading, lines);
        }
        content.setPadding(new Insets(12));
        content.setMaxWidth(560);
        Popover popover = new Popover(content);
        if (actions.connectionActionsProperty().get() != null) {
            Button exportCa = new Button("Export CA certificate…");
            exportCa.setOnAction(e -> {
                popover.hide();
                actions.exportCa();
            });
            exportCa.setId("detailsExportCa");
            Button rotateCa = new Button("Rotate CA…");
            rotateCa.setId("detailsRotateCa");
            rotateCa.setOnAction(e -> {
                popover.hide();
                actions.rotateCa();
            });
            // Offered as the ≡ menu offers it: not where the backend cannot rotate its CA, with its reason
            // (issue 25: enabled on Keycloak, saying only after the click that it is not available).
            String noRotation = actions.vm().features().explainMissing(Feature.CA_ROTATION);
            rotateCa.setDisable(noRotation != null);
            content.getChildren().add(new HBox(8, exportCa, Controls.withReason(rotateCa,
                    new javafx.beans.property.SimpleStringProperty(noRotation), "Rotate the gateway's CA",
                    "detailsRotateCaReason")));
        }
        popover.setArrowLocation(Popover.ArrowLocation.TOP_LEFT);
        popover.setDetachable(false);
        popover.show(anchor);
    }

    private static int detailRow(GridPane grid, int row, String label, String value) {
        Label l = new Label(label);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        l.setMinWidth(Region.USE_PREF_SIZE);
        Label v = new Label(value == null || value.isBlank() ? "—" : value);
        v.setWrapText(true);
        v.setMaxWidth(420);
        v.setMinHeight(Region.USE_PREF_SIZE);
        grid.addRow(row, l, v);
        return row + 1;
    }
}
