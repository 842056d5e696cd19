package org.secretdesk.ui.common;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The console's one way to run work off the UI thread and come back to it: every gateway, keychain and file call of
 * a ViewModel, dialog or workflow goes through it. The console uses {@link FxBackground}; tests use a synchronous
 * implementation so they run without the toolkit.
 */
public interface Background {

    /** Runs {@code work} in the background; exactly one of the callbacks then runs on the UI thread. */
    <T> void call(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError);

    /** Runs {@code action} on the UI thread (now if already there). */
    void onUi(Runnable action);

    /** Runs {@code action} on the UI thread after {@code delay}, unless cancelled first. */
    Cancellable later(Duration delay, Runnable action);

    /** A scheduled action that can still be called off. */
    interface Cancellable {
        void cancel();
    }
}
