package org.secretdesk.ui.mainwindow;

/**
 * The message strip at the top of the main window: what happened and what to do.
 *
 * @param retry whether a Retry button makes sense
 */
public record Banner(Severity severity, String title, String message, boolean retry) {

    public enum Severity {
        INFO,
        WARNING,
        DANGER
    }
}
