package org.secretdesk.ui.mainwindow;

/**
 * TestFX's {@code testfx.headless=true} asks for Monocle, which JavaFX 26 no longer needs: its built-in
 * headless glass platform ({@code -Dglass.platform=Headless}, set by surefire) does the job. Clear the flag
 * before TestFX starts the toolkit.
 */
final class HeadlessFx {

    private HeadlessFx() {
    }

    static void useBuiltInHeadlessPlatform() {
        if ("Headless".equals(System.getProperty("glass.platform"))) {
            System.clearProperty("testfx.headless");
        }
    }
}
