package org.secretdesk.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.secretdesk.server.ca.CaManager;
import org.secretdesk.server.ca.FileCaStore;
import org.secretdesk.server.token.SigningKeys;

/** A lone node's CA and token signing keys, from its data directory (created on first start). */
record LocalKeys(CaManager ca, SigningKeys signing) {

    static LocalKeys load(GatewayConfig config, Clock clock) {
        Path dir = config.dataDir();
        try {
            CaManager ca = CaManager.loadOrCreate(dir, clock, config.bind(), new FileCaStore(dir, clock),
                    config.tlsNames());
            ca.serverKeyStore(GatewayServer.KEYSTORE_PASSWORD); // made here, used when HTTP starts
            // Jetty's MIME table is built in a static initialiser that lists every locale of the JDK: here, it
            // does not hold up the start of HTTP.
            Class.forName("org.eclipse.jetty.http.MimeTypes", true, GatewayServer.class.getClassLoader());
            return new LocalKeys(ca, SigningKeys.loadOrCreate(dir.resolve("token-signing.key")));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    static LocalKeys await(CompletableFuture<LocalKeys> future) throws IOException {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
