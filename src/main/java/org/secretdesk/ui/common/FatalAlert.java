package org.secretdesk.ui.common;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.Stage;

/**
 * The message of a console that cannot start (another console already runs for this user, the data directory
 * cannot be used): it looks like the console — the operator's theme, read from the stored preferences before
 * anything else is set up, and the console's icon — instead of JavaFX's unstyled default (issue 19).
 */
public final class FatalAlert {

    private FatalAlert() {
    }

    /** The alert, not shown yet; its window takes the console's icons once it is shown. */
    public static Alert create(String header, String message, ThemeChoice theme) {
        new ThemeController(theme);
        Alert alert = new Alert(Alert.AlertType.ERROR, message, ButtonType.CLOSE);
        alert.setTitle("SecretDesk");
        alert.setHeaderText(header);
        alert.setOnShown(e -> ((Stage) alert.getDialogPane().getScene().getWindow()).getIcons()
                .setAll(AppIcons.load()));
        return alert;
    }
}
