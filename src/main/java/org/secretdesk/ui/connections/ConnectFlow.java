package org.secretdesk.ui.connections;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import javafx.stage.Window;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.desk.connections.ConnectionProfile;
import org.secretdesk.desk.connections.Connections;
import org.secretdesk.desk.connections.UntrustedChainException;
import org.secretdesk.model.SecretValue;
import org.secretdesk.ui.common.Tasks;

/**
 * What the shell calls to switch to a profile: the key from the keychain (or asked for this session), the
 * connection, and, when the chain is new or changed, the fingerprint prompt; an accepted CA is pinned and the
 * connection retried. Start on the FX thread; the network and the keychain are used off it.
 */
public final class ConnectFlow {

    private final Connections connections;
    private final Executor executor;
    private final BiFunction<UntrustedChainException, ConnectionProfile, Boolean> askTrust;
    private final BiFunction<ConnectionProfile, String, Optional<SecretValue>> askKey;

    /** With the real dialogs. */
    public ConnectFlow(Connections connections, Executor executor, Window owner) {
        this(connections, executor, (u, p) -> TrustPrompt.ask(owner, u, p.name()),
                (p, why) -> AdminKeyPrompt.ask(owner, p, why));
    }

    public ConnectFlow(Connections connections, Executor executor,
                       BiFunction<UntrustedChainException, ConnectionProfile, Boolean> askTrust,
                       BiFunction<ConnectionProfile, String, Optional<SecretValue>> askKey) {
        this.connections = Objects.requireNonNull(connections);
        this.executor = Objects.requireNonNull(executor);
        this.askTrust = Objects.requireNonNull(askTrust);
        this.askKey = Objects.requireNonNull(askKey);
    }

    /**
     * @param onConnected gets the open client (the caller closes it) and the profile as now saved
     * @param onFailed    gets one line for a banner; also called when the operator cancels a prompt
     */
    public void open(ConnectionProfile profile, java.util.function.BiConsumer<GatewayClient, ConnectionProfile> onConnected,
                     Consumer<String> onFailed) {
        Tasks.create(() -> connections.storedKey(profile))
                .onSuccess(stored -> stored.ifPresentOrElse(k -> connect(profile, k, onConnected, onFailed),
                        () -> askForKey(profile, "No " + profile.kind().credentialName().toLowerCase(java.util.Locale.ROOT)
                                + " is stored for this connection. It is used for this session only; save it in the"
                                + " connection's settings to be asked less.", onConnected, onFailed)))
                .onError(e -> askForKey(profile, "No OS keychain can be used here (" + e.getMessage() + "), so"
                        + " SecretDesk asks for the " + profile.kind().credentialName().toLowerCase(java.util.Locale.ROOT)
                        + " each session and never writes it to a file.", onConnected, onFailed))
                .runOn(executor);
    }

    private void askForKey(ConnectionProfile profile, String why,
                           java.util.function.BiConsumer<GatewayClient, ConnectionProfile> onConnected,
                           Consumer<String> onFailed) {
        Optional<SecretValue> key = askKey.apply(profile, why);
        if (key.isEmpty()) {
            onFailed.accept("Not connected to \"" + profile.name() + "\": no "
                    + profile.kind().credentialName().toLowerCase(java.util.Locale.ROOT) + " was given.");
            return;
        }
        connect(profile, key.get(), onConnected, onFailed);
    }

    private void connect(ConnectionProfile profile, SecretValue key,
                         java.util.function.BiConsumer<GatewayClient, ConnectionProfile> onConnected,
                         Consumer<String> onFailed) {
        Tasks.create(() -> {
                    GatewayClient client = connections.open(profile, key);
                    try {
                        connections.select(profile);
                    } catch (java.io.IOException e) {
                        // The connection works; only "last selected" is not remembered.
                    }
                    return client;
                })
                .onSuccess(client -> {
                    key.destroy();
                    onConnected.accept(client, profile);
                })
                .onError(e -> {
                    if (e instanceof UntrustedChainException u) {
                        if (askTrust.apply(u, profile)) {
                            Tasks.create(() -> connections.trust(profile, u.presentedCa()))
                                    .onSuccess(pinned -> connect(pinned, key, onConnected, onFailed))
                                    .onError(saveFailed -> {
                                        key.destroy();
                                        onFailed.accept("The trusted CA could not be saved: " + saveFailed.getMessage());
                                    })
                                    .runOn(executor);
                        } else {
                            key.destroy();
                            onFailed.accept(u.firstUse()
                                    ? "Not connected to \"" + profile.name() + "\": its certificate was not trusted."
                                    : "Blocked: the certificate of \"" + profile.name() + "\" changed. Trusted "
                                    + u.pinnedFingerprint() + ", presented " + u.presentedFingerprint() + ".");
                        }
                        return;
                    }
                    key.destroy();
                    onFailed.accept(ConnectionEditorViewModel.describe(e));
                })
                .runOn(executor);
    }
}
