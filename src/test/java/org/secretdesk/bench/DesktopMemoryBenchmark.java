package org.secretdesk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.secretdesk.journey.VirtualDisplay;

/**
 * Issue 24's desktop memory rows, measured through the console as it ships: the app image's {@code bin/SecretDesk}
 * (its jlinked runtime, jvm.options plus console.options, its AOT cache) or, without one, {@code
 * target/dist/bin/secretdesk}; under Xvfb with openbox when installed. Each run has a scratch home and no keychain,
 * so the console starts its embedded gateway there. Two rows:
 * <ul>
 *   <li>idle: a new home (the embedded gateway makes its CA and keys; no applications), measured
 *       {@code bench.settleSeconds} (15) after the list is drawn;</li>
 *   <li>10,000 applications: a home whose embedded gateway holds {@code bench.desktopApps} applications with 10
 *       secrets each ({@link ScaleDataGenerator}), its first expiry-scheduler pass already done by a standalone
 *       gateway on the same data (a user's restart, not the one-off pass over freshly imported data); measured
 *       {@code bench.settleSeconds} after the console logs that all applications are loaded.</li>
 * </ul>
 * Each: VmRSS with its parts from {@code /proc/PID/smaps} (anonymous memory, the AOT cache, Mesa's software
 * renderer), the thread count by pool, and the Java heap (committed, and live after a full collection, from {@code
 * jcmd}). {@code mvn -B -Pbench-desktop verify} runs it alone; BenchSuite's console part runs it too. A benchmark,
 * not a test: it prints figures and their ratio to the targets and asserts nothing.
 */
public final class DesktopMemoryBenchmark {

    static final double IDLE_TARGET_MB = 250;
    static final double LOADED_TARGET_MB = 350;
    private static final Pattern MILESTONE = Pattern.compile("Start-up: (.+) at (-?\\d+) ms");

    private final Path root = Path.of("").toAbsolutePath();
    private final Path work;
    private final int apps = Integer.getInteger("bench.desktopApps", 10_000);
    private final int settleSeconds = Integer.getInteger("bench.settleSeconds", 15);

    DesktopMemoryBenchmark(Path work) throws IOException {
        this.work = Files.createDirectories(work.toAbsolutePath());
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> out = new DesktopMemoryBenchmark(Path.of("target/bench-desktop")).run();
        StringBuilder md = new StringBuilder("# Desktop memory benchmark, " + Instant.now() + "\n\n");
        rows(md, out);
        Files.writeString(Path.of("target/bench-desktop.md"), md);
        System.out.println("\n" + md + "\nReport written to target/bench-desktop.md");
        System.exit(0);
    }

