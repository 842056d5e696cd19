package org.secretdesk.ui.cawizard;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/**
 * Starts JavaFX on the platform surefire selects (glass Headless): TestFX's own launcher insists on Monocle when
 * testfx.headless is set, so the toolkit is started directly and TestFX's WaitForAsyncUtils does the waiting.
 */
public final class FxTestSupport {

    private FxTestSupport() {
    }

    public static synchronized void startToolkit() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        try {
            Platform.startup(started::countDown);
        } catch (IllegalStateException alreadyRunning) {
            started.countDown();
        }
        Platform.setImplicitExit(false);
        if (!started.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("JavaFX did not start");
        }
    }
}
