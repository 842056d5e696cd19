package org.secretdesk.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.control.Alert;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.secretdesk.ui.testing.HeadlessFx;
import org.secretdesk.ui.testing.OnFx;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Issue 19: the "already running" message of a second console was JavaFX's unstyled default. It now takes the
 * operator's theme (dark here, where the default is light) and the console's icon.
 */
@ExtendWith(ApplicationExtension.class)
class FatalAlertTest {

    static {
        HeadlessFx.useBuiltInHeadlessPlatform();
    }

    @Start
    void start(Stage stage) {
        // nothing: the alert is its own window
    }

    @Test
    void theSecondConsolesMessageLooksLikeTheConsole() throws Exception {
        Alert alert = OnFx.read(() -> {
            Application.setUserAgentStylesheet(null); // JavaFX's own Modena, as before the theme was applied
            Alert a = FatalAlert.create("SecretDesk is already running", "The open window was brought to the front.",
                    ThemeChoice.DARK);
            a.show();
            return a;
        });
        try {
            assertThat(OnFx.read(Application::getUserAgentStylesheet))
                    .isEqualTo(new PrimerDark().getUserAgentStylesheet());
            Stage window = OnFx.read(() -> (Stage) alert.getDialogPane().getScene().getWindow());
            assertThat(OnFx.read(() -> window.getIcons().size())).as("the console's icons").isGreaterThan(0);
            assertThat(OnFx.read(window::getTitle)).isEqualTo("SecretDesk");
            assertThat(OnFx.read(alert::getHeaderText)).isEqualTo("SecretDesk is already running");
        } finally {
            OnFx.read(() -> {
                alert.close();
                Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
                return null;
            });
        }
    }
}
