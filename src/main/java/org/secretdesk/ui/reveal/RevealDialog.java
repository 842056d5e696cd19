package org.secretdesk.ui.reveal;

import atlantafx.base.theme.Styles;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.stage.WindowEvent;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.model.SecretValue;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.common.DialogService;

/**
 * "Copy your client secret": shows a freshly issued secret once. Done is enabled once the operator copied it,
 * saved it to a client-secret file or ticked "I have stored it elsewhere"; closing before that asks first. The
 * secret's characters are wiped when the dialog closes, however it closes.
 */
public final class RevealDialog {

    public static final ButtonType DONE = new ButtonType("Done", ButtonBar.ButtonData.OK_DONE);

    private final RevealViewModel viewModel;
    private final ClipboardGuard clipboard;
    private final DialogService dialogs;
    private final Background background;
    private final AtomicReference<Path> lastFolder;
    private final Button copySecret = new Button("Copy secret", new FontIcon(Feather.CLIPBOARD));
    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final SecretField secretField = new SecretField();
    private final Label saveError = new Label();
    private boolean closeApproved;

    /**
     * @param lastFolder where the last client-secret file was saved (this session), where the next save starts;
     *                   updated after a save
     */
    public RevealDialog(Window owner, RevealViewModel viewModel, ClipboardGuard clipboard, DialogService dialogs,
                        Background background, AtomicReference<Path> lastFolder) {
        this.lastFolder = Objects.requireNonNull(lastFolder);
        this.viewModel = Objects.requireNonNull(viewModel);
        this.clipboard = Objects.requireNonNull(clipboard);
        this.dialogs = Objects.requireNonNull(dialogs);
        this.background = Objects.requireNonNull(background);
        DialogLook.prepare(dialog, owner, RevealViewModel.TITLE, RevealViewModel.TITLE);
        dialog.setGraphic(DialogLook.headerIcon(Feather.KEY, false));
        dialog.getDialogPane().setId("reveal-dialog");
        dialog.getDialogPane().setContent(content());
        dialog.getDialogPane().getButtonTypes().setAll(DONE);
        Button done = (Button) dialog.getDialogPane().lookupButton(DONE);
        done.setId("reveal-done");
        done.getStyleClass().add(Styles.ACCENT);
        done.disableProperty().bind(viewModel.canFinishBinding().not());
        // Enter copies until the secret is kept somewhere, then Enter is Done: the focus moves there too.
        done.defaultButtonProperty().bind(viewModel.canFinishBinding());
        copySecret.defaultButtonProperty().bind(viewModel.canFinishBinding().not());
        viewModel.canFinishBinding().addListener((obs, was, kept) -> {
            if (kept && copySecret.isFocused()) {
                done.requestFocus();
            }
        });

        // Esc, the window's close button and Done all come through here.
        dialog.getDialogPane().addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                e.consume();
                requestClose();
            }
        });
        // The window's close button: JavaFX's Dialog would pick a result and close on its own, so take the
        // request before it does.
        dialog.setOnShown(e -> {
            dialog.getDialogPane().getScene().getWindow()
                    .addEventFilter(WindowEvent.WINDOW_CLOSE_REQUEST, close -> {
                        close.consume();
                        requestClose();
                    });
            // The first thing to do is copying the secret, not the client id.
            copySecret.requestFocus();
        });
        dialog.setOnCloseRequest(e -> {
            if (!closeApproved && !approveClose()) {
                e.consume();
            }
        });
        dialog.setOnHidden(e -> {
            secretField.wipe();
            viewModel.wipe();
        });
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    public void show() {
        dialog.show();
    }

    /** Closes after asking when the secret was not kept; what Esc does. */
    public void requestClose() {
        if (approveClose()) {
            closeApproved = true;
            dialog.setResult(DONE);
            dialog.close();
        }
    }

    private boolean approveClose() {
        if (!viewModel.closeNeedsConfirmation()) {
            return true;
        }
        return dialogs.confirm(dialog.getDialogPane().getScene().getWindow(), RevealViewModel.CLOSE_TITLE,
                RevealViewModel.CLOSE_QUESTION, RevealViewModel.CLOSE_CONFIRM, true);
    }

    private VBox content() {
        Label subtitle = DialogLook.muted(viewModel.applicationName()
                + (viewModel.description().isEmpty() ? "" : "  ·  " + viewModel.description())
                + "  ·  " + viewModel.expiryText());
        subtitle.setId("reveal-subtitle");
        subtitle.getStyleClass().add("sd-subtitle");

        TextField clientId = new TextField(viewModel.clientId());
        clientId.setId("reveal-client-id");
        clientId.setEditable(false);
        clientId.getStyleClass().add("sd-mono");
        clientId.setFocusTraversable(false);
        Button copyClientId = iconButton(Feather.COPY, "Copy client ID");
        copyClientId.setId("reveal-copy-client-id");
        copyClientId.setOnAction(e -> viewModel.copyClientId());

        secretField.setId("reveal-secret");
        secretField.setSecret(viewModel.secret());
        secretField.shownProperty().bindBidirectional(viewModel.shownProperty());
        secretField.setMaxWidth(Double.MAX_VALUE);
        ToggleButton showToggle = new ToggleButton();
        showToggle.setId("reveal-show");
        showToggle.getStyleClass().add(Styles.BUTTON_ICON);
        showToggle.selectedProperty().bindBidirectional(viewModel.shownProperty());
        showToggle.graphicProperty().bind(Bindings.createObjectBinding(
                () -> new FontIcon(showToggle.isSelected() ? Feather.EYE_OFF : Feather.EYE),
                showToggle.selectedProperty()));
        Tooltip showTip = new Tooltip();
        showTip.textProperty().bind(Bindings.when(showToggle.selectedProperty()).then("Hide secret")
                .otherwise("Show secret"));
        showToggle.setTooltip(showTip);
        showToggle.setAccessibleText("Show or hide the secret");

        GridPane grid = DialogLook.formGrid(8, 10, true);
        int row = 0;
        // No client ID row where the backend has none (a DataMiner name is only a name): an empty field and a
        // copy button that copies nothing said otherwise (issue 25).
        if (!viewModel.clientId().isBlank()) {
            grid.addRow(row++, DialogLook.fieldLabel("Client ID", clientId), clientId, copyClientId);
        }
        grid.addRow(row, DialogLook.fieldLabel("Client secret", secretField), secretField, showToggle);
        GridPane.setFillWidth(secretField, true);

        copySecret.setId("reveal-copy-secret");
        copySecret.getStyleClass().add(Styles.ACCENT);
        copySecret.setOnAction(e -> viewModel.copySecret());
        copySecret.disableProperty().bind(viewModel.wipedProperty());

        MenuItem generic = new MenuItem("Client ID and secret (JSON)…");
        generic.setId("reveal-save-generic");
        generic.setOnAction(e -> saveToFile(ClientSecretFile.Format.CLIENT_CREDENTIALS));
        MenuItem dataMiner = new MenuItem("DataMiner client-secret file…");
        dataMiner.setId("reveal-save-dataminer");
        dataMiner.setOnAction(e -> saveToFile(ClientSecretFile.Format.DATAMINER));
        MenuButton save = new MenuButton("Save to a file", new FontIcon(Feather.SAVE), generic, dataMiner);
        save.setId("reveal-save");
        save.disableProperty().bind(viewModel.wipedProperty());

        Label status = new Label();
        status.setId("reveal-status");
        status.getStyleClass().add("sd-success");
        status.textProperty().bind(statusText());
        status.setWrapText(true);
        // The status has a line of its own under the buttons: beside them it took their width once it appeared
        // ("Copy …", "Save client-secre…", issue 25). The line is kept while empty, so the dialog does not jump.
        status.setMinHeight(Region.USE_PREF_SIZE);
        copySecret.setMinWidth(Region.USE_PREF_SIZE);
        save.setMinWidth(Region.USE_PREF_SIZE);
        HBox buttons = new HBox(8, copySecret, save);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox actions = new VBox(6, buttons, status);

        saveError.getStyleClass().add("sd-error");
        saveError.setWrapText(true);
        saveError.managedProperty().bind(saveError.textProperty().isNotEmpty());
        saveError.visibleProperty().bind(saveError.managedProperty());

        CheckBox storedElsewhere = new CheckBox("I have stored it elsewhere");
        storedElsewhere.setId("reveal-stored-elsewhere");
        storedElsewhere.selectedProperty().bindBidirectional(viewModel.storedElsewhereProperty());

        var warning = DialogLook.callout(DialogLook.Tone.WARNING, viewModel.warning());
        warning.setId("reveal-warning");
        VBox box = new VBox(14, subtitle, warning);
        if (!viewModel.graceText().isEmpty()) {
            var grace = DialogLook.callout(DialogLook.Tone.INFO, viewModel.graceText());
            grace.setId("reveal-grace");
            box.getChildren().add(grace);
        }
        box.getChildren().addAll(grid, actions, saveError, storedElsewhere);
        box.setFillWidth(true);
        return box;
    }

    private StringBinding statusText() {
        return Bindings.createStringBinding(() -> {
            int seconds = clipboard.secondsLeftProperty().get();
            Path saved = viewModel.savedToProperty().get();
            if (viewModel.copiedProperty().get()) {
                if (!clipboard.pendingProperty().get()) {
                    return "Copied · no longer on the clipboard";
                }
                return seconds > 0 ? "Copied · clipboard clears in " + seconds + " s" : "Copied";
            }
            return saved == null ? "" : "Saved to " + saved.getFileName();
        }, clipboard.secondsLeftProperty(), clipboard.pendingProperty(), viewModel.copiedProperty(),
                viewModel.savedToProperty());
    }

    private void saveToFile(ClientSecretFile.Format format) {
        Window window = dialog.getDialogPane().getScene().getWindow();
        boolean dataMiner = format == ClientSecretFile.Format.DATAMINER;
        var chosen = dialogs.chooseSaveFile(window, dataMiner ? "Save DataMiner client-secret file"
                        : "Save client ID and secret", lastFolder.get(), viewModel.suggestedFileName(format),
                DialogService.FileType.of(dataMiner ? "DataMiner client-secret file (*.json)"
                        : "Client ID and secret (*.json)", "*.json"));
        if (chosen.isEmpty()) {
            return;
        }
        Path target = chosen.get();
        // Asking on the FX thread is fine (a nested loop); only the write goes to the background.
        boolean replace = Files.exists(target);
        if (replace && !dialogs.confirm(window, "Replace file?", target.getFileName()
                + " already exists. Replace it with this client secret?", "Replace", true)) {
            return;
        }
        saveError.setText("");
        // The write gets its own copy, taken here on the FX thread: closing the dialog wipes the original on this
        // thread while the write may still be running.
        SecretValue copy = SecretValue.wrap(viewModel.secret().copyChars());
        String clientId = viewModel.clientId();
        background.call(() -> {
            try {
                ClientSecretFile.write(target, format, clientId, copy, replace);
            } finally {
                copy.destroy();
            }
            return target;
        }, saved -> {
            lastFolder.set(saved.toAbsolutePath().getParent());
            viewModel.markSaved(saved);
        }, e -> saveError.setText(e instanceof FileAlreadyExistsException
                ? "The file was created meanwhile; choose the file again to replace it."
                : "Could not save the file: " + e.getMessage()));
    }

    static Button iconButton(Feather icon, String tooltip) {
        Button button = new Button(null, new FontIcon(icon));
        button.getStyleClass().add(Styles.BUTTON_ICON);
        button.setTooltip(new Tooltip(tooltip));
        button.setAccessibleText(tooltip);
        return button;
    }
}
