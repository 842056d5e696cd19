package org.secretdesk.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The operator's core path through the console as it ships: {@code target/dist/bin/secretdesk} with its own
 * module path and JVM options, a fresh data directory, a real window under Xvfb and a window manager (where
 * installed; CI installs them), driven by real input (see {@link ConsoleJourney} and {@link JourneyRunner}).
 * Runs in {@code mvn verify}'s integration-test phase, after the dist is built. installer/check-linux.sh runs the
 * same journey against the installed .deb.
 */
class ShippedConsoleJourneyIT {

    @Test
    void theOperatorsCorePathThroughTheShippedLauncher() throws Exception {
        Path launcher = Path.of("target/dist/bin/secretdesk").toAbsolutePath();
        Path work = Files.createDirectories(Path.of("target/journey")).toAbsolutePath();
        try (var old = Files.list(work)) {
            for (Path p : old.toList()) {
                deleteTree(p);
            }
        }
        JourneyRunner.Outcome outcome = JourneyRunner.run(launcher, work);
        System.out.println("Journey through " + launcher + " on " + outcome.display() + ":\n" + outcome.report());
        assertThat(outcome.report()).contains("RESULT OK").contains("STEP quit");
        // The console followed XDG: nothing under the home's default data folder, since XDG_DATA_HOME was set.
        assertThat(outcome.home().resolve(".local/share/secretdesk")).doesNotExist();
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (var children = Files.list(p)) {
                for (Path c : children.toList()) {
                    deleteTree(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }
}
