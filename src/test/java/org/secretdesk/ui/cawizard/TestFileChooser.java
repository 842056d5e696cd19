package org.secretdesk.ui.cawizard;

import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.Window;

/** Returns the file and folder the test set, as if the operator had chosen them. */
final class TestFileChooser implements FileChooserService {

    Path file;
    Path folder;

    @Override
    public Optional<Path> chooseCertificateFile(Window owner) {
        return Optional.ofNullable(file);
    }

    @Override
    public Optional<Path> chooseFolder(Window owner, Path initial) {
        return Optional.ofNullable(folder);
    }
}
