package org.secretdesk.journey;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** An X display for the console: Xvfb with openbox when installed, else none (JavaFX's headless platform). */
public record VirtualDisplay(String name, Process xvfb, Process windowManagerProcess) implements AutoCloseable {

    public static VirtualDisplay start(Path work) throws Exception {
        if (!onPath("Xvfb")) {
            return new VirtualDisplay(null, null, null);
        }
        for (int n = 140 + (int) (ProcessHandle.current().pid() % 50); n < 400; n++) {
            if (Files.exists(Path.of("/tmp/.X11-unix/X" + n)) || Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                continue;
            }
            String name = ":" + n;
            Process xvfb = new ProcessBuilder("Xvfb", name, "-screen", "0", "1600x1000x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(work.resolve("xvfb.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!Files.exists(Path.of("/tmp/.X11-unix/X" + n)) && xvfb.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(50); // Xvfb says nothing when it is ready; its socket appearing is the sign
            }
            if (!xvfb.isAlive()) {
                continue; // the display was taken meanwhile
            }
            Process wm = null;
            if (onPath("openbox")) {
                ProcessBuilder pb = new ProcessBuilder("openbox").redirectErrorStream(true)
                        .redirectOutput(work.resolve("openbox.log").toFile());
                pb.environment().put("DISPLAY", name);
                pb.environment().put("HOME", work.toString());
                wm = pb.start();
            }
            return new VirtualDisplay(name, xvfb, wm);
        }
        throw new IllegalStateException("No free X display number for Xvfb");
    }

    public boolean headless() {
        return name == null;
    }

    public boolean windowManager() {
        return windowManagerProcess != null;
    }

    public String describe() {
        return headless() ? "JavaFX headless platform (no Xvfb installed)"
                : "Xvfb " + name + (windowManager() ? " with openbox" : " without a window manager");
    }

    @Override
    public void close() {
        if (windowManagerProcess != null) {
            windowManagerProcess.destroy();
        }
        if (xvfb != null) {
            xvfb.destroy();
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }
}
