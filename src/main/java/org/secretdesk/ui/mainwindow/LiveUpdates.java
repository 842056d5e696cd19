package org.secretdesk.ui.mainwindow;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.client.EventSubscription;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.model.GatewayEvent;
import org.secretdesk.ui.common.Background;

/**
 * Keeps the window live: subscribes to the gateway's events <em>before</em> the data is read (a change made between
 * reading and subscribing would otherwise be missed until the next reload), collects bursts of events, and when the
 * stream breaks reconnects with a growing back-off — subscribing again first, then reading everything again.
 * {@link State#LIVE} means: the stream is open and the data shown was read after it opened, so nothing is missed.
 */
public final class LiveUpdates {

    /** How far the window is from following every change. */
    public enum State {
        /** Not connected. */
        OFF,
        /** Subscribing. */
        OPENING,
        /** The stream is open; the data read after it opened has not arrived yet. */
        CATCHING_UP,
        /** The stream is open and the data shown was read after it opened: every change shows. */
        LIVE,
        /** The backend publishes no changes: refresh to see them. */
        UNSUPPORTED,
        /** The stream broke; a reconnect is due (or waits for Retry). */
        LOST
    }

    /** What the main window does when the stream asks for it. */
    interface Listener {
        /** The stream is open, or will not open (no live events, a failure, slow to answer): read everything now. */
        void readEverything();

        /** Applications changed (or, with {@code everything}, too many or unknown ones). */
        void changed(Set<String> applicationIds, boolean everything);

        void notificationsChanged();

        /** The stream broke or the gateway could not be reached; {@code willRetry} false when reconnect is off. */
        void lost(boolean willRetry);
    }

    /** Bursts of events are collected for this long before reloading. */
    static final Duration EVENT_DEBOUNCE = Duration.ofMillis(250);
    /** Above this many changed applications in one burst, reload everything instead of one by one. */
    static final int FULL_RELOAD_THRESHOLD = 25;
    static final Duration RECONNECT_MIN = Duration.ofSeconds(1);
    static final Duration RECONNECT_MAX = Duration.ofSeconds(15);
    /** A stream that has not opened by then does not hold the data back: it is read, and read again on open. */
    static final Duration OPEN_WAIT = Duration.ofSeconds(2);

