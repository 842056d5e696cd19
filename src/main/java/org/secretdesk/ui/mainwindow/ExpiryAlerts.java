package org.secretdesk.ui.mainwindow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.model.Application;
import org.secretdesk.model.Notification;
import org.secretdesk.ui.common.Background;

/**
 * Expiry warnings (and reported leaks, issue 22) as the console shows them: the gateway's notifications (fetched on connect and when the event
 * stream says there are new ones) and, at once, what the loaded applications themselves say — a secret inside the
 * warning window or expired warns as soon as the console sees it, without waiting for the gateway's hourly
 * scheduler. Each is shown once in a popup ("2 secrets expire within 5 days") and listed behind the bell with an
 * unread count. Which ones were shown is remembered (ids) so a restart does not repeat them.
 */
public final class ExpiryAlerts {

    /** One popup: its sentence and the notifications it stands for (the first one is where "Show" jumps). */
    public record Popup(String text, List<Notification> notifications) {
    }

    /** Where the seen ids live; the console uses the data directory, tests keep them in memory. */
    public interface SeenIds {
        Set<String> load();

        void save(Set<String> ids);
    }

    static final int FETCH_LIMIT = 200;

    private final Background background;
    private final SeenIds store;
    private final Set<String> seen;
    private final ObservableList<Notification> all = FXCollections.observableArrayList();
    private final ObservableList<Notification> allView = FXCollections.unmodifiableObservableList(all);
    /** The ids in {@link #all}, so that a fetch of thousands of notifications is not checked against it one by one. */
    private final java.util.Set<String> allIds = new java.util.HashSet<>();
    /** What the gateway's notifications warn about ({@link #key}), so the console does not warn again. */
    private final java.util.Set<String> gatewayKeys = new java.util.HashSet<>();
    /** The console's own warnings by application and expiry, replaced when the gateway's notice arrives. */
    private final java.util.Map<String, Notification> localByExpiry = new java.util.HashMap<>();
    private final IntegerProperty unread = new SimpleIntegerProperty();
    private final ObjectProperty<Popup> popup = new SimpleObjectProperty<>();
    private Instant since;
    private long generation;
    /** The generation whose fetch is running, or -1. */
    private long fetchingFor = -1;
    /** A fetch asked for while one ran: its client and what to run after it. */
    private GatewayClient queuedClient;
    private final List<Runnable> queuedThens = new ArrayList<>();
    private java.util.function.Supplier<List<Duration>> thresholds =
            () -> org.secretdesk.model.DomainSecretPolicy.DEFAULT_THRESHOLDS;

    public ExpiryAlerts(Background background, SeenIds store) {
        this.background = background;
        this.store = store;
        this.seen = new LinkedHashSet<>(store.load());
    }

    /** An in-memory store (nothing remembered across runs). */
    public static SeenIds inMemory() {
        Set<String> ids = new LinkedHashSet<>();
        return new SeenIds() {
            @Override
            public Set<String> load() {
                return new LinkedHashSet<>(ids);
            }

            @Override
            public void save(Set<String> values) {
                ids.clear();
                ids.addAll(values);
            }
        };
    }

    /** The gateway's notification thresholds, so a popup names the threshold crossed ("within 5 days"). */
    void useThresholds(java.util.function.Supplier<List<Duration>> value) {
        this.thresholds = value;
    }

    /** A new connection: forget the list (not what was seen) and fetch everything the gateway has. */
    void reset() {
        generation++;
        queuedClient = null;
        queuedThens.clear();
        all.clear();
        allIds.clear();
        gatewayKeys.clear();
        localByExpiry.clear();
        unread.set(0);
        since = null;
    }

