package org.secretdesk.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.secretdesk.bench.LoadGenerator.Req;
import org.secretdesk.bench.LoadGenerator.Result;

/**
 * A server's warm-up curve: its token load run in windows of equal length, one after the other, until the rate
 * stops rising. The plateau is reached when none of the last {@code flatWindows} windows was more than
 * {@code risePercent} above the best window before them (so a server that keeps getting faster, as Keycloak does
 * for minutes, keeps being loaded), or when {@code maxSeconds} have passed (then the curve says it did not level
 * out). Used the same way for SecretDesk and Keycloak, so their figures at the plateau compare.
 */
final class WarmupCurve {

    /** One window: its end in seconds since the first load, its rate and latencies. */
    record Window(double endSeconds, double rate, double p50Millis, double p99Millis, String load) {
    }

    private final String name;
    private final List<Window> windows;
    private final boolean levelled;
    private final int flatWindows;
    private final double risePercent;

    private WarmupCurve(String name, List<Window> windows, boolean levelled, int flatWindows, double risePercent) {
        this.name = name;
        this.windows = windows;
        this.levelled = levelled;
        this.flatWindows = flatWindows;
        this.risePercent = risePercent;
    }

    /** The curve's parameters, from system properties, the same for every server of a run. */
    record Settings(int windowSeconds, int flatWindows, double risePercent, int maxSeconds) {
        static Settings fromProperties() {
            return new Settings(Integer.getInteger("bench.plateauWindowSeconds", 20),
                    Integer.getInteger("bench.plateauFlatWindows", 9),
                    Double.parseDouble(System.getProperty("bench.plateauRisePercent", "2")),
                    Integer.getInteger("bench.plateauMaxSeconds", 1200));
        }

        String describe() {
            return String.format(Locale.ROOT, "windows of %d s until none of the last %d (%d s) is more than %s %% "
                    + "above the best before them, at most %d s", windowSeconds, flatWindows,
                    windowSeconds * flatWindows, trim(risePercent), maxSeconds);
        }
    }

    static WarmupCurve run(LoadGenerator load, String name, URI base, List<Req> reqs, int connections,
                           Settings settings) throws Exception {
        System.out.println("  " + name + " warm-up curve: " + settings.describe());
        List<Window> windows = new ArrayList<>();
        long t0 = System.nanoTime();
        boolean levelled = false;
        while ((System.nanoTime() - t0) / 1e9 < settings.maxSeconds()) {
            Result r = load.run(name + " warm-up window", base, reqs, connections, settings.windowSeconds());
            Window w = new Window((System.nanoTime() - t0) / 1e9, r.rate(), r.p50Millis(), r.p99Millis(),
                    r.loadAverage());
            windows.add(w);
            System.out.printf(Locale.ROOT, "    %5.0f s  %9.0f req/s  p50 %7.2f ms  p99 %7.2f ms  (load %s)%n",
                    w.endSeconds(), w.rate(), w.p50Millis(), w.p99Millis(), w.load());
            if (isLevel(windows, settings.flatWindows(), settings.risePercent())) {
                levelled = true;
                break;
            }
        }
        WarmupCurve curve = new WarmupCurve(name, windows, levelled, settings.flatWindows(), settings.risePercent());
        System.out.println("  " + curve.summary());
        return curve;
    }

    /** True when none of the last {@code flat} windows rose more than {@code risePercent} above the best before. */
    static boolean isLevel(List<Window> windows, int flat, double risePercent) {
        if (windows.size() <= flat) {
            return false;
        }
        double bestBefore = windows.subList(0, windows.size() - flat).stream().mapToDouble(Window::rate).max()
                .orElse(0);
        double bestLast = windows.subList(windows.size() - flat, windows.size()).stream().mapToDouble(Window::rate)
                .max().orElse(0);
        return bestLast <= bestBefore * (1 + risePercent / 100);
    }

    /** Seconds of load until the plateau began: the end of the window before the flat ones. */
    double secondsToPlateau() {
        return levelled ? windows.get(windows.size() - flatWindows - 1).endSeconds() : Double.NaN;
    }

    double totalSeconds() {
        return windows.isEmpty() ? 0 : windows.getLast().endSeconds();
    }

    boolean levelled() {
        return levelled;
    }

    String summary() {
        return levelled
                ? String.format(Locale.ROOT, "%s: levelled out after %.0f s of load (the next %d windows rose less "
                        + "than %s %%); %.0f s loaded in all", name, secondsToPlateau(), flatWindows, trim(risePercent),
                        totalSeconds())
                : String.format(Locale.ROOT, "%s: still rising after %.0f s of load (the cap); measured there",
                        name, totalSeconds());
    }

    /** The curve as a Markdown table (one row per window). */
    void appendMarkdown(StringBuilder md) {
        md.append("\n").append(summary()).append(".\n\n");
        md.append("| load for | req/s | p50 ms | p99 ms | load |\n|---|---|---|---|---|\n");
        for (Window w : windows) {
            md.append(String.format(Locale.ROOT, "| %.0f s | %,.0f | %.2f | %.2f | %s |%n", w.endSeconds(), w.rate(),
                    w.p50Millis(), w.p99Millis(), w.load()));
        }
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
