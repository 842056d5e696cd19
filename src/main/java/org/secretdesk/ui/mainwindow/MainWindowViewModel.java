package org.secretdesk.ui.mainwindow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.client.EventSubscription;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.Application;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.ExpiryMode;
import org.secretdesk.model.GatewayEvent;
import org.secretdesk.model.Page;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.common.RelativeTime;

/**
 * State and rules of the main window: the applications (all of them, filtered and sorted for the list), the
 * selected application's secrets, search, expiry markers, what the buttons may do, the status bar, the error
 * banner, and keeping it all live (gateway events, reconnect with backoff). No controls: the View binds to it.
 * Everything here runs on the UI thread; gateway calls go through {@link Background}.
 */
public final class MainWindowViewModel {

    /** Page size for listing applications (the gateway's maximum). */
    static final int PAGE_SIZE = 1000;
    /** Page size of the very first page on start, so the list appears quickly. */
    static final int FIRST_PAGE_SIZE = 100;
    /** Secrets of an application are reused for this long when it is selected again. */
    static final Duration SECRET_CACHE_TTL = Duration.ofSeconds(30);
    /** Bursts of events are collected for this long before reloading. */
    static final Duration EVENT_DEBOUNCE = Duration.ofMillis(250);
    /** Above this many changed applications in one burst, reload everything instead of one by one. */
    static final int FULL_RELOAD_THRESHOLD = 25;
    static final Duration RECONNECT_MIN = Duration.ofSeconds(1);
    static final Duration RECONNECT_MAX = Duration.ofSeconds(15);
    /** Relative times ("in 3 min") and expiry markers are redrawn at least this often. */
    static final Duration REDRAW_INTERVAL = Duration.ofSeconds(15);

    public enum ListState {
        /** Rows to show. */
        ROWS,
        LOADING,
        /** Nothing exists yet. */
        EMPTY,
        /** Something exists, but the search hides it. */
        NO_MATCHES,
        /** Nothing loaded and the gateway cannot be reached (or failed to start): the banner says why. */
        UNAVAILABLE
    }

    private record CachedSecrets(List<SecretSummary> items, Instant loadedAt) {
    }

    private record Snapshot(Capabilities capabilities, DomainSecretPolicy policy, List<Application> applications) {
    }

    private final Background background;
    private final Clock clock;
    private final RelativeTime times;

    private GatewayClient client;
    /** Bumped on every (re)connect, so late answers from an old connection are ignored. */
    private long connectionGeneration;
    private long applicationsGeneration;
    private long secretsGeneration;
    private Runnable startupRetry;

    private final ObjectProperty<ConnectionInfo> connectionInfo = new SimpleObjectProperty<>(
            new ConnectionInfo("Local gateway", "SecretDesk gateway (embedded)", "", "", null));
    private final ObjectProperty<ConnectionState> connectionState =
            new SimpleObjectProperty<>(ConnectionState.CONNECTING);
    private final ObjectProperty<Capabilities> capabilities = new SimpleObjectProperty<>();
    private final ObjectProperty<DomainSecretPolicy> policy = new SimpleObjectProperty<>();
    private final ObjectProperty<Banner> banner = new SimpleObjectProperty<>();
    private final ObjectProperty<Instant> now;
    private final ObjectProperty<Instant> lastRefresh = new SimpleObjectProperty<>();
    private final IntegerProperty notificationCount = new SimpleIntegerProperty(0);
    /** Bumped whenever cells showing relative times or expiry markers must be redrawn. */
    private final IntegerProperty timesRevision = new SimpleIntegerProperty(0);
    /** The tick at or after which the next redraw is due: the interval, or sooner an expiry or warning instant. */
    private Instant nextRedrawAt = Instant.MIN;
    private final ReadOnlyIntegerProperty clipboardSecondsLeft;

    /** The order of the applications list: by name, ignoring case first. */
    static final Comparator<Application> BY_NAME =
            Comparator.comparing(Application::name, String.CASE_INSENSITIVE_ORDER).thenComparing(Application::name);
    /**
     * Every loaded application, kept in {@link #BY_NAME} order by the code that changes it (pages arrive in name
     * order, so a page is usually appended as it is). Sorted first, filtered second: a search then only re-filters.
     * Not a SortedList: it inserts an added page element by element, scanning its whole index for each one, which
     * made loading 10,000 applications in pages of 1,000 quadratic (tens of millions of steps on the FX thread,
     * seen in the console benchmark's JFR profile as most of a 600 ms stall in a cold JVM).
     */
    private final ObservableList<Application> applications = FXCollections.observableArrayList();
    private final FilteredList<Application> filteredApplications = new FilteredList<>(applications);
    private final ObservableList<Application> visibleApplications = filteredApplications;
    private final BooleanProperty loadingApplications = new SimpleBooleanProperty();
    private final LongProperty totalSecrets = new SimpleLongProperty();
    private final StringProperty searchText = new SimpleStringProperty("");
    private final ObjectProperty<ExpiryFilter> expiryFilter = new SimpleObjectProperty<>(ExpiryFilter.ALL);
    private final ObjectProperty<Application> selectedApplication = new SimpleObjectProperty<>();

    private final ObservableList<SecretSummary> secrets = FXCollections.observableArrayList();
    private final FilteredList<SecretSummary> visibleSecrets = new FilteredList<>(secrets);
    private final BooleanProperty loadingSecrets = new SimpleBooleanProperty();
    private final BooleanProperty secretsLoaded = new SimpleBooleanProperty();
    private final ObjectProperty<SecretSummary> selectedSecret = new SimpleObjectProperty<>();
    private final Map<String, CachedSecrets> secretCache = new HashMap<>();

    private ExpiryAlerts alerts;
    /** The operator's own warning window for the markers (Preferences), or null to follow the gateway's. */
    private Duration warningOverride;
    private boolean autoReconnect = true;
    /** A notification's secret to select once its application's secrets have loaded. */
    private String pendingSecretId;

    /** While the VM itself rewrites the lists, selection echoes from the View are ignored. */
    private boolean mutating;

    private EventSubscription subscription;
    private int reconnectAttempt;
    private Background.Cancellable reconnectTimer;
    private final Set<String> pendingApplicationIds = new LinkedHashSet<>();
    private boolean pendingFullReload;
    private Background.Cancellable debounceTimer;

