package org.secretdesk.ui.mainwindow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.secretdesk.model.Application;
import org.secretdesk.model.SecretSummary;

/**
 * The applications list: every loaded application in name order, filtered by the search (name, description,
 * client id, or the description or hint of one of its secrets) and the expiry filter; the selection; what the list
 * shows when it has no rows. Pages and single changes are merged in place, so 10,000 rows stay cheap.
 */
public final class ApplicationsViewModel {

    /** What a list shows instead of rows. */
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

    /** The order of the applications list: by name, ignoring case first. */
    static final Comparator<Application> BY_NAME =
            Comparator.comparing(Application::name, String.CASE_INSENSITIVE_ORDER).thenComparing(Application::name);

    private final ExpiryClock clock;
    private final SecretCache cache;
    private final ReadOnlyObjectProperty<ConnectionState> connectionState;
    /**
     * Every loaded application, kept in {@link #BY_NAME} order by the code that changes it (pages arrive in name
     * order, so a page is usually appended as it is). Sorted first, filtered second: a search then only re-filters.
     * Not a SortedList: it inserts an added page element by element, scanning its whole index for each one, which
     * made loading 10,000 applications in pages of 1,000 quadratic (tens of millions of steps on the FX thread).
     */
    private final ObservableList<Application> applications = FXCollections.observableArrayList();
    private final ObservableList<Application> allView = FXCollections.unmodifiableObservableList(applications);
    private final FilteredList<Application> filtered = new FilteredList<>(applications);
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final LongProperty totalSecrets = new SimpleLongProperty();
    private final StringProperty searchText = new SimpleStringProperty("");
    private final ObjectProperty<ExpiryFilter> expiryFilter = new SimpleObjectProperty<>(ExpiryFilter.ALL);
    private final ObjectProperty<Application> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<ListState> state = new SimpleObjectProperty<>(ListState.LOADING);
    private final StringBinding title;
    /** While the VM itself rewrites the list, selection echoes from the View are ignored. */
    private boolean mutating;
    /** An application to select once it is loaded (restored from the last session). */
    private String pendingSelection;

    ApplicationsViewModel(ExpiryClock clock, SecretCache cache,
                          ReadOnlyObjectProperty<ConnectionState> connectionState) {
        this.clock = clock;
        this.cache = cache;
        this.connectionState = connectionState;
        searchText.addListener((obs, old, text) -> applySearch());
        expiryFilter.addListener((obs, old, f) -> applySearch());
        applications.addListener((ListChangeListener<Application>) c -> {
            totalSecrets.set(applications.stream().mapToLong(Application::secretCount).sum());
            updateState();
            selectPending();
        });
        filtered.addListener((ListChangeListener<Application>) c -> updateState());
        loading.addListener((obs, o, n) -> updateState());
        connectionState.addListener((obs, o, n) -> updateState());
        // "Expiring within N days" moves with the clock.
        clock.onRedraw(() -> {
            if (!expiryFilter.get().isAll()) {
                applySearch();
            }
        });
        title = Bindings.createStringBinding(() -> filtered.size() == applications.size()
                        ? "Applications (" + applications.size() + ")"
                        : "Applications (" + filtered.size() + " of " + applications.size() + ")",
                applications, filtered);
    }

    // ---------------------------------------------------------------- changes from the gateway

    void setLoading(boolean value) {
        loading.set(value);
    }

    /** Whether a View draws this list and says when its first page is on screen ({@link #firstPageDrawn}). */
    private boolean firstPageReported;
    /** The first load's wait for that, while it is going on. */
    private final AtomicReference<CountDownLatch> firstPageWait = new AtomicReference<>();

    /**
     * Called by the View that draws the list: it will call {@link #firstPageDrawn} once the first page of a load is
     * laid out, and the load asks for the rest only then (or after at most a moment), so the first page's cells are
     * styled and laid out without the next pages' reading and parsing competing for the processor.
     */
    public void reportsFirstPageDrawn() {
        firstPageReported = true;
    }

    /** The first page of the load is laid out on screen (see {@link #reportsFirstPageDrawn}). */
    public void firstPageDrawn() {
        CountDownLatch wait = firstPageWait.getAndSet(null);
        if (wait != null) {
            wait.countDown();
        }
    }

    /** For a first load: what it waits on before the rest (null: nothing draws the list, do not wait). */
    CountDownLatch expectFirstPage() {
        if (!firstPageReported) {
            return null;
        }
        CountDownLatch wait = new CountDownLatch(1);
        firstPageWait.set(wait);
        return wait;
    }

    boolean isEmpty() {
        return applications.isEmpty();
    }

    /** A page of the first load, shown as it arrives. */
    void append(List<Application> page) {
        List<Application> sorted = new ArrayList<>(page);
        sorted.sort(BY_NAME);
        if (sorted.isEmpty()) {
            return;
        }
        mutate(() -> {
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
        });
    }

    /** Everything, from a complete load; keeps the selection when the application is still there. */
    void replace(List<Application> unsorted) {
        List<Application> fresh = new ArrayList<>(unsorted);
        fresh.sort(BY_NAME);
        if (applications.equals(fresh)) {
            // The progressive load already put every page in the list: replacing 10,000 rows with equal ones would
            // only re-sort and re-filter them on the FX thread (a 420 ms stall in the console benchmark).
            return;
        }
        String selectedId = selected.get() == null ? null : selected.get().id();
        mutate(() -> applications.setAll(fresh));
        selected.set(selectedId == null ? null : find(selectedId));
    }

