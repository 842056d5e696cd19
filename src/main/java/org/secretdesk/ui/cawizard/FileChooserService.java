package org.secretdesk.ui.cawizard;

import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.Window;

/** The wizard's file and folder choices, behind an interface because native choosers cannot run headless. */
public interface FileChooserService {

    Optional<Path> chooseCertificateFile(Window owner);

    Optional<Path> chooseFolder(Window owner, Path initial);
}
