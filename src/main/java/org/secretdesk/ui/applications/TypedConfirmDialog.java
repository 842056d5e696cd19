package org.secretdesk.ui.applications;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.Objects;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.secretdesk.ui.reveal.DialogLook;

/**
 * "Type the description <b>prod rollout</b> to confirm": a destructive action whose danger button is enabled only
 * while {@link TypedConfirmViewModel} says the typed text matches exactly. Used for deleting a secret and an
 * application.
 */
public final class TypedConfirmDialog {

    public static final ButtonType CANCEL = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);

    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final ButtonType confirmType;
    private final TypedConfirmViewModel viewModel;
    private final TextField input = new TextField();

    /**
     * @param dangerLines  sentences shown in red callouts (the first is the main warning)
     * @param what         the noun to type back ("description", "name")
     * @param confirmLabel the danger button's text
     * @param onConfirm    starts the action in the background; call {@link #close()} when it succeeded
     */
    public TypedConfirmDialog(Window owner, String title, String header, List<String> dangerLines, String what,
                              String confirmLabel, TypedConfirmViewModel viewModel, Runnable onConfirm) {
        this.viewModel = Objects.requireNonNull(viewModel);
        this.confirmType = new ButtonType(confirmLabel, ButtonBar.ButtonData.OK_DONE);
        DialogLook.prepare(dialog, owner, title, header);
        dialog.setGraphic(DialogLook.headerIcon(Feather.TRASH_2, true));
        dialog.getDialogPane().setId("typed-confirm-dialog");

        VBox box = new VBox(12);
        for (int i = 0; i < dangerLines.size(); i++) {
            box.getChildren().add(DialogLook.callout(i == 0 ? DialogLook.Tone.DANGER : DialogLook.Tone.WARNING,
                    dangerLines.get(i)));
        }
        Text before = new Text("Type the " + what + " ");
        Text target = new Text(viewModel.expected());
        target.getStyleClass().add("sd-confirm-target");
        Text after = new Text(" to confirm");
        for (Text t : List.of(before, target, after)) {
            t.getStyleClass().add("sd-prompt-text");
        }
        TextFlow prompt = new TextFlow(before, target, after);
        prompt.setId("typed-confirm-prompt");
        input.setId("typed-confirm-input");
        input.setPromptText(viewModel.expected());
        input.textProperty().bindBidirectional(viewModel.typedProperty());
        input.disableProperty().bind(viewModel.busyProperty());
        viewModel.busyProperty().addListener((obs, was, now) -> {
            if (!now && dialog.isShowing()) {
                input.requestFocus();
                input.positionCaret(input.getLength());
            }
        });
        input.setAccessibleText("Type the " + what + " " + viewModel.expected() + " to confirm");
        Label hint = DialogLook.muted("");
        hint.setId("typed-confirm-hint");
        hint.textProperty().bind(viewModel.hintBinding());
        hint.managedProperty().bind(hint.textProperty().isNotEmpty());
        hint.visibleProperty().bind(hint.managedProperty());
        box.getChildren().addAll(prompt, input, hint,
                DialogLook.busyRow(viewModel.busyProperty(), confirmLabel + "…"),
                DialogLook.errorLine(viewModel.errorProperty()));
        dialog.getDialogPane().setContent(box);

        dialog.getDialogPane().getButtonTypes().setAll(confirmType, CANCEL);
        Button confirm = DialogLook.interceptSubmit(dialog, confirmType, viewModel.busyProperty(), () -> {
            if (viewModel.begin()) {
                onConfirm.run();
            }
        });
        confirm.setId("typed-confirm-button");
        confirm.getStyleClass().add(Styles.DANGER);
        confirm.setDefaultButton(false); // Enter must never delete
        confirm.disableProperty().bind(viewModel.canConfirmBinding().not());
        Button cancel = (Button) dialog.getDialogPane().lookupButton(CANCEL);
        cancel.setId("typed-confirm-cancel");
        dialog.setOnShown(e -> {
            input.requestFocus();
            input.positionCaret(input.getLength()); // focus selects all; keep the caret at the end instead
        });
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    public void show() {
        dialog.show();
    }

    /** Closes after the action succeeded. */
    public void close() {
        dialog.setResult(confirmType);
        dialog.close();
    }
}
