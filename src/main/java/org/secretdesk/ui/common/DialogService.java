package org.secretdesk.ui.common;

import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.Window;

/**
 * The console's small, modal questions (confirm, error, file choice) behind one interface, so workflows can be
 * tested with a scripted fake. Every method runs on the FX thread and blocks in a nested event loop.
 */
public interface DialogService {

    /**
     * Asks a yes/no question.
     *
     * @param confirmLabel the text of the affirmative button ("Close without saving", "Replace")
     * @param danger       styles the affirmative button as destructive
     * @return true when the operator chose the affirmative button
     */
    boolean confirm(Window owner, String title, String message, String confirmLabel, boolean danger);

    void showError(Window owner, String title, String message);

    /** A save-file chooser; the caller asks before replacing an existing file. */
    Optional<Path> chooseSaveFile(Window owner, String title, String initialFileName, String filterDescription,
                                  String filterPattern);
}
