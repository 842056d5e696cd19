package org.secretdesk.ui.cawizard;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** The platform's native file and folder choosers. */
public final class FxFileChooserService implements FileChooserService {

    @Override
    public Optional<Path> chooseCertificateFile(Window owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Choose a certificate file");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Certificates (*.pem, *.crt, *.cer, *.der)",
                        "*.pem", "*.crt", "*.cer", "*.der"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        File f = chooser.showOpenDialog(owner);
        return Optional.ofNullable(f).map(File::toPath);
    }

    @Override
    public Optional<Path> chooseFolder(Window owner, Path initial) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Choose the folder to save to");
        if (initial != null && Files.isDirectory(initial)) {
            chooser.setInitialDirectory(initial.toFile());
        }
        File f = chooser.showDialog(owner);
        return Optional.ofNullable(f).map(File::toPath);
    }
}
