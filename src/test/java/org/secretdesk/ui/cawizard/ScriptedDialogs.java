package org.secretdesk.ui.cawizard;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.stage.Window;
import org.secretdesk.ui.common.DialogService;

/** A DialogService that answers confirmations as told and records what was asked. */
final class ScriptedDialogs implements DialogService {

    boolean answer;
    final List<String> asked = new ArrayList<>();

    @Override
    public boolean confirm(Window owner, String title, String message, String confirmLabel, boolean danger) {
        asked.add(message);
        return answer;
    }

    @Override
    public void showError(Window owner, String title, String message) {
        asked.add(message);
    }

    @Override
    public Optional<Path> chooseSaveFile(Window owner, String title, String initialFileName, String filterDescription,
                                         String filterPattern) {
        return Optional.empty();
    }
}
