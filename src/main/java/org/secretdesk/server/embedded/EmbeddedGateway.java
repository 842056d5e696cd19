package org.secretdesk.server.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.function.Supplier;
import org.secretdesk.model.SecretValue;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.GatewayServer;
import org.secretdesk.server.Randoms;

/**
 * The one narrow door from the console into the gateway: a private gateway on loopback, random port, data in
 * the user's data directory. The console keeps the admin key in the OS keychain and passes it in; without a
 * keychain the gateway keeps it in its owner-only {@code admin.key} file.
 */
public final class EmbeddedGateway implements AutoCloseable {

    private final GatewayServer server;
    private final SecretValue adminKey;

    private EmbeddedGateway(GatewayServer server, SecretValue adminKey) {
        this.server = server;
        this.adminKey = adminKey;
    }

    /**
     * @param adminKeyOrNull the admin key kept by the console (only its hash reaches the gateway), or null to
     *                       use (and on first start create) {@code dataDir/admin.key}
     */
    public static EmbeddedGateway start(Path dataDir, SecretValue adminKeyOrNull) {
        return startAskingAdminKey(dataDir, () -> adminKeyOrNull);
    }

    /**
     * As {@link #start(Path, SecretValue)}, with the key asked for once the database is open: the console looks in
     * the OS keychain (which can take a while) while the gateway opens its database. The supplier may block.
     */
    public static EmbeddedGateway startAskingAdminKey(Path dataDir, Supplier<SecretValue> adminKeyOrNullLater) {
        GatewayConfig config = GatewayConfig.defaults(dataDir).withPort(0);
        SecretValue[] chosen = new SecretValue[1];
        GatewayServer s = GatewayServer.startAskingAdminKey(config, Clock.systemUTC(), () -> {
            chosen[0] = adminKeyOrNullLater.get();
            return chosen[0] == null ? null : Randoms.sha256Hex(chosen[0]);
        });
        if (chosen[0] != null) {
            return new EmbeddedGateway(s, chosen[0]);
        }
        try {
            String key = Files.readString(s.adminKeyFile(), StandardCharsets.UTF_8).strip();
            return new EmbeddedGateway(s, SecretValue.copyOf(key));
        } catch (IOException e) {
            s.close();
            throw new UncheckedIOException("Cannot read the embedded gateway's admin key", e);
        }
    }

    /** A fresh admin key for a first start, to be stored in the keychain before calling {@link #start}. */
    public static SecretValue newAdminKey() {
        return Randoms.newAdminKey();
    }

    public URI baseUri() {
        return server.baseUri();
    }

    public X509Certificate caCertificate() {
        return server.caCertificate();
    }

    public SecretValue adminKey() {
        return adminKey;
    }

    /** Where the admin key lives when no keychain is used. */
    public Path adminKeyFile() {
        return server.adminKeyFile();
    }

    @Override
    public void close() {
        server.close();
    }
}
