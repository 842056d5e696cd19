package org.secretdesk.ui.mainwindow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.WeakListChangeListener;
import javafx.collections.transformation.FilteredList;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.model.Application;
import org.secretdesk.model.Page;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.mainwindow.ApplicationsViewModel.ListState;

/**
 * The selected application's secrets: loaded (or taken from the cache) when an application is selected, filtered
 * by the search and the expiry filter, the table's selection, and a secret to select once they are loaded (the
 * bell's "Show").
 */
public final class SecretsViewModel {

    /** Page size for listing secrets (the gateway's maximum). */
    static final int PAGE_SIZE = 1000;

    private final ApplicationsViewModel applications;
    private final ConnectionViewModel connection;
    private final SecretCache cache;
    private final ExpiryClock clock;
    private final Background background;
    private final ObservableList<SecretSummary> secrets = FXCollections.observableArrayList();
    private final FilteredList<SecretSummary> visible = new FilteredList<>(secrets);
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final BooleanProperty loaded = new SimpleBooleanProperty();
    private final ObjectProperty<SecretSummary> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<ListState> state = new SimpleObjectProperty<>(ListState.EMPTY);
    private long generation;
    /** A notification's secret to select once its application's secrets have loaded. */
    private String pendingSecretId;
    /** While the VM itself rewrites the list, selection echoes from the View are ignored. */
    private boolean mutating;
    /** Told when loading failed: the application is gone (404), or anything else. */
    private BiConsumer<String, Throwable> onFailure = (id, e) -> { };

    SecretsViewModel(ApplicationsViewModel applications, ConnectionViewModel connection, SecretCache cache,
                     ExpiryClock clock, Background background) {
        this.applications = applications;
        this.connection = connection;
        this.cache = cache;
        this.clock = clock;
        this.background = background;
        applications.selectedProperty().addListener((obs, old, app) -> onSelectionChanged(old, app));
        applications.searchTextProperty().addListener((obs, o, n) -> filter());
        applications.expiryFilterProperty().addListener((obs, o, n) -> filter());
        clock.onRedraw(() -> {
            if (!applications.expiryFilterProperty().get().isAll()) {
                filter();
            }
        });
        visible.addListener((ListChangeListener<SecretSummary>) c -> updateState());
        loading.addListener((obs, o, n) -> updateState());
    }

    void onFailure(BiConsumer<String, Throwable> handler) {
        this.onFailure = handler;
    }

    private void onSelectionChanged(Application old, Application app) {
        if (app != null && old != null && app.id().equals(old.id())) {
            return; // the same application, refreshed
        }
        selected.set(null);
        filter();
        if (app == null) {
            generation++;
            setSecrets(List.of());
            loaded.set(false);
            loading.set(false);
            return;
        }
        List<SecretSummary> cached = cache.fresh(app.id());
        if (cached != null) {
            generation++;
            loading.set(false);
            setSecrets(cached);
            loaded.set(true);
        } else {
            load(app.id(), true);
        }
    }

    /** Loads the application's secrets (for the table if it is selected, and for the search). */
    void load(String applicationId, boolean clearFirst) {
        GatewayClient c = connection.client();
        if (c == null) {
            return;
        }
        long gen = ++generation;
        long conn = connection.generation();
        if (clearFirst) {
            setSecrets(List.of());
            loaded.set(false);
        }
        loading.set(true);
        background.call(() -> listAll(c, applicationId), items -> {
            if (!connection.isCurrent(conn)) {
                return;
            }
            cache.put(applicationId, items);
            connection.callSucceeded();
            if (gen == generation) {
                loading.set(false);
                if (applications.isSelected(applicationId)) {
                    setSecrets(items);
                    loaded.set(true);
                }
            }
            // The search may match this application by one of its secrets now.
            if (!applications.query().isEmpty()) {
                applications.applySearch();
            }
        }, error -> {
            if (!connection.isCurrent(conn)) {
                return;
            }
            if (gen == generation) {
                loading.set(false);
            }
            onFailure.accept(applicationId, error);
        });
    }

