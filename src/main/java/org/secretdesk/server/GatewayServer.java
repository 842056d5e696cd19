package org.secretdesk.server;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;

/**
 * A running SecretDesk gateway node. {@link #start} returns once it accepts connections; {@link #close()} stops
 * it and releases the database.
 */
public final class GatewayServer implements AutoCloseable {

    private GatewayServer() {
    }

    /** Starts a node; creates the data dir, database, CA, server certificate and admin key on first start. */
    public static GatewayServer start(GatewayConfig config, Clock clock) {
        throw new UnsupportedOperationException("in progress");
    }

    public static GatewayServer start(GatewayConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        throw new UnsupportedOperationException("in progress");
    }

    /** {@code https://HOST:PORT} (or http with insecureHttp). */
    public URI baseUri() {
        throw new UnsupportedOperationException("in progress");
    }

    /** The current root CA certificate that clients must trust. */
    public X509Certificate caCertificate() {
        throw new UnsupportedOperationException("in progress");
    }

    /** {@code dataDir/admin.key}: the generated admin key (name {@code admin}), mode 0600. */
    public Path adminKeyFile() {
        throw new UnsupportedOperationException("in progress");
    }

    /** Runs the expiry-notification scheduler once now (tests and admin tooling). */
    public void runSchedulerNow() {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("in progress");
    }
}
