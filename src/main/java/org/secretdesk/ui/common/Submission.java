package org.secretdesk.ui.common;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** A dialog's request to the gateway: whether it is under way (the dialog waits) and what went wrong last. */
public final class Submission {

    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

    /** The request starts: busy, the last error cleared. */
    public void start() {
        busy.set(true);
        error.set("");
    }

    public void succeeded() {
        busy.set(false);
    }

    /** The request failed: says why (busy last, so whoever watches it sees the message already). */
    public void failed(String message) {
        error.set(message);
        busy.set(false);
    }

    public boolean isBusy() {
        return busy.get();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
