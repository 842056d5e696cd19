package org.secretdesk.ui.policy;

import atlantafx.base.theme.Styles;
import java.time.Duration;
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
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.ui.reveal.DialogLook;

/** Settings → Secret policy, bound to {@link SecretPolicyViewModel}. */
public final class SecretPolicyDialog {

    public static final String APPLIES_LATER =
            "Changes apply to secrets created or renewed afterwards; existing secrets keep their expiry.";

    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final ButtonType saveType = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);

    public SecretPolicyDialog(Window owner, SecretPolicyViewModel vm, Consumer<DomainSecretPolicy> onSaved) {
        DialogLook.prepare(dialog, owner, "Secret policy", "Secret policy for this gateway");
        dialog.setGraphic(DialogLook.headerIcon(Feather.CLOCK, false));
        dialog.getDialogPane().setId("secret-policy-dialog");

        CheckBox enabled = new CheckBox("Secrets expire");
        enabled.setId("policyExpiryEnabled");
        enabled.selectedProperty().bindBidirectional(vm.expiryEnabledProperty());

        TextField amount = new TextField();
        amount.setId("policyAmount");
        amount.setPrefColumnCount(6);
        amount.textProperty().bindBidirectional(vm.amountProperty());
        ComboBox<DurationInput.Unit> unit = new ComboBox<>();
        unit.setId("policyUnit");
        unit.getItems().setAll(DurationInput.Unit.values());
        unit.valueProperty().bindBidirectional(vm.unitProperty());
        amount.disableProperty().bind(vm.expiryEnabledProperty().not());
        unit.disableProperty().bind(vm.expiryEnabledProperty().not());
        Label after = DialogLook.fieldLabel("Expire after", amount);
        HBox durationRow = new HBox(8, amount, unit);
        durationRow.setAlignment(Pos.CENTER_LEFT);
        Label iso = DialogLook.muted("");
        iso.setId("policyIso");
        iso.textProperty().bind(vm.isoText());

        ListView<Duration> thresholds = new ListView<>(vm.thresholds());
        thresholds.setId("policyThresholds");
        thresholds.setPrefHeight(5 * 36 + 4);
        thresholds.setFixedCellSize(36);
        thresholds.setCellFactory(lv -> new ListCell<>() {
            private final Label text = new Label();
            private final Button remove = new Button(null, new FontIcon(Feather.X));
            private final HBox row = new HBox(8, text, new javafx.scene.layout.Region(), remove);

            {
                HBox.setHgrow(row.getChildren().get(1), Priority.ALWAYS);
                row.setAlignment(Pos.CENTER_LEFT);
                remove.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
                remove.setTooltip(new Tooltip("Remove this warning"));
                remove.setOnAction(e -> vm.removeThreshold(getItem()));
            }

            @Override
            protected void updateItem(Duration d, boolean empty) {
                super.updateItem(d, empty);
                setText(null);
                if (empty || d == null) {
                    setGraphic(null);
                } else {
                    text.setText("Warn " + DurationInput.label(d) + " before expiry");
                    setGraphic(row);
                }
            }
        });
        TextField newAmount = new TextField();
        newAmount.setId("thresholdAmount");
        newAmount.setPromptText("e.g. 3");
        newAmount.setPrefColumnCount(5);
        newAmount.textProperty().bindBidirectional(vm.newThresholdAmountProperty());
        ComboBox<DurationInput.Unit> newUnit = new ComboBox<>();
        newUnit.getItems().setAll(DurationInput.Unit.values());
        newUnit.valueProperty().bindBidirectional(vm.newThresholdUnitProperty());
        Button add = new Button("Add", new FontIcon(Feather.PLUS));
        add.setId("thresholdAdd");
        add.setOnAction(e -> vm.addThreshold());
        newAmount.setOnAction(e -> vm.addThreshold());
        Button reset = new Button("Defaults");
        reset.setTooltip(new Tooltip("20, 15, 10, 5 and 1 days"));
        reset.getStyleClass().add(Styles.FLAT);
        reset.setOnAction(e -> vm.resetThresholds());
        HBox addRow = new HBox(8, newAmount, newUnit, add, reset);
        addRow.setAlignment(Pos.CENTER_LEFT);

        Label maxSecrets = new Label();
        maxSecrets.setId("policyMaxSecrets");
        maxSecrets.textProperty().bind(vm.maxSecretsText());
        maxSecrets.setWrapText(true);
        maxSecrets.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);

        GridPane grid = new GridPane(12, 10);
        grid.addRow(0, new Label(), enabled);
        grid.addRow(1, after, durationRow);
        grid.addRow(2, new Label(), iso);
        Label thresholdsLabel = DialogLook.fieldLabel("Notify before", thresholds);
        GridPane.setValignment(thresholdsLabel, javafx.geometry.VPos.TOP);
        thresholdsBox = new VBox(8, thresholds, addRow, DialogLook.errorLine(vm.thresholdErrorProperty()));
        grid.addRow(3, thresholdsLabel, thresholdsBox);
        grid.addRow(4, DialogLook.fieldLabel("Per application", maxSecrets), maxSecrets);
        GridPane.setHgrow(thresholds, Priority.ALWAYS);

        VBox box = new VBox(14, grid, DialogLook.errorLine(vm.durationError()),
                DialogLook.callout(DialogLook.Tone.INFO, APPLIES_LATER),
                DialogLook.busyRow(vm.busyProperty(), "Talking to the gateway…"),
                DialogLook.errorLine(vm.errorProperty()));
        dialog.getDialogPane().setContent(box);
        dialog.getDialogPane().getButtonTypes().setAll(saveType, ButtonType.CANCEL);
        Button save = DialogLook.interceptSubmit(dialog, saveType, vm.busyProperty(), () -> vm.save(saved -> {
            onSaved.accept(saved);
            close();
        }));
        save.setId("policySave");
        save.getStyleClass().add(Styles.ACCENT);
        save.disableProperty().bind(vm.canSave().not());
    }

    /**
     * For a gateway that sends no expiry notifications of its own through SecretDesk (Gravitee AM): the thresholds
     * would be ignored, so they give way to the gateway's explanation.
     */
    public void withoutThresholds(String why) {
        thresholdsBox.getChildren().setAll(DialogLook.muted(why));
        ((Label) thresholdsBox.getChildren().getFirst()).setWrapText(true);
        thresholdsBox.setId("policyThresholdsUnavailable");
    }

    private VBox thresholdsBox;

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    public void show() {
        dialog.show();
    }

    public void close() {
        dialog.setResult(saveType);
        dialog.close();
    }
}
