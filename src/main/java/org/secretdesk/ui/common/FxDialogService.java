package org.secretdesk.ui.common;

import atlantafx.base.theme.Styles;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** {@link DialogService} with JavaFX alerts and the platform's file and folder choosers. */
public final class FxDialogService implements DialogService {

    @Override
    public boolean confirm(Window owner, String title, String message, String confirmLabel, boolean danger) {
        ButtonType yes = new ButtonType(confirmLabel, ButtonBar.ButtonData.OK_DONE);
        ButtonType no = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(danger ? Alert.AlertType.WARNING : Alert.AlertType.CONFIRMATION, message, yes, no);
        alert.initOwner(owner);
        alert.getDialogPane().getStylesheets().add(FocusRings.STYLESHEET);
        // The question once, as the header; the window's title only names the program.
        alert.setTitle("SecretDesk");
        alert.setHeaderText(title);
        Button yesButton = (Button) alert.getDialogPane().lookupButton(yes);
        yesButton.getStyleClass().add(danger ? Styles.DANGER : Styles.ACCENT);
        // The safe answer is the default: Enter must not confirm a destructive choice by accident.
        yesButton.setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(no)).setDefaultButton(true);
        return alert.showAndWait().filter(yes::equals).isPresent();
    }

    @Override
    public void showError(Window owner, String title, String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
        alert.initOwner(owner);
        alert.getDialogPane().getStylesheets().add(FocusRings.STYLESHEET);
        alert.setTitle("SecretDesk");
        alert.setHeaderText(title);
        alert.showAndWait();
    }

    @Override
    public Optional<Path> chooseSaveFile(Window owner, String title, Path initialFolder, String initialFileName,
                                         FileType type) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.setInitialFileName(initialFileName);
        if (initialFolder != null && Files.isDirectory(initialFolder)) {
            chooser.setInitialDirectory(initialFolder.toFile());
        }
        chooser.getExtensionFilters().add(filter(type));
        File file = chooser.showSaveDialog(owner);
        return Optional.ofNullable(file).map(File::toPath);
    }

    @Override
    public Optional<Path> chooseOpenFile(Window owner, String title, List<FileType> types) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        types.forEach(t -> chooser.getExtensionFilters().add(filter(t)));
        File f = chooser.showOpenDialog(owner);
        return Optional.ofNullable(f).map(File::toPath);
    }

    @Override
    public List<Path> chooseOpenFiles(Window owner, String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        List<File> files = chooser.showOpenMultipleDialog(owner);
        return files == null ? List.of() : files.stream().map(File::toPath).toList();
    }

    @Override
    public Optional<Path> chooseFolder(Window owner, String title, Path initial) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(title);
        if (initial != null && Files.isDirectory(initial)) {
            chooser.setInitialDirectory(initial.toFile());
        }
        File f = chooser.showDialog(owner);
        return Optional.ofNullable(f).map(File::toPath);
    }

    private static FileChooser.ExtensionFilter filter(FileType type) {
        return new FileChooser.ExtensionFilter(type.description(), type.patterns());
    }
}