    /** One application added or changed (an event, a dialog): in its place by name. */
    void put(Application app) {
        int i = indexOf(app.id());
        boolean wasSelected = isSelected(app.id());
        mutate(() -> {
            if (i >= 0 && BY_NAME.compare(applications.get(i), app) == 0) {
                applications.set(i, app);
            } else {
                if (i >= 0) {
                    applications.remove(i);
                }
                int at = Collections.binarySearch(applications, app, BY_NAME);
                applications.add(at >= 0 ? at : -at - 1, app);
            }
        });
        if (wasSelected) {
            selected.set(app);
        }
    }

    void remove(String id) {
        int i = indexOf(id);
        boolean wasSelected = isSelected(id);
        cache.remove(id);
        if (i >= 0) {
            mutate(() -> applications.remove(i));
        }
        if (wasSelected) {
            selected.set(null);
        }
    }

    Application find(String id) {
        int i = indexOf(id);
        return i < 0 ? null : applications.get(i);
    }

    private int indexOf(String id) {
        for (int i = 0; i < applications.size(); i++) {
            if (applications.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    boolean isSelected(String id) {
        return selected.get() != null && selected.get().id().equals(id);
    }

    private void mutate(Runnable change) {
        mutating = true;
        try {
            change.run();
        } finally {
            mutating = false;
        }
    }

    // ---------------------------------------------------------------- selection and search

    /** The View's list selection. Ignored while the VM itself rewrites the list. */
    public void select(Application app) {
        if (!mutating) {
            pendingSelection = null;
            selected.set(app);
        }
    }

    /** Selects the application with this id as soon as it is loaded (the one selected when the console quit). */
    public void restoreSelection(String applicationId) {
        pendingSelection = applicationId;
        selectPending();
    }

    private void selectPending() {
        if (pendingSelection != null && selected.get() == null) {
            Application app = find(pendingSelection);
            if (app != null) {
                pendingSelection = null;
                selected.set(app);
            }
        }
    }

    /** Clears the search (and its filter) if it would hide {@code app}; then selects it. */
    void reveal(Application app) {
        if (!searchText.get().isBlank()) {
            searchText.set("");
        }
        selected.set(app);
    }

    String query() {
        return searchText.get() == null ? "" : searchText.get().strip();
    }

    /** Filters the list again (the search, the filter, the clock or a secret known to the search changed). */
    void applySearch() {
        String q = query();
        Application sel = selected.get();
        ExpiryFilter f = expiryFilter.get();
        Instant t = clock.nowProperty().get();
        mutate(() -> filtered.setPredicate(q.isEmpty() && f.isAll() ? null
                : app -> f.mayMatch(app, t) && (q.isEmpty() || matches(app, q))));
        // Keep the selection when it is still visible; drop it when the search hid it.
        if (sel != null && ((!q.isEmpty() && !matches(sel, q)) || !f.mayMatch(sel, t))) {
            selected.set(null);
        }
    }

    /** Search rule: name, description or clientId of the application, or description or hint of a known secret. */
    boolean matches(Application app, String q) {
        if (matchesOwnFields(app, q)) {
            return true;
        }
        List<SecretSummary> known = cache.known(app.id());
        if (known != null) {
            for (SecretSummary s : known) {
                if (secretMatches(s, q)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean matchesOwnFields(Application app, String q) {
        return containsIgnoreCase(app.name(), q) || containsIgnoreCase(app.description(), q)
                || containsIgnoreCase(app.clientId(), q);
    }

    static boolean secretMatches(SecretSummary s, String q) {
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

    /** The text shown when the search matches nothing. */
    public String noMatchesText() {
        if (searchText.get().isBlank() && !expiryFilter.get().isAll()) {
            return "Nothing matches the filter “" + describe(expiryFilter.get()) + "”";
        }
        return "No matches for “" + searchText.get().strip() + "”";
    }

    static String describe(ExpiryFilter f) {
        return switch (f.kind()) {
            case EXPIRING_WITHIN -> "expiring within " + f.days() + (f.days() == 1 ? " day" : " days");
            case UNUSED_FOR -> "unused for " + f.days() + (f.days() == 1 ? " day" : " days");
            default -> f.kind().toString().toLowerCase(Locale.ROOT);
        };
    }

    private void updateState() {
        if (!applications.isEmpty()) {
            state.set(filtered.isEmpty() ? ListState.NO_MATCHES : ListState.ROWS);
        } else if (loading.get()) {
            state.set(ListState.LOADING);
        } else {
            state.set(switch (connectionState.get()) {
                case OFFLINE, RECONNECTING -> ListState.UNAVAILABLE;
                case CONNECTING -> ListState.LOADING;
                case CONNECTED -> ListState.EMPTY;
            });
        }
    }

    // ---------------------------------------------------------------- for the View

    /** All applications, filtered by the search and sorted by name: the list's items. */
    public ObservableList<Application> visible() {
        return filtered;
    }

    /** Every loaded application, unfiltered. */
    public ObservableList<Application> all() {
        return allView;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading;
    }

    public ReadOnlyLongProperty totalSecretsProperty() {
        return totalSecrets;
    }

    public StringProperty searchTextProperty() {
        return searchText;
    }

    /** The expiry filter next to the search ("expiring within N days", "expired", …). */
    public ObjectProperty<ExpiryFilter> expiryFilterProperty() {
        return expiryFilter;
    }

    public ReadOnlyObjectProperty<Application> selectedProperty() {
        return selected;
    }

    public ReadOnlyObjectProperty<ListState> stateProperty() {
        return state;
    }

    public StringBinding title() {
        return title;
    }
}
