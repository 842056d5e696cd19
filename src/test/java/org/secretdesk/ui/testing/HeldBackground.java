package org.secretdesk.ui.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.secretdesk.ui.common.Background;

/** A {@link Background} that holds every call until the test runs it ({@link #runNext()}): work that outlives a dialog. */
public final class HeldBackground extends SyncBackground {

    private final List<Runnable> held = new ArrayList<>();

    @Override
    public <T> void call(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        held.add(() -> SyncBackground.runNow(work, onSuccess, onError));
    }

    public int waiting() {
        return held.size();
    }

    /** Runs the oldest call held, on the calling thread. */
    public void runNext() {
        held.removeFirst().run();
    }
}
