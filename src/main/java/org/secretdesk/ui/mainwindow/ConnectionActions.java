package org.secretdesk.ui.mainwindow;

import java.util.List;
import javafx.scene.control.MenuItem;
import javafx.stage.Window;

/**
 * What the header offers about connections beyond showing the details: switching between the local gateway and
 * saved profiles, and the CA actions. Provided by the composition root; the main window works without it.
 */
public interface ConnectionActions {

    /** The switcher's entries; asked afresh each time the connection menu opens. */
    List<MenuItem> switcherItems(Window owner);

    /** "Export CA certificate…" for the current connection. */
    void exportCa(Window owner);

    /** "Rotate CA…" for the current connection. */
    void rotateCa(Window owner);

    /** "Add connection…": a saved connection to another gateway, switched to once saved. */
    default void addConnection(Window owner) {
    }
}
