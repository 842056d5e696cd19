package org.secretdesk.ui.preferences;

import atlantafx.base.theme.Styles;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.secretdesk.ui.common.ConsolePreferences;
import org.secretdesk.ui.common.ThemeChoice;
import org.secretdesk.ui.reveal.DialogLook;

/** ≡ → Preferences, bound to {@link PreferencesViewModel}. */
public final class PreferencesDialog {

    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final ButtonType saveType = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);

    public PreferencesDialog(Window owner, PreferencesViewModel vm, Consumer<ConsolePreferences> onSaved) {
        DialogLook.prepare(dialog, owner, "Preferences", "Console preferences");
        dialog.setGraphic(DialogLook.headerIcon(Feather.SETTINGS, false));
        dialog.getDialogPane().setId("preferences-dialog");

        TextField clipboard = new TextField();
        clipboard.setId("prefClipboardSeconds");
        clipboard.setPrefColumnCount(5);
        clipboard.textProperty().bindBidirectional(vm.clipboardSecondsProperty());
        clipboard.disableProperty().bind(vm.neverClearClipboardProperty());
        CheckBox never = new CheckBox("Never clear");
        never.setId("prefClipboardNever");
        never.selectedProperty().bindBidirectional(vm.neverClearClipboardProperty());
        HBox clipRow = new HBox(8, clipboard, new Label("seconds (10–300)"), never);
        clipRow.setAlignment(Pos.CENTER_LEFT);

        ComboBox<ThemeChoice> theme = new ComboBox<>();
        theme.setId("prefTheme");
        theme.getItems().setAll(ThemeChoice.values());
        theme.setCellFactory(lv -> themeCell());
        theme.setButtonCell(themeCell());
        theme.valueProperty().bindBidirectional(vm.themeProperty());

        CheckBox reconnect = new CheckBox("Reconnect automatically");
        reconnect.setId("prefAutoReconnect");
        reconnect.selectedProperty().bindBidirectional(vm.autoReconnectProperty());

        CheckBox follow = new CheckBox("Follow the gateway's thresholds");
        follow.setId("prefWarningFollow");
        follow.selectedProperty().bindBidirectional(vm.followGatewayWarningProperty());
        TextField days = new TextField();
        days.setId("prefWarningDays");
        days.setPrefColumnCount(5);
        days.textProperty().bindBidirectional(vm.warningDaysProperty());
        days.disableProperty().bind(vm.followGatewayWarningProperty());
        HBox daysRow = new HBox(8, days, new Label("days before expiry"));
        daysRow.setAlignment(Pos.CENTER_LEFT);

        GridPane grid = new GridPane(14, 10);
        grid.addRow(0, DialogLook.fieldLabel("Clear clipboard after", clipboard), clipRow);
        grid.addRow(1, DialogLook.fieldLabel("Theme", theme), theme);
        grid.addRow(2, DialogLook.fieldLabel("Connection", reconnect), reconnect);
        Label markLabel = DialogLook.fieldLabel("Warn before expiry", follow);
        GridPane.setValignment(markLabel, javafx.geometry.VPos.TOP);
        grid.addRow(3, markLabel, new VBox(8, follow, daysRow));
        reconnect.setTooltip(new javafx.scene.control.Tooltip(
                "Off: after a lost connection, the banner's Retry reconnects"));
        follow.setTooltip(new javafx.scene.control.Tooltip(
                "The ⚠ marker appears within the gateway's largest notification threshold"));

        VBox box = new VBox(14, grid, DialogLook.errorLine(vm.clipboardError()),
                DialogLook.errorLine(vm.warningError()),
                DialogLook.muted("Stored for your user account on this computer; never a secret or key."));
        dialog.getDialogPane().setContent(box);
        dialog.getDialogPane().getButtonTypes().setAll(saveType, ButtonType.CANCEL);
        Button save = (Button) dialog.getDialogPane().lookupButton(saveType);
        save.setId("prefSave");
        save.getStyleClass().add(Styles.ACCENT);
        save.disableProperty().bind(vm.canSave().not());
        save.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            ConsolePreferences result = vm.result();
            if (result == null) {
                e.consume();
            } else {
                onSaved.accept(result);
            }
        });
    }

    private static ListCell<ThemeChoice> themeCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(ThemeChoice t, boolean empty) {
                super.updateItem(t, empty);
                setText(empty || t == null ? null : switch (t) {
                    case SYSTEM -> "Follow the system";
                    case LIGHT -> "Light";
                    case DARK -> "Dark";
                });
            }
        };
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    public void show() {
        dialog.show();
    }
}
