package org.secretdesk.ui.applications;

import java.util.Objects;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.secretdesk.ui.reveal.DialogLook;

/** "New application": name, description, roles checklist, owners and the first secret. */
public final class NewApplicationDialog {

    public static final ButtonType CREATE = new ButtonType("Create", ButtonBar.ButtonData.OK_DONE);

    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final NewApplicationViewModel viewModel;

    public NewApplicationDialog(Window owner, NewApplicationViewModel viewModel, Runnable onCreate) {
        this.viewModel = Objects.requireNonNull(viewModel);
        DialogLook.prepare(dialog, owner, "New application", "New application");
        dialog.setGraphic(DialogLook.headerIcon(Feather.BOX, false));
        dialog.getDialogPane().setId("new-application-dialog");

        TextField name = new TextField();
        name.setId("new-application-name");
        name.setPromptText("e.g. billing-service");
        name.textProperty().bindBidirectional(viewModel.nameProperty());
        name.disableProperty().bind(viewModel.busyProperty());
        Label nameError = DialogLook.errorLine(viewModel.nameMessageBinding());
        nameError.setId("new-application-name-error");
        DialogLook.liveValidation(dialog, name, viewModel.nameMessageBinding());
        // The field was disabled during the request; give it back the focus when the gateway refused the name.
        viewModel.busyProperty().addListener((obs, was, now) -> {
            if (!now && !viewModel.nameMessageBinding().get().isEmpty()) {
                name.requestFocus();
                name.positionCaret(name.getLength());
            }
        });

        TextField description = new TextField();
        description.setId("new-application-description");
        description.setPromptText("Optional: what uses this application");
        description.textProperty().bindBidirectional(viewModel.descriptionProperty());
        description.disableProperty().bind(viewModel.busyProperty());
        Label descriptionError = DialogLook.errorLine(viewModel.descriptionErrorBinding());

        FlowPane roleBoxes = RolesChecklist.create(viewModel.roles(), viewModel.busyProperty(),
                "new-application-roles");
        Label rolesMessage = DialogLook.muted("");
        rolesMessage.textProperty().bind(viewModel.rolesMessageProperty());
        rolesMessage.managedProperty().bind(rolesMessage.textProperty().isNotEmpty());
        rolesMessage.visibleProperty().bind(rolesMessage.managedProperty()); // an unmanaged label would still catch clicks

        CheckBox firstSecret = new CheckBox("Create a first secret");
        firstSecret.setId("new-application-first-secret");
        firstSecret.selectedProperty().bindBidirectional(viewModel.createFirstSecretProperty());
        firstSecret.disableProperty().bind(viewModel.busyProperty());
        TextField firstSecretDescription = new TextField();
        firstSecretDescription.setId("new-application-first-secret-description");
        firstSecretDescription.textProperty().bindBidirectional(viewModel.firstSecretDescriptionProperty());
        firstSecretDescription.disableProperty().bind(
                viewModel.createFirstSecretProperty().not().or(viewModel.busyProperty()));
        firstSecretDescription.setTooltip(new Tooltip("The first secret's description"));
        firstSecretDescription.setPromptText("Description of the first secret");
        firstSecretDescription.setAccessibleText("The first secret's description");
        HBox firstSecretRow = new HBox(10, firstSecret, firstSecretDescription);
        HBox.setHgrow(firstSecretDescription, Priority.ALWAYS);
        firstSecretRow.setAlignment(Pos.CENTER_LEFT);
        Label firstSecretError = DialogLook.errorLine(viewModel.firstSecretErrorBinding());
        if (!viewModel.firstSecretSupported()) {
            viewModel.createFirstSecretProperty().set(false);
            firstSecretRow.setDisable(true);
        }

        GridPane grid = DialogLook.formGrid(12, 6, false);
        int row = 0;
        grid.add(DialogLook.fieldLabel("Name", name), 0, row);
        grid.add(name, 1, row++);
        grid.add(nameError, 1, row++);
        Label descriptionLabel = DialogLook.fieldLabel("Description", description);
        grid.add(descriptionLabel, 0, row);
        grid.add(description, 1, row++);
        grid.add(descriptionError, 1, row++);
        if (viewModel.supportsRoles()) {
            Label rolesLabel = DialogLook.fieldLabel("Roles", roleBoxes);
            GridPane.setValignment(rolesLabel, javafx.geometry.VPos.TOP);
            GridPane.setMargin(rolesLabel, new Insets(6, 0, 0, 0));
            grid.add(rolesLabel, 0, row);
            grid.add(new VBox(4, roleBoxes, rolesMessage), 1, row++);
        }

        row = OwnersFields.add(grid, row, viewModel.owners(), viewModel.busyProperty(), "new-application");

        Label firstSecretLabel = DialogLook.fieldLabel("First secret", firstSecret);
        GridPane.setMargin(firstSecretLabel, new Insets(8, 0, 0, 0));
        GridPane.setMargin(firstSecretRow, new Insets(8, 0, 0, 0));
        grid.add(firstSecretLabel, 0, row);
        grid.add(firstSecretRow, 1, row++);
        grid.add(firstSecretError, 1, row);

        Label requestError = DialogLook.errorLine(viewModel.requestErrorProperty());
        requestError.setId("new-application-error");
        VBox box = new VBox(14, grid,
                DialogLook.busyRow(viewModel.busyProperty(), "Creating the application…"), requestError);
        dialog.getDialogPane().setContent(box);

        DialogLook.submitButton(dialog, CREATE, "new-application-create", viewModel.busyProperty(), viewModel.canCreateBinding(), true, onCreate);
        dialog.setOnShown(e -> {
            name.requestFocus();
            name.positionCaret(name.getLength()); // focus selects all; keep the caret at the end instead
        });
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    public void show() {
        dialog.show();
    }

    public void close() {
        dialog.setResult(CREATE);
        dialog.close();
    }
}