    /**
     * Fetches notifications newer than the last fetched one; new unseen ones raise one popup; then {@code then}.
     * One fetch at a time per connection: the fetches asked for while one runs (an event comes per notification,
     * and an expiry-scheduler pass over 100,000 imported secrets raised 18,000 at once, whose 18,000 parallel
     * fetches of the same page took the console to 5 GB) are done as one, from where the running one ended.
     */
    void fetch(GatewayClient client, Runnable then) {
        if (client == null) {
            return;
        }
        if (fetchingFor == generation) {
            queuedClient = client;
            queuedThens.add(then);
            return;
        }
        long gen = generation;
        fetchingFor = gen;
        Instant from = since;
        background.call(() -> client.listNotifications(from, FETCH_LIMIT), list -> {
            if (gen == generation) {
                accept(list);
                then.run();
            }
            fetchQueued(gen);
        }, error -> {
            if (gen == generation) {
                then.run(); // the bell is a convenience: a failed fetch is retried on the next event
            }
            fetchQueued(gen);
        });
    }

    /** After the fetch of generation {@code gen}: the fetches asked for meanwhile, as one. */
    private void fetchQueued(long gen) {
        if (gen != generation) {
            return; // a new connection: its own fetches were not held back by this one
        }
        fetchingFor = -1;
        GatewayClient client = queuedClient;
        if (client != null) {
            List<Runnable> thens = List.copyOf(queuedThens);
            queuedClient = null;
            queuedThens.clear();
            fetch(client, () -> thens.forEach(Runnable::run));
        }
    }

    void accept(List<Notification> fetched) {
        List<Notification> fresh = new ArrayList<>();
        List<Notification> added = new ArrayList<>();
        for (Notification n : fetched) {
            if (since == null || n.createdAt().isAfter(since)) {
                since = n.createdAt();
            }
            // The gateway's own notice of an expiry the console already warned about replaces that warning.
            gatewayKeys.add(key(n.type(), n.applicationId(), n.expiresAt()));
            Notification local = localByExpiry.remove(n.applicationId() + "|" + n.expiresAt());
            if (local != null) {
                all.remove(local);
                allIds.remove(local.id());
                seen.add(n.id());
            }
            if (allIds.add(n.id())) {
                added.add(n);
            }
            if (seen.add(n.id())) {
                fresh.add(n);
            }
        }
        announce(fresh, added);
    }

    /**
     * Warns about what the loaded applications say: a next expiry inside {@code window} ({@code SECRET_EXPIRING}) or
     * expired secrets ({@code SECRET_EXPIRED}), unless the gateway's notifications already cover it.
     */
    void checkLoaded(List<Application> applications, Instant now, Duration window) {
        List<Notification> fresh = new ArrayList<>();
        List<Notification> added = new ArrayList<>();
        for (Application a : applications) {
            Instant next = a.nextExpiry();
            Notification n = null;
            if (a.expiredCount() > 0 || (next != null && !next.isAfter(now))) {
                n = new Notification("local:" + a.id() + ":expired:" + Math.max(1, a.expiredCount()),
                        Notification.NotificationType.SECRET_EXPIRED, a.id(), a.name(), null, null, next, now);
            } else if (next != null && !next.isAfter(now.plus(window))) {
                n = new Notification("local:" + a.id() + ":" + next.toEpochMilli(),
                        Notification.NotificationType.SECRET_EXPIRING, a.id(), a.name(), null, null, next, now);
            }
            if (n == null || allIds.contains(n.id()) || coveredByGateway(a.id(), next, n.type())) {
                continue;
            }
            allIds.add(n.id());
            localByExpiry.put(a.id() + "|" + next, n);
            added.add(n);
            if (seen.add(n.id())) {
                fresh.add(n);
            }
        }
        announce(fresh, added);
    }

    private boolean coveredByGateway(String applicationId, Instant expiresAt, Notification.NotificationType type) {
        return gatewayKeys.contains(key(type, applicationId, expiresAt));
    }

    /** What a notification warns about: an expiry of the application, or that some of its secrets expired. */
    private static String key(Notification.NotificationType type, String applicationId, Instant expiresAt) {
        return switch (type) {
            case SECRET_EXPIRED -> "expired|" + applicationId;
            case SECRET_EXPIRING -> "expiring|" + applicationId + "|" + expiresAt;
            case SECRET_LEAKED -> "leaked|" + applicationId + "|" + expiresAt;
        };
    }