    private final Background background;
    private final ConnectionViewModel connection;
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.OFF);
    private Listener listener;
    private EventSubscription subscription;
    /** Bumped by every subscription attempt and stop: callbacks of an older one are ignored. */
    private long attempt;
    private boolean open;
    private boolean autoReconnect = true;
    private int reconnectAttempt;
    private Background.Cancellable reconnectTimer;
    private Background.Cancellable openWait;
    private Background.Cancellable debounceTimer;
    private final Set<String> pendingIds = new LinkedHashSet<>();
    private boolean pendingAll;

    LiveUpdates(Background background, ConnectionViewModel connection) {
        this.background = background;
        this.connection = connection;
    }

    void listener(Listener value) {
        this.listener = value;
    }

    /** One subscription attempt: callbacks of an older one are ignored. */
    private final class Attempt {
        final long id = ++attempt;
        final long conn = connection.generation();
        boolean ready;

        boolean current() {
            return id == attempt;
        }

        /** The data is read now, once per attempt: the stream opened, or will not. */
        void ready() {
            if (!ready && connection.isCurrent(conn)) {
                ready = true;
                cancel(openWait);
                listener.readEverything();
            }
        }
    }

    /** Subscribes for the current connection; the listener reads everything once the stream opened (or will not). */
    void start() {
        stopStream();
        GatewayClient c = connection.client();
        if (c == null) {
            return;
        }
        Attempt mine = new Attempt();
        state.set(State.OPENING);
        openWait = background.later(OPEN_WAIT, mine::ready);
        background.call(() -> c.capabilities().supports(Feature.LIVE_EVENTS)
                        ? c.subscribe(event -> background.onUi(() -> onEvent(mine, event)),
                        failure -> background.onUi(() -> onBroken(mine)),
                        () -> background.onUi(() -> onOpen(mine)))
                        : null,
                sub -> {
                    if (!mine.current()) {
                        closeQuietly(sub);
                    } else if (sub == null) {
                        state.set(State.UNSUPPORTED);
                        mine.ready();
                    } else {
                        subscription = sub;
                    }
                },
                error -> onBroken(mine));
    }

    private void onOpen(Attempt mine) {
        if (!mine.current()) {
            return;
        }
        open = true;
        state.set(State.CATCHING_UP);
        if (mine.ready) {
            // Read already (the wait ran out): the listener reads again if that read began before the stream opened.
            listener.readEverything();
        } else {
            mine.ready();
        }
    }

    private void onBroken(Attempt mine) {
        if (!mine.current()) {
            return;
        }
        attempt++;
        subscription = null;
        open = false;
        cancel(openWait);
        state.set(State.LOST);
        scheduleReconnect();
        listener.lost(autoReconnect);
        // Read anyway: either the data shows, or the failure is explained.
        mine.ready();
    }

    /** Whether data read from now on misses no change: the stream is open, or the backend has none. */
    boolean coversChangesFromNow() {
        return open || state.get() == State.UNSUPPORTED;
    }

    /** Data was read and shown; if it was read while the stream was open, the window is live. */
    void caughtUp(boolean readWhileCovered) {
        reconnectAttempt = 0;
        if (readWhileCovered && open) {
            state.set(State.LIVE);
        }
    }

    /** A call found the gateway unreachable: treat the stream as broken too, and reconnect unless already due. */
    void connectionLost() {
        if (reconnectTimer == null) {
            stopStream();
            state.set(State.LOST);
            scheduleReconnect();
        }
    }

    /** Whether Retry should reconnect rather than reload. */
    boolean needsReconnect() {
        return reconnectTimer != null || (!open && state.get() != State.UNSUPPORTED);
    }

    /** Reconnects now (Retry, F5 while reconnecting). */
    void reconnectNow() {
        cancel(reconnectTimer);
        reconnectTimer = null;
        start();
    }

    /** Preferences: whether a lost connection is retried on its own (else the banner's Retry does it). */
    void setAutoReconnect(boolean value) {
        autoReconnect = value;
    }

    boolean autoReconnect() {
        return autoReconnect;
    }

    private void scheduleReconnect() {
        cancel(reconnectTimer);
        reconnectTimer = null;
        if (!autoReconnect) {
            return;
        }
        long delayMs = Math.min(RECONNECT_MAX.toMillis(), RECONNECT_MIN.toMillis() << Math.min(reconnectAttempt, 5));
        reconnectAttempt++;
        reconnectTimer = background.later(Duration.ofMillis(delayMs), this::reconnectNow);
    }

    boolean reconnectDue() {
        return reconnectTimer != null;
    }

    private void onEvent(Attempt mine, GatewayEvent event) {
        if (!mine.current()) {
            return;
        }
        if (event.type() != null && event.type().startsWith("notification")) {
            listener.notificationsChanged();
            return;
        }
        if ("secret.leaked".equals(event.type())) {
            // A leak report is also a notification (the bell), and it changed the secret (reloaded below).
            listener.notificationsChanged();
        }
        if (event.applicationId() == null) {
            pendingAll = true;
        } else {
            pendingIds.add(event.applicationId());
        }
        if (debounceTimer == null) {
            debounceTimer = background.later(EVENT_DEBOUNCE, this::flush);
        }
    }

    private void flush() {
        debounceTimer = null;
        Set<String> ids = Set.copyOf(pendingIds);
        boolean all = pendingAll || ids.size() > FULL_RELOAD_THRESHOLD;
        pendingIds.clear();
        pendingAll = false;
        if (connection.client() != null) {
            listener.changed(ids, all);
        }
    }

    /** Not connected any more: no stream, no timers. */
    void stop() {
        stopStream();
        cancel(reconnectTimer);
        reconnectTimer = null;
        cancel(debounceTimer);
        debounceTimer = null;
        pendingIds.clear();
        pendingAll = false;
        reconnectAttempt = 0;
        // The state stays as it was until the next connection starts: callers may stop from any thread (quitting).
    }

    private void stopStream() {
        attempt++;
        open = false;
        cancel(openWait);
        EventSubscription s = subscription;
        subscription = null;
        closeQuietly(s);
    }

    /** Closing may touch the network: off the UI thread. */
    private void closeQuietly(EventSubscription s) {
        if (s != null) {
            background.call(() -> {
                s.close();
                return Boolean.TRUE;
            }, ignored -> { }, ignored -> { });
        }
    }

    private static void cancel(Background.Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state;
    }
}
