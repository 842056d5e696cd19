package org.secretdesk.ui.mainwindow;

/** The console's link to its gateway, as the status bar and the header's dot show it. */
public enum ConnectionState {
    CONNECTING("Connecting…"),
    CONNECTED("Connected"),
    RECONNECTING("Reconnecting…"),
    OFFLINE("Offline");

    private final String label;

    ConnectionState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
