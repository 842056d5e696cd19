package org.secretdesk.ui.testing;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Reads UI state on the FX thread. A test thread that iterates a control's items while the FX thread changes them
 * (a list being filtered or reloaded) can see an index vanish mid-iteration.
 */
public final class OnFx {

    private OnFx() {
    }

    /** Waits (20 s at most) until {@code condition} holds, letting the FX thread handle its events in between. */
    public static void waitUntil(Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.call();
        });
    }

    public static <T> T read(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the FX thread did not answer within 20 s", e);
        }
    }
}
