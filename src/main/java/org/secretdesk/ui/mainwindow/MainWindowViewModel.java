package org.secretdesk.ui.mainwindow;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javafx.beans.property.ReadOnlyIntegerProperty;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.Application;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.Page;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.common.Banner;
import org.secretdesk.ui.common.ErrorMessages;
import org.secretdesk.ui.common.RelativeTime;

/**
 * The main window's state, made of focused parts — the connection ({@link #connection()}), what the backend can do
 * ({@link #features()}), the applications list ({@link #applications()}), the selected application's secrets
 * ({@link #secrets()}) and what they allow ({@link #rules()}), keeping it live ({@link #live()}), the clock's markers
 * ({@link #clock()}), the status bar, the expiry alerts and the leak marks — and what ties them together: reading everything from the
 * gateway, one application after an event, and what a failure means. No controls: the View binds to the parts.
 * Everything here runs on the UI thread; gateway calls go through {@link Background}.
 */
public final class MainWindowViewModel {

    /** The connection details' Version row where the backend's API reports none (DataMiner's BrokerGateway). */
    public static final String NO_VERSION = "Its API does not report one";

    /** Page size for listing applications (the gateway's maximum). */
    static final int PAGE_SIZE = 1000;
    /** Page size of the very first page on start, so the list appears quickly. */
    static final int FIRST_PAGE_SIZE = 100;
    /** The longest the first load waits for its first page to be laid out before it reads the rest. */
    static final long FIRST_PAGE_WAIT_MS = 500;

    private record Snapshot(Capabilities capabilities, DomainSecretPolicy policy, List<Application> applications) {
    }

    private final Background background;
    private final ConnectionViewModel connection = new ConnectionViewModel();
    private final FeaturesViewModel features = new FeaturesViewModel(() -> connection.client() != null);
    private final SecretCache cache;
    private final ExpiryClock clock;
    private final ApplicationsViewModel applications;
    private final SecretsViewModel secrets;
    private final ActionRules rules;
    private final LiveUpdates live;
    private final StatusBarViewModel status;
    private final SecretSearch search;
    private final LeakMarks leaks;
    private ExpiryAlerts alerts;
    private long applicationsGeneration;
    /** How long a first load waits for its first page to be laid out ({@link #FIRST_PAGE_WAIT_MS}). */
    private long firstPageWaitMs = FIRST_PAGE_WAIT_MS;
    /** The read of everything in flight, or null; and whether it began while the stream covered every change. */
    private Boolean inFlightCovered;

    public MainWindowViewModel(Background background, Clock wallClock, RelativeTime times,
                               ReadOnlyIntegerProperty clipboardSecondsLeft) {
        this.background = background;
        this.cache = new SecretCache(wallClock);
        this.clock = new ExpiryClock(wallClock, times, features);
        this.applications = new ApplicationsViewModel(clock, cache, connection.stateProperty());
        this.secrets = new SecretsViewModel(applications, connection, cache, clock, background);
        this.rules = new ActionRules(features, applications, secrets, connection);
        this.live = new LiveUpdates(background, connection);
        this.status = new StatusBarViewModel(connection, applications, features, live, clock, times,
                clipboardSecondsLeft);
        this.search = new SecretSearch(applications, connection, cache, background);
        this.leaks = new LeakMarks(cache, connection, background);
        cache.onPut(leaks::secretsRead);
        clock.watch(() -> Stream.concat(applications.all().stream().map(Application::nextExpiry), secrets.expiries()));
        secrets.onFailure(this::secretsFailed);
        live.listener(new LiveUpdates.Listener() {
            @Override
            public void readEverything() {
                if (inFlightCovered == null) {
                    reloadAll();
                }
            }

            @Override
            public void changed(Set<String> applicationIds, boolean everything) {
                if (everything) {
                    applicationIds.forEach(cache::invalidate);
                    reloadAll();
                } else {
                    applicationIds.forEach(MainWindowViewModel.this::reloadApplication);
                }
            }

            @Override
            public void notificationsChanged() {
                fetchNotifications();
            }

            @Override
            public void lost(boolean willRetry) {
                streamLost(willRetry);
            }
        });
        useSeenNotifications(ExpiryAlerts.inMemory());
    }

    /** Where the ids of notifications already shown are remembered (call before connecting). */
    public void useSeenNotifications(ExpiryAlerts.SeenIds store) {
        alerts = new ExpiryAlerts(background, store);
        alerts.useThresholds(features::thresholds);
        alerts.all().addListener((javafx.collections.ListChangeListener<org.secretdesk.model.Notification>) c -> {
            while (c.next()) {
                if (c.wasAdded()) {
                    leaks.notified(c.getAddedSubList());
                }
            }
        });
    }

