package org.secretdesk.ui.mainwindow;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.model.Application;
import org.secretdesk.ui.common.Background;

/**
 * Lets the search find an application by one of its secrets (description or hint) whichever application it is: once
 * a query has settled, the secrets of every application not read yet are read in the background, a few at a time,
 * and an application that now matches appears in the list. The secrets read stay known for this connection (an
 * event reads an application's secrets again), so later searches are immediate.
 */
public final class SecretSearch {

    /** Applications whose secrets are read at the same time. */
    static final int PARALLEL = 4;
    /** A query counts once it has not changed for this long (typing does not start reads per keystroke). */
    static final Duration SETTLE = Duration.ofMillis(400);

    private final ApplicationsViewModel applications;
    private final ConnectionViewModel connection;
    private final SecretCache cache;
    private final Background background;
    private final Deque<String> queue = new ArrayDeque<>();
    /** The ids in {@link #queue}, so that queuing 10,000 applications does not scan it each time. */
    private final Set<String> queued = new HashSet<>();
    private final IntegerProperty pending = new SimpleIntegerProperty();
    private Background.Cancellable settle;
    private long generation;
    private int running;
    private boolean pumping;

    SecretSearch(ApplicationsViewModel applications, ConnectionViewModel connection, SecretCache cache,
                 Background background) {
        this.applications = applications;
        this.connection = connection;
        this.cache = cache;
        this.background = background;
        applications.searchTextProperty().addListener((obs, o, text) -> {
            cancelSettle();
            if (text != null && !text.isBlank()) {
                settle = background.later(SETTLE, this::refresh);
            }
        });
    }

    /** Reads the secrets of every application not known yet, if a search is active. */
    void refresh() {
        cancelSettle();
        if (applications.query().isEmpty() || connection.client() == null) {
            return;
        }
        for (Application app : applications.all()) {
            if (!cache.contains(app.id()) && queued.add(app.id())) {
                queue.add(app.id());
            }
        }
        pump();
    }

    /** An application changed: read its secrets again for the search, if the search has read them before. */
    void reload(String applicationId) {
        if (cache.contains(applicationId) && queued.add(applicationId)) {
            queue.add(applicationId);
            pump();
        }
    }

    /** Another connection (or none): forget what is queued. */
    void stop() {
        cancelSettle();
        generation++;
        queue.clear();
        queued.clear();
        running = 0;
        pending.set(0);
    }

    private void pump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            while (running < PARALLEL && !queue.isEmpty()) {
                String id = queue.poll();
                queued.remove(id);
                read(id);
            }
            pending.set(queue.size() + running);
        } finally {
            pumping = false;
        }
    }

    private void read(String applicationId) {
        GatewayClient c = connection.client();
        if (c == null) {
            return;
        }
        long gen = generation;
        long conn = connection.generation();
        running++;
        background.call(() -> SecretsViewModel.listAll(c, applicationId), items -> {
            if (gen != generation || !connection.isCurrent(conn)) {
                return;
            }
            running--;
            cache.put(applicationId, items);
            Application app = applications.find(applicationId);
            String q = applications.query();
            // Filtering 10,000 rows again is only worth it when this application's match may have changed.
            if (app != null && !q.isEmpty() && applications.matches(app, q) != applications.visible().contains(app)) {
                applications.applySearch();
            }
            pump();
        }, error -> {
            if (gen != generation || !connection.isCurrent(conn)) {
                return;
            }
            running--;
            pump(); // a failed read leaves that application to its own fields; the main window reports outages
        });
    }

    private void cancelSettle() {
        if (settle != null) {
            settle.cancel();
            settle = null;
        }
    }

    /** Applications whose secrets the search is still reading. */
    public ReadOnlyIntegerProperty pendingProperty() {
        return pending;
    }
}
