package org.secretdesk.server;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.secretdesk.model.GatewayEvent;
import org.secretdesk.model.IsoDurations;
import org.secretdesk.model.Page;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.model.RotationPolicy;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.server.store.Database;
import org.secretdesk.server.store.RotationStore;
import org.secretdesk.server.store.Store;
import org.secretdesk.server.store.StoreException;
import org.secretdesk.server.store.UsageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotation without outages (issue 21): ending and extending a grace period by hand, the applications'
 * retire-when-quiet policy, and the pass that ends a grace by itself once the old value has gone quiet and the new
 * one is in use. Every change is audited and raises a live event.
 */
public final class RotationService {

    /** Who the audit trail names for a grace the gateway ended by itself. */
    public static final Actor GATEWAY = new Actor("gateway", AdminKeySpec.Role.ADMIN, null);
    /** One retire pass at a time across the cluster. */
    static final long RETIRE_LOCK = 0x5ECD_0003L;
    /** How often the retired values' usage rows are cleaned up. */
    private static final long CLEANUP_INTERVAL = Duration.ofHours(1).toMillis();
    private static final Logger LOG = LoggerFactory.getLogger(RotationService.class);

    private final GatewayService service;
    private final Store store;
    private final Database db;
    private final ReentrantLock localPass = new ReentrantLock();
    private final AtomicLong lastCleanup = new AtomicLong(Long.MIN_VALUE);

    public RotationService(GatewayService service, Store store) {
        this.service = service;
        this.store = store;
        this.db = service.database();
    }

    // ---------------------------------------------------------------- usage

    /**
     * Writes a batch of the token endpoint's uses (last-use times, per-value use) in one transaction, with a live
     * event {@code secret.used} for each secret whose event is due (throttled; never a value).
     */
    public void writeUses(Map<String, Long> lastUsed, List<UsageStore.Batch> uses) {
        service.write(Actor.system(), tx -> {
            store.credentials().updateLastUsed(tx.connection(), lastUsed);
            for (var used : store.usage().record(tx.connection(), uses, tx.now().toEpochMilli(),
                    UsageStore.EVENT_INTERVAL_MS)) {
                service.publishAfterCommit(tx, new GatewayEvent("secret.used", used.applicationId(), used.secretId(),
                        null));
            }
            return null;
        });
    }

    /**
     * Secrets of every application not used since {@code cutoff} (never-used ones counted from their creation), in
     * id order; a use this node has not written yet counts.
     */
    public Page<SecretSummary> unusedSecrets(Instant cutoff, int limit, String afterId) {
        long now = service.clock().millis();
        List<SecretSummary> rows = service.read(c -> store.usage().withUsage(c, store.secrets().unusedSince(c,
                cutoff.toEpochMilli(), afterId, limit, now), now));
        String next = rows.size() > limit ? rows.get(limit - 1).id() : null;
        List<SecretSummary> page = rows.subList(0, Math.min(limit, rows.size())).stream()
                .map(service::withPendingLastUse).filter(s -> s.lastUsedAt() == null || s.lastUsedAt().isBefore(cutoff)).toList();
        return new Page<>(page, next);
    }

    /** A retire-when-quiet period: at least a minute (uses reach the database in batches), at most P7D. */
    public static void checkQuiet(String field, Duration quiet) {
        if (quiet.compareTo(Duration.ofMinutes(1)) < 0 || quiet.compareTo(GatewayService.MAX_GRACE) > 0) {
            throw ApiException.validation(field, field + " must be from PT1M to P7D.");
        }
    }

    // ---------------------------------------------------------------- by hand

    /** Ends the grace period now: the previous value is refused from this moment on. */
    public SecretSummary endGrace(Actor actor, String applicationId, String secretId, Long ifMatch) {
        return service.write(actor, tx -> endGrace(tx, applicationId, secretId, ifMatch));
    }

