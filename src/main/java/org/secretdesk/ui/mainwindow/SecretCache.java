package org.secretdesk.ui.mainwindow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.secretdesk.model.SecretSummary;

/**
 * The secrets (summaries, never values) loaded per application: reused when an application is selected again
 * within {@link #TTL}, and what the search looks through to find an application by one of its secrets.
 */
final class SecretCache {

    /** Secrets of an application are reused for this long when it is selected again. */
    static final Duration TTL = Duration.ofSeconds(30);

    private record Entry(List<SecretSummary> items, Instant loadedAt) {
    }

    private final Clock clock;
    private final Map<String, Entry> entries = new HashMap<>();
    /** Told of every read put here (the leak marks follow the secrets read). */
    private BiConsumer<String, List<SecretSummary>> onPut = (id, items) -> { };

    SecretCache(Clock clock) {
        this.clock = clock;
    }

    void put(String applicationId, List<SecretSummary> items) {
        entries.put(applicationId, new Entry(List.copyOf(items), clock.instant()));
        onPut.accept(applicationId, items);
    }

    void onPut(BiConsumer<String, List<SecretSummary>> listener) {
        this.onPut = listener;
    }

    /** The application's secrets if loaded within {@link #TTL}, else null. */
    List<SecretSummary> fresh(String applicationId) {
        Entry e = entries.get(applicationId);
        return e != null && e.loadedAt().plus(TTL).isAfter(clock.instant()) ? e.items() : null;
    }

    /** The application's secrets as last loaded, however long ago, or null. */
    List<SecretSummary> known(String applicationId) {
        Entry e = entries.get(applicationId);
        return e == null ? null : e.items();
    }

    boolean contains(String applicationId) {
        return entries.containsKey(applicationId);
    }

    /** Marks the application's secrets as changed: loaded again on the next selection. */
    void invalidate(String applicationId) {
        Entry e = entries.get(applicationId);
        if (e != null) {
            entries.put(applicationId, new Entry(e.items(), Instant.MIN));
        }
    }

    void remove(String applicationId) {
        entries.remove(applicationId);
    }

    void clear() {
        entries.clear();
    }
}
