package org.secretdesk.ui.policy;

import atlantafx.base.theme.Styles;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.secretdesk.model.Application;
import org.secretdesk.model.ExpiryMode;
import org.secretdesk.ui.reveal.DialogLook;

/** An application's expiry policy ("Edit" in the application header), bound to {@link ApplicationPolicyViewModel}. */
public final class ApplicationPolicyDialog {

    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final ButtonType saveType = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);

    public ApplicationPolicyDialog(Window owner, ApplicationPolicyViewModel vm, Consumer<Application> onSaved,
                                   Consumer<Throwable> onStale) {
        DialogLook.prepare(dialog, owner, "Expiry policy", "Expiry policy for “" + vm.applicationName() + "”");
        dialog.setGraphic(DialogLook.headerIcon(Feather.CLOCK, false));
        dialog.getDialogPane().setId("application-policy-dialog");

        ToggleGroup group = new ToggleGroup();
        RadioButton domain = new RadioButton("Use gateway policy");
        domain.setId("policyDomain");
        RadioButton custom = new RadioButton("Secrets expire after");
        custom.setId("policyCustom");
        RadioButton never = new RadioButton("Secrets never expire");
        never.setId("policyNever");
        for (RadioButton r : new RadioButton[] {domain, custom, never}) {
            r.setToggleGroup(group);
        }
        Runnable fromVm = () -> group.selectToggle(switch (vm.modeProperty().get()) {
            case DOMAIN -> domain;
            case CUSTOM -> custom;
            case NEVER -> never;
        });
        fromVm.run();
        vm.modeProperty().addListener((obs, o, n) -> fromVm.run());
        group.selectedToggleProperty().addListener((obs, o, t) -> {
            if (t != null) {
                vm.modeProperty().set(t == domain ? ExpiryMode.DOMAIN : t == custom ? ExpiryMode.CUSTOM
                        : ExpiryMode.NEVER);
            }
        });

        TextField amount = new TextField();
        amount.setId("appPolicyAmount");
        amount.setPrefColumnCount(6);
        amount.textProperty().bindBidirectional(vm.amountProperty());
        ComboBox<DurationInput.Unit> unit = new ComboBox<>();
        unit.getItems().setAll(DurationInput.Unit.values());
        unit.valueProperty().bindBidirectional(vm.unitProperty());
        amount.disableProperty().bind(custom.selectedProperty().not());
        unit.disableProperty().bind(custom.selectedProperty().not());
        HBox customRow = new HBox(8, custom, amount, unit);
        customRow.setAlignment(Pos.CENTER_LEFT);

        VBox domainBox = new VBox(2, domain, DialogLook.muted(vm.gatewayPolicyText()));
        ((javafx.scene.control.Label) domainBox.getChildren().get(1)).setPadding(new Insets(0, 0, 0, 28));
        var warning = DialogLook.callout(DialogLook.Tone.WARNING, ApplicationPolicyViewModel.OVERRIDE_WARNING);
        warning.setId("policyOverrideWarning");
        warning.visibleProperty().bind(vm.showsOverrideWarning());
        warning.managedProperty().bind(warning.visibleProperty());

        VBox box = new VBox(12, domainBox, customRow, never, DialogLook.errorLine(vm.durationError()), warning,
                DialogLook.muted(SecretPolicyDialog.APPLIES_LATER),
                DialogLook.busyRow(vm.busyProperty(), "Saving…"), DialogLook.errorLine(vm.errorProperty()));
        dialog.getDialogPane().setContent(box);
        dialog.getDialogPane().getButtonTypes().setAll(saveType, ButtonType.CANCEL);
        Button save = DialogLook.interceptSubmit(dialog, saveType, vm.busyProperty(), () -> vm.save(saved -> {
            onSaved.accept(saved);
            close();
        }, onStale));
        save.setId("appPolicySave");
        save.getStyleClass().add(Styles.ACCENT);
        save.disableProperty().bind(vm.canSave().not());
    }

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
