package org.secretdesk.ui.connections;

import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.desk.connections.ConnectionFailedException;
import org.secretdesk.desk.connections.ConnectionProfile;
import org.secretdesk.desk.connections.Connections;
import org.secretdesk.desk.connections.UntrustedChainException;
import org.secretdesk.model.SecretValue;
import org.secretdesk.ui.common.Background;

/**
 * What the shell calls to switch to a profile: the key from the keychain, else the one typed earlier this session,
 * else asked for (and then kept for the session); the connection, and, when the chain is new or changed, the
 * fingerprint prompt; an accepted CA is pinned and the connection retried. Start on the FX thread; the network and
 * the keychain are used off it.
 */
public final class ConnectFlow {

    private final Connections connections;
    private final Background background;
    private final BiFunction<UntrustedChainException, ConnectionProfile, Boolean> askTrust;
    private final BiFunction<ConnectionProfile, String, Optional<SecretValue>> askKey;

    public ConnectFlow(Connections connections, Background background,
                       BiFunction<UntrustedChainException, ConnectionProfile, Boolean> askTrust,
                       BiFunction<ConnectionProfile, String, Optional<SecretValue>> askKey) {
        this.connections = Objects.requireNonNull(connections);
        this.background = Objects.requireNonNull(background);
        this.askTrust = Objects.requireNonNull(askTrust);
        this.askKey = Objects.requireNonNull(askKey);
    }

    /**
     * @param onConnected gets the open client (the caller closes it) and the profile as now saved
     * @param onFailed    gets one line for a banner; also called when the operator cancels a prompt
     */
    public void open(ConnectionProfile profile, BiConsumer<GatewayClient, ConnectionProfile> onConnected,
                     Consumer<String> onFailed) {
        String credential = profile.kind().credentialName().toLowerCase(Locale.ROOT);
        background.call(() -> connections.storedKey(profile), stored -> {
            if (stored.isPresent()) {
                connect(profile, stored.get(), false, onConnected, onFailed);
            } else {
                typedOrAsked(profile, "No " + credential + " is stored for this connection. It is kept for this "
                        + "session only; save it in the connection's settings to be asked less.", onConnected,
                        onFailed);
            }
        }, e -> typedOrAsked(profile, "No OS keychain can be used here (" + e.getMessage() + "), so SecretDesk asks"
                + " for the " + credential + " once a session and never writes it to a file.", onConnected, onFailed));
    }

    /** The key typed for this profile earlier in the session, else asks (and keeps it for the session). */
    private void typedOrAsked(ConnectionProfile profile, String why,
                              BiConsumer<GatewayClient, ConnectionProfile> onConnected, Consumer<String> onFailed) {
        Optional<SecretValue> typed = connections.sessionKeys().get(profile.id());
        if (typed.isPresent()) {
            connect(profile, typed.get(), true, onConnected, onFailed);
            return;
        }
        Optional<SecretValue> key = askKey.apply(profile, why);
        if (key.isEmpty()) {
            onFailed.accept("Not connected to \"" + profile.name() + "\": no "
                    + profile.kind().credentialName().toLowerCase(Locale.ROOT) + " was given.");
            return;
        }
        connect(profile, key.get(), true, onConnected, onFailed);
    }

    /** @param forSession the key was typed: kept for the session once it works, forgotten when refused */
    private void connect(ConnectionProfile profile, SecretValue key, boolean forSession,
                         BiConsumer<GatewayClient, ConnectionProfile> onConnected, Consumer<String> onFailed) {
        background.call(() -> {
            GatewayClient client = connections.open(profile, key);
            try {
                connections.select(profile);
            } catch (IOException e) {
                // The connection works; only "last selected" is not remembered.
            }
            return client;
        }, client -> {
            if (forSession) {
                connections.sessionKeys().remember(profile.id(), key);
            }
            key.destroy();
            onConnected.accept(client, profile);
        }, e -> {
            if (e instanceof UntrustedChainException u) {
                untrusted(profile, key, forSession, u, onConnected, onFailed);
                return;
            }
            if (forSession && e instanceof ConnectionFailedException f
                    && f.reason() == ConnectionFailedException.Reason.AUTHENTICATION) {
                connections.sessionKeys().forget(profile.id());
            }
            key.destroy();
            onFailed.accept(ConnectionEditorViewModel.describe(e));
        });
    }

    private void untrusted(ConnectionProfile profile, SecretValue key, boolean forSession, UntrustedChainException u,
                           BiConsumer<GatewayClient, ConnectionProfile> onConnected, Consumer<String> onFailed) {
        if (askTrust.apply(u, profile)) {
            background.call(() -> connections.trust(profile, u.presentedCa()),
                    pinned -> connect(pinned, key, forSession, onConnected, onFailed),
                    saveFailed -> {
                        key.destroy();
                        onFailed.accept("The trusted CA could not be saved: " + saveFailed.getMessage());
                    });
        } else {
            key.destroy();
            onFailed.accept(u.firstUse()
                    ? "Not connected to \"" + profile.name() + "\": its certificate was not trusted."
                    : "Blocked: the certificate of \"" + profile.name() + "\" changed. Trusted "
                    + u.pinnedFingerprint() + ", presented " + u.presentedFingerprint() + ".");
        }
    }
}
