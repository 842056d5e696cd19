package org.secretdesk.ui.common;

import java.util.Objects;

/**
 * The stylesheet that makes every keyboard focus visible (focus.css): the main window and every dialog add it, so a
 * keyboard user sees where Tab went in each of them (KeyboardOnlyTest walks the main window's and the reveal
 * dialog's Tab stops).
 */
public final class FocusRings {

    public static final String STYLESHEET =
            Objects.requireNonNull(FocusRings.class.getResource("focus.css")).toExternalForm();

    private FocusRings() {
    }
}
