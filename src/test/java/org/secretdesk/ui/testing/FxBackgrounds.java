package org.secretdesk.ui.testing;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.secretdesk.ui.common.FxBackground;

/** The console's {@link FxBackground} on a test's executor, with one shared daemon timer thread for its delays. */
public final class FxBackgrounds {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-background-timer");
        t.setDaemon(true);
        return t;
    });

    private FxBackgrounds() {
    }

    public static FxBackground on(Executor executor) {
        return new FxBackground(executor, TIMER);
    }
}
