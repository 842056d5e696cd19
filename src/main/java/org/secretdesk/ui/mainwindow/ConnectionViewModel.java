package org.secretdesk.ui.mainwindow;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.ui.common.Banner;
import org.secretdesk.ui.common.ErrorMessages;

/**
 * Which gateway the main window talks to and how that is going: the client, the connection's name and details, its
 * state (the header's dot and the status bar) and the banner. Each connection gets a new generation, so answers that
 * arrive late from an earlier connection are recognised and dropped. Runs on the UI thread.
 */
public final class ConnectionViewModel {

    static final ConnectionInfo LOCAL = new ConnectionInfo("Local gateway", "SecretDesk gateway (embedded)", "", "",
            null);

    private final ObjectProperty<ConnectionInfo> info = new SimpleObjectProperty<>(LOCAL);
    private final ObjectProperty<ConnectionState> state = new SimpleObjectProperty<>(ConnectionState.CONNECTING);
    private final ObjectProperty<Banner> banner = new SimpleObjectProperty<>();
    private GatewayClient client;
    private long generation;
    private Runnable startupRetry;

    /** A new connection: later answers of the previous one no longer count. Returns its generation. */
    long open(GatewayClient gatewayClient, ConnectionInfo connection) {
        generation++;
        client = gatewayClient;
        info.set(connection);
        state.set(ConnectionState.CONNECTING);
        return generation;
    }

    /** No connection any more (the caller closes the client itself). */
    void close() {
        generation++;
        client = null;
    }

    /**
     * The connection about to be opened (a saved profile whose key may still be asked for): the header names it
     * rather than the one shown before.
     */
    public void announce(ConnectionInfo connection) {
        if (client == null) {
            info.set(connection);
            state.set(ConnectionState.CONNECTING);
        }
    }

    boolean isCurrent(long gen) {
        return gen == generation && client != null;
    }

    long generation() {
        return generation;
    }

    /** The client the dialogs should use, or null before connecting. */
    public GatewayClient client() {
        return client;
    }

    /** The console could not even start its connection: offline, with the reason and a Retry. */
    void failedToStart(Banner reason, Runnable retry) {
        startupRetry = retry;
        state.set(ConnectionState.OFFLINE);
        banner.set(reason);
    }

    /** The Retry that starts the connection again after {@link #failedToStart}, once; null when there is none. */
    Runnable takeStartupRetry() {
        Runnable r = startupRetry;
        startupRetry = null;
        if (r != null) {
            banner.set(null);
            state.set(ConnectionState.CONNECTING);
        }
        return r;
    }

    /** A gateway call succeeded: connected, and a banner about an earlier failure is out of date. */
    void reachable() {
        state.set(ConnectionState.CONNECTED);
        Banner b = banner.get();
        if (b != null && b.problem()) {
            banner.set(null);
        }
    }

    /**
     * A single call (one application, its secrets) succeeded: a banner about an earlier failed call is out of date.
     * While reconnecting the banner stays: the connection is not back until everything was read again.
     */
    void callSucceeded() {
        Banner b = banner.get();
        if (state.get() == ConnectionState.CONNECTED && b != null && b.problem()) {
            banner.set(null);
        }
    }

    void set(ConnectionState value) {
        state.set(value);
    }

    /** Explains a failed call in the banner. */
    void showProblem(Throwable error) {
        banner.set(ErrorMessages.bannerFor(error, info.get().name()));
    }

    /** A message that is not about a failed call (e.g. preferences were reset). */
    public void showNotice(Banner notice) {
        banner.set(notice);
    }

    public void dismissBanner() {
        banner.set(null);
    }

    String name() {
        return info.get().name();
    }

    public ReadOnlyObjectProperty<ConnectionInfo> infoProperty() {
        return info;
    }

    public ReadOnlyObjectProperty<ConnectionState> stateProperty() {
        return state;
    }

    public ReadOnlyObjectProperty<Banner> bannerProperty() {
        return banner;
    }
}
