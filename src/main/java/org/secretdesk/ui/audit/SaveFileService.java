package org.secretdesk.ui.audit;

import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.Window;

/** Asks where to save a file; the console uses a FileChooser, tests answer with a path. */
public interface SaveFileService {

    Optional<Path> chooseSaveFile(Window owner, String title, String suggestedName, String extensionDescription,
                                  String extension);
}
