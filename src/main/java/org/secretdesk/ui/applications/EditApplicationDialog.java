package org.secretdesk.ui.applications;

import java.util.Objects;
import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.secretdesk.ui.reveal.DialogLook;

/** "Edit application": description, roles and owners, bound to {@link EditApplicationViewModel}. */
public final class EditApplicationDialog {

    public static final ButtonType SAVE = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);

    private final Dialog<ButtonType> dialog = new Dialog<>();

    public EditApplicationDialog(Window owner, EditApplicationViewModel viewModel, Runnable onSave) {
        Objects.requireNonNull(viewModel);
        DialogLook.prepare(dialog, owner, "Edit application", "Edit “" + viewModel.application().name() + "”");
        dialog.setGraphic(DialogLook.headerIcon(Feather.EDIT_2, false));
        dialog.getDialogPane().setId("edit-application-dialog");

        Label clientId = DialogLook.muted("client_id " + viewModel.application().clientId()
                + " — the name and client ID do not change.");
        TextField description = new TextField();
        description.setId("edit-application-description");
        description.setPromptText("What uses this application");
        description.textProperty().bindBidirectional(viewModel.description());
        description.disableProperty().bind(viewModel.submission().busyProperty());
        Label descriptionError = DialogLook.errorLine(viewModel.descriptionError());

        GridPane grid = DialogLook.formGrid(12, 6, false);
        grid.add(DialogLook.fieldLabel("Description", description), 0, 0);
        grid.add(description, 1, 0);
        grid.add(descriptionError, 1, 1);
        if (viewModel.supportsRoles()) {
            FlowPane roles = RolesChecklist.create(viewModel.roles(), viewModel.submission().busyProperty(),
                    "edit-application-roles");
            Label rolesMessage = DialogLook.muted("");
            rolesMessage.textProperty().bind(viewModel.roles().messageProperty());
            rolesMessage.managedProperty().bind(rolesMessage.textProperty().isNotEmpty());
            rolesMessage.visibleProperty().bind(rolesMessage.managedProperty());
            Label rolesLabel = DialogLook.fieldLabel("Roles", roles);
            GridPane.setValignment(rolesLabel, VPos.TOP);
            GridPane.setMargin(rolesLabel, new Insets(6, 0, 0, 0));
            grid.add(rolesLabel, 0, 2);
            grid.add(new VBox(4, roles, rolesMessage), 1, 2);
        }
        OwnersFields.add(grid, 3, viewModel.owners(), viewModel.submission().busyProperty(), "edit-application");
        Label error = DialogLook.errorLine(viewModel.submission().errorProperty());
        error.setId("edit-application-error");
        dialog.getDialogPane().setContent(new VBox(14, clientId, grid,
                DialogLook.busyRow(viewModel.submission().busyProperty(), "Saving…"), error));

        DialogLook.submitButton(dialog, SAVE, "edit-application-save", viewModel.submission().busyProperty(), viewModel.canSave(), true, onSave);
        dialog.setOnShown(e -> description.requestFocus());
    }

    public void show() {
        dialog.show();
    }

    public void close() {
        dialog.setResult(SAVE);
        dialog.close();
    }
}