    /** Both rows; keys {@code idle.*} and {@code loaded.*}, plus {@code launcher} and {@code display}. */
    Map<String, String> run() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> launcher = launcher(out);
        try (VirtualDisplay display = VirtualDisplay.start(work)) {
            out.put("display", display.describe());
            System.out.println("== Desktop memory through " + out.get("launcher") + ", " + display.describe());
            measure(launcher, display, Files.createTempDirectory(work, "home-idle"), "all applications loaded",
                    "idle", out);
            Path home = Files.createTempDirectory(work, "home-loaded");
            seed(home.resolve(".local/share/secretdesk/gateway"));
            measure(launcher, display, home, "all applications loaded", "loaded", out);
        }
        return out;
    }

    /**
     * The app image's console launcher, built with installer/build.sh when missing or when its launcher's options
     * are not the current console.options (an image left from before a change would measure the old options);
     * else target/dist's.
     */
    private List<String> launcher(Map<String, String> out) throws Exception {
        Path app = Path.of(System.getProperty("bench.appImage", "target/installer/SecretDesk")).toAbsolutePath();
        String stale = Files.isExecutable(app.resolve("bin/SecretDesk")) ? staleOptions(app) : null;
        if (stale != null && !Boolean.getBoolean("bench.distOnly")) {
            System.out.println("(the app image at " + app + " was built with other console options: its launcher "
                    + "lacks " + stale + "; rebuilding it with installer/build.sh app-image)");
        }
        if ((stale != null || !Files.isExecutable(app.resolve("bin/SecretDesk")))
                && !Boolean.getBoolean("bench.distOnly")) {
            if (stale == null) {
                System.out.println("(no app image at " + app + ": building it with installer/build.sh app-image)");
            }
            int rc = new ProcessBuilder("bash", "installer/build.sh", "app-image")
                    .redirectErrorStream(true).redirectOutput(work.resolve("build-app-image.log").toFile())
                    .start().waitFor();
            System.out.println("  installer/build.sh app-image exited with " + rc);
        }
        if (Files.isExecutable(app.resolve("bin/SecretDesk")) && !Boolean.getBoolean("bench.distOnly")) {
            out.put("launcher", "the app image (" + root.relativize(app) + "/bin/SecretDesk: jlink runtime, "
                    + "AOT cache)");
            return List.of(app.resolve("bin/SecretDesk").toString());
        }
        out.put("launcher", "target/dist/bin/secretdesk (plain JVM, no AOT cache)");
        return List.of(root.resolve("target/dist/bin/secretdesk").toString());
    }

    /**
     * The first option of target/console.options that the app image's console launcher (lib/app/SecretDesk.cfg)
     * does not give, or null when it gives them all (or either file is missing: nothing to compare).
     */
    private String staleOptions(Path app) throws IOException {
        Path options = root.resolve("target/console.options");
        Path cfg = app.resolve("lib/app/SecretDesk.cfg");
        if (!Files.isRegularFile(options) || !Files.isRegularFile(cfg)) {
            return null;
        }
        List<String> given = Files.readAllLines(cfg).stream().filter(l -> l.startsWith("java-options="))
                .map(l -> l.substring("java-options=".length()).strip()).toList();
        return Files.readAllLines(options).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).filter(o -> !given.contains(o))
                .findFirst().orElse(null);
    }

    /** A gateway data dir with the applications, its first expiry-scheduler pass done by a standalone gateway. */
    private void seed(Path gatewayDir) throws Exception {
        System.out.printf(Locale.ROOT, "  seeding %,d applications with %,d secrets …%n", apps, apps * 10);
        ScaleDataGenerator.generate(gatewayDir, apps, 10, 0);
        Path log = work.resolve("gateway-seed.log");
        try (ServerProcesses.Gateway gw = ServerProcesses.Gateway.start(gatewayDir, true, log, List.of())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
            while (System.nanoTime() < deadline
                    && Files.readAllLines(log).stream().noneMatch(l -> l.contains("Expiry scheduler pass done"))) {
                Thread.sleep(500);
            }
        }
    }

    private void measure(List<String> launcher, VirtualDisplay display, Path home, String milestone, String row,
                         Map<String, String> out) throws Exception {
        Path log = work.resolve("console-" + row + ".log");
        ProcessBuilder pb = new ProcessBuilder(launcher).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("HOME", home.toString());
        env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        env.remove("DBUS_SESSION_BUS_ADDRESS"); // never the caller's keychain
        env.remove("JAVA_TOOL_OPTIONS");
        if (display.headless()) {
            env.put("SECRETDESK_JAVA_OPTS", "-Dglass.platform=Headless -Dprism.order=sw");
        } else {
            env.put("DISPLAY", display.name());
        }
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            Map<String, String> milestones = Map.of();
            while (System.nanoTime() < deadline && p.isAlive()) {
                milestones = milestones(log);
                if (milestones.containsKey(milestone)) {
                    break;
                }
                Thread.sleep(200);
            }
            if (!milestones.containsKey(milestone)) {
                throw new IllegalStateException("The console did not log '" + milestone + "'; see " + log);
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(settleSeconds));
            milestones = milestones(log);
            long pid = p.pid();
            // The launcher is a shell script that execs java: the same process.
            out.put(row + ".listDrawnMs", milestones.getOrDefault("list drawn", "?"));
            out.put(row + ".allLoadedMs", milestones.getOrDefault("all applications loaded", "?"));
            out.put(row + ".load", LoadGenerator.loadAverage());
            Map<String, Long> smaps = smaps(pid);
            out.put(row + ".rssMb", mb(smaps.get("total")));
            out.put(row + ".anonMb", mb(smaps.get("anonymous")));
            out.put(row + ".aotMb", mb(smaps.get("aot")));
            out.put(row + ".mesaMb", mb(smaps.get("mesa")));
            out.put(row + ".threads", String.valueOf(threadCount(pid)));
            out.put(row + ".threadNames", threadNames(pid));
            long[] heap = heap(pid, false);
            out.put(row + ".heapCommittedMb", mb(heap[1]));
            long[] live = heap(pid, true);
            out.put(row + ".heapLiveMb", mb(live[0]));
            System.out.printf(Locale.ROOT, "  %-6s VmRSS %s MB (anonymous %s, AOT cache %s, Mesa's software renderer %s), "
                    + "%s threads, heap committed %s MB, live after a full GC %s MB; list drawn at %s ms, all loaded "
                    + "at %s ms; load %s%n", row, out.get(row + ".rssMb"), out.get(row + ".anonMb"),
                    out.get(row + ".aotMb"), out.get(row + ".mesaMb"), out.get(row + ".threads"),
                    out.get(row + ".heapCommittedMb"), out.get(row + ".heapLiveMb"), out.get(row + ".listDrawnMs"),
                    out.get(row + ".allLoadedMs"), out.get(row + ".load"));
            System.out.println("         threads: " + out.get(row + ".threadNames"));
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static Map<String, String> milestones(Path log) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log)) {
                Matcher x = MILESTONE.matcher(line);
                if (x.find()) {
                    m.putIfAbsent(x.group(1), x.group(2));
                }
            }
        }
        return m;
    }

    /** Resident kB: total, anonymous, the AOT cache's mapping, Mesa's (libLLVM, *_dri.so). */
    private static Map<String, Long> smaps(long pid) throws IOException {
        Map<String, Long> m = new TreeMap<>(Map.of("total", 0L, "anonymous", 0L, "aot", 0L, "mesa", 0L));
        String name = "";
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps"))) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                String[] f = line.trim().split("\\s+");
                name = f.length > 5 ? f[5] : "";
            } else if (line.startsWith("Rss:")) {
                long kb = kb(line);
                m.merge("total", kb, Long::sum);
                if (name.endsWith(".aot")) {
                    m.merge("aot", kb, Long::sum);
                } else if (name.contains("libLLVM") || name.endsWith("_dri.so") || name.contains("libgallium")) {
                    m.merge("mesa", kb, Long::sum);
                }
            } else if (line.startsWith("Anonymous:")) {
                m.merge("anonymous", kb(line), Long::sum);
            }
        }
        return m;
    }

    private static long kb(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    private static int threadCount(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return (int) tasks.count();
        }
    }

    /** The threads by name, numbers folded ("GC Thread#0", "GC Thread#1" → "GC Thread# x2"). */
    private static String threadNames(long pid) throws IOException {
        Map<String, Integer> names = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    names.merge(Files.readString(t.resolve("comm")).strip().replaceAll("[0-9]+$", ""), 1,
                            Integer::sum);
                } catch (IOException gone) {
                    // The thread ended meanwhile.
                }
            }
        }
        List<String> parts = new ArrayList<>();
        names.forEach((n, c) -> parts.add(c == 1 ? n : n + " x" + c));
        return String.join(", ", parts);
    }

    /** {used, committed} kB of the Java heap from {@code jcmd GC.heap_info}; {@code afterGc}: a full GC first. */
    private static long[] heap(long pid, boolean afterGc) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        if (afterGc) {
            jcmd(jcmd, pid, "GC.run");
        }
        long used = 0;
        long committed = 0;
        for (String line : jcmd(jcmd, pid, "GC.heap_info")) {
            // Serial: "DefNew total 14784K, used 1720K [...]", "Tenured total 91224K, used 58134K";
            // G1: "garbage-first heap total reserved 6172672K, committed 397312K, used 164402K".
            Matcher u = Pattern.compile("used (\\d+)K").matcher(line);
            Matcher c = Pattern.compile("(?:committed|total) (\\d+)K").matcher(line.replace("total reserved", "r"));
            if (line.matches("\\s*(DefNew|Tenured|def new generation|tenured generation|garbage-first heap|"
                    + "PSYoungGen|ParOldGen|ZHeap|Shenandoah).*") && u.find()) {
                used += Long.parseLong(u.group(1));
                if (c.find()) {
                    committed += Long.parseLong(c.group(1));
                }
            }
        }
        return new long[] {used, committed};
    }

    private static List<String> jcmd(String jcmd, long pid, String command) throws Exception {
        Process p = new ProcessBuilder(jcmd, String.valueOf(pid), command).redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        p.waitFor(60, TimeUnit.SECONDS);
        return lines;
    }

    private static String mb(Long kb) {
        return kb == null ? "?" : String.format(Locale.ROOT, "%.0f", kb / 1024.0);
    }

    /** The Markdown rows of issue 24's desktop memory targets, each with its ratio to the target. */
    static void rows(StringBuilder md, Map<String, String> r) {
        md.append("Through ").append(r.get("launcher")).append(", ").append(r.get("display"))
                .append("; RSS from /proc/PID/status and smaps, heap from jcmd.\n\n");
        md.append("| row | value | target | ratio | met | load |\n|---|---|---|---|---|---|\n");
        target(md, "console with the embedded gateway, idle: VmRSS", r.get("idle.rssMb"), IDLE_TARGET_MB, "MB",
                r.get("idle.load"));
        target(md, "console with the embedded gateway, 10,000 applications loaded: VmRSS", r.get("loaded.rssMb"),
                LOADED_TARGET_MB, "MB", r.get("loaded.load"));
        for (String row : List.of("idle", "loaded")) {
            String what = row.equals("idle") ? "idle" : "10,000 applications";
            md.append(String.format(Locale.ROOT, "| %s: of the RSS, anonymous / AOT cache / Mesa's software "
                    + "renderer (Xvfb, no GPU) | %s / %s / %s MB | | | | |%n", what, r.get(row + ".anonMb"),
                    r.get(row + ".aotMb"), r.get(row + ".mesaMb")));
            md.append(String.format(Locale.ROOT, "| %s: threads | %s | (45–50 before issue 24) | | | |%n", what,
                    r.get(row + ".threads")));
            md.append(String.format(Locale.ROOT, "| %s: Java heap committed / live after a full GC | %s / %s MB "
                    + "| | | | |%n", what, r.get(row + ".heapCommittedMb"), r.get(row + ".heapLiveMb")));
        }
        md.append("\nThreads idle: ").append(r.get("idle.threadNames")).append("\n");
    }

    static void target(StringBuilder md, String what, String value, double max, String unit, String load) {
        if (value == null || value.equals("?")) {
            md.append("| ").append(what).append(" | not measured | ≤ ").append((long) max).append(' ').append(unit)
                    .append(" | | | |\n");
            return;
        }
        double v = Double.parseDouble(value);
        md.append(String.format(Locale.ROOT, "| %s | %s %s | ≤ %.0f %s | %.2f | %s | %s |%n", what, value, unit, max,
                unit, v / max, v <= max ? "yes" : "**no**", load == null ? "" : load));
    }
}
