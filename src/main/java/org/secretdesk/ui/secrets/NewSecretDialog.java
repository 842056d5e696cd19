package org.secretdesk.ui.secrets;

import atlantafx.base.theme.Styles;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DateCell;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.ui.common.DateFields;
import org.secretdesk.ui.common.RelativeTime;
import org.secretdesk.ui.reveal.DialogLook;

/** The "New secret" dialog: a view over {@link NewSecretViewModel}; Generate hands the request to the caller. */
public final class NewSecretDialog {

    public static final ButtonType GENERATE = new ButtonType("Generate", ButtonBar.ButtonData.OK_DONE);

    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final NewSecretViewModel viewModel;
    private final TextField description = new TextField();

    /** @param onGenerate called (on the FX thread) when Generate is pressed and the rules allow it */
    public NewSecretDialog(Window owner, NewSecretViewModel viewModel, Runnable onGenerate) {
        this.viewModel = Objects.requireNonNull(viewModel);
        DialogLook.prepare(dialog, owner, "New secret", "New secret for " + viewModel.application().name());
        dialog.setGraphic(DialogLook.headerIcon(Feather.KEY, false));
        dialog.getDialogPane().setId("new-secret-dialog");

        description.setId("new-secret-description");
        description.setPromptText("e.g. prod rollout");
        description.textProperty().bindBidirectional(viewModel.descriptionProperty());
        description.disableProperty().bind(viewModel.busyProperty());
        Label descriptionError = DialogLook.errorLine(viewModel.descriptionMessageBinding());
        descriptionError.setId("new-secret-description-error");
        DialogLook.liveValidation(dialog, description, viewModel.descriptionMessageBinding());
        // The field was disabled during the request; after a failure the operator continues where they were.
        viewModel.busyProperty().addListener((obs, was, now) -> {
            if (!now && dialog.isShowing()) {
                description.requestFocus();
                description.positionCaret(description.getLength());
            }
        });

        ComboBox<NewSecretViewModel.ExpiryChoice> expiry = new ComboBox<>(viewModel.expiryChoices());
        expiry.setId("new-secret-expiry");
        expiry.valueProperty().bindBidirectional(viewModel.selectedExpiryProperty());
        expiry.disableProperty().bind(viewModel.policyLoadingProperty().or(viewModel.busyProperty()));
        expiry.setMaxWidth(Double.MAX_VALUE);
        DatePicker date = new DatePicker();
        date.setId("new-secret-date");
        date.setConverter(DateFields.CONVERTER);
        date.setPromptText(RelativeTime.DATE_HINT);
        date.valueProperty().bindBidirectional(viewModel.expiryDateProperty());
        // Read as it is typed (a DatePicker commits only on Enter, and drops what it cannot parse).
        date.getEditor().textProperty().addListener((obs, o, text) -> {
            if (date.getEditor().isFocused()) {
                viewModel.dateTyped(text);
            }
        });
        date.setDayCellFactory(picker -> new DateCell() {
            @Override
            public void updateItem(java.time.LocalDate item, boolean empty) {
                super.updateItem(item, empty);
                setDisable(empty || !viewModel.isDateAllowed(item));
            }
        });
        date.visibleProperty().bind(Bindings.createBooleanBinding(() -> expiry.getValue() != null
                && expiry.getValue().kind() == NewSecretViewModel.ExpiryChoice.Kind.DATE, expiry.valueProperty()));
        date.managedProperty().bind(date.visibleProperty());
        date.disableProperty().bind(viewModel.busyProperty());
        date.setPrefWidth(160);
        HBox expiryRow = new HBox(8, expiry, date);
        HBox.setHgrow(expiry, Priority.ALWAYS);
        expiryRow.setAlignment(Pos.CENTER_LEFT);
        Label policy = DialogLook.muted("");
        policy.setId("new-secret-policy");
        policy.textProperty().bind(viewModel.policyTextProperty());
        Label expiryError = DialogLook.errorLine(viewModel.expiryErrorBinding());

        GridPane grid = DialogLook.formGrid(12, 6, false);
        grid.add(DialogLook.fieldLabel("Description", description), 0, 0);
        grid.add(description, 1, 0);
        grid.add(descriptionError, 1, 1);
        Label expiryLabel = DialogLook.fieldLabel("Expires", expiry);
        GridPane.setMargin(expiryLabel, new javafx.geometry.Insets(8, 0, 0, 0));
        GridPane.setMargin(expiryRow, new javafx.geometry.Insets(8, 0, 0, 0));
        grid.add(expiryLabel, 0, 2);
        grid.add(expiryRow, 1, 2);
        grid.add(policy, 1, 3);
        grid.add(expiryError, 1, 4);
        grid.setVisible(true);
        if (!viewModel.supportsExpiry()) {
            expiryRow.setDisable(true);
        }

        Label usage = new Label();
        usage.setId("new-secret-usage");
        usage.textProperty().bind(viewModel.usageTextBinding());
        usage.setGraphic(new FontIcon(Feather.LAYERS));
        usage.getStyleClass().add(Styles.TEXT_MUTED);
        var limit = DialogLook.callout(DialogLook.Tone.DANGER, "");
        ((Label) limit.getChildren().get(1)).textProperty().bind(viewModel.limitReasonBinding());
        limit.setId("new-secret-limit");
        limit.visibleProperty().bind(viewModel.atLimitBinding());
        limit.managedProperty().bind(limit.visibleProperty());

        Label requestError = DialogLook.errorLine(viewModel.requestErrorProperty());
        requestError.setId("new-secret-error");
        VBox box = new VBox(14, grid, usage, limit,
                DialogLook.busyRow(viewModel.busyProperty(), "Generating the secret…"), requestError);
        dialog.getDialogPane().setContent(box);

        DialogLook.submitButton(dialog, GENERATE, "new-secret-generate", viewModel.busyProperty(), viewModel.canGenerateBinding(), true, onGenerate);
        dialog.getDialogPane().lookupButton(ButtonType.CANCEL).setId("new-secret-cancel");
        dialog.setOnShown(e -> {
            description.requestFocus();
            description.positionCaret(description.getLength()); // focus selects all; keep the caret at the end instead
        });
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    public void show() {
        dialog.show();
    }

    public void close() {
        dialog.setResult(GENERATE);
        dialog.close();
    }
}