    // ---------------------------------------------------------------- the parts

    public ConnectionViewModel connection() {
        return connection;
    }

    public FeaturesViewModel features() {
        return features;
    }

    public ApplicationsViewModel applications() {
        return applications;
    }

    public SecretsViewModel secrets() {
        return secrets;
    }

    public ActionRules rules() {
        return rules;
    }

    public LiveUpdates live() {
        return live;
    }

    public ExpiryClock clock() {
        return clock;
    }

    public StatusBarViewModel status() {
        return status;
    }

    public SecretSearch search() {
        return search;
    }

    public ExpiryAlerts alerts() {
        return alerts;
    }

    /** Which applications have a leaked secret (issue 22). */
    public LeakMarks leaks() {
        return leaks;
    }

    /** How dialogs opened from the main window run their gateway calls. */
    public Background background() {
        return background;
    }

    /** The client the dialogs should use, or null before connecting. */
    public GatewayClient client() {
        return connection.client();
    }

    /**
     * The version the connected backend reports, whole ("26.5.6"), for the connection details, read off the FX
     * thread; {@code shown} gets it on the FX thread.
     */
    public void gatewayVersion(Consumer<String> shown) {
        GatewayClient c = connection.client();
        if (c == null) {
            shown.accept("Not connected");
            return;
        }
        background.call(c::info, info -> shown.accept(info == null ? "Not known"
                        : info.version() == null || info.version().isBlank() ? NO_VERSION : info.version()),
                e -> shown.accept("Not known: " + ErrorMessages.describe(e, "ask the gateway for its version")));
    }

    // ---------------------------------------------------------------- connection

    /** Connects to {@code gatewayClient}: subscribes to its live events, then reads everything. */
    public void connect(GatewayClient gatewayClient, ConnectionInfo info) {
        disconnect();
        connection.open(gatewayClient, info);
        alerts.reset();
        leaks.reset();
        live.start();
    }

    /** The console could not even start its connection (e.g. the embedded gateway failed). */
    public void connectionFailed(Banner reason, Runnable retry) {
        disconnect();
        applications.setLoading(false);
        connection.failedToStart(reason, retry);
    }

    /** Stops following events; the caller closes the client itself. */
    public void disconnect() {
        live.stop();
        connection.close();
        search.stop();
        inFlightCovered = null;
    }

    /** F5 / Ctrl+R. */
    public void refresh() {
        if (connection.client() == null) {
            retry();
            return;
        }
        cache.clear();
        if (connection.stateProperty().get() == ConnectionState.RECONNECTING) {
            live.reconnectNow();
        } else {
            reloadAll();
        }
    }

    /** The banner's Retry. */
    public void retry() {
        if (connection.client() == null) {
            Runnable r = connection.takeStartupRetry();
            if (r != null) {
                applications.setLoading(true);
                r.run();
            }
            return;
        }
        if (connection.stateProperty().get() == ConnectionState.RECONNECTING || live.needsReconnect()) {
            live.reconnectNow();
        } else {
            cache.clear();
            reloadAll();
        }
    }

    /** Preferences: the markers' warning window (null follows the gateway's largest notification threshold). */
    public void setWarningWindow(Duration window) {
        features.setWarningOverride(window);
        clock.redraw();
        checkExpiries();
    }

    /** Preferences: whether a lost connection is retried on its own (else the banner's Retry does it). */
    public void setAutoReconnect(boolean value) {
        live.setAutoReconnect(value);
    }

    private void streamLost(boolean willRetry) {
        ConnectionState state = connection.stateProperty().get();
        connection.set(willRetry ? ConnectionState.RECONNECTING : ConnectionState.OFFLINE);
        Banner b = connection.bannerProperty().get();
        if (state == ConnectionState.CONNECTED && (b == null || !b.retry())) {
            connection.showNotice(new Banner(Banner.Severity.WARNING, "Connection to " + connection.name() + " lost",
                    willRetry ? "Live updates stopped. Reconnecting…"
                            : "Live updates stopped. Automatic reconnect is off (Preferences): click Retry to "
                            + "reconnect.", true, true));
        }
    }

    // ---------------------------------------------------------------- reading from the gateway

