package org.secretdesk.ui.reveal;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Starts JavaFX's built-in headless platform for tests and runs code on the FX thread. */
final class FxTestSupport {

    private FxTestSupport() {
    }

    static void startToolkit() throws Exception {
        // TestFX's testfx.headless=true asks for Monocle; JavaFX 26's headless glass platform needs no Monocle.
        if ("Headless".equals(System.getProperty("glass.platform"))) {
            System.clearProperty("testfx.headless");
        }
        FxToolkit.registerPrimaryStage();
        // The console always runs with an AtlantaFX theme; the dialogs' CSS uses its colour tokens.
        FxToolkit.setupFixture(() -> javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet()));
    }

    static <T> T fx(Callable<T> action) throws Exception {
        return WaitForAsyncUtils.asyncFx(action).get(20, TimeUnit.SECONDS);
    }

    static void fxRun(Runnable action) throws Exception {
        fx(() -> {
            action.run();
            return null;
        });
    }
}
