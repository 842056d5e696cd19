package org.secretdesk.ui.mainwindow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.testing.SyncBackground;

/**
 * A {@link Background} for ViewModel tests: work runs synchronously on the calling thread, delayed actions wait
 * until the test advances time with {@link #advance(Duration)}. No toolkit needed.
 */
final class ManualBackground implements Background {

    private record Scheduled(long dueMillis, long seq, Runnable action, boolean[] cancelled) {
    }

    private final MutableClock clock;
    private final List<Scheduled> scheduled = new ArrayList<>();
    private long seq;

    ManualBackground(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public <T> void call(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        SyncBackground.runNow(work, onSuccess, onError);
    }

    @Override
    public void onUi(Runnable action) {
        action.run();
    }

    @Override
    public Cancellable later(Duration delay, Runnable action) {
        boolean[] cancelled = {false};
        scheduled.add(new Scheduled(clock.millis() + delay.toMillis(), seq++, action, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves the clock forward, running every delayed action that falls due, in order. */
    void advance(Duration d) {
        long target = clock.millis() + d.toMillis();
        while (true) {
            Scheduled next = scheduled.stream()
                    .filter(s -> !s.cancelled()[0] && s.dueMillis() <= target)
                    .min(Comparator.comparingLong(Scheduled::dueMillis).thenComparingLong(Scheduled::seq))
                    .orElse(null);
            if (next == null) {
                break;
            }
            scheduled.remove(next);
            clock.setMillis(Math.max(clock.millis(), next.dueMillis()));
            next.action().run();
        }
        clock.setMillis(target);
    }

    /** Delays of the actions still waiting, from now. */
    List<Long> pendingDelaysMillis() {
        return scheduled.stream().filter(s -> !s.cancelled()[0]).map(s -> s.dueMillis() - clock.millis()).toList();
    }
}
