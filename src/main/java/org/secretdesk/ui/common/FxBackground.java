package org.secretdesk.ui.common;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** {@link Background} for the running console: work through {@link Tasks} on an executor, delays on a timer thread. */
public final class FxBackground implements Background {

    private final Executor executor;
    private final ScheduledExecutorService timer;

    public FxBackground(Executor executor, ScheduledExecutorService timer) {
        this.executor = executor;
        this.timer = timer;
    }

    @Override
    public <T> void call(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        Tasks.create(work).onSuccess(onSuccess).onError(onError).runOn(executor);
    }

    @Override
    public void onUi(Runnable action) {
        Tasks.onFx(action);
    }

    @Override
    public Cancellable later(Duration delay, Runnable action) {
        // The flag also stops an action that was already handed to the FX queue when cancel() came.
        AtomicBoolean cancelled = new AtomicBoolean();
        ScheduledFuture<?> future = timer.schedule(() -> Tasks.onFx(() -> {
            if (!cancelled.get()) {
                action.run();
            }
        }), delay.toMillis(), TimeUnit.MILLISECONDS);
        return () -> {
            cancelled.set(true);
            future.cancel(false);
        };
    }
}
