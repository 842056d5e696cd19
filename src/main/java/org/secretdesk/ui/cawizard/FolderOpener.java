package org.secretdesk.ui.cawizard;

import java.awt.Desktop;
import java.nio.file.Path;
import java.util.Optional;
import javafx.application.HostServices;
import org.secretdesk.ui.common.Background;

/** "Open folder": the OS file manager, through HostServices or AWT Desktop, whichever this platform offers. */
@FunctionalInterface
public interface FolderOpener {

    void open(Path folder);

    /** An opener for this platform, or empty when none is available (the button is then not shown). */
    static Optional<FolderOpener> forPlatform(HostServices hostServices, Background background) {
        if (hostServices != null) {
            return Optional.of(folder -> hostServices.showDocument(folder.toUri().toString()));
        }
        try {
            if (!java.awt.GraphicsEnvironment.isHeadless() && Desktop.isDesktopSupported()
                    && Desktop.getDesktop().isSupported(Desktop.Action.OPEN)) {
                // Desktop.open blocks on some platforms: keep it off the FX thread.
                // Nothing to open it with: the paths are on the page to copy.
                return Optional.of(folder -> background.call(() -> {
                    Desktop.getDesktop().open(folder.toFile());
                    return folder;
                }, opened -> { }, failed -> { }));
            }
        } catch (RuntimeException | LinkageError e) {
            // no AWT on this runtime
        }
        return Optional.empty();
    }
}
