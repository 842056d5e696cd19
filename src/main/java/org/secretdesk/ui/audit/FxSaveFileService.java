package org.secretdesk.ui.audit;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** {@link SaveFileService} with JavaFX's FileChooser. */
public final class FxSaveFileService implements SaveFileService {

    @Override
    public Optional<Path> chooseSaveFile(Window owner, String title, String suggestedName,
                                         String extensionDescription, String extension) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.setInitialFileName(suggestedName);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(extensionDescription, "*." + extension));
        File f = chooser.showSaveDialog(owner);
        return Optional.ofNullable(f).map(File::toPath);
    }
}
