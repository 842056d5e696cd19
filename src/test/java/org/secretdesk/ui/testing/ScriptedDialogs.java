package org.secretdesk.ui.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.stage.Window;
import org.secretdesk.ui.common.DialogService;

/**
 * A {@link DialogService} for tests: answers confirmations as told, records what was asked and every error, and
 * "chooses" the files and folder the test set (none by default), remembering what each chooser was offered.
 */
public final class ScriptedDialogs implements DialogService {

    /** A save chooser as it was opened. */
    public record SaveAsked(String title, Path initialFolder, String initialFileName, FileType type) {
    }

    public final List<String> asked = new CopyOnWriteArrayList<>();
    public final List<String> errors = new CopyOnWriteArrayList<>();
    public final List<SaveAsked> saves = new CopyOnWriteArrayList<>();
    public volatile boolean answer;
    public volatile Path saveTarget;
    public volatile Path openFile;
    public volatile Path folder;
    public volatile List<Path> openFiles = List.of();

    /** Confirms everything. */
    public ScriptedDialogs confirmingAll() {
        answer = true;
        return this;
    }

    @Override
    public boolean confirm(Window owner, String title, String message, String confirmLabel, boolean danger) {
        asked.add(message);
        return answer;
    }

    @Override
    public void showError(Window owner, String title, String message) {
        asked.add(message);
        errors.add(title + ": " + message);
    }

    @Override
    public Optional<Path> chooseSaveFile(Window owner, String title, Path initialFolder, String initialFileName,
                                         FileType type) {
        saves.add(new SaveAsked(title, initialFolder, initialFileName, type));
        return Optional.ofNullable(saveTarget);
    }

    @Override
    public Optional<Path> chooseOpenFile(Window owner, String title, List<FileType> types) {
        return Optional.ofNullable(openFile);
    }

    @Override
    public List<Path> chooseOpenFiles(Window owner, String title) {
        return openFiles;
    }

    @Override
    public Optional<Path> chooseFolder(Window owner, String title, Path initial) {
        return Optional.ofNullable(folder);
    }
}