    private SecretSummary endGrace(GatewayService.Tx tx, String applicationId, String secretId, Long ifMatch)
            throws SQLException {
        SecretSummary current = inGrace(tx, applicationId, secretId, ifMatch);
        if (!store.rotation().endGrace(tx.connection(), applicationId, secretId, null)) {
            // The gateway's own retire pass ended it a moment ago.
            throw new ApiException(ProblemCode.SECRET_NO_GRACE_PERIOD, "No grace period runs for this secret any "
                    + "more: the gateway retired its previous value just now.");
        }
        store.usage().forgetPrevious(tx.connection(), secretId);
        service.audit(tx, "secret.end-grace", applicationId, secretId, current.description());
        service.publishAfterCommit(tx, new GatewayEvent("secret.grace_ended", applicationId, secretId,
                current.version() + 1));
        return reread(tx, applicationId, secretId);
    }

    /** Moves the end of the grace period {@code by} later; the whole grace stays within P7D of the renew. */
    public SecretSummary extendGrace(Actor actor, String applicationId, String secretId, Long ifMatch, Duration by) {
        return service.write(actor, tx -> extendGrace(tx, applicationId, secretId, ifMatch, by));
    }

    private SecretSummary extendGrace(GatewayService.Tx tx, String applicationId, String secretId, Long ifMatch,
                                      Duration by) throws SQLException {
        if (by.isZero() || by.isNegative() || by.compareTo(GatewayService.MAX_GRACE) > 0) {
            throw ApiException.validation("gracePeriod", "gracePeriod must be a positive duration of at most P7D.");
        }
        SecretSummary current = inGrace(tx, applicationId, secretId, ifMatch);
        Instant until = current.graceUntil().plus(by);
        Instant latest = current.renewedAt().plus(GatewayService.MAX_GRACE);
        if (until.isAfter(latest)) {
            throw ApiException.validation("gracePeriod", "A grace period lasts at most P7D from the renew: it can "
                    + "run until " + latest.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " at the latest.");
        }
        store.rotation().extendGrace(tx.connection(), applicationId, secretId,
                GatewayService.wholeSeconds(until));
        service.audit(tx, "secret.extend-grace", applicationId, secretId, current.description() + ": +"
                + IsoDurations.format(by));
        service.publishAfterCommit(tx, new GatewayEvent("secret.grace_extended", applicationId, secretId,
                current.version() + 1));
        return reread(tx, applicationId, secretId);
    }

    private SecretSummary inGrace(GatewayService.Tx tx, String applicationId, String secretId, Long ifMatch)
            throws SQLException {
        store.applications().lock(tx.connection(), applicationId)
                .orElseThrow(() -> GatewayService.appNotFound(applicationId));
        SecretSummary current = store.secrets().find(tx.connection(), applicationId, secretId,
                tx.now().toEpochMilli()).orElseThrow(() -> GatewayService.secretNotFound(secretId));
        if (ifMatch != null && ifMatch != current.version()) {
            throw new ApiException(ProblemCode.PRECONDITION_FAILED, "It was changed by someone else (now version "
                    + current.version() + "). Reload and try again.");
        }
        if (current.graceUntil() == null) {
            throw new ApiException(ProblemCode.SECRET_NO_GRACE_PERIOD, "No grace period runs for this secret: its "
                    + "previous value already stopped working.");
        }
        return current;
    }

    private SecretSummary reread(GatewayService.Tx tx, String applicationId, String secretId) throws SQLException {
        long now = tx.now().toEpochMilli();
        return store.usage().withUsage(tx.connection(), List.of(store.secrets().find(tx.connection(), applicationId,
                secretId, now).orElseThrow()), now).getFirst();
    }

    // ---------------------------------------------------------------- the application's policy

    public RotationPolicy policy(String applicationId) {
        return service.read(c -> {
            if (store.applications().find(c, applicationId, service.clock().millis()).isEmpty()) {
                throw GatewayService.appNotFound(applicationId);
            }
            Long quiet = store.rotation().retireAfterQuiet(c, applicationId);
            return new RotationPolicy(quiet == null ? null : Duration.ofMillis(quiet));
        });
    }

    public RotationPolicy updatePolicy(Actor actor, String applicationId, RotationPolicy policy) {
        return service.write(actor, tx -> updatePolicy(tx, applicationId, policy));
    }

