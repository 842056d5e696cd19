package org.secretdesk.ui.mainwindow;

/** The expiry marker of an application or a secret in the main window. */
public enum Marker {
    NONE,
    /** ⚠ expires within the nearest notification threshold. */
    EXPIRING,
    /** ✖ has expired. */
    EXPIRED
}
