package org.secretdesk.server.notify;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.secretdesk.server.EventOutbox;
import org.secretdesk.server.GatewayService;
import org.secretdesk.server.store.Database;
import org.secretdesk.server.store.Store;

/**
 * Warnings that reach people outside the console (issue 23), put together for one node: the outbox the gateway's
 * writes queue events in, the dispatcher that delivers them (a thread of its own, so that a slow receiver holds up
 * no other timer), the channels' API service and the calendar feed.
 */
public final class Notifications {

    /** How often a node looks for due deliveries besides the wake-up after its own writes. */
    static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Duration STOP_WAIT = Duration.ofSeconds(3);

    private final ChannelOutbox outbox;
    private final ChannelDispatcher dispatcher;
    private final ChannelService channels;
    private final CalendarFeed calendar;
    private final ScheduledExecutorService executor;

    /**
     * @param gatewayUrl the address events name (the public URL, else the node's own)
     */
    public Notifications(Database db, Store store, GatewayService service, String nodeId, CredentialSeal seal,
                         Supplier<String> gatewayUrl) {
        this.dispatcher = new ChannelDispatcher(db, store, service.clock(), nodeId, seal);
        this.outbox = new ChannelOutbox(store, service.clock(), gatewayUrl, dispatcher::wake);
        this.channels = new ChannelService(service, store, seal, outbox, dispatcher);
        this.calendar = new CalendarFeed(service, store, service.clock());
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "secretdesk-notify");
            t.setDaemon(true);
            return t;
        });
    }

    public EventOutbox outbox() {
        return outbox;
    }

    public ChannelService channels() {
        return channels;
    }

    public CalendarFeed calendar() {
        return calendar;
    }

    /** Starts delivering (once the node serves). */
    public void start() {
        dispatcher.start(executor, INTERVAL);
    }

    /** Delivers what is due now on the caller's thread; returns how many deliveries succeeded. */
    public int deliverNow() {
        return dispatcher.deliverDue();
    }

    /** Stops delivering; a delivery under way records nothing and is left to its lease (another node takes it). */
    public void stop() {
        dispatcher.stop();
        executor.shutdownNow();
        try {
            // A delivery blocked in a socket (not interruptible) gets a moment to see it is stopping before the
            // database closes under it; one that takes longer records nothing anyway.
            executor.awaitTermination(STOP_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