    /** Reads everything (applications page by page, capabilities, the gateway's policy) and shows it. */
    private void reloadAll() {
        GatewayClient c = connection.client();
        if (c == null) {
            return;
        }
        long gen = ++applicationsGeneration;
        long conn = connection.generation();
        boolean covered = live.coversChangesFromNow();
        boolean progressive = applications.isEmpty();
        inFlightCovered = covered;
        applications.setLoading(true);
        Consumer<List<Application>> onPage = progressive ? page -> background.onUi(() -> {
            if (gen == applicationsGeneration && connection.isCurrent(conn)) {
                applications.append(page);
            }
        }) : null;
        CountDownLatch firstPageDrawn = progressive ? applications.expectFirstPage() : null;
        long waitMs = firstPageWaitMs;
        background.call(() -> loadSnapshot(c, onPage, firstPageDrawn, waitMs), snapshot -> {
            if (gen != applicationsGeneration || !connection.isCurrent(conn)) {
                return;
            }
            inFlightCovered = null;
            applySnapshot(snapshot);
            connection.reachable();
            live.caughtUp(covered);
            fetchNotificationsThenCheck();
            if (!covered && live.coversChangesFromNow()) {
                reloadAll(); // read before the stream opened: a change in between would be missing
            }
        }, error -> {
            if (gen != applicationsGeneration || !connection.isCurrent(conn)) {
                return;
            }
            inFlightCovered = null;
            applications.setLoading(false);
            gatewayFailed(error);
        });
    }

    private static Snapshot loadSnapshot(GatewayClient c, Consumer<List<Application>> onPage,
                                         CountDownLatch firstPageDrawn, long firstPageWaitMs) {
        List<Application> all = new ArrayList<>();
        // A small first page, asked for before anything else, shows the list sooner; then the largest pages the
        // gateway allows.
        Page<Application> page = c.listApplications(null, onPage != null ? FIRST_PAGE_SIZE : PAGE_SIZE, null);
        all.addAll(page.items());
        if (onPage != null) {
            onPage.accept(page.items());
            if (firstPageDrawn != null && !page.items().isEmpty() && page.nextCursor() != null) {
                awaitFirstPageDrawn(firstPageDrawn, firstPageWaitMs);
            }
        }
        Capabilities caps = c.capabilities();
        DomainSecretPolicy policy = caps.supports(Feature.DOMAIN_POLICY) ? c.getSecretPolicy() : null;
        String cursor = page.nextCursor();
        while (cursor != null) {
            page = c.listApplications(null, PAGE_SIZE, cursor);
            all.addAll(page.items());
            if (onPage != null) {
                onPage.accept(page.items());
            }
            cursor = page.nextCursor();
        }
        return new Snapshot(caps, policy, all);
    }

