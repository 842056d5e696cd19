package org.secretdesk.ui;

import org.secretdesk.client.GatewayClient;
import org.secretdesk.ui.mainwindow.ConnectionInfo;

/**
 * A connection the main window works with. Closing it closes the client and whatever it needed (for the
 * embedded gateway: the gateway itself).
 */
public record ConsoleConnection(GatewayClient client, ConnectionInfo info, AutoCloseable resources)
        implements AutoCloseable {

    /** Opens a connection; blocks on I/O, so it is called off the FX thread. */
    @FunctionalInterface
    public interface Opener {
        ConsoleConnection open() throws Exception;
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            try {
                if (resources != null) {
                    resources.close();
                }
            } catch (Exception ignored) {
                // Quitting: nothing useful to do with a failure to stop.
            }
        }
    }
}
