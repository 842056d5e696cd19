package org.secretdesk.server;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.GatewayEvent;
import org.secretdesk.model.Notification;
import org.secretdesk.server.store.Database;
import org.secretdesk.server.store.Store;

/**
 * Records expiry warnings: for each secret, one {@code SECRET_EXPIRING} when it crosses a {@code notifyBefore}
 * threshold (only the nearest one when several were crossed since the last run) and one {@code SECRET_EXPIRED}.
 */
public final class NotificationScheduler {

    private final Database db;
    private final Store store;
    private final GatewayService service;

    public NotificationScheduler(Database db, Store store, GatewayService service) {
        this.db = db;
        this.store = store;
        this.service = service;
    }

    /** Cluster-wide lock: one node at a time runs a pass. */
    static final long SCHEDULER_LOCK = 0x5ECD_0002L;
    /** When the last pass ran on any node (epoch millis), so that a cluster runs once per interval. */
    static final String LAST_RUN_SETTING = "scheduler-last-run";

    /** One pass now; returns how many notifications were recorded. */
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

    private int run(Duration interval) {
        return service.write(Actor.system(), tx -> {
            if (!db.tryLockForTransaction(tx.connection(), SCHEDULER_LOCK)) {
                return interval == null ? 0 : -1;
            }
            long started = tx.now().toEpochMilli();
            if (interval != null) {
                long last = store.setting(tx.connection(), LAST_RUN_SETTING).map(Long::parseLong).orElse(Long.MIN_VALUE);
                // A 10% margin: the nodes' timers drift, and a pass a little early is better than one skipped.
                if (last != Long.MIN_VALUE && last <= started && started - last < interval.toMillis() * 9 / 10) {
                    return -1;
                }
            }
            store.putSetting(tx.connection(), LAST_RUN_SETTING, Long.toString(started));
            DomainSecretPolicy policy = service.secretPolicy(tx.connection());
            List<Duration> thresholds = policy.notifyBefore().stream().sorted().toList();
            Duration widest = thresholds.isEmpty() ? Duration.ZERO : thresholds.getLast();
            long now = tx.now().toEpochMilli();
            int recorded = 0;
            for (Store.ExpiringSecret s : store.secretsExpiringBefore(tx.connection(), now + widest.toMillis())) {
                if (s.expiresAt() <= now) {
                    recorded += record(tx, s, Notification.NotificationType.SECRET_EXPIRED, 0);
                    continue;
                }
                long left = s.expiresAt() - now;
                Duration nearest = thresholds.stream().filter(t -> left <= t.toMillis())
                        .min(Comparator.naturalOrder()).orElse(null);
                if (nearest != null) {
                    recorded += record(tx, s, Notification.NotificationType.SECRET_EXPIRING, nearest.getSeconds());
                }
            }
            store.deleteIdempotencyBefore(tx.connection(), now - GatewayService.IDEMPOTENCY_WINDOW.toMillis());
            return recorded;
        });
    }

    private int record(GatewayService.Tx tx, Store.ExpiringSecret s, Notification.NotificationType type,
                       long thresholdSeconds) throws SQLException {
        // A nearer threshold already notified covers this one too (no warning "20 days" after "5 days").
        if (store.notificationExists(tx.connection(), s.secretId(), type, thresholdSeconds, s.expiresAt())) {
            return 0;
        }
        Notification n = new Notification(Randoms.id("ntf_", 20), type, s.applicationId(), s.applicationName(),
                s.secretId(), s.description(), Instant.ofEpochMilli(s.expiresAt()), tx.now());
        store.insertNotification(tx.connection(), n, thresholdSeconds);
        service.publishAfterCommit(tx, new GatewayEvent("notification", s.applicationId(), s.secretId(), null));
        return 1;
    }
}
