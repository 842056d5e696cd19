package org.secretdesk.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.secretdesk.ui.testing.HeadlessFx;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A typed secret goes to the ViewModel's characters; the field holds bullets only, and nothing leaves it. */
@ExtendWith(ApplicationExtension.class)
class SecretInputTest {

    static {
        HeadlessFx.useBuiltInHeadlessPlatform();
    }

    private final TypedSecret secret = new TypedSecret();
    private SecretInput field;

    @Start
    void start(Stage stage) {
        field = new SecretInput(secret);
        field.setId("secret");
        stage.setScene(new Scene(new VBox(field), 300, 100));
        stage.show();
    }

    @Test
    void typingEditingAndClearingGoToTheCharactersOnly(FxRobot robot) {
        robot.clickOn("#secret").write("journey-truststore");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(field.getLength()).isEqualTo(18);
        assertThat(secret.copy().sameAs("journey-truststore")).isTrue();
        assertThat(field.getText()).matches("\u2022{18}");

        robot.press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL).write("new-pass");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(secret.copy().sameAs("new-pass")).isTrue();
        robot.type(KeyCode.BACK_SPACE, 5);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(secret.copy().sameAs("new")).isTrue();
        assertThat(field.getLength()).isEqualTo(3);

        robot.interact(field::copy);
        robot.interact(field::clear);
        assertThat(secret.isEmpty()).isTrue();
    }
}
