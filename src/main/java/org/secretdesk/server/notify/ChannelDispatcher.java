package org.secretdesk.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.secretdesk.server.store.ChannelStore;
import org.secretdesk.server.store.ChannelStore.State;
import org.secretdesk.server.store.Database;
import org.secretdesk.server.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox on every node. A pass takes the due rows, claims each with a lease (one conditional UPDATE:
 * the first node wins, the others skip it), delivers and records the outcome: delivered, due again after a
 * back-off, or failed for good after {@link ChannelOutbox#MAX_ATTEMPTS}. A node that dies or stops mid-delivery
 * records nothing: its lease runs out after {@link #LEASE} and another node delivers the row again (at least once;
 * the event id lets receivers drop the duplicate).
 */
public final class ChannelDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelDispatcher.class);

    /** How long a claim stands: longer than any delivery may take ({@link Sender#TIMEOUT} per step). */
    static final Duration LEASE = Duration.ofMinutes(2);
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration MAX_RETRY = Duration.ofHours(1);
    /** Delivered and failed rows are kept this long as the channels' record. */
    static final Duration KEEP = Duration.ofDays(30);
    private static final int PAGE = 20;

    private final Database db;
    private final Store store;
    private final Clock clock;
    private final String node;
    private final CredentialSeal seal;
    private final Map<ChannelKind, Sender> senders = new EnumMap<>(ChannelKind.class);
    private final ReentrantLock pass = new ReentrantLock();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private volatile ScheduledExecutorService executor;
    private volatile boolean stopping;
    private long lastPurge;

    ChannelDispatcher(Database db, Store store, Clock clock, String node, CredentialSeal seal) {
        this.db = db;
        this.store = store;
        this.clock = clock;
        this.node = node;
        this.seal = seal;
        senders.put(ChannelKind.WEBHOOK, new WebhookSender(clock));
        senders.put(ChannelKind.EMAIL, new EmailSender(clock));
        senders.put(ChannelKind.SYSLOG, new SyslogSender());
    }

    /** Runs a pass every {@code interval} on {@code executor}, and soon after {@link #wake()}. */
    void start(ScheduledExecutorService executor, Duration interval) {
        this.executor = executor;
        executor.scheduleWithFixedDelay(this::passQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Something was queued on this node: a pass soon (the commit is a moment away; the timer covers the rest). */
    void wake() {
        ScheduledExecutorService e = executor;
        if (e != null && !stopping && wakePending.compareAndSet(false, true)) {
            try {
                e.schedule(() -> {
                    wakePending.set(false);
                    passQuietly();
                }, 100, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException ignored) {
                wakePending.set(false);
            }
        }
    }

    /** From now on no outcome is recorded: a delivery under way is left to its lease (as if the node died). */
    void stop() {
        stopping = true;
    }

    private void passQuietly() {
        try {
            deliverDue();
        } catch (RuntimeException e) {
            LOG.warn("Delivering notifications failed: {}", e.getMessage());
        }
    }

    /** Delivers every due row this node can claim; returns how many it delivered. */
    public int deliverDue() {
        pass.lock();
        try {
            purgeHourly();
            int delivered = 0;
            while (!stopping) {
                long now = clock.millis();
                List<String> due = db.read(c -> store.channels().due(c, now, PAGE));
                for (String id : due) {
                    if (claim(id) && deliver(id) == State.DELIVERED) {
                        delivered++;
                    }
                }
                if (due.size() < PAGE) {
                    break;
                }
            }
            return delivered;
        } finally {
            pass.unlock();
        }
    }

    /** Delivers a row this node queued claimed (a channel's "send a test") now; its state afterwards. */
    Optional<ChannelStore.Delivery> deliverNow(String id) {
        deliver(id);
        return db.read(c -> store.channels().delivery(c, id));
    }

    /** This node's id: the owner of its leases. */
    String node() {
        return node;
    }

    private boolean claim(String id) {
        long now = clock.millis();
        return db.inTransaction(c -> store.channels().claim(c, id, node, now, now + LEASE.toMillis()));
    }

    private State deliver(String id) {
        ChannelStore.Delivery d = db.read(c -> store.channels().delivery(c, id)).orElse(null);
        if (d == null) {
            return State.FAILED; // its channel was deleted meanwhile
        }
        Optional<ChannelStore.ChannelRow> channel = db.read(c -> store.channels().find(c, d.channelId()));
        String error;
        if (channel.isEmpty()) {
            error = "The channel was deleted";
        } else if (!channel.get().enabled() && !EventType.TEST.name().equals(d.eventType())) {
            return finish(d, State.FAILED, "The channel is disabled");
        } else {
            error = attempt(channel.get(), d);
        }
        if (stopping && error != null) {
            return State.PENDING; // the lease runs out; another node (or this one, restarted) delivers it
        }
        if (error == null) {
            return finish(d, State.DELIVERED, null);
        }
        if (d.attempts() >= d.maxAttempts() || channel.isEmpty()) {
            LOG.warn("Gave up delivering event {} ({}) to channel {} after {} attempts: {}", d.eventId(),
                    d.eventType(), d.channelId(), d.attempts(), error);
            return finish(d, State.FAILED, error);
        }
        LOG.info("Delivering event {} ({}) to channel {} failed (attempt {} of {}): {}", d.eventId(), d.eventType(),
                d.channelId(), d.attempts(), d.maxAttempts(), error);
        long now = clock.millis();
        long next = now + backoff(d.attempts()).toMillis();
        db.inTransaction(c -> store.channels().release(c, d.id(), node, State.PENDING, next, now, error));
        return State.PENDING;
    }

    /** Delivers; returns null on success, else what went wrong. */
    private String attempt(ChannelStore.ChannelRow channel, ChannelStore.Delivery d) {
        byte[] credential = null;
        try {
            ObjectNode settings = ChannelService.settings(channel);
            JsonNode event = ChannelSettings.JSON.readTree(d.payload());
            if (channel.sealedCredential() != null) {
                credential = seal.open(channel.id(), channel.sealedCredential());
            }
            senders.get(ChannelKind.valueOf(channel.kind())).send(settings, event, d.payload(), credential);
            return null;
        } catch (Sender.DeliveryException e) {
            return e.getMessage();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Delivering event {} to channel {} failed unexpectedly", d.eventId(), channel.id(), e);
            return "Internal error: " + e.getClass().getSimpleName();
        } finally {
            if (credential != null) {
                Arrays.fill(credential, (byte) 0);
            }
        }
    }

    private State finish(ChannelStore.Delivery d, State state, String error) {
        long now = clock.millis();
        db.inTransaction(c -> store.channels().release(c, d.id(), node, state, now, now, error));
        return state;
    }

    /** 30 s after the first failure, doubling, at most an hour. */
    static Duration backoff(int attempts) {
        Duration d = FIRST_RETRY.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
    }

    private void purgeHourly() {
        long now = clock.millis();
        if (now - lastPurge < Duration.ofHours(1).toMillis()) {
            return;
        }
        lastPurge = now;
        int purged = db.inTransaction(c -> store.channels().purgeFinished(c, now - KEEP.toMillis()));
        if (purged > 0) {
            LOG.debug("Deleted {} notification deliveries older than {} days", purged, KEEP.toDays());
        }
    }
}