    private final BooleanBinding canCreateApplication;
    private final BooleanBinding canNewSecret;
    private final BooleanBinding canRenew;
    private final BooleanBinding canDeleteSecret;
    private final BooleanBinding canDeleteApplication;
    private final BooleanBinding canCopySecretId;
    private final StringBinding newSecretBlockedReason;
    private final StringBinding renewBlockedReason;
    private final StringBinding deleteBlockedReason;
    private final StringBinding newApplicationBlockedReason;
    private final StringBinding deleteApplicationBlockedReason;
    private final StringBinding applicationPolicyBlockedReason;
    private final StringBinding renewLabel;
    private final BooleanBinding rotatedSecretModel;
    private final BooleanBinding canInvalidateRotated;
    private final StringBinding invalidateRotatedReason;
    private final BooleanBinding liveUpdates;
    private final BooleanBinding showsLastUsed;
    private final StringBinding secretCountText;
    private final StringBinding statusText;
    private final StringBinding clipboardText;
    private final StringBinding applicationsTitle;
    private final StringBinding expiryPolicyText;
    private final ObjectProperty<ListState> applicationsState = new SimpleObjectProperty<>(ListState.LOADING);
    private final ObjectProperty<ListState> secretsState = new SimpleObjectProperty<>(ListState.EMPTY);

    public MainWindowViewModel(Background background, Clock clock, RelativeTime times,
                               ReadOnlyIntegerProperty clipboardSecondsLeft) {
        this.background = background;
        this.clock = clock;
        this.times = times;
        this.clipboardSecondsLeft = clipboardSecondsLeft;
        this.now = new SimpleObjectProperty<>(clock.instant());
        useSeenNotifications(ExpiryAlerts.inMemory());

        searchText.addListener((obs, old, text) -> applySearch());
        expiryFilter.addListener((obs, old, f) -> applySearch());
        selectedApplication.addListener((obs, old, app) -> onSelectionChanged(old, app));
        applications.addListener((javafx.collections.ListChangeListener<Application>) c -> {
            totalSecrets.set(applications.stream().mapToLong(Application::secretCount).sum());
            updateApplicationsState();
        });
        filteredApplications.addListener((javafx.collections.ListChangeListener<Application>) c ->
                updateApplicationsState());
        loadingApplications.addListener((obs, o, n) -> updateApplicationsState());
        connectionState.addListener((obs, o, n) -> updateApplicationsState());
        visibleSecrets.addListener((javafx.collections.ListChangeListener<SecretSummary>) c -> updateSecretsState());
        loadingSecrets.addListener((obs, o, n) -> updateSecretsState());

        BooleanBinding hasClient = Bindings.createBooleanBinding(() -> capabilities.get() != null, capabilities);
        canCreateApplication = Bindings.createBooleanBinding(
                () -> supports(Feature.CREATE_APPLICATION), capabilities);
        canNewSecret = Bindings.createBooleanBinding(
                () -> newSecretBlockedReasonNow() == null, capabilities, policy, selectedApplication, secretsLoaded,
                secrets);
        newSecretBlockedReason = Bindings.createStringBinding(this::newSecretBlockedReasonNow, capabilities, policy,
                selectedApplication, secretsLoaded, secrets);
        renewBlockedReason = Bindings.createStringBinding(this::renewBlockedReasonNow, selectedSecret, capabilities);
        canRenew = Bindings.createBooleanBinding(() -> renewBlockedReasonNow() == null, selectedSecret, capabilities);
        deleteBlockedReason = Bindings.createStringBinding(this::deleteBlockedReasonNow, selectedSecret,
                capabilities, secrets);
        canDeleteSecret = Bindings.createBooleanBinding(() -> deleteBlockedReasonNow() == null,
                selectedSecret, capabilities, secrets);
        deleteApplicationBlockedReason = Bindings.createStringBinding(() -> blockedBy(Feature.DELETE_APPLICATION,
                selectedApplication.get() == null ? "Select an application first." : null), selectedApplication,
                capabilities);
        canDeleteApplication = Bindings.createBooleanBinding(() -> deleteApplicationBlockedReason.get() == null,
                deleteApplicationBlockedReason);
        newApplicationBlockedReason = Bindings.createStringBinding(() -> blockedBy(Feature.CREATE_APPLICATION, null),
                capabilities);
        applicationPolicyBlockedReason = Bindings.createStringBinding(() -> blockedBy(Feature.APPLICATION_POLICY,
                selectedApplication.get() == null ? "Select an application first." : null), selectedApplication,
                capabilities);
        rotatedSecretModel = Bindings.createBooleanBinding(() -> supports(Feature.ROTATED_SECRET), capabilities);
        renewLabel = Bindings.createStringBinding(() -> supports(Feature.ROTATED_SECRET) ? "Regenerate" : "Renew",
                capabilities);
        invalidateRotatedReason = Bindings.createStringBinding(() -> {
            if (!supports(Feature.ROTATED_SECRET)) {
                return "Not connected to a gateway with rotated secrets.";
            }
            if (rotatedSecret() == null) {
                return "There is no rotated secret: after Regenerate, the previous secret is kept as the rotated one "
                        + "while the realm's secret-rotation policy applies.";
            }
            return null;
        }, capabilities, secrets);
        canInvalidateRotated = Bindings.createBooleanBinding(() -> invalidateRotatedReason.get() == null,
                invalidateRotatedReason);
        liveUpdates = Bindings.createBooleanBinding(() -> capabilities.get() == null || supports(Feature.LIVE_EVENTS),
                capabilities);
        showsLastUsed = Bindings.createBooleanBinding(() -> capabilities.get() == null || supports(Feature.LAST_USED),
                capabilities);
        canCopySecretId = selectedSecret.isNotNull().and(hasClient);
        secretCountText = Bindings.createStringBinding(this::secretCountNow, selectedApplication, secrets,
                secretsLoaded, capabilities, policy);
        statusText = Bindings.createStringBinding(this::statusNow, connectionState, applications, totalSecrets,
                lastRefresh, now, loadingApplications, capabilities);
        clipboardText = Bindings.createStringBinding(() -> clipboardSecondsLeft.get() > 0
                ? "Clipboard clears in " + clipboardSecondsLeft.get() + " s" : "", clipboardSecondsLeft);
        applicationsTitle = Bindings.createStringBinding(() -> filteredApplications.size() == applications.size()
                        ? "Applications (" + applications.size() + ")"
                        : "Applications (" + filteredApplications.size() + " of " + applications.size() + ")",
                applications, filteredApplications);
        expiryPolicyText = Bindings.createStringBinding(this::expiryPolicyNow, selectedApplication, policy,
                capabilities);
    }

    /** Where the ids of notifications already shown are remembered (call before connecting). */
    public void useSeenNotifications(ExpiryAlerts.SeenIds store) {
        alerts = new ExpiryAlerts(background, store);
        alerts.useThresholds(() -> policy.get() == null ? DomainSecretPolicy.DEFAULT_THRESHOLDS
                : policy.get().notifyBefore());
        notificationCount.unbind();
        notificationCount.bind(alerts.unreadProperty());
    }

    public ExpiryAlerts alerts() {
        return alerts;
    }

