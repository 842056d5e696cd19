package org.secretdesk.ui.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.secretdesk.ui.common.Background;

/** A {@link Background} for ViewModel tests: work runs at once on the calling thread; delayed actions never run. */
public class SyncBackground implements Background {

    @Override
    public <T> void call(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        runNow(work, onSuccess, onError);
    }

    /** Runs {@code work} on the calling thread; exactly one of the callbacks follows. */
    public static <T> void runNow(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        T result;
        try {
            result = work.call();
        } catch (Throwable e) {
            onError.accept(e);
            return;
        }
        onSuccess.accept(result);
    }

    @Override
    public void onUi(Runnable action) {
        action.run();
    }

    @Override
    public Cancellable later(Duration delay, Runnable action) {
        return () -> { };
    }
}
