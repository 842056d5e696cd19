package org.secretdesk.ui.reveal;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Starts the toolkit (JavaFX's headless platform under surefire) with the AtlantaFX theme; runs code on the FX thread. */
final class FxTestSupport {

    private FxTestSupport() {
    }

    static void startToolkit() throws Exception {
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
