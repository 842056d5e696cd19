package org.secretdesk.ui.common;

import java.util.Objects;
import javafx.scene.AccessibleAttribute;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;

/**
 * A field for typing a secret into a {@link TypedSecret}: the characters go to the model's {@code char[]} only; the
 * text the control itself holds (and renders) is one bullet per character, so no String of the secret is kept by
 * the control. Cut, copy, drag, undo and redo are disabled; paste is allowed (the clipboard's String is transient,
 * as with any paste). Accessibility reads a description, never the value.
 */
public final class SecretInput extends TextField {

    private static final char BULLET = '\u2022';

    private final TypedSecret secret;
    /** True while this field itself changes the model (the model's listener then has nothing to mirror). */
    private boolean editing;

    public SecretInput(TypedSecret secret) {
        this.secret = Objects.requireNonNull(secret);
        getStyleClass().add("secret-input");
        // The model may be wiped or replaced from outside (the dialog closed, a test typed): show as many bullets.
        secret.lengthProperty().addListener((obs, o, n) -> {
            if (!editing && getLength() != n.intValue()) {
                super.replaceText(0, getLength(), bullets(n.intValue()));
            }
        });
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            boolean shortcut = e.isShortcutDown();
            if (shortcut && (e.getCode() == KeyCode.Z || e.getCode() == KeyCode.Y || e.getCode() == KeyCode.C
                    || e.getCode() == KeyCode.X || e.getCode() == KeyCode.INSERT)
                    || KeyCombination.valueOf("Shift+Delete").match(e)) {
                e.consume();
            }
        });
        // clear() and setText("") bypass replaceText: wipe the model with them.
        textProperty().addListener((obs, o, n) -> {
            if (n == null || n.isEmpty()) {
                if (!secret.isEmpty()) {
                    secret.wipe();
                }
            } else if (n.chars().anyMatch(c -> c != BULLET)) {
                // setText with a value (a program, a test): it goes to the model, the control keeps bullets.
                char[] typed = n.toCharArray();
                editing = true;
                try {
                    secret.set(typed);
                } finally {
                    editing = false;
                }
                java.util.Arrays.fill(typed, '\0');
                setText(bullets(typed.length));
            }
        });
        setOnDragDetected(e -> e.consume());
        setOnDragOver(e -> e.acceptTransferModes(TransferMode.NONE));
        MenuItem paste = new MenuItem("Paste");
        paste.setOnAction(e -> paste());
        setContextMenu(new ContextMenu(paste));
    }

    /** Everything typing, pasting and deleting does comes through here. */
    @Override
    public void replaceText(int start, int end, String text) {
        int s = Math.max(0, Math.min(start, end));
        int e = Math.min(getLength(), Math.max(start, end));
        editing = true;
        try {
            secret.replace(s, e, text);
            super.replaceText(s, e, bullets(text.length()));
        } finally {
            editing = false;
        }
    }

    @Override
    public void cut() {
        // nothing leaves the field
    }

    @Override
    public void copy() {
        // nothing leaves the field
    }

    @Override
    public void paste() {
        Clipboard clipboard = Clipboard.getSystemClipboard();
        if (clipboard.hasString() && clipboard.getString() != null) {
            replaceSelection(clipboard.getString());
        }
    }

    @Override
    public Object queryAccessibleAttribute(AccessibleAttribute attribute, Object... parameters) {
        if (attribute == AccessibleAttribute.TEXT) {
            return getAccessibleText() != null ? getAccessibleText() : "Secret field";
        }
        return super.queryAccessibleAttribute(attribute, parameters);
    }

    private static String bullets(int n) {
        return String.valueOf(BULLET).repeat(n);
    }
}
