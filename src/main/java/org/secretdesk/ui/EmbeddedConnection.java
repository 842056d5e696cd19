package org.secretdesk.ui;

import java.nio.file.Path;

/** Placeholder until the embedded gateway facade and the HTTP client are merged. */
final class EmbeddedConnection {

    private EmbeddedConnection() {
    }

    static ConsoleConnection open(Path dataDir) {
        throw new IllegalStateException("The embedded gateway is not available in this build yet.");
    }
}
