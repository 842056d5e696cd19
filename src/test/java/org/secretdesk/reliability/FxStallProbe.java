package org.secretdesk.reliability;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;

/**
 * Measures how long the FX thread keeps work waiting: every 5 ms a platform thread posts a ping with
 * {@link Platform#runLater}; the ping records how long it waited. The largest wait is the longest FX-thread stall
 * seen (plus the scheduling noise of a loaded machine). A figure to report, not to assert on.
 */
final class FxStallProbe implements AutoCloseable {

    private final AtomicLong maxWaitNanos = new AtomicLong();
    private final AtomicInteger pings = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    FxStallProbe() {
        thread = Thread.ofPlatform().daemon().name("fx-stall-probe").start(this::run);
    }

    private void run() {
        while (running) {
            long posted = System.nanoTime();
            Platform.runLater(() -> {
                maxWaitNanos.accumulateAndGet(System.nanoTime() - posted, Math::max);
                pings.incrementAndGet();
            });
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Pings the FX thread has run so far. */
    int pings() {
        return pings.get();
    }

    long maxStallMillis() {
        return maxWaitNanos.get() / 1_000_000;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(1000);
    }
}
