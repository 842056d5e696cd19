package org.secretdesk.ui.common;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.stage.Window;

/**
 * The console's small, modal questions — confirm, error, and every file and folder choice — behind one interface,
 * so ViewModels and workflows can be tested with a scripted fake (native choosers cannot run headless). Every method
 * runs on the FX thread and blocks in a nested event loop.
 */
public interface DialogService {

    /**
     * A kind of file a chooser offers.
     *
     * @param patterns glob patterns such as {@code *.json}
     */
    record FileType(String description, List<String> patterns) {

        public static FileType of(String description, String... patterns) {
            return new FileType(description, List.of(patterns));
        }
    }

    /**
     * Asks a yes/no question.
     *
     * @param confirmLabel the text of the affirmative button ("Close without keeping it", "Replace")
     * @param danger       styles the affirmative button as destructive
     * @return true when the operator chose the affirmative button
     */
    boolean confirm(Window owner, String title, String message, String confirmLabel, boolean danger);

    void showError(Window owner, String title, String message);

    /**
     * A save-file chooser; the caller asks before replacing an existing file.
     *
     * @param initialFolder where the chooser starts, or null for the platform's choice
     */
    Optional<Path> chooseSaveFile(Window owner, String title, Path initialFolder, String initialFileName,
                                  FileType type);

    /** An open-file chooser offering {@code types} (the first one selected). */
    Optional<Path> chooseOpenFile(Window owner, String title, List<FileType> types);

    /** An open-file chooser for any number of files of any kind; empty when the operator cancelled. */
    default List<Path> chooseOpenFiles(Window owner, String title) {
        return chooseOpenFile(owner, title, List.of(FileType.of("All files", "*"))).map(List::of).orElse(List.of());
    }

    /** A folder chooser starting in {@code initial} when it exists. */
    Optional<Path> chooseFolder(Window owner, String title, Path initial);
}
