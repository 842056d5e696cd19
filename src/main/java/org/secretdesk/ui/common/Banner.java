package org.secretdesk.ui.common;

/**
 * The message strip at the top of the main window: what happened and what to do.
 *
 * @param retry   whether a Retry button makes sense
 * @param problem a failure of a gateway call ({@link ErrorMessages#bannerFor}): it goes away by itself once a later
 *                call succeeds; a notice (false) stays until dismissed
 */
public record Banner(Severity severity, String title, String message, boolean retry, boolean problem) {

    public enum Severity {
        INFO,
        WARNING,
        DANGER
    }

    /** A notice: stays until the operator dismisses it or another message replaces it. */
    public Banner(Severity severity, String title, String message, boolean retry) {
        this(severity, title, message, retry, false);
    }
}
