package org.secretdesk.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.desk.AdminKeyVault;
import org.secretdesk.model.SecretValue;
import org.secretdesk.server.embedded.EmbeddedGateway;
import org.secretdesk.ui.common.StartupTimeline;
import org.secretdesk.ui.mainwindow.ConnectionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the embedded gateway (data in {@code <dataDir>/gateway}, loopback, random port) and connects to it,
 * trusting only its CA. The admin key lives in the OS keychain; when no keychain is usable it stays in the
 * gateway's owner-only {@code admin.key} file, and the connection details say which. Blocks: call off the FX
 * thread.
 */
final class EmbeddedConnection {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedConnection.class);

    private EmbeddedConnection() {
    }

    static ConsoleConnection open(Path dataDir) {
        return open(dataDir, new AdminKeyVault());
    }

    static ConsoleConnection open(Path dataDir, AdminKeyVault vault) {
        Path gatewayDir = dataDir.resolve("gateway");
        // The keychain (D-Bus on Linux, which may not answer at all) is asked while the gateway opens its database.
        CompletableFuture<KeyChoice> keyChoice = CompletableFuture.supplyAsync(() -> chooseKey(vault),
                r -> Thread.ofPlatform().daemon().name("keychain-probe").start(r));
        KeyChoice[] chosen = new KeyChoice[1];
        EmbeddedGateway gateway = EmbeddedGateway.startAskingAdminKey(gatewayDir, () -> {
            chosen[0] = keyChoice.join();
            return chosen[0].key();
        });
        StartupTimeline.mark("local gateway listening");
        LOG.info("Local gateway on {} (data in {})", gateway.baseUri(), gatewayDir);
        KeyChoice choice = chosen[0];
        try {
            String storage;
            if (choice.key() != null) {
                storage = "in the OS keychain (" + vault.backendName() + ", service \"" + AdminKeyVault.SERVICE
                        + "\")";
                // A key file left from a run without keychain is no longer accepted: do not leave it lying around.
                Files.deleteIfExists(gatewayDir.resolve("admin.key"));
            } else {
                storage = "in the file " + gateway.adminKeyFile() + ", readable by you only (no usable OS keychain: "
                        + choice.whyNoKeychain() + ")";
            }
            SecretDeskClient client = new SecretDeskClient(gateway.baseUri(), gateway.adminKey(),
                    TlsTrust.of(List.of(gateway.caCertificate())));
            ConnectionInfo info = new ConnectionInfo("Local gateway", "SecretDesk gateway (embedded)",
                    gateway.baseUri().toString(), storage, fingerprint(gateway));
            return new ConsoleConnection(client, info, gateway);
        } catch (Exception | Error e) {
            gateway.close();
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * The same running gateway with a new client that trusts its current CA: after a CA rotation the old client
     * no longer accepts the gateway's certificate. The caller closes only the old client (not the gateway).
     */
    static ConsoleConnection withFreshClient(ConsoleConnection old) {
        if (!(old.resources() instanceof EmbeddedGateway gateway)) {
            throw new IllegalArgumentException("Not an embedded gateway connection");
        }
        SecretDeskClient client = new SecretDeskClient(gateway.baseUri(), gateway.adminKey(),
                TlsTrust.of(List.of(gateway.caCertificate())));
        ConnectionInfo was = old.info();
        return new ConsoleConnection(client, new ConnectionInfo(was.name(), was.kind(), was.url(),
                was.adminKeyStorage(), fingerprint(gateway)), gateway);
    }

    private record KeyChoice(SecretValue key, String whyNoKeychain) {
    }

    /** The keychain's key, a new one stored there on first start, or none (use the file) when it cannot be used. */
    private static KeyChoice chooseKey(AdminKeyVault vault) {
        try {
            Optional<SecretValue> stored = vault.read();
            if (stored.isPresent()) {
                return new KeyChoice(stored.get(), null);
            }
            SecretValue fresh = EmbeddedGateway.newAdminKey();
            vault.write(fresh);
            // Only trust the keychain with the key once it gives it back: otherwise the gateway would lock us out.
            Optional<SecretValue> back = vault.read();
            if (back.isEmpty() || !back.get().equals(fresh)) {
                return new KeyChoice(null, "the keychain did not keep the key");
            }
            return new KeyChoice(fresh, null);
        } catch (org.secretdesk.desk.connections.CredentialStore.UnavailableException e) {
            LOG.info("No usable OS keychain ({}); the embedded gateway keeps its admin key in its data directory",
                    e.getMessage());
            return new KeyChoice(null, e.getMessage());
        }
    }

    private static String fingerprint(EmbeddedGateway gateway) {
        String hex = TlsTrust.sha256Hex(gateway.caCertificate()).toUpperCase(java.util.Locale.ROOT);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(hex, i, i + 2);
        }
        return sb.toString();
    }
}