    /**
     * Lets the first page be styled and laid out before the next pages are read: their reading (the gateway's work,
     * the parsing, its garbage) would otherwise share the processor with it, the longest pause of the window's
     * start (docs/benchmarks.md). At most {@link #FIRST_PAGE_WAIT_MS}: a window that is not drawing does not hold up
     * the load.
     */
    private static void awaitFirstPageDrawn(CountDownLatch drawn, long waitMs) {
        try {
            drawn.await(waitMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** For tests that hold the first page back as long as they need (instead of {@link #FIRST_PAGE_WAIT_MS}). */
    void firstPageWait(java.time.Duration wait) {
        firstPageWaitMs = wait.toMillis();
    }

    private void applySnapshot(Snapshot snapshot) {
        features.apply(snapshot.capabilities(), snapshot.policy());
        applications.replace(snapshot.applications());
        applications.setLoading(false);
        status.refreshed(clock.instant());
        clock.redraw();
        secrets.reloadSelected();
        search.refresh();
    }

    /** Reloads one application (after an event): replaced, added, or removed when the gateway says 404. */
    private void reloadApplication(String id) {
        GatewayClient c = connection.client();
        if (c == null) {
            return;
        }
        long conn = connection.generation();
        background.call(() -> c.getApplication(id), app -> {
            if (connection.isCurrent(conn)) {
                putApplication(app);
                status.refreshed(clock.instant());
                connection.callSucceeded();
            }
        }, error -> {
            if (!connection.isCurrent(conn)) {
                return;
            }
            if (ErrorMessages.unwrap(error) instanceof GatewayException ge && ge.status() == 404) {
                applications.remove(id);
            } else {
                gatewayFailed(error);
            }
        });
        cache.invalidate(id);
        if (applications.isSelected(id)) {
            secrets.load(id, false);
        } else {
            search.reload(id);
        }
    }

    void putApplication(Application app) {
        applications.put(app);
        clock.schedule();
        checkExpiries();
    }

    private void secretsFailed(String applicationId, Throwable error) {
        if (ErrorMessages.unwrap(error) instanceof GatewayException ge && ge.status() == 404) {
            applications.remove(applicationId);
            connection.showProblem(error);
        } else {
            gatewayFailed(error);
        }
    }

    /** A call of the window failed: explain it; unreachable means reconnect, stale means reload. */
    private void gatewayFailed(Throwable error) {
        Throwable e = ErrorMessages.unwrap(error);
        if (e instanceof GatewayException ge) {
            if (ge.kind() == GatewayException.Kind.OFFLINE || ge.kind() == GatewayException.Kind.TIMEOUT) {
                // The event stream may not have noticed yet; reconnecting also reads everything again.
                live.connectionLost();
                connection.set(live.reconnectDue() ? ConnectionState.RECONNECTING : ConnectionState.OFFLINE);
            } else if (ge.status() == 412) {
                cache.clear();
                reloadAll();
            }
        }
        if (connection.stateProperty().get() == ConnectionState.CONNECTING && !live.reconnectDue()) {
            connection.set(ConnectionState.OFFLINE);
        }
        // Last, so whoever reacts to the banner already sees the new connection state.
        connection.showProblem(e);
    }

    private void fetchNotifications() {
        if (features.supports(Feature.NOTIFICATIONS)) {
            alerts.fetch(connection.client(), () -> { });
        }
    }

    /** The gateway's notifications first (they name each secret), then what the loaded data says besides. */
    private void fetchNotificationsThenCheck() {
        if (features.supports(Feature.NOTIFICATIONS)) {
            alerts.fetch(connection.client(), this::checkExpiries);
        } else {
            checkExpiries();
        }
    }

    /** Warns at once about what the loaded data says expires soon or has expired (the bell, a popup). */
    private void checkExpiries() {
        if (features.supports(Feature.EXPIRY)) {
            alerts.checkLoaded(applications.all(), clock.instant(), features.warningWindow());
        }
    }

    // ---------------------------------------------------------------- what dialogs report

    /** A dialog reported a failure the main window should explain (and, for 404/412, reload). */
    public void reportError(Throwable error) {
        connection.showProblem(error);
        if (ErrorMessages.isStale(error)) {
            cache.clear();
            reloadAll();
        }
    }

    /** The secret policy dialog saved a new gateway-wide policy. */
    public void policySaved(DomainSecretPolicy saved) {
        features.policySaved(saved);
        clock.redraw(); // the warning window may have changed
        checkExpiries();
    }

    /** A dialog saved a change to an application (its description, roles or expiry policy). */
    public void applicationUpdated(Application app) {
        putApplication(app);
    }

    /** A dialog created an application: show it at once and select it. */
    public void applicationCreated(Application app) {
        putApplication(app);
        applications.select(app);
    }

    /** A dialog deleted an application. */
    public void applicationDeleted(String applicationId) {
        applications.remove(applicationId);
    }

    /** A dialog changed the selected application's secrets (or the application): reload them. */
    public void selectedApplicationChanged() {
        Application selected = applications.selectedProperty().get();
        if (selected != null) {
            reloadApplication(selected.id());
        }
    }

    /** A dialog changed the secrets of {@code applicationId}, selected or not (a leak's rotation): reload it. */
    public void applicationChanged(String applicationId) {
        if (connection.client() != null && applications.find(applicationId) != null) {
            reloadApplication(applicationId);
        }
    }

    /**
     * A dialog's change was refused because someone else changed {@code applicationId} first (412, or 404 when it
     * is gone): reload it (it disappears from the list if it was deleted) and say so briefly.
     */
    public void changedElsewhere(String applicationId) {
        if (connection.client() == null) {
            return;
        }
        Application app = applications.find(applicationId);
        String name = app == null ? "The application" : "“" + app.name() + "”";
        connection.showNotice(new Banner(Banner.Severity.INFO, "Changed by someone else",
                name + " was changed elsewhere in the meantime; it has been reloaded. Check it and try again.",
                false));
        reloadApplication(applicationId);
    }

    /** The bell's entry or the popup's "Show": select the application, then the secret once loaded. */
    public void jumpTo(String applicationId, String secretId) {
        Application app = applications.find(applicationId);
        if (app == null) {
            return;
        }
        applications.reveal(app);
        if (secretId != null) {
            secrets.selectWhenLoaded(secretId);
        }
    }
}
