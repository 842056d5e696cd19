package org.secretdesk.ui.reveal;

import java.util.Arrays;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.HPos;
import javafx.geometry.VPos;
import javafx.scene.AccessibleAttribute;
import javafx.scene.AccessibleRole;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;
import org.secretdesk.model.SecretValue;

/**
 * A read-only display of a secret: masked bullets by default, the characters when {@link #shownProperty()} is
 * set. It keeps its own {@code char[]} copy, which {@link #wipe()} zeroes.
 *
 * <p>Unlike a TextField it has no selection, no cut/copy, no drag source and no context menu, and it tells
 * assistive technology only that a hidden client secret is here, never the characters. While the value is shown,
 * the Text node needs a String of it (JavaFX renders Strings only); that String is dropped when the value is
 * hidden again or wiped, and the garbage collector reclaims it.
 */
public final class SecretField extends Region {

    public static final String ACCESSIBLE_TEXT = "Client secret (hidden)";
    private static final char BULLET = '\u2022';

    private final Text text = new Text();
    private final BooleanProperty shown = new SimpleBooleanProperty(this, "shown", false);
    private char[] chars = new char[0];
    private boolean wiped;

    public SecretField() {
        getStyleClass().add("secret-field");
        text.getStyleClass().add("secret-field-text");
        getChildren().add(text);
        setPadding(new Insets(6, 10, 6, 10));
        setFocusTraversable(true);
        setAccessibleRole(AccessibleRole.TEXT);
        setAccessibleText(ACCESSIBLE_TEXT);
        shown.addListener((obs, was, now) -> render());
        // Nothing to select or copy, and no menu with "Copy" in it.
        setOnContextMenuRequested(e -> e.consume());
        addEventFilter(MouseEvent.DRAG_DETECTED, MouseEvent::consume);
        addEventFilter(KeyEvent.ANY, e -> {
            if (e.isShortcutDown() || e.isShiftDown() && e.getCode() == javafx.scene.input.KeyCode.DELETE) {
                e.consume();
            }
        });
        render();
    }

    /** Shows {@code value} (a copy is kept; the caller still owns and wipes {@code value}). */
    public void setSecret(SecretValue value) {
        Arrays.fill(chars, '\0');
        chars = value.copyChars();
        wiped = false;
        render();
    }

    public BooleanProperty shownProperty() {
        return shown;
    }

    public boolean isShown() {
        return shown.get();
    }

    public void setShown(boolean value) {
        shown.set(value);
    }

    /**
     * Lets a long value (a calendar feed's URL) wrap onto several lines at {@code width} pixels instead of widening
     * the field; a secret stays on one line by default.
     */
    public void wrapAt(double width) {
        text.setWrappingWidth(width);
        requestLayout();
    }

    /** The number of characters held (0 after wiping). */
    public int length() {
        return chars.length;
    }

    /** What is rendered right now: bullets, the value, or nothing once wiped. For tests and layout checks. */
    public String renderedText() {
        return text.getText();
    }

    public boolean isWiped() {
        return wiped;
    }

    /** Zeroes the characters and clears the display. The field shows nothing afterwards. */
    public void wipe() {
        Arrays.fill(chars, '\0');
        chars = new char[0];
        wiped = true;
        render();
    }

    private void render() {
        if (wiped) {
            text.setText("");
        } else if (shown.get()) {
            text.setText(new String(chars)); // see class comment: JavaFX renders Strings only
        } else {
            char[] mask = new char[chars.length];
            Arrays.fill(mask, BULLET);
            text.setText(new String(mask));
        }
    }

    @Override
    public Object queryAccessibleAttribute(AccessibleAttribute attribute, Object... parameters) {
        return switch (attribute) {
            case TEXT, HELP -> ACCESSIBLE_TEXT;
            case SELECTION_START, SELECTION_END, CARET_OFFSET -> 0;
            default -> super.queryAccessibleAttribute(attribute, parameters);
        };
    }

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        layoutInArea(text, in.getLeft(), in.getTop(), getWidth() - in.getLeft() - in.getRight(),
                getHeight() - in.getTop() - in.getBottom(), 0, HPos.LEFT, VPos.CENTER);
    }

    @Override
    protected double computePrefWidth(double height) {
        Insets in = getInsets();
        return in.getLeft() + text.getLayoutBounds().getWidth() + in.getRight();
    }

    @Override
    protected double computePrefHeight(double width) {
        Insets in = getInsets();
        double fontHeight = Math.max(text.getLayoutBounds().getHeight(), text.getFont().getSize() * 1.3);
        return in.getTop() + fontHeight + in.getBottom();
    }

    @Override
    protected double computeMinWidth(double height) {
        return computePrefWidth(height);
    }
}
