package org.secretdesk.server.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** What a test receiver got, in order, and waiting for it (on the state itself, never for a fixed time). */
public final class Recording<T> {

    private final List<T> items = new ArrayList<>();

    public synchronized void add(T item) {
        items.add(item);
        notifyAll();
    }

    public synchronized List<T> all() {
        return List.copyOf(items);
    }

    /** The first item that matches, as soon as there is one; fails after {@code timeout}. */
    public synchronized T await(Predicate<T> match, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (T item : items) {
                if (match.test(item)) {
                    return item;
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Nothing matching arrived within " + timeout + "; got " + items);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits until at least {@code n} items arrived. */
    public void awaitCount(int n, Duration timeout) throws InterruptedException {
        List<T> seen = new ArrayList<>();
        await(item -> {
            seen.add(item);
            return seen.size() >= n;
        }, timeout);
    }
}
