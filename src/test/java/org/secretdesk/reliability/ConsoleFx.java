package org.secretdesk.reliability;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.stage.Window;
import org.secretdesk.ui.common.DialogService;
import org.testfx.util.WaitForAsyncUtils;

/** FX helpers for the reliability tests that drive the console. */
final class ConsoleFx {

    private ConsoleFx() {
    }

    /** Runs {@code action} on the FX thread and returns its result. */
    static <T> T fx(Callable<T> action) throws Exception {
        return WaitForAsyncUtils.asyncFx(action).get(20, TimeUnit.SECONDS);
    }

    /** Waits (pumping FX events) until {@code condition} holds; a generous bound for a loaded machine. */
    static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.call();
        });
    }

    /** A DialogService that confirms everything, records errors instead of showing them, and chooses no file. */
    static final class NoQuestions implements DialogService {
        final List<String> errors = new CopyOnWriteArrayList<>();

        @Override
        public boolean confirm(Window owner, String title, String message, String confirmLabel, boolean danger) {
            return true;
        }

        @Override
        public void showError(Window owner, String title, String message) {
            errors.add(title + ": " + message);
        }

        @Override
        public Optional<Path> chooseSaveFile(Window owner, String title, Path initialFolder, String initialFileName,
                                             FileType type) {
            return Optional.empty();
        }

        @Override
        public Optional<Path> chooseOpenFile(Window owner, String title, List<FileType> types) {
            return Optional.empty();
        }

        @Override
        public Optional<Path> chooseFolder(Window owner, String title, Path initial) {
            return Optional.empty();
        }
    }
}