    /** The bell's entry or the popup's "Show": select the application, then the secret once loaded. */
    public void jumpTo(String applicationId, String secretId) {
        Application app = findApplication(applicationId);
        if (app == null) {
            return;
        }
        if (!searchText.get().isBlank()) {
            searchText.set("");
        }
        pendingSecretId = secretId;
        if (selectedApplication.get() != null && selectedApplication.get().id().equals(applicationId)) {
            selectPendingSecret();
        } else {
            selectedApplication.set(app);
            if (secretsLoaded.get()) {
                selectPendingSecret();
            }
        }
    }

    private void selectPendingSecret() {
        if (pendingSecretId == null) {
            return;
        }
        for (SecretSummary s : secrets) {
            if (s.id().equals(pendingSecretId)) {
                selectedSecret.set(s);
                pendingSecretId = null;
                return;
            }
        }
    }

    private void fetchNotifications() {
        if (supports(Feature.NOTIFICATIONS)) {
            alerts.fetch(client, error -> { }); // the bell is a convenience: a failed fetch is retried on the next event
        }
    }

    // ---------------------------------------------------------------- connection

    /** Connects to {@code gatewayClient}: loads everything and starts following live events. */
    public void connect(GatewayClient gatewayClient, ConnectionInfo info) {
        disconnect();
        this.client = gatewayClient;
        connectionGeneration++;
        connectionInfo.set(info);
        connectionState.set(ConnectionState.CONNECTING);
        reconnectAttempt = 0;
        alerts.reset();
        reloadAll(true);
    }

    /** The console could not even start its connection (e.g. the embedded gateway failed). */
    public void connectionFailed(Banner reason, Runnable retry) {
        disconnect();
        this.startupRetry = retry;
        connectionState.set(ConnectionState.OFFLINE);
        loadingApplications.set(false);
        banner.set(reason);
    }

    /** Stops following events; the caller closes the client itself. */
    public void disconnect() {
        connectionGeneration++;
        closeSubscription();
        cancel(reconnectTimer);
        reconnectTimer = null;
        cancel(debounceTimer);
        debounceTimer = null;
        pendingApplicationIds.clear();
        pendingFullReload = false;
        client = null;
    }

    /** The client the dialogs should use, or null before connecting. */
    public GatewayClient client() {
        return client;
    }

    /** F5 / Ctrl+R. */
    public void refresh() {
        if (client == null) {
            retry();
            return;
        }
        secretCache.clear();
        if (connectionState.get() == ConnectionState.RECONNECTING) {
            reconnectNow();
        } else {
            reloadAll(false);
        }
    }

    /** The banner's Retry. */
    public void retry() {
        if (client == null) {
            if (startupRetry != null) {
                Runnable r = startupRetry;
                startupRetry = null;
                banner.set(null);
                connectionState.set(ConnectionState.CONNECTING);
                loadingApplications.set(true);
                r.run();
            }
            return;
        }
        if (connectionState.get() == ConnectionState.RECONNECTING || subscription == null) {
            reconnectNow();
        } else {
            secretCache.clear();
            reloadAll(false);
        }
    }

    /** A message that is not about the connection (e.g. preferences were reset). */
    public void showNotice(Banner notice) {
        banner.set(notice);
    }

    public void dismissBanner() {
        banner.set(null);
    }

    /**
     * Called by a one-second timer in the View: moves "updated 5 s ago" along, and every
     * {@link #REDRAW_INTERVAL} (or as soon as a secret expires or enters the warning window) asks the View to
     * redraw relative times and markers through {@link #timesRevisionProperty()}.
     */
    public void tick() {
        Instant t = clock.instant();
        now.set(t);
        if (!t.isBefore(nextRedrawAt)) {
            redrawTimes();
        }
    }

    /** Asks the View to redraw relative times and markers now, and works out when the next redraw is due. */
    private void redrawTimes() {
        scheduleRedraw();
        if (expiryFilter != null && !expiryFilter.get().isAll()) {
            applySearch(); // "expiring within N days" moves with the clock too
        }
        timesRevision.set(timesRevision.get() + 1);
    }

    /**
     * Works out when relative times and markers next change: the interval, or sooner when a loaded secret expires
     * or enters the warning window. New data redraws its own cells, so this alone does not ask for a redraw.
     */
    private void scheduleRedraw() {
        Instant t = clock.instant();
        now.set(t);
        Instant next = t.plus(REDRAW_INTERVAL);
        Duration warning = warningWindow();
        for (Application a : applications) {
            next = earliestAfter(next, t, a.nextExpiry(), warning);
        }
        for (SecretSummary s : secrets) {
            next = earliestAfter(next, t, s.expiresAt(), warning);
        }
        nextRedrawAt = next;
    }

    /** The earlier of {@code next} and the instants after {@code t} at which {@code expiresAt} changes a marker. */
    private static Instant earliestAfter(Instant next, Instant t, Instant expiresAt, Duration warning) {
        if (expiresAt == null) {
            return next;
        }
        if (expiresAt.isAfter(t) && expiresAt.isBefore(next)) {
            next = expiresAt;
        }
        Instant warnAt = expiresAt.minus(warning);
        if (warnAt.isAfter(t) && warnAt.isBefore(next)) {
            next = warnAt;
        }
        return next;
    }

    /** A dialog reported a failure the main window should explain (and, for 404/412, reload). */
    public void reportError(Throwable error) {
        Banner b = ErrorMessages.bannerFor(error, connectionInfo.get().name());
        banner.set(b);
        Throwable e = ErrorMessages.unwrap(error);
        if (e instanceof GatewayException ge && (ge.status() == 412 || ge.status() == 404)) {
            secretCache.clear();
            reloadAll(false);
        }
    }

    // ---------------------------------------------------------------- loading

    private void reloadAll(boolean initial) {
        GatewayClient c = client;
        if (c == null) {
            return;
        }
        long gen = ++applicationsGeneration;
        long conn = connectionGeneration;
        boolean progressive = initial && applications.isEmpty();
        loadingApplications.set(true);
        background.call(() -> loadSnapshot(c, progressive ? page -> background.onUi(() -> {
                    if (gen == applicationsGeneration && conn == connectionGeneration) {
                        appendApplications(page);
                    }
                }) : null),
                snapshot -> {
                    if (gen != applicationsGeneration || conn != connectionGeneration) {
                        return;
                    }
                    applySnapshot(snapshot);
                    onGatewayReachable();
                    fetchNotifications();
                    if (subscription == null && reconnectTimer == null) {
                        startLiveEvents();
                    }
                },
                error -> {
                    if (gen != applicationsGeneration || conn != connectionGeneration) {
                        return;
                    }
                    loadingApplications.set(false);
                    onGatewayError(error);
                });
    }

