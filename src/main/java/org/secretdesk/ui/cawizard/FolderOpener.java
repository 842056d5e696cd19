package org.secretdesk.ui.cawizard;

import java.awt.Desktop;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.application.HostServices;

/** "Open folder": the OS file manager, through HostServices or AWT Desktop, whichever this platform offers. */
@FunctionalInterface
public interface FolderOpener {

    void open(Path folder);

    /** An opener for this platform, or empty when none is available (the button is then not shown). */
    static Optional<FolderOpener> forPlatform(HostServices hostServices, Executor executor) {
        if (hostServices != null) {
            return Optional.of(folder -> hostServices.showDocument(folder.toUri().toString()));
        }
        try {
            if (!java.awt.GraphicsEnvironment.isHeadless() && Desktop.isDesktopSupported()
                    && Desktop.getDesktop().isSupported(Desktop.Action.OPEN)) {
                // Desktop.open blocks on some platforms: keep it off the FX thread.
                return Optional.of(folder -> executor.execute(() -> {
                    try {
                        Desktop.getDesktop().open(folder.toFile());
                    } catch (Exception e) {
                        // Nothing to open it with: the paths are on the page to copy.
                    }
                }));
            }
        } catch (RuntimeException | LinkageError e) {
            // no AWT on this runtime
        }
        return Optional.empty();
    }
}