    /** Every secret of an application, page by page. Blocks: call it in the background. */
    /** Every secret of the application, page after page (also for the leak dialog). */
    public static List<SecretSummary> listAll(GatewayClient c, String applicationId) {
        List<SecretSummary> all = new ArrayList<>();
        String cursor = null;
        do {
            Page<SecretSummary> page = c.listSecrets(applicationId, PAGE_SIZE, cursor);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }

    /** Reloads the selected application's secrets, if one is selected. */
    void reloadSelected() {
        Application app = applications.selectedProperty().get();
        if (app != null) {
            load(app.id(), false);
        }
    }

    private void setSecrets(List<SecretSummary> items) {
        String selectedId = selected.get() == null ? null : selected.get().id();
        mutating = true;
        try {
            secrets.setAll(items);
        } finally {
            mutating = false;
        }
        // New expiry instants: the next redraw may be due sooner.
        clock.schedule();
        SecretSummary again = null;
        if (selectedId != null) {
            for (SecretSummary s : items) {
                if (s.id().equals(selectedId)) {
                    again = s;
                }
            }
        }
        selected.set(again);
        selectPending();
    }

    /** The View's table selection. */
    public void select(SecretSummary secret) {
        if (!mutating) {
            selected.set(secret);
        }
    }

    /** Selects the secret once the selected application's secrets are loaded (now, if they are). */
    void selectWhenLoaded(String secretId) {
        pendingSecretId = secretId;
        if (loaded.get()) {
            selectPending();
        }
    }

    private void selectPending() {
        if (pendingSecretId == null) {
            return;
        }
        for (SecretSummary s : secrets) {
            if (s.id().equals(pendingSecretId)) {
                selected.set(s);
                pendingSecretId = null;
                return;
            }
        }
    }

    /** The table shows the secrets that match the search (unless the application itself does) and the filter. */
    private void filter() {
        String q = applications.query();
        Application app = applications.selectedProperty().get();
        boolean searchAll = q.isEmpty() || (app != null && ApplicationsViewModel.matchesOwnFields(app, q));
        ExpiryFilter f = applications.expiryFilterProperty().get();
        Predicate<SecretSummary> predicate;
        if (f.isAll()) {
            predicate = searchAll ? null : s -> ApplicationsViewModel.secretMatches(s, q);
        } else {
            Instant t = clock.nowProperty().get();
            predicate = s -> f.matches(s, t) && (searchAll || ApplicationsViewModel.secretMatches(s, q));
        }
        mutating = true;
        try {
            visible.setPredicate(predicate);
        } finally {
            mutating = false;
        }
    }

    private void updateState() {
        if (!visible.isEmpty()) {
            state.set(ListState.ROWS);
        } else if (loading.get() && secrets.isEmpty()) {
            state.set(ListState.LOADING);
        } else {
            state.set(secrets.isEmpty() ? ListState.EMPTY : ListState.NO_MATCHES);
        }
    }

    /** Instants at which the shown secrets' markers change. */
    java.util.stream.Stream<Instant> expiries() {
        return secrets.stream().map(SecretSummary::expiresAt);
    }

    // ---------------------------------------------------------------- for the View and the rules

    /** The selected application's secrets, filtered by the search: the table's items. */
    public ObservableList<SecretSummary> visible() {
        return visible;
    }

    /** All of the selected application's secrets (for the dialogs' validation). */
    public List<SecretSummary> all() {
        return List.copyOf(secrets);
    }

    ObservableList<SecretSummary> observableAll() {
        return secrets;
    }

    /**
     * The secret {@code secretId} of {@code applicationId} as this window keeps reading it (events reload it):
     * updated whenever that application's secrets are loaded again while it is selected, null once it is gone from
     * them. The rotation panel follows it; it stops following when nothing references the property any more.
     */
    ObservableValue<SecretSummary> watch(String applicationId, String secretId, SecretSummary initial) {
        return new Watched(applicationId, secretId, initial);
    }

    private final class Watched extends SimpleObjectProperty<SecretSummary> {
        /** Held here, registered weakly: the list does not keep a closed panel's property alive. */
        private final ListChangeListener<SecretSummary> listener = c -> changed();
        private final String applicationId;
        private final String secretId;

        Watched(String applicationId, String secretId, SecretSummary initial) {
            super(initial);
            this.applicationId = applicationId;
            this.secretId = secretId;
            secrets.addListener(new WeakListChangeListener<>(listener));
        }

        private void changed() {
            if (!loaded.get() || !applications.isSelected(applicationId)) {
                return; // being reloaded, or another application's secrets: nothing new about this one
            }
            set(secrets.stream().filter(s -> s.id().equals(secretId)).findFirst().orElse(null));
        }
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading;
    }

    /** True once the selected application's secrets are in the table. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded;
    }

    public ReadOnlyObjectProperty<SecretSummary> selectedProperty() {
        return selected;
    }

    public ReadOnlyObjectProperty<ListState> stateProperty() {
        return state;
    }
}
