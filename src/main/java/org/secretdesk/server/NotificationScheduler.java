package org.secretdesk.server;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.GatewayEvent;
import org.secretdesk.model.Notification;
import org.secretdesk.server.store.Database;
import org.secretdesk.server.store.NotificationStore;
import org.secretdesk.server.store.Store;
import org.secretdesk.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records expiry warnings: for each secret, one {@code SECRET_EXPIRING} when it crosses a {@code notifyBefore}
 * threshold (only the nearest one when several were crossed since the last run) and one {@code SECRET_EXPIRED}.
 *
 * <p>A pass walks the expiring secrets in pages of {@link #PAGE_SIZE} in (expires_at, id) order, one short
 * transaction per page, so that no transaction holds locks for long and memory stays flat however many secrets
 * expire. One pass at a time runs in the whole cluster: the pass holds a cluster lock (PostgreSQL: a session-level
 * advisory lock, which the server releases if this node dies mid-pass) from its start to its end. A notification
 * is recorded at most once: each page checks what is already recorded for its secrets in the transaction that
 * records the new ones, and the {@code notifications_once_uq} constraint stands behind that check.
 */
public final class NotificationScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationScheduler.class);

    /** Secrets per page transaction. */
    static final int PAGE_SIZE = 500;

    private final Database db;
    private final Store store;
    private final GatewayService service;
    /** One pass at a time in this JVM too (the cluster lock is a no-op on H2). */
    private final ReentrantLock localPass = new ReentrantLock();

    public NotificationScheduler(Database db, Store store, GatewayService service) {
        this.db = db;
        this.store = store;
        this.service = service;
    }

    /** Cluster-wide lock: one node at a time runs a pass. */
    static final long SCHEDULER_LOCK = 0x5ECD_0002L;
    /** When the last pass ran on any node (epoch millis), so that a cluster runs once per interval. */
    static final String LAST_RUN_SETTING = "scheduler-last-run";

    /** One pass now; returns how many notifications were recorded (0 when another pass is running). */
    public int runOnce() {
        return run(null);
    }

    /**
     * The timer's pass: skipped when another node holds the scheduler lock now or ran a pass less than
     * {@code interval} ago, so that a cluster of N nodes runs it once per interval, not N times. Returns how many
     * notifications it recorded, or -1 when it skipped the pass.
     */
    public int runIfDue(Duration interval) {
        return run(interval);
    }

    /** What a pass decided in its first transaction: its time and thresholds (null: skip the pass). */
    private record Pass(long now, List<Duration> thresholds) {
    }

    private int run(Duration interval) {
        int skipped = interval == null ? 0 : -1;
        if (!localPass.tryLock()) {
            return skipped;
        }
        long t0 = System.nanoTime();
        try (Database.ClusterLock lock = db.tryClusterLock(SCHEDULER_LOCK)) {
            if (lock == null) {
                return skipped;
            }
            Pass pass = service.write(Actor.system(), tx -> start(tx, interval));
            if (pass == null) {
                return skipped;
            }
            long horizon = pass.now + (pass.thresholds.isEmpty() ? 0 : pass.thresholds.getLast().toMillis());
            int recorded = 0;
            int pages = 0;
            NotificationStore.ExpiringSecret after = null;
            while (true) {
                NotificationStore.ExpiringSecret cursor = after;
                PageResult r = service.write(Actor.system(), tx -> recordPage(tx, horizon, cursor, pass));
                if (r.last == null) {
                    break;
                }
                pages++;
                recorded += r.recorded;
                if (r.size < PAGE_SIZE) {
                    break;
                }
                after = r.last;
            }
            service.write(Actor.system(), tx -> store.idempotency().deleteBefore(tx.connection(),
                    pass.now - GatewayService.IDEMPOTENCY_WINDOW.toMillis()));
            LOG.info("Expiry scheduler pass done: {} notifications recorded, {} pages of secrets, {} ms", recorded,
                    pages, (System.nanoTime() - t0) / 1_000_000);
            return recorded;
        } catch (SQLException e) {
            throw new StoreException(e);
        } finally {
            localPass.unlock();
        }
    }

    /** The pass's first transaction: is it due, and with which thresholds. */
    private Pass start(GatewayService.Tx tx, Duration interval) throws SQLException {
        long started = tx.now().toEpochMilli();
        if (interval != null) {
            long last = store.settings().get(tx.connection(), LAST_RUN_SETTING).map(Long::parseLong)
                    .orElse(Long.MIN_VALUE);
            // A 10% margin: the nodes' timers drift, and a pass a little early is better than one skipped.
            if (last != Long.MIN_VALUE && last <= started && started - last < interval.toMillis() * 9 / 10) {
                return null;
            }
        }
        store.settings().put(tx.connection(), LAST_RUN_SETTING, Long.toString(started));
        DomainSecretPolicy policy = service.secretPolicy(tx.connection());
        return new Pass(started, policy.notifyBefore().stream().sorted().toList());
    }

    /** A page's outcome: how many secrets it read, the last of them (the next cursor) and what it recorded. */
    private record PageResult(int size, NotificationStore.ExpiringSecret last, int recorded) {
    }

    /**
     * Reads the page of expiring secrets after {@code after} and records the notifications they are due, in one
     * transaction.
     */
    private PageResult recordPage(GatewayService.Tx tx, long horizon, NotificationStore.ExpiringSecret after, Pass pass)
            throws SQLException {
        List<NotificationStore.ExpiringSecret> page = store.notifications().secretsExpiringBefore(tx.connection(),
                horizon, after == null ? null : after.expiresAt(), after == null ? null : after.secretId(), PAGE_SIZE);
        if (page.isEmpty()) {
            return new PageResult(0, null, 0);
        }
        Map<String, List<NotificationStore.NotificationKey>> recorded = new HashMap<>();
        for (NotificationStore.NotificationKey k : store.notifications().keys(tx.connection(),
                page.stream().map(NotificationStore.ExpiringSecret::secretId).toList())) {
            recorded.computeIfAbsent(k.secretId(), id -> new ArrayList<>()).add(k);
        }
        List<Map.Entry<Notification, Long>> fresh = new ArrayList<>();
        for (NotificationStore.ExpiringSecret s : page) {
            Notification.NotificationType type;
            long thresholdSeconds;
            if (s.expiresAt() <= pass.now) {
                type = Notification.NotificationType.SECRET_EXPIRED;
                thresholdSeconds = 0;
            } else {
                long left = s.expiresAt() - pass.now;
                Duration nearest = pass.thresholds.stream().filter(t -> left <= t.toMillis())
                        .min(Comparator.naturalOrder()).orElse(null);
                if (nearest == null) {
                    continue;
                }
                type = Notification.NotificationType.SECRET_EXPIRING;
                thresholdSeconds = nearest.getSeconds();
            }
            // A nearer threshold already notified covers this one too (no warning "20 days" after "5 days").
            boolean covered = recorded.getOrDefault(s.secretId(), List.of()).stream().anyMatch(k -> k.type() == type
                    && k.thresholdSeconds() <= thresholdSeconds && k.expiresAt() == s.expiresAt());
            if (covered) {
                continue;
            }
            Notification n = new Notification(Randoms.id("ntf_", 20), type, s.applicationId(), s.applicationName(),
                    s.secretId(), s.description(), Instant.ofEpochMilli(s.expiresAt()), tx.now());
            fresh.add(Map.entry(n, thresholdSeconds));
            service.publishAfterCommit(tx, new GatewayEvent("notification", s.applicationId(), s.secretId(), null));
        }
        if (!fresh.isEmpty()) {
            store.notifications().insert(tx.connection(), fresh);
            for (Map.Entry<Notification, Long> n : fresh) {
                service.outbox().expiry(tx.connection(), n.getKey(), n.getValue());
            }
        }
        return new PageResult(page.size(), page.getLast(), fresh.size());
    }
}
