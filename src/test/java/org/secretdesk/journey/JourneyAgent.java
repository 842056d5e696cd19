package org.secretdesk.journey;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * A Java agent the journey runner puts into the shipped console's JVM (through {@code JAVA_TOOL_OPTIONS}, which
 * every launcher's JVM reads): it waits for the console's window and walks {@link ConsoleJourney} through it. The
 * console itself is started unchanged, by its own launcher. The agent's argument is the folder for its report
 * ({@value #REPORT}) and the CA files; {@code ,wm} when a window manager runs.
 */
public final class JourneyAgent {

    static final String REPORT = "journey-report.txt";

    private JourneyAgent() {
    }

    public static void premain(String args, Instrumentation ignored) {
        if (ModuleLayer.boot().findModule("javafx.graphics").isEmpty()) {
            // JAVA_TOOL_OPTIONS reaches every JVM the launcher starts, e.g. target/dist's Java version probe.
            return;
        }
        String[] parts = args.split(",");
        Path dir = Path.of(parts[0]);
        boolean windowManager = parts.length > 1 && parts[1].equals("wm");
        Thread t = new Thread(() -> run(dir, windowManager), "journey");
        t.setDaemon(true);
        t.start();
    }

    private static void run(Path dir, boolean windowManager) {
        Path report = dir.resolve(REPORT);
        ScreenDriver screen = null;
        try {
            screen = ScreenDriver.whenToolkitRuns(Duration.ofSeconds(60));
            ConsoleJourney journey = new ConsoleJourney(screen, dir.resolve("export"), windowManager,
                    line -> write(report, line));
            Files.createDirectories(dir.resolve("export"));
            journey.run();
            write(report, "CA_SHA256 " + journey.caSha256());
            write(report, "RESULT OK");
        } catch (Throwable e) {
            if (screen != null) {
                screen.screenshot(dir.resolve("journey-failure.png"));
            }
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            write(report, "RESULT FAIL " + e + "\n" + trace);
            System.err.println("[journey] failed: " + e);
        }
    }

    private static void write(Path report, String line) {
        try {
            Files.writeString(report, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("[journey] cannot write " + report + ": " + e);
        }
    }
}
