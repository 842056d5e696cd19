package org.secretdesk.ui.secrets;

import java.util.Objects;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.secretdesk.ui.common.Redacted;
import org.secretdesk.ui.reveal.DialogLook;

/** "Renew secret": the warning, the grace option when supported, or why this backend cannot renew. */
public final class RenewDialog {

    public static final ButtonType RENEW = new ButtonType("Renew", ButtonBar.ButtonData.OK_DONE);

    private final Dialog<ButtonType> dialog = new Dialog<>();

    public RenewDialog(Window owner, String applicationName, RenewViewModel viewModel, Runnable onRenew) {
        Objects.requireNonNull(viewModel);
        DialogLook.prepare(dialog, owner, viewModel.actionName() + " secret",
                viewModel.actionName() + " \u201c" + viewModel.secret().description() + "\u201d");
        dialog.setGraphic(DialogLook.headerIcon(Feather.REFRESH_CW, false));
        dialog.getDialogPane().setId("renew-dialog");

        VBox box = new VBox(14);
        box.getChildren().add(DialogLook.muted(applicationName + "  ·  " + Redacted.text(viewModel.secret().hint(),
                viewModel.secret().redacted())));
        if (!viewModel.renewSupported()) {
            var why = DialogLook.callout(DialogLook.Tone.INFO, viewModel.unsupportedExplanation());
            why.setId("renew-unsupported");
            box.getChildren().add(why);
            dialog.getDialogPane().setContent(box);
            dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
            return;
        }
        var warning = DialogLook.callout(DialogLook.Tone.WARNING, viewModel.warning());
        warning.setId("renew-warning");
        ((javafx.scene.control.Label) warning.getChildren().getLast()).textProperty().bind(viewModel.warningText());
        box.getChildren().add(warning);
        if (viewModel.graceSupported()) {
            Label graceLabel = DialogLook.fieldLabel("Grace period for the current value", null);
            ToggleGroup group = new ToggleGroup();
            VBox options = new VBox(6);
            int i = 0;
            for (RenewViewModel.GraceOption option : viewModel.graceOptions()) {
                RadioButton radio = new RadioButton(option.label());
                radio.setId("renew-grace-" + i++);
                radio.setToggleGroup(group);
                radio.setUserData(option);
                radio.setSelected(option.equals(viewModel.selectedGraceProperty().get()));
                radio.disableProperty().bind(viewModel.busyProperty());
                options.getChildren().add(radio);
            }
            group.selectedToggleProperty().addListener((obs, was, now) ->
                    viewModel.selectedGraceProperty().set(now == null ? null
                            : (RenewViewModel.GraceOption) now.getUserData()));
            box.getChildren().addAll(graceLabel, options);
            if (!viewModel.retireOptions().isEmpty()) {
                box.getChildren().addAll(retireChoice(viewModel));
            }
        }
        Label error = DialogLook.errorLine(viewModel.errorProperty());
        error.setId("renew-error");
        box.getChildren().addAll(DialogLook.busyRow(viewModel.busyProperty(), viewModel.busyText()), error);
        dialog.getDialogPane().setContent(box);

        // One verb: the button says what the title says (issue 25: "Regenerate secret" had a Renew button).
        ButtonType submit = viewModel.actionName().equals(RENEW.getText()) ? RENEW
                : new ButtonType(viewModel.actionName(), ButtonBar.ButtonData.OK_DONE);
        DialogLook.submitButton(dialog, submit, "renew-button", viewModel.busyProperty(), viewModel.canRenewBinding(),
                false, onRenew);
    }

    /** "Retire when quiet": follow the application's policy, or retire once unused for a period (with grace only). */
    private static java.util.List<javafx.scene.Node> retireChoice(RenewViewModel viewModel) {
        Label label = DialogLook.fieldLabel("Retire the old value when quiet", null);
        ToggleGroup group = new ToggleGroup();
        VBox options = new VBox(6);
        options.setId("renew-retire");
        int i = 0;
        for (RenewViewModel.RetireOption option : viewModel.retireOptions()) {
            RadioButton radio = new RadioButton(option.label());
            radio.setId("renew-retire-" + i++);
            if (option.quiet() == null) {
                radio.textProperty().bind(viewModel.policyOptionLabel());
            }
            radio.setToggleGroup(group);
            radio.setUserData(option);
            radio.setSelected(option.equals(viewModel.selectedRetireProperty().get()));
            radio.disableProperty().bind(viewModel.busyProperty().or(viewModel.retireApplies().not()));
            options.getChildren().add(radio);
        }
        group.selectedToggleProperty().addListener((obs, was, now) -> viewModel.selectedRetireProperty().set(
                now == null ? null : (RenewViewModel.RetireOption) now.getUserData()));
        Label hint = DialogLook.muted("The gateway ends the grace by itself once the old value has not been used for "
                + "that long and the new value has been used: no client is cut off while it still uses the old one.");
        return java.util.List.of(label, options, hint);
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    public void show() {
        dialog.show();
    }

    public void close() {
        dialog.setResult(ButtonType.CLOSE);
        dialog.close();
    }
}