    private static Snapshot loadSnapshot(GatewayClient c, java.util.function.Consumer<List<Application>> onPage) {
        List<Application> all = new ArrayList<>();
        // A small first page, asked for before anything else, shows the list sooner; then the largest pages the
        // gateway allows.
        Page<Application> page = c.listApplications(null, onPage != null ? FIRST_PAGE_SIZE : PAGE_SIZE, null);
        all.addAll(page.items());
        if (onPage != null) {
            onPage.accept(page.items());
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

    private void appendApplications(List<Application> page) {
        List<Application> sorted = new ArrayList<>(page);
        sorted.sort(BY_NAME);
        mutating = true;
        try {
            if (sorted.isEmpty()) {
                return;
            }
            if (applications.isEmpty() || BY_NAME.compare(applications.getLast(), sorted.getFirst()) <= 0) {
                applications.addAll(sorted);
            } else {
                // Out of order (a gateway that pages in another order than ours): one merged replacement.
                List<Application> merged = new ArrayList<>(applications.size() + sorted.size());
                merged.addAll(applications);
                merged.addAll(sorted);
                merged.sort(BY_NAME);
                applications.setAll(merged);
            }
        } finally {
            mutating = false;
        }
    }

    private void applySnapshot(Snapshot snapshot) {
        capabilities.set(snapshot.capabilities());
        policy.set(snapshot.policy());
        replaceApplications(snapshot.applications());
        loadingApplications.set(false);
        lastRefresh.set(clock.instant());
        redrawTimes();
        Application selected = selectedApplication.get();
        if (selected != null) {
            loadSecrets(selected.id(), false);
        }
    }

    private void replaceApplications(List<Application> unsorted) {
        List<Application> fresh = new ArrayList<>(unsorted);
        fresh.sort(BY_NAME);
        if (sameApplications(fresh)) {
            // The progressive load already put every page in the list: replacing 10,000 rows with equal ones would
            // only re-sort and re-filter them on the FX thread (a 420 ms stall in the console benchmark).
            return;
        }
        String selectedId = selectedApplication.get() == null ? null : selectedApplication.get().id();
        mutating = true;
        try {
            applications.setAll(fresh);
        } finally {
            mutating = false;
        }
        selectedApplication.set(selectedId == null ? null : findApplication(selectedId));
    }

    /** True when the list holds exactly {@code fresh}, in order (records: equal values, equal rows). */
    private boolean sameApplications(List<Application> fresh) {
        if (applications.size() != fresh.size()) {
            return false;
        }
        for (int i = 0; i < fresh.size(); i++) {
            if (!applications.get(i).equals(fresh.get(i))) {
                return false;
            }
        }
        return true;
    }

    private Application findApplication(String id) {
        for (Application a : applications) {
            if (a.id().equals(id)) {
                return a;
            }
        }
        return null;
    }

    private int indexOfApplication(String id) {
        for (int i = 0; i < applications.size(); i++) {
            if (applications.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** Reloads one application (after an event): replaced, added, or removed when the gateway says 404. */
    private void reloadApplication(String id) {
        GatewayClient c = client;
        long conn = connectionGeneration;
        background.call(() -> c.getApplication(id), app -> {
            if (conn == connectionGeneration) {
                putApplication(app);
                lastRefresh.set(clock.instant());
            }
        }, error -> {
            if (conn != connectionGeneration) {
                return;
            }
            Throwable e = ErrorMessages.unwrap(error);
            if (e instanceof GatewayException ge && ge.status() == 404) {
                removeApplication(id);
            } else {
                onGatewayError(error);
            }
        });
        secretCache.remove(id);
        Application selected = selectedApplication.get();
        if (selected != null && selected.id().equals(id)) {
            loadSecrets(id, false);
        }
    }

    void putApplication(Application app) {
        int i = indexOfApplication(app.id());
        boolean wasSelected = selectedApplication.get() != null && selectedApplication.get().id().equals(app.id());
        mutating = true;
        try {
            if (i >= 0 && BY_NAME.compare(applications.get(i), app) == 0) {
                applications.set(i, app);
            } else {
                if (i >= 0) {
                    applications.remove(i);
                }
                int at = Collections.binarySearch(applications, app, BY_NAME);
                applications.add(at >= 0 ? at : -at - 1, app);
            }
        } finally {
            mutating = false;
        }
        scheduleRedraw();
        if (wasSelected) {
            selectedApplication.set(app);
        }
    }

    private void removeApplication(String id) {
        int i = indexOfApplication(id);
        boolean wasSelected = selectedApplication.get() != null && selectedApplication.get().id().equals(id);
        secretCache.remove(id);
        if (i >= 0) {
            mutating = true;
            try {
                applications.remove(i);
            } finally {
                mutating = false;
            }
        }
        if (wasSelected) {
            selectedApplication.set(null);
        }
    }

    /** The secret policy dialog saved a new gateway-wide policy. */
    public void policySaved(DomainSecretPolicy saved) {
        policy.set(saved);
        redrawTimes(); // the warning window may have changed
    }

    /** A dialog saved a change to an application (e.g. its expiry policy). */
    public void applicationUpdated(Application app) {
        putApplication(app);
    }

    /** Whether the gateway keeps an audit log. */
    public boolean canShowAudit() {
        return supports(Feature.AUDIT);
    }

    /** Whether the gateway has a gateway-wide policy to edit. */
    public boolean canEditGatewayPolicy() {
        return supports(Feature.DOMAIN_POLICY);
    }

    /** Whether the selected application's expiry policy can be edited. */
    public boolean canEditApplicationPolicy() {
        return selectedApplication.get() != null && supports(Feature.APPLICATION_POLICY);
    }

    /**
     * Why {@code feature} is not available with the connected gateway, in the connector's words (naming the
     * backend), or null when it is (or nothing is connected yet).
     */
    public String explainMissing(Feature feature) {
        Capabilities caps = capabilities.get();
        return caps == null || client == null || caps.supports(feature) ? null : caps.explain(feature);
    }

    /** Every explanation of what the connected gateway cannot do, one sentence per missing feature, deduplicated. */
    public List<String> limitations() {
        Capabilities caps = capabilities.get();
        if (caps == null) {
            return List.of();
        }
        java.util.LinkedHashSet<String> lines = new java.util.LinkedHashSet<>();
        for (Feature f : Feature.values()) {
            if (!caps.supports(f) && caps.explanations().containsKey(f)) {
                lines.add(caps.explain(f));
            }
        }
        return List.copyOf(lines);
    }

    /** The rotated secret of the selected application (Keycloak), or null. */
    public SecretSummary rotatedSecret() {
        if (!supports(Feature.ROTATED_SECRET)) {
            return null;
        }
        for (SecretSummary s : secrets) {
            if (Capabilities.ROTATED_SECRET_ID.equals(s.id())) {
                return s;
            }
        }
        return null;
    }

    private String blockedBy(Feature feature, String otherwise) {
        if (capabilities.get() == null || client == null) {
            return "Not connected to a gateway.";
        }
        if (!supports(feature)) {
            return capabilities.get().explain(feature);
        }
        return otherwise;
    }

    private String renewBlockedReasonNow() {
        SecretSummary s = selectedSecret.get();
        String blocked = blockedBy(Feature.RENEW, s == null ? "Select a secret first." : null);
        if (blocked == null && supports(Feature.ROTATED_SECRET) && Capabilities.ROTATED_SECRET_ID.equals(s.id())) {
            return "Only the current secret can be regenerated; the rotated one can only be invalidated.";
        }
        return blocked;
    }

    private String deleteBlockedReasonNow() {
        SecretSummary s = selectedSecret.get();
        String blocked = blockedBy(Feature.DELETE_SECRET, s == null ? "Select a secret first." : null);
        if (blocked != null) {
            return blocked;
        }
        if (supports(Feature.ROTATED_SECRET)) {
            return Capabilities.ROTATED_SECRET_ID.equals(s.id()) ? null
                    : capabilities.get().explain(Feature.DELETE_LAST_SECRET);
        }
        if (secrets.size() <= 1 && !supports(Feature.DELETE_LAST_SECRET)) {
            return capabilities.get().explain(Feature.DELETE_LAST_SECRET);
        }
        return null;
    }

    /** How dialogs opened from the main window run their gateway calls. */
    public Background background() {
        return background;
    }

    /** A dialog created an application: show it at once and select it. */
    public void applicationCreated(Application app) {
        putApplication(app);
        select(app);
    }

    /**
     * A dialog's change was refused because someone else changed {@code applicationId} first (412, or 404 when it
     * is gone): reload it (it disappears from the list if it was deleted) and say so briefly.
     */
    public void changedElsewhere(String applicationId) {
        if (client == null) {
            return;
        }
        Application app = findApplication(applicationId);
        String name = app == null ? "The application" : "“" + app.name() + "”";
        banner.set(new Banner(Banner.Severity.INFO, "Changed by someone else",
                name + " was changed elsewhere in the meantime; it has been reloaded. Check it and try again.",
                false));
        reloadApplication(applicationId);
    }

    /** A dialog changed the selected application's secrets (or the application): reload them. */
    public void selectedApplicationChanged() {
        Application selected = selectedApplication.get();
        if (selected != null) {
            reloadApplication(selected.id());
        }
    }

    private void loadSecrets(String applicationId, boolean clearFirst) {
        GatewayClient c = client;
        if (c == null) {
            return;
        }
        long gen = ++secretsGeneration;
        long conn = connectionGeneration;
        if (clearFirst) {
            setSecrets(List.of());
            secretsLoaded.set(false);
        }
        loadingSecrets.set(true);
        background.call(() -> {
            List<SecretSummary> all = new ArrayList<>();
            String cursor = null;
            do {
                Page<SecretSummary> page = c.listSecrets(applicationId, PAGE_SIZE, cursor);
                all.addAll(page.items());
                cursor = page.nextCursor();
            } while (cursor != null);
            return all;
        }, items -> {
            if (conn != connectionGeneration) {
                return;
            }
            secretCache.put(applicationId, new CachedSecrets(List.copyOf(items), clock.instant()));
            if (gen == secretsGeneration) {
                loadingSecrets.set(false);
                Application selected = selectedApplication.get();
                if (selected != null && selected.id().equals(applicationId)) {
                    setSecrets(items);
                    secretsLoaded.set(true);
                }
            }
            // The search may match this application by one of its secrets now.
            if (!searchText.get().isBlank()) {
                applySearch();
            }
        }, error -> {
            if (conn != connectionGeneration) {
                return;
            }
            if (gen == secretsGeneration) {
                loadingSecrets.set(false);
            }
            Throwable e = ErrorMessages.unwrap(error);
            if (e instanceof GatewayException ge && ge.status() == 404) {
                removeApplication(applicationId);
                banner.set(ErrorMessages.bannerFor(e, connectionInfo.get().name()));
            } else {
                onGatewayError(error);
            }
        });
    }

    private void setSecrets(List<SecretSummary> items) {
        String selectedId = selectedSecret.get() == null ? null : selectedSecret.get().id();
        mutating = true;
        try {
            secrets.setAll(items);
        } finally {
            mutating = false;
        }
        // New expiry instants: the next redraw may be due sooner.
        scheduleRedraw();
        SecretSummary again = null;
        if (selectedId != null) {
            for (SecretSummary s : items) {
                if (s.id().equals(selectedId)) {
                    again = s;
                }
            }
        }
        selectedSecret.set(again);
        selectPendingSecret();
    }

    // ---------------------------------------------------------------- selection and search

    /** The View's list selection. Ignored while the VM itself rewrites the list. */
    public void select(Application app) {
        if (mutating) {
            return;
        }
        selectedApplication.set(app);
    }

    /** The View's table selection. */
    public void selectSecret(SecretSummary secret) {
        if (mutating) {
            return;
        }
        selectedSecret.set(secret);
    }

    private void onSelectionChanged(Application old, Application app) {
        if (app != null && old != null && app.id().equals(old.id())) {
            return; // the same application, refreshed
        }
        selectedSecret.set(null);
        String q = searchText.get() == null ? "" : searchText.get().strip();
        visibleSecrets.setPredicate(secretPredicate(q));
        if (app == null) {
            setSecrets(List.of());
            secretsLoaded.set(false);
            loadingSecrets.set(false);
            secretsGeneration++;
            return;
        }
        CachedSecrets cached = secretCache.get(app.id());
        if (cached != null && cached.loadedAt().plus(SECRET_CACHE_TTL).isAfter(clock.instant())) {
            secretsGeneration++;
            loadingSecrets.set(false);
            setSecrets(cached.items());
            secretsLoaded.set(true);
        } else {
            loadSecrets(app.id(), true);
        }
    }

    private void applySearch() {
        String q = searchText.get() == null ? "" : searchText.get().strip();
        Application selected = selectedApplication.get();
        mutating = true;
        try {
            ExpiryFilter f = expiryFilter.get();
            Instant t = now.get();
            filteredApplications.setPredicate(q.isEmpty() && f.isAll() ? null
                    : app -> f.mayMatch(app, t) && (q.isEmpty() || matches(app, q)));
            visibleSecrets.setPredicate(secretPredicate(q));
        } finally {
            mutating = false;
        }
        // Keep the selection when it is still visible; drop it when the search hid it.
        if (selected != null && ((!q.isEmpty() && !matches(selected, q))
                || !expiryFilter.get().mayMatch(selected, now.get()))) {
            selectedApplication.set(null);
        }
    }

    private Predicate<SecretSummary> secretPredicate(String q) {
        Application app = selectedApplication.get();
        boolean searchAll = q.isEmpty() || (app != null && matchesOwnFields(app, q));
        ExpiryFilter f = expiryFilter.get();
        if (f.isAll()) {
            return searchAll ? null : s -> secretMatches(s, q);
        }
        Instant t = now.get();
        return s -> f.matches(s, t) && (searchAll || secretMatches(s, q));
    }

    static String describe(ExpiryFilter f) {
        return switch (f.kind()) {
            case EXPIRING_WITHIN -> "expiring within " + f.days() + (f.days() == 1 ? " day" : " days");
            case UNUSED_FOR -> "unused for " + f.days() + (f.days() == 1 ? " day" : " days");
            default -> f.kind().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** The expiry filter next to the search ("expiring within N days", "expired", …). */
    public ObjectProperty<ExpiryFilter> expiryFilterProperty() {
        return expiryFilter;
    }

    /** Search rule: name, description or clientId of the application, or description or hint of a known secret. */
    boolean matches(Application app, String q) {
        if (matchesOwnFields(app, q)) {
            return true;
        }
        CachedSecrets cached = secretCache.get(app.id());
        if (cached != null) {
            for (SecretSummary s : cached.items()) {
                if (secretMatches(s, q)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchesOwnFields(Application app, String q) {
        return containsIgnoreCase(app.name(), q) || containsIgnoreCase(app.description(), q)
                || containsIgnoreCase(app.clientId(), q);
    }

    private static boolean secretMatches(SecretSummary s, String q) {
        return containsIgnoreCase(s.description(), q) || containsIgnoreCase(s.hint(), q);
    }

    /** Allocation-free, so filtering 10,000 applications per keystroke stays cheap. */
    static boolean containsIgnoreCase(String text, String q) {
        if (text == null) {
            return false;
        }
        int n = q.length();
        int max = text.length() - n;
        for (int i = 0; i <= max; i++) {
            if (text.regionMatches(true, i, q, 0, n)) {
                return true;
            }
        }
        return false;
    }

    private void updateApplicationsState() {
        if (!applications.isEmpty()) {
            applicationsState.set(filteredApplications.isEmpty() ? ListState.NO_MATCHES : ListState.ROWS);
        } else {
            if (loadingApplications.get()) {
                applicationsState.set(ListState.LOADING);
            } else if (connectionState.get() == ConnectionState.OFFLINE
                    || connectionState.get() == ConnectionState.RECONNECTING) {
                applicationsState.set(ListState.UNAVAILABLE);
            } else if (connectionState.get() == ConnectionState.CONNECTING) {
                applicationsState.set(ListState.LOADING);
            } else {
                applicationsState.set(ListState.EMPTY);
            }
        }
    }

    private void updateSecretsState() {
        if (!visibleSecrets.isEmpty()) {
            secretsState.set(ListState.ROWS);
        } else if (loadingSecrets.get() && secrets.isEmpty()) {
            secretsState.set(ListState.LOADING);
        } else {
            secretsState.set(secrets.isEmpty() ? ListState.EMPTY : ListState.NO_MATCHES);
        }
    }

    // ---------------------------------------------------------------- rules shown in cells and texts

    /** The largest notification threshold: a secret inside it has already triggered a warning. */
    Duration warningWindow() {
        if (warningOverride != null) {
            return warningOverride;
        }
        DomainSecretPolicy p = policy.get();
        List<Duration> thresholds = p == null ? DomainSecretPolicy.DEFAULT_THRESHOLDS : p.notifyBefore();
        return thresholds.stream().max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }

    public Marker markerFor(Application app) {
        Instant t = now.get();
        if (app.expiredCount() > 0 || (app.nextExpiry() != null && !app.nextExpiry().isAfter(t))) {
            return Marker.EXPIRED;
        }
        return expiring(app.nextExpiry(), t) ? Marker.EXPIRING : Marker.NONE;
    }

    public Marker markerFor(SecretSummary secret) {
        Instant t = now.get();
        if (secret.isExpiredAt(t)) {
            return Marker.EXPIRED;
        }
        return expiring(secret.expiresAt(), t) ? Marker.EXPIRING : Marker.NONE;
    }

    private boolean expiring(Instant expiresAt, Instant t) {
        return expiresAt != null && !expiresAt.isAfter(t.plus(warningWindow()));
    }

    public String expiresText(SecretSummary s) {
        if (s.expiresAt() == null) {
            return "never";
        }
        Instant t = now.get();
        if (!s.expiresAt().isAfter(t)) {
            return "expired " + times.relative(s.expiresAt(), t, "");
        }
        return times.relative(s.expiresAt(), t, "never");
    }

    /** The hint and a fixed row of dots: the same width for every secret, nothing about the value's length. */
    public String redactedText(SecretSummary s) {
        if (s.hint() == null || s.hint().isEmpty()) {
            return s.redacted();
        }
        return s.hint() + "••••••••••••";
    }

    public String lastUsedText(SecretSummary s) {
        return times.relative(s.lastUsedAt(), now.get(), "—");
    }

    public String createdText(SecretSummary s) {
        return times.shortDate(s.createdAt(), now.get());
    }

    public String relative(Instant t) {
        return times.relative(t, now.get(), "never");
    }

    /** The list of applications reports a deletion made through a dialog. */
    public void applicationDeleted(String applicationId) {
        removeApplication(applicationId);
    }

    public String exactTime(Instant t) {
        return t == null ? null : times.exact(t);
    }

    public String statusChipText(SecretSummary s) {
        Instant t = now.get();
        if (s.isExpiredAt(t)) {
            return "Expired";
        }
        if (s.graceUntil() != null && s.graceUntil().isAfter(t)) {
            return "Active · old value until " + times.shortDate(s.graceUntil(), t);
        }
        return "Active";
    }

    private boolean supports(Feature f) {
        Capabilities caps = capabilities.get();
        return client != null && caps != null && caps.supports(f);
    }

    private int maxSecrets() {
        Capabilities caps = capabilities.get();
        if (caps != null && caps.maxSecretsPerApplication() > 0) {
            return caps.maxSecretsPerApplication();
        }
        DomainSecretPolicy p = policy.get();
        return p == null ? 0 : p.maxSecretsPerApplication();
    }

    private String newSecretBlockedReasonNow() {
        if (capabilities.get() == null || client == null) {
            return "Not connected to a gateway.";
        }
        if (selectedApplication.get() == null) {
            return "Select an application first.";
        }
        if (!supports(Feature.CREATE_SECRET)) {
            return capabilities.get().explain(Feature.CREATE_SECRET);
        }
        if (!secretsLoaded.get()) {
            return "Loading the application's secrets…";
        }
        int max = maxSecrets();
        if (max > 0 && secrets.size() >= max) {
            return "This application already has " + max + " of " + max
                    + " secrets. Delete one before creating another.";
        }
        return null;
    }

    private String secretCountNow() {
        if (selectedApplication.get() == null || !secretsLoaded.get()) {
            return "";
        }
        int n = secrets.size();
        int max = maxSecrets();
        if (max > 0) {
            return n + " of " + max + " secrets";
        }
        return n == 1 ? "1 secret" : n + " secrets";
    }

    private String statusNow() {
        ConnectionState state = connectionState.get();
        StringBuilder sb = new StringBuilder(state.label());
        if (state == ConnectionState.CONNECTING && applications.isEmpty()) {
            return sb.toString();
        }
        int apps = applications.size();
        long total = totalSecrets.get();
        sb.append(" · ").append(apps).append(apps == 1 ? " application" : " applications");
        sb.append(" · ").append(total).append(total == 1 ? " secret" : " secrets");
        if (loadingApplications.get()) {
            sb.append(" · loading…");
        } else if (lastRefresh.get() != null) {
            sb.append(" · updated ").append(times.agoWithSeconds(lastRefresh.get(), now.get()));
        }
        if (capabilities.get() != null && !supports(Feature.LIVE_EVENTS) && state == ConnectionState.CONNECTED) {
            sb.append(" · no live updates: refresh to update");
        }
        return sb.toString();
    }

    private String expiryPolicyNow() {
        Application app = selectedApplication.get();
        if (app == null) {
            return "";
        }
        Capabilities caps = capabilities.get();
        if (caps != null && !caps.supports(Feature.EXPIRY)) {
            return "Expiry: never (this gateway has no expiry)";
        }
        if (caps != null && !caps.supports(Feature.APPLICATION_POLICY)) {
            return "Expiry: set in " + connectionInfo.get().kind() + " (read-only here)";
        }
        return switch (app.secretPolicy().mode()) {
            case NEVER -> "Expiry: never (application policy)";
            case CUSTOM -> "Expiry: " + days(app.secretPolicy().expiresAfter()) + " (application policy)";
            case DOMAIN -> {
                DomainSecretPolicy p = policy.get();
                if (p == null) {
                    yield "Expiry: gateway policy";
                }
                yield p.expiryEnabled() ? "Expiry: gateway policy (" + days(p.expiresAfter()) + ")"
                        : "Expiry: gateway policy (never)";
            }
        };
    }

    private static String days(Duration d) {
        long days = d.toDays();
        if (days >= 1 && d.equals(Duration.ofDays(days))) {
            return days == 1 ? "1 day" : days + " days";
        }
        long hours = d.toHours();
        return hours == 1 ? "1 hour" : hours + " hours";
    }

    /** Whether the application's own policy overrides the gateway's (for the View's hint). */
    public boolean hasOwnPolicy(Application app) {
        return app.secretPolicy().mode() != ExpiryMode.DOMAIN;
    }

    // ---------------------------------------------------------------- live events

    private void startLiveEvents() {
        GatewayClient c = client;
        if (c == null || !supports(Feature.LIVE_EVENTS)) {
            return;
        }
        long conn = connectionGeneration;
        background.call(() -> c.subscribe(
                        event -> background.onUi(() -> onEvent(conn, event)),
                        failure -> background.onUi(() -> onStreamBroken(conn, failure))),
                sub -> {
                    if (conn != connectionGeneration) {
                        sub.close();
                    } else {
                        closeSubscription();
                        subscription = sub;
                    }
                },
                error -> onStreamBroken(conn, error));
    }

    private void onEvent(long conn, GatewayEvent event) {
        if (conn != connectionGeneration) {
            return;
        }
        if (event.type() != null && event.type().startsWith("notification")) {
            fetchNotifications();
            return;
        }
        if (event.applicationId() == null) {
            pendingFullReload = true;
        } else {
            pendingApplicationIds.add(event.applicationId());
        }
        if (debounceTimer == null) {
            debounceTimer = background.later(EVENT_DEBOUNCE, this::flushEvents);
        }
    }

    private void flushEvents() {
        debounceTimer = null;
        if (client == null) {
            return;
        }
        if (pendingFullReload || pendingApplicationIds.size() > FULL_RELOAD_THRESHOLD) {
            pendingApplicationIds.forEach(secretCache::remove);
            reloadAll(false);
        } else {
            for (String id : pendingApplicationIds) {
                reloadApplication(id);
            }
        }
        pendingApplicationIds.clear();
        pendingFullReload = false;
    }

    private void onStreamBroken(long conn, Throwable failure) {
        if (conn != connectionGeneration) {
            return;
        }
        closeSubscription();
        if (connectionState.get() == ConnectionState.CONNECTED) {
            connectionState.set(ConnectionState.RECONNECTING);
            if (banner.get() == null || !banner.get().retry()) {
                banner.set(new Banner(Banner.Severity.WARNING, "Connection to " + connectionInfo.get().name() + " lost",
                        autoReconnect ? "Live updates stopped. Reconnecting…"
                                : "Live updates stopped. Automatic reconnect is off (Preferences): click Retry to "
                                + "reconnect.", true));
            }
        }
        scheduleReconnect();
    }

    /** Preferences: the markers' warning window (null follows the gateway's largest notification threshold). */
    public void setWarningWindow(Duration window) {
        warningOverride = window;
        redrawTimes();
    }

    /** Preferences: whether a lost connection is retried on its own (else the banner's Retry does it). */
    public void setAutoReconnect(boolean value) {
        autoReconnect = value;
    }

    private void scheduleReconnect() {
        cancel(reconnectTimer);
        if (!autoReconnect) {
            reconnectTimer = null;
            connectionState.set(ConnectionState.OFFLINE);
            Banner b = banner.get();
            if (b == null || !b.retry()) {
                banner.set(new Banner(Banner.Severity.WARNING, "Connection to " + connectionInfo.get().name()
                        + " lost", "Automatic reconnect is off (Preferences). Click Retry to reconnect.", true));
            }
            return;
        }
        connectionState.set(ConnectionState.RECONNECTING);
        long delayMs = Math.min(RECONNECT_MAX.toMillis(), RECONNECT_MIN.toMillis() << Math.min(reconnectAttempt, 5));
        reconnectAttempt++;
        reconnectTimer = background.later(Duration.ofMillis(delayMs), this::reconnectNow);
    }

    /** One reconnect attempt: reload everything (events may have been missed), then follow events again. */
    private void reconnectNow() {
        cancel(reconnectTimer);
        reconnectTimer = null;
        GatewayClient c = client;
        if (c == null) {
            return;
        }
        closeSubscription();
        long gen = ++applicationsGeneration;
        long conn = connectionGeneration;
        loadingApplications.set(true);
        background.call(() -> loadSnapshot(c, null), snapshot -> {
            if (gen != applicationsGeneration || conn != connectionGeneration) {
                return;
            }
            secretCache.clear();
            applySnapshot(snapshot);
            onGatewayReachable();
            reconnectAttempt = 0;
            startLiveEvents();
        }, error -> {
            if (gen != applicationsGeneration || conn != connectionGeneration) {
                return;
            }
            loadingApplications.set(false);
            banner.set(ErrorMessages.bannerFor(error, connectionInfo.get().name()));
            scheduleReconnect();
        });
    }

    private void onGatewayReachable() {
        connectionState.set(ConnectionState.CONNECTED);
        Banner b = banner.get();
        // Connection problems are over; keep informational banners (e.g. "changed by someone else").
        if (b != null && b.retry()) {
            banner.set(null);
        }
    }

    private void onGatewayError(Throwable error) {
        Throwable e = ErrorMessages.unwrap(error);
        if (e instanceof GatewayException ge) {
            boolean unreachable = ge.kind() == GatewayException.Kind.OFFLINE
                    || ge.kind() == GatewayException.Kind.TIMEOUT;
            if (unreachable) {
                // The event stream may not have noticed yet; reconnecting also reloads.
                closeSubscription();
                if (reconnectTimer == null) {
                    scheduleReconnect();
                }
            } else if (ge.status() == 412) {
                secretCache.clear();
                reloadAll(false);
            }
        }
        if (connectionState.get() == ConnectionState.CONNECTING && reconnectTimer == null) {
            connectionState.set(ConnectionState.OFFLINE);
        }
        // Last, so whoever reacts to the banner already sees the new connection state.
        banner.set(ErrorMessages.bannerFor(e, connectionInfo.get().name()));
    }

    private void closeSubscription() {
        EventSubscription s = subscription;
        subscription = null;
        if (s != null) {
            GatewayClient c = client;
            // Closing may touch the network; keep it off the UI thread.
            background.call(() -> {
                s.close();
                return c;
            }, ignored -> { }, ignored -> { });
        }
    }

    private static void cancel(Background.Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }

    // ---------------------------------------------------------------- properties for the View

    public ReadOnlyObjectProperty<ConnectionInfo> connectionInfoProperty() {
        return connectionInfo;
    }

    public ReadOnlyObjectProperty<ConnectionState> connectionStateProperty() {
        return connectionState;
    }

    public ReadOnlyObjectProperty<Capabilities> capabilitiesProperty() {
        return capabilities;
    }

    /** Why Renew is not possible for the selection, or null. */
    public StringBinding renewBlockedReason() {
        return renewBlockedReason;
    }

    /** Why Delete is not possible for the selection, or null. */
    public StringBinding deleteBlockedReason() {
        return deleteBlockedReason;
    }

    public StringBinding newApplicationBlockedReason() {
        return newApplicationBlockedReason;
    }

    public StringBinding deleteApplicationBlockedReason() {
        return deleteApplicationBlockedReason;
    }

    /** Why the application's expiry policy cannot be edited here, or null. */
    public StringBinding applicationPolicyBlockedReason() {
        return applicationPolicyBlockedReason;
    }

    /** "Renew", or "Regenerate" for a gateway that keeps one current secret (Keycloak). */
    public StringBinding renewLabel() {
        return renewLabel;
    }

    /** Whether the gateway keeps one current plus one rotated secret (Keycloak). */
    public BooleanBinding rotatedSecretModel() {
        return rotatedSecretModel;
    }

    public BooleanBinding canInvalidateRotated() {
        return canInvalidateRotated;
    }

    public StringBinding invalidateRotatedReason() {
        return invalidateRotatedReason;
    }

    /** False when the gateway publishes no changes: the window then offers Refresh. */
    public BooleanBinding liveUpdates() {
        return liveUpdates;
    }

    /** Whether the gateway records when a secret was last used. */
    public BooleanBinding showsLastUsed() {
        return showsLastUsed;
    }

    public ReadOnlyObjectProperty<DomainSecretPolicy> policyProperty() {
        return policy;
    }

    public ReadOnlyObjectProperty<Banner> bannerProperty() {
        return banner;
    }

    public ReadOnlyObjectProperty<Instant> nowProperty() {
        return now;
    }

    /** Changes whenever relative times and expiry markers must be redrawn (the data did not change). */
    public ReadOnlyIntegerProperty timesRevisionProperty() {
        return timesRevision;
    }

    public ReadOnlyIntegerProperty notificationCountProperty() {
        return notificationCount;
    }

    public ReadOnlyIntegerProperty clipboardSecondsLeftProperty() {
        return clipboardSecondsLeft;
    }

    /** All applications, filtered by the search and sorted by name: the list's items. */
    public ObservableList<Application> visibleApplications() {
        return visibleApplications;
    }

    /** Every loaded application, unfiltered. */
    public ObservableList<Application> allApplications() {
        return FXCollections.unmodifiableObservableList(applications);
    }

    public ReadOnlyBooleanProperty loadingApplicationsProperty() {
        return loadingApplications;
    }

    public StringProperty searchTextProperty() {
        return searchText;
    }

    public ReadOnlyObjectProperty<Application> selectedApplicationProperty() {
        return selectedApplication;
    }

    /** The selected application's secrets, filtered by the search: the table's items. */
    public ObservableList<SecretSummary> visibleSecrets() {
        return visibleSecrets;
    }

    /** All of the selected application's secrets (for the dialogs' validation). */
    public List<SecretSummary> allSecrets() {
        return List.copyOf(secrets);
    }

    public ReadOnlyBooleanProperty loadingSecretsProperty() {
        return loadingSecrets;
    }

    public ReadOnlyObjectProperty<SecretSummary> selectedSecretProperty() {
        return selectedSecret;
    }

    public ReadOnlyObjectProperty<ListState> applicationsStateProperty() {
        return applicationsState;
    }

    public ReadOnlyObjectProperty<ListState> secretsStateProperty() {
        return secretsState;
    }

    public BooleanBinding canCreateApplication() {
        return canCreateApplication;
    }

    public BooleanBinding canNewSecret() {
        return canNewSecret;
    }

    public StringBinding newSecretBlockedReason() {
        return newSecretBlockedReason;
    }

    public BooleanBinding canRenew() {
        return canRenew;
    }

    public BooleanBinding canDeleteSecret() {
        return canDeleteSecret;
    }

    public BooleanBinding canDeleteApplication() {
        return canDeleteApplication;
    }

    public BooleanBinding canCopySecretId() {
        return canCopySecretId;
    }

    public StringBinding secretCountText() {
        return secretCountText;
    }

    public StringBinding statusText() {
        return statusText;
    }

    public StringBinding clipboardText() {
        return clipboardText;
    }

    public StringBinding applicationsTitle() {
        return applicationsTitle;
    }

    public StringBinding expiryPolicyText() {
        return expiryPolicyText;
    }

    /** The text shown when the search matches nothing. */
    public String noMatchesText() {
        if (searchText.get().isBlank() && !expiryFilter.get().isAll()) {
            return "Nothing matches the filter “" + describe(expiryFilter.get()) + "”";
        }
        return "No matches for “" + searchText.get().strip() + "”";
    }
}