    private RotationPolicy updatePolicy(GatewayService.Tx tx, String applicationId, RotationPolicy policy)
            throws SQLException {
        store.applications().lock(tx.connection(), applicationId)
                .orElseThrow(() -> GatewayService.appNotFound(applicationId));
        if (policy.retireAfterQuiet() != null) {
            checkQuiet("retireAfterQuiet", policy.retireAfterQuiet());
        }
        store.rotation().setRetireAfterQuiet(tx.connection(), applicationId,
                policy.retireAfterQuiet() == null ? null : policy.retireAfterQuiet().toMillis());
        service.audit(tx, "application.rotation-policy", applicationId, null, policy.retireAfterQuiet() == null
                ? "retire when quiet: off" : "retire when quiet: " + IsoDurations.format(policy.retireAfterQuiet()));
        service.publishAfterCommit(tx, new GatewayEvent("application.updated", applicationId, null, null));
        return policy;
    }

    // ---------------------------------------------------------------- retire when quiet

    /**
     * Ends every grace whose old value has been unused for its quiet period (counted from the renew when it was
     * never used after it) while the new value has been used at least once. Uses reach the database in batches: the
     * caller writes this node's own first; other nodes' reach it within their write interval (seconds), which the
     * quiet period (at least a minute) covers. One pass at a time in the cluster, and each grace is ended by one
     * conditional update, so it is ended (and audited) once however many nodes run the pass.
     *
     * @return how many grace periods it ended; -1 when another pass was running
     */
    public int retireQuiet() {
        if (!localPass.tryLock()) {
            return -1;
        }
        try (Database.ClusterLock lock = db.tryClusterLock(RETIRE_LOCK)) {
            if (lock == null) {
                return -1;
            }
            long now = service.clock().millis();
            int ended = 0;
            for (RotationStore.Retirement r : service.read(store.rotation()::retirements)) {
                if (r.graceUntil() == null || r.graceUntil() <= now) {
                    service.write(GATEWAY, tx -> {
                        store.rotation().stopRetirement(tx.connection(), r.secretId());
                        return null;
                    });
                } else if (r.currentLastUsed() != null && quietSince(r) + r.quietMs() <= now) {
                    ended += service.write(GATEWAY, tx -> retire(tx, r)) ? 1 : 0;
                }
            }
            cleanUp(now);
            return ended;
        } catch (SQLException e) {
            throw new StoreException(e);
        } finally {
            localPass.unlock();
        }
    }

    /** Since when the old value has been quiet: its last use, or the renew when it was not used after it. */
    private static long quietSince(RotationStore.Retirement r) {
        return r.previousLastUsed() == null ? r.renewedAt() : Math.max(r.previousLastUsed(), r.renewedAt());
    }

    private boolean retire(GatewayService.Tx tx, RotationStore.Retirement r) throws SQLException {
        if (!store.rotation().endGrace(tx.connection(), r.applicationId(), r.secretId(), r.previousHash())) {
            return false; // renewed, ended or retired meanwhile
        }
        store.usage().forgetPrevious(tx.connection(), r.secretId());
        service.audit(tx, "secret.end-grace", r.applicationId(), r.secretId(), r.description()
                + ": retired after " + IsoDurations.format(Duration.ofMillis(r.quietMs())) + " unused");
        long version = store.secrets().find(tx.connection(), r.applicationId(), r.secretId(), tx.now().toEpochMilli())
                .map(SecretSummary::version).orElse(0L);
        service.publishAfterCommit(tx, new GatewayEvent("secret.grace_ended", r.applicationId(), r.secretId(),
                version));
        return true;
    }

    /** At most hourly: deletes the usage rows of values that stopped working. */
    private void cleanUp(long now) {
        long last = lastCleanup.get();
        if (last != Long.MIN_VALUE && now - last < CLEANUP_INTERVAL && now >= last) {
            return;
        }
        lastCleanup.set(now);
        try {
            int deleted = service.write(GATEWAY, tx -> store.usage().deleteRetired(tx.connection(), now));
            LOG.debug("Deleted the usage of {} values that stopped working", deleted);
        } catch (RuntimeException e) {
            LOG.warn("Could not clean up the usage of values that stopped working: {}", e.getMessage());
        }
    }
}
