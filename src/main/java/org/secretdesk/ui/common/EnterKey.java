package org.secretdesk.ui.common;

import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.RadioButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Window;

/**
 * Enter on a focused check box or radio button presses the window's default button, as in GTK, Windows and macOS
 * dialogs and in browsers' forms; Space still toggles it (a toggle button looks like a button: Enter still presses
 * it). JavaFX 26 toggles the box on Enter instead and never reaches the default button: in the reveal dialog,
 * ticking "I have stored it elsewhere" with Space and pressing Enter to finish un-ticked the box and left the dialog
 * open.
 */
public final class EnterKey {

    private static final String INSTALLED = EnterKey.class.getName();

    private EnterKey() {
    }

    private static boolean everyWindow;

    /** For every window the application shows, now and later (on the FX thread; once is enough). */
    public static void inEveryWindow() {
        if (everyWindow) {
            return;
        }
        everyWindow = true;
        Window.getWindows().forEach(EnterKey::install);
        Window.getWindows().addListener((ListChangeListener<Window>) change -> {
            while (change.next()) {
                change.getAddedSubList().forEach(EnterKey::install);
            }
        });
    }

    /** For one window (its scene may be set or replaced later). */
    public static void install(Window window) {
        if (window.getProperties().putIfAbsent(INSTALLED, Boolean.TRUE) == null) {
            window.addEventFilter(KeyEvent.KEY_PRESSED, e -> pressed(window.getScene(), e));
        }
    }

    private static void pressed(Scene scene, KeyEvent e) {
        if (scene == null || e.getCode() != KeyCode.ENTER || e.isShortcutDown() || e.isAltDown() || e.isShiftDown()) {
            return;
        }
        Node focus = scene.getFocusOwner();
        if (!(focus instanceof CheckBox || focus instanceof RadioButton)) {
            return;
        }
        e.consume();
        scene.getRoot().lookupAll(".button").stream()
                .filter(n -> n instanceof Button b && b.isDefaultButton() && !b.isDisabled() && visible(b))
                .map(Button.class::cast)
                .findFirst()
                .ifPresent(Button::fire);
    }

    private static boolean visible(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }
}
