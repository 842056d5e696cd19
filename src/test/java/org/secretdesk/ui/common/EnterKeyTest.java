package org.secretdesk.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.secretdesk.ui.testing.HeadlessFx;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Enter on a focused check box presses the default button; Space toggles the box (keys sent as a user's). */
@ExtendWith(ApplicationExtension.class)
class EnterKeyTest {

    static {
        HeadlessFx.useBuiltInHeadlessPlatform();
    }

    private CheckBox stored;
    private TextField name;
    private RadioButton grace;
    private Button done;
    private int pressed;

    @Start
    void start(Stage stage) {
        EnterKey.inEveryWindow();
        stored = new CheckBox("I have stored it elsewhere");
        name = new TextField();
        grace = new RadioButton("One day");
        done = new Button("Done");
        done.setDefaultButton(true);
        done.setOnAction(e -> pressed++);
        stage.setScene(new Scene(new VBox(name, stored, grace, done), 320, 200));
        stage.show();
    }

    @Test
    void enterOnATickedBoxPressesTheDefaultButtonAndLeavesTheBoxTicked(FxRobot robot) {
        robot.interact(stored::requestFocus);
        robot.type(KeyCode.SPACE);
        assertThat(stored.isSelected()).as("Space ticks the box").isTrue();
        robot.type(KeyCode.ENTER);
        assertThat(stored.isSelected()).as("the box after Enter").isTrue();
        assertThat(pressed).as("Done pressed by Enter").isEqualTo(1);
    }

    @Test
    void enterWithTheDefaultButtonDisabledDoesNothingAtAll(FxRobot robot) {
        robot.interact(() -> {
            done.disableProperty().bind(stored.selectedProperty().not());
            stored.requestFocus();
        });
        robot.type(KeyCode.ENTER);
        assertThat(stored.isSelected()).as("Enter does not tick the box").isFalse();
        assertThat(pressed).isZero();
    }

    @Test
    void enterOnARadioButtonPressesTheDefaultButtonWithoutChoosingIt(FxRobot robot) {
        robot.interact(grace::requestFocus);
        robot.type(KeyCode.ENTER);
        assertThat(grace.isSelected()).as("the radio button after Enter").isFalse();
        assertThat(pressed).isEqualTo(1);
    }

    @Test
    void enterInATextFieldStillReachesTheDefaultButtonAsBefore(FxRobot robot) {
        robot.interact(name::requestFocus);
        robot.type(KeyCode.ENTER);
        assertThat(pressed).isEqualTo(1);
        assertThat(stored.isSelected()).isFalse();
    }
}