    private void announce(List<Notification> fresh, List<Notification> added) {
        // Newest first, as one change of the list (one by one at index 0 was quadratic: a 10,000-secret gateway's
        // first fetch stalled the FX thread for about half a second in the console benchmark).
        all.addAll(0, added.reversed());
        if (fresh.isEmpty()) {
            return;
        }
        unread.set(unread.get() + fresh.size());
        store.save(seen);
        popup.set(new Popup(sentence(fresh, thresholds.get()), List.copyOf(fresh)));
    }

    /** "2 secrets expire within 5 days", "1 secret has expired", or both joined. */
    static String sentence(List<Notification> fresh) {
        return sentence(fresh, List.of());
    }

    /** As above, the days rounded up to the smallest threshold that holds them (4 days left: "within 5 days"). */
    static String sentence(List<Notification> fresh, List<Duration> thresholds) {
        long expired = fresh.stream().filter(n -> n.type() == Notification.NotificationType.SECRET_EXPIRED).count();
        List<Notification> expiring = fresh.stream()
                .filter(n -> n.type() == Notification.NotificationType.SECRET_EXPIRING).toList();
        List<String> parts = new ArrayList<>();
        if (!expiring.isEmpty()) {
            long left = expiring.stream().mapToLong(ExpiryAlerts::daysLeft).max().orElse(1);
            long days = thresholds.stream().mapToLong(Duration::toDays).filter(d -> d >= left).min().orElse(left);
            parts.add(expiring.size() == 1 ? "1 secret expires within " + plural(days, "day")
                    : expiring.size() + " secrets expire within " + plural(days, "day"));
        }
        if (expired > 0) {
            parts.add(expired == 1 ? "1 secret has expired" : expired + " secrets have expired");
        }
        long leaked = fresh.stream().filter(ExpiryAlerts::isLeak).count();
        if (leaked > 0) {
            parts.add(leaked == 1 ? "a leak of 1 secret was reported" : "leaks of " + leaked + " secrets were reported");
        }
        String text = String.join("; ", parts);
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** Whole days from the notification's time to the expiry, rounded up (4 days 3 hours is "within 5 days"). */
    private static long daysLeft(Notification n) {
        if (n.expiresAt() == null) {
            return 1;
        }
        Duration d = Duration.between(n.createdAt(), n.expiresAt());
        long days = d.toDays() + (d.toSeconds() % 86_400 == 0 ? 0 : 1);
        return Math.max(1, days);
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /** The bell's list was opened. */
    public void markRead() {
        unread.set(0);
    }

    /** The popup was shown (or cannot be): it is not raised again. */
    public void popupShown() {
        popup.set(null);
    }

    /** The notifications fetched so far, newest first (read-only: this class keeps it and its id set in step). */
    public ObservableList<Notification> all() {
        return allView;
    }

    public ReadOnlyIntegerProperty unreadProperty() {
        return unread;
    }

    public ReadOnlyObjectProperty<Popup> popupProperty() {
        return popup;
    }

    /** A leak report (issue 22), from a scanner, GitHub or an operator, rather than an expiry. */
    public static boolean isLeak(Notification n) {
        return n.type() == Notification.NotificationType.SECRET_LEAKED;
    }

    /** "expires in 4 days" / "expired" / "reported leaked" line for the bell's list. */
    public static String describe(Notification n) {
        if (isLeak(n)) {
            return n.applicationName() + " — " + (n.description() == null ? "a secret" : "“" + n.description() + "”")
                    + " was reported leaked";
        }
        String what = n.description() == null || n.description().isBlank() ? "a secret" : "“" + n.description() + "”";
        if (n.description() == null && n.type() == Notification.NotificationType.SECRET_EXPIRED) {
            return n.applicationName() + " — a secret has expired";
        }
        return n.applicationName() + " — " + what + (n.type() == Notification.NotificationType.SECRET_EXPIRED
                ? " has expired" : " expires soon");
    }
}
