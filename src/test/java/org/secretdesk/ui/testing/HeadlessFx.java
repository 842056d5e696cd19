package org.secretdesk.ui.testing;

/**
 * The one place UI tests prepare TestFX for JavaFX's own headless platform. TestFX's {@code testfx.headless=true}
 * asks for Monocle, which JavaFX 26 no longer needs: its built-in headless glass platform
 * ({@code -Dglass.platform=Headless}, set by surefire) does the job. Call from a static initializer before TestFX
 * starts the toolkit.
 */
public final class HeadlessFx {

    private HeadlessFx() {
    }

    public static void useBuiltInHeadlessPlatform() {
        if ("Headless".equals(System.getProperty("glass.platform"))) {
            System.clearProperty("testfx.headless");
        }
    }
}
