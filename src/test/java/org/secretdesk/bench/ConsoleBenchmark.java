package org.secretdesk.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ListCell;
import javafx.stage.Stage;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.model.SecretValue;
import org.secretdesk.ui.common.FxBackground;
import org.secretdesk.ui.common.RelativeTime;
import org.secretdesk.ui.common.ThemeChoice;
import org.secretdesk.ui.common.ThemeController;
import org.secretdesk.ui.common.Workflows;
import org.secretdesk.ui.mainwindow.ConnectionInfo;
import org.secretdesk.ui.mainwindow.MainWindowView;
import org.secretdesk.ui.mainwindow.MainWindowViewModel;

/**
 * How the console copes with a big gateway: 10,000 applications with 100,000 secrets. Prints the time to first
 * render of the applications list, the time until all applications are loaded, the search keystroke latency
 * (filter update plus a CSS and layout pass, as a user types and deletes), list scroll jumps, and the console
 * process's memory (VmRSS from /proc/self/status, and the Java heap after a GC).
 *
 * <p>The gateway runs in a child JVM ({@code secretdesk gateway}) so the memory figures are the console's only.
 * Data is written straight into the gateway's database through its store (a fast path; 110,000 HTTP calls would
 * only measure the gateway). Run:
 * <pre>
 *   mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
 *       -Dmdep.includeScope=test
 *   java -Xmx512m -cp target/classes:target/test-classes:$(cat target/test-classpath.txt) \
 *       org.secretdesk.bench.ConsoleBenchmark
 * </pre>
 * with {@code java} a JDK 25. Tunables: {@code -Dbench.apps=10000 -Dbench.secretsPerApp=10}, and
 * {@code -Dbench.dataDir=DIR} to reuse the data an earlier run seeded (its path is printed).
 * {@code -Dbench.stopAfterLoad=true} ends the run once the list is loaded (start-up figures only; BenchSuite's
 * AOT-cache training run). Targets: first render ≤ 2 s, keystroke ≤ 50 ms, memory ≤ 400 MB RSS.
 */
public final class ConsoleBenchmark {

    private ConsoleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int apps = Integer.getInteger("bench.apps", 10_000);
        int perApp = Integer.getInteger("bench.secretsPerApp", 10);
        String gatewayUrl = System.getProperty("bench.gatewayUrl");
        String reuse = System.getProperty("bench.dataDir");
        if (gatewayUrl != null) {
            // Started by BenchSuite, which seeded and warmed the gateway: this JVM is only the console, so the
            // figures below are a cold console start.
            runConsole(client(URI.create(gatewayUrl), Path.of(reuse)), apps);
            exit();
        }
        Path dir;
        if (reuse != null) {
            // A data dir seeded by an earlier run (its path is printed): skips the seeding.
            dir = Path.of(reuse);
            System.out.println("Reusing the seeded gateway data in " + dir);
        } else {
            dir = Files.createTempDirectory("secretdesk-console-bench");
            System.out.printf(Locale.ROOT, "Seeding %,d applications with %,d secrets in %s …%n", apps,
                    apps * perApp, dir);
            ScaleDataGenerator.Result seeded = ScaleDataGenerator.generate(dir, apps, perApp, 0);
            System.out.printf(Locale.ROOT, "  seeded in %.1f s%n", seeded.seconds());
        }

        Process gateway = startGateway(dir);
        try {
            URI base = awaitListening(gateway);
            System.out.println("Gateway (child process) listening on " + base);
            SecretDeskClient client = client(base, dir);
            // A freshly started gateway answers its first queries slowly (JIT, cold database cache); warm it up
            // so the figures below are the console's, not the gateway's start-up.
            long warm = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                client.listApplications(null, 100, null);
                client.listApplications(null, 1000, null);
            }
            System.out.printf(Locale.ROOT, "Gateway warmed up in %.1f s%n", (System.nanoTime() - warm) / 1e9);
            runConsole(client, apps);
        } finally {
            gateway.destroy();
            gateway.waitFor(20, TimeUnit.SECONDS);
        }
        exit();
    }

    private static SecretDeskClient client(URI base, Path dir) throws Exception {
        SecretValue key = SecretValue.copyOf(Files.readAllLines(dir.resolve("admin.key")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst().orElseThrow());
        X509Certificate ca;
        try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        return new SecretDeskClient(base, key, TlsTrust.of(List.of(ca)));
    }

    // ---------------------------------------------------------------- data

    private static Process startGateway(Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "org.secretdesk.cli.Main", "gateway", "--data-dir", dir.toString(), "--port", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static URI awaitListening(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<URI> uri = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    int i = line.indexOf("Listening on ");
                    if (i >= 0) {
                        uri.complete(URI.create(line.substring(i + "Listening on ".length()).strip()));
                    }
                }
            } catch (Exception e) {
                uri.completeExceptionally(e);
            }
            uri.completeExceptionally(new IllegalStateException("The gateway exited before listening"));
        }, "gateway-stdout");
        reader.setDaemon(true);
        reader.start();
        return uri.get(120, TimeUnit.SECONDS);
    }

    // ---------------------------------------------------------------- console

    /**
     * Longest gap between two JavaFX pulses while armed: an {@link AnimationTimer} runs on every pulse, so a gap
     * much longer than a frame (16.7 ms) is a time the FX thread could not draw or take input.
     */
    private static final class StallProbe extends AnimationTimer {
        private long last;
        private volatile long maxGap;
        private volatile long firstGap;
        /** System.nanoTime() at the end of the longest stall, to place it on the time line. */
        private volatile long maxGapEnd;
        /** The gap that ended at the latest pulse. */
        private volatile long lastGap;
        private volatile boolean armed;
        private int pulses;
        /** Every gap longer than two frames while armed: {end (System.nanoTime()), gap in ns}, for the time line. */
        private final List<long[]> longGaps = new java.util.concurrent.CopyOnWriteArrayList<>();

        private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        /** The FX thread's CPU time at the last pulse, ns. */
        private long lastCpu;
        private volatile long maxGapCpu;
        /** The render thread's CPU time and the collectors' pause time at the last pulse, ns. */
        private long lastRenderCpu;
        private long lastGcNanos;
        private volatile long maxGapRenderCpu;
        private volatile long maxGapGc;
        /** JavaFX's render thread (QuantumRenderer-0), found at the first pulse; -1 if not found. */
        private long renderThreadId = -1;

        @Override
        public void handle(long now) {
            long cpu = THREADS.getCurrentThreadCpuTime();
            long cpuGap = cpu - lastCpu;
            lastCpu = cpu;
            if (renderThreadId < 0) {
                renderThreadId = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith("QuantumRenderer")).mapToLong(Thread::threadId)
                        .findFirst().orElse(0);
            }
            long renderCpu = renderThreadId > 0 ? THREADS.getThreadCpuTime(renderThreadId) : 0;
            long renderGap = renderCpu - lastRenderCpu;
            lastRenderCpu = renderCpu;
            long gc = gcNanos();
            long gcGap = gc - lastGcNanos;
            lastGcNanos = gc;
            if (armed && last != 0) {
                long gap = now - last;
                lastGap = gap;
                if (++pulses == 1) {
                    // The gap before the window's first frame is the new window's own layout and CSS (start-up,
                    // reported as the first frame); stalls are counted from the first frame on.
                    firstGap = gap;
                } else {
                    if (gap > 33_000_000L) {
                        longGaps.add(new long[] {now, gap, cpuGap, renderGap, gcGap});
                    }
                    if (gap > maxGap) {
                        maxGap = gap;
                        maxGapEnd = now;
                        maxGapCpu = cpuGap;
                        maxGapRenderCpu = renderGap;
                        maxGapGc = gcGap;
                    }
                }
            }
            last = now;
        }

        /** On the FX thread: starts a new window; {@code skipFirst}: the first gap is the first frame. */
        void arm(boolean skipFirst) {
            last = 0;
            maxGap = 0;
            maxGapCpu = 0;
            maxGapRenderCpu = 0;
            maxGapGc = 0;
            firstGap = 0;
            pulses = skipFirst ? 0 : 1;
            longGaps.clear();
            armed = true;
        }

        /** On the FX thread: the longest stall of the window, in ms. */
        double disarm() {
            armed = false;
            return maxGap / 1e6;
        }

        /**
         * The gaps longer than two frames since the last arm, as "gap ms (FX-thread CPU, render-thread CPU and GC
         * pauses in it; ending at ms after {@code t0})". JavaFX starts no pulse while the last one's frame is still
         * being rendered, so a gap with little FX-thread CPU is either the render thread's frame (its CPU) or the
         * FX thread waiting for a core (a loaded machine); a collection stops both.
         */
        String timeline(long t0) {
            StringBuilder b = new StringBuilder();
            for (long[] g : longGaps) {
                b.append(String.format(Locale.ROOT, " %.0f (fx %.0f, render %.0f, gc %.0f; at %.0f)", g[1] / 1e6,
                        g[2] / 1e6, g[3] / 1e6, g[4] / 1e6, (g[0] - t0) / 1e6));
            }
            return b.isEmpty() ? " none" : b.toString();
        }

        /** The FX thread's CPU time within the longest stall, in ms. */
        double maxGapCpuMillis() {
            return maxGapCpu / 1e6;
        }

        /** The render thread's CPU time within the longest stall, in ms. */
        double maxGapRenderCpuMillis() {
            return maxGapRenderCpu / 1e6;
        }

        /** The collectors' pause time within the longest stall, in ms. */
        double maxGapGcMillis() {
            return maxGapGc / 1e6;
        }

        private static long gcNanos() {
            long ms = 0;
            for (var gcBean : ManagementFactory.getGarbageCollectorMXBeans()) {
                ms += Math.max(0, gcBean.getCollectionTime());
            }
            return ms * 1_000_000L;
        }

        long maxGapEnd() {
            return maxGapEnd;
        }

        /** The gap before the latest pulse, in ns (read on the FX thread, in a later timer of the same pulse). */
        long lastGap() {
            return lastGap;
        }

        /** The gap before the first frame of the last window armed with {@code skipFirst}, in ms. */
        double firstFrameMillis() {
            return firstGap / 1e6;
        }
    }

    private static void runConsole(SecretDeskClient client, int apps) throws Exception {
        if (System.getProperty("glass.platform") == null) {
            System.setProperty("glass.platform", "Headless");
            System.setProperty("prism.order", "sw");
        }
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        // Which platform this run measures: the headless one copies every frame on the FX thread, a window on a
        // display does not (docs/benchmarks.md, "The FX thread while 10,000 applications load").
        String platform = onFx(ConsoleBenchmark::platform);
        System.out.println("JavaFX platform: " + platform + "; JVM: " + String.join(" ",
                ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-XX:") || a.startsWith("-Xm")).toList()));
        result("platform", platform);

        var executor = Executors.newVirtualThreadPerTaskExecutor();
        var timer = Executors.newSingleThreadScheduledExecutor();
        MainWindowViewModel[] vm = new MainWindowViewModel[1];
        MainWindowView[] view = new MainWindowView[1];
        AtomicLong firstRender = new AtomicLong();
        AtomicLong firstRenderEpoch = new AtomicLong();
        AtomicLong firstPagePulse = new AtomicLong();
        AtomicLong allLoaded = new AtomicLong();
        CountDownLatch rendered = new CountDownLatch(1);
        CountDownLatch loaded = new CountDownLatch(1);
        long[] t0 = new long[1];
        StallProbe stalls = new StallProbe();
        double[] stallLoad = new double[1];

        onFx(() -> {
            stalls.start();
            stalls.arm(true);
            ThemeController theme = new ThemeController(ThemeChoice.LIGHT);
            vm[0] = new MainWindowViewModel(new FxBackground(executor, timer), Clock.systemUTC(),
                    new RelativeTime(ZoneId.systemDefault()), new SimpleIntegerProperty(0));
            view[0] = new MainWindowView(vm[0], noDialogs(), theme);
            Stage stage = new Stage();
            stage.setScene(new Scene(view[0].root(), 1280, 800));
            stage.show();
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    // Runs at the start of each pulse: filled cells mean the previous pulse laid them out.
                    if (firstRender.get() == 0 && hasFilledCell(view[0].applicationsList())) {
                        firstRender.set(System.nanoTime() - t0[0]);
                        // This timer runs after the stall probe's in each pulse: its last gap is the pulse that
                        // laid out and drew the first page.
                        firstPagePulse.set(stalls.lastGap());
                        firstRenderEpoch.set(System.currentTimeMillis());
                        rendered.countDown();
                    }
                    if (allLoaded.get() == 0 && vm[0].applications().all().size() >= apps
                            && !vm[0].applications().loadingProperty().get()) {
                        allLoaded.set(System.nanoTime() - t0[0]);
                        stallLoad[0] = stalls.disarm();
                        loaded.countDown();
                        stop();
                    }
                }
            }.start();
            t0[0] = System.nanoTime();
            vm[0].connect(client, new ConnectionInfo("Benchmark gateway", "SecretDesk gateway", "", "", null));
            return null;
        });
        if (!rendered.await(120, TimeUnit.SECONDS) || !loaded.await(300, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The console did not load the applications in time");
        }
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();

        System.out.println();
        System.out.printf(Locale.ROOT, "First render of the applications list: %7.0f ms after connect, %7d ms after "
                + "JVM start (target <= 2000 ms)%n", firstRender.get() / 1e6, firstRenderEpoch.get() - jvmStart);
        System.out.printf(Locale.ROOT, "All %,d applications loaded:        %7.0f ms%n", apps, allLoaded.get() / 1e6);
        System.out.printf(Locale.ROOT, "First frame of the new window (its layout and CSS, cold JVM): %.0f ms%n",
                stalls.firstFrameMillis());
        System.out.printf(Locale.ROOT, "Longest FX-thread stall while loading, after the first frame: %.0f ms "
                + "(target <= 100 ms, ratio %.2f), of it %.0f ms CPU of the FX thread, %.0f ms of the render thread, "
                + "%.0f ms GC pauses, ending %.0f ms after connect (first render at %.0f ms)%n", stallLoad[0],
                stallLoad[0] / 100, stalls.maxGapCpuMillis(), stalls.maxGapRenderCpuMillis(), stalls.maxGapGcMillis(),
                (stalls.maxGapEnd() - t0[0]) / 1e6, firstRender.get() / 1e6);
        System.out.println("  Pulses longer than two frames while loading, ms (FX-thread CPU, render-thread CPU, GC "
                + "pauses in it; ending at ms after connect):" + stalls.timeline(t0[0]));
        result("stallLoadCpuMs", String.format(Locale.ROOT, "%.0f", stalls.maxGapCpuMillis()));
        result("stallLoadRenderCpuMs", String.format(Locale.ROOT, "%.0f", stalls.maxGapRenderCpuMillis()));
        result("stallLoadGcMs", String.format(Locale.ROOT, "%.0f", stalls.maxGapGcMillis()));
        result("firstRenderEpochMs", String.valueOf(firstRenderEpoch.get()));
        result("firstRenderMs", String.valueOf(firstRenderEpoch.get() - jvmStart));
        result("firstRenderAfterConnectMs", String.format(Locale.ROOT, "%.0f", firstRender.get() / 1e6));
        result("allLoadedMs", String.format(Locale.ROOT, "%.0f", allLoaded.get() / 1e6));
        result("stallLoadMs", String.format(Locale.ROOT, "%.0f", stallLoad[0]));
        result("firstFrameMs", String.format(Locale.ROOT, "%.0f", stalls.firstFrameMillis()));
        System.out.printf(Locale.ROOT, "Pulse that showed the first page (cells made, styled, laid out, drawn): %.0f ms%n",
                firstPagePulse.get() / 1e6);
        result("firstPagePulseMs", String.format(Locale.ROOT, "%.0f", firstPagePulse.get() / 1e6));
        if (Boolean.getBoolean("bench.stopAfterLoad")) {
            // A training run for the AOT cache, or a run for the start-up figures only (BenchSuite).
            return;
        }

        // Typing and deleting a query, one keystroke at a time, three times (the first round warms the JIT).
        String query = "billing-001";
        List<String> keystrokes = new ArrayList<>();
        for (int i = 1; i <= query.length(); i++) {
            keystrokes.add(query.substring(0, i));
        }
        for (int i = query.length() - 1; i >= 0; i--) {
            keystrokes.add(query.substring(0, i));
        }
        Parent root = view[0].root();
        List<Long> samples = new ArrayList<>();
        List<Long> filterOnly = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (String text : keystrokes) {
                long[] ns = onFx(() -> {
                    long s = System.nanoTime();
                    vm[0].applications().searchTextProperty().set(text);
                    long filtered = System.nanoTime();
                    root.applyCss();
                    root.layout();
                    return new long[] {System.nanoTime() - s, filtered - s};
                });
                if (round > 0) {
                    samples.add(ns[0]);
                    filterOnly.add(ns[1]);
                }
            }
        }
        double[] keys = printLatency("Search keystroke (filter + CSS + layout)", samples, "target <= 50 ms");
        printLatency("  of which the filter update", filterOnly, "the rest is CSS + layout");
        result("keystrokeMedianMs", String.format(Locale.ROOT, "%.1f", keys[0]));
        result("keystrokeP95Ms", String.format(Locale.ROOT, "%.1f", keys[1]));
        result("keystrokeMaxMs", String.format(Locale.ROOT, "%.1f", keys[2]));

        // Jumps through the whole list, as a fast scroll does.
        List<Long> scroll = new ArrayList<>();
        for (int i = 0; i < apps; i += Math.max(1, apps / 50)) {
            int index = i;
            scroll.add(onFx(() -> {
                long s = System.nanoTime();
                view[0].applicationsList().scrollTo(index);
                root.applyCss();
                root.layout();
                return System.nanoTime() - s;
            }));
        }
        printLatency("List scroll jump (scrollTo + layout)", scroll, "one frame is 16 ms");

        // A refresh (F5) reloads every application while the list stays on screen: the FX thread must keep drawing.
        CountDownLatch refreshed = new CountDownLatch(1);
        long[] refreshStart = new long[1];
        double[] stallRefresh = new double[1];
        double[] refreshMs = new double[1];
        onFx(() -> {
            stalls.arm(false);
            refreshStart[0] = System.nanoTime();
            vm[0].refresh();
            boolean[] sawLoading = {vm[0].applications().loadingProperty().get()};
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    boolean loading = vm[0].applications().loadingProperty().get();
                    sawLoading[0] |= loading;
                    if (sawLoading[0] && !loading && vm[0].applications().all().size() >= apps) {
                        refreshMs[0] = (System.nanoTime() - refreshStart[0]) / 1e6;
                        stallRefresh[0] = stalls.disarm();
                        refreshed.countDown();
                        stop();
                    }
                }
            }.start();
            return null;
        });
        if (!refreshed.await(300, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The refresh did not finish in time");
        }
        System.out.printf(Locale.ROOT, "Refresh: all applications reloaded in %.0f ms; longest FX-thread stall %.0f ms "
                + "(target <= 100 ms), of it %.0f ms CPU of the FX thread, %.0f ms of the render thread, %.0f ms GC "
                + "pauses%n", refreshMs[0], stallRefresh[0], stalls.maxGapCpuMillis(), stalls.maxGapRenderCpuMillis(),
                stalls.maxGapGcMillis());
        System.out.println("  Pulses longer than two frames during the refresh, ms (FX-thread CPU, render-thread CPU, "
                + "GC pauses in it; ending at ms after F5):" + stalls.timeline(refreshStart[0]));
        result("stallRefreshCpuMs", String.format(Locale.ROOT, "%.0f", stalls.maxGapCpuMillis()));
        result("refreshMs", String.format(Locale.ROOT, "%.0f", refreshMs[0]));
        result("stallRefreshMs", String.format(Locale.ROOT, "%.0f", stallRefresh[0]));

        onFx(() -> {
            stalls.stop();
            System.gc();
            return null;
        });
        System.gc();
        Thread.sleep(500);
        Runtime rt = Runtime.getRuntime();
        long heapUsed = rt.totalMemory() - rt.freeMemory();
        System.out.println("Machine load while measuring (/proc/loadavg): " + loadAverage() + " on "
                + Runtime.getRuntime().availableProcessors() + " CPUs");
        System.out.printf(Locale.ROOT, "Console memory: VmRSS %s, Java heap used %.0f MB (max %.0f MB)   (target RSS <= 400 MB)%n",
                vmRss(), heapUsed / 1048576.0, rt.maxMemory() / 1048576.0);
        result("rssMb", vmRss().replace(" MB", ""));
        result("heapMb", String.format(Locale.ROOT, "%.0f", heapUsed / 1048576.0));

        onFx(() -> {
            vm[0].disconnect();
            view[0].dispose();
            return null;
        });
        client.close();
        executor.shutdownNow();
        timer.shutdownNow();
        // exit() closes the window and ends the toolkit (an earlier Platform.exit here made its close wait 120 s).
    }

    /** On the FX thread: the glass platform and the Prism pipeline in use, e.g. "Gtk, SW". */
    private static String platform() {
        String glass;
        String prism;
        try {
            glass = Class.forName("com.sun.glass.ui.Application").getMethod("GetApplication").invoke(null)
                    .getClass().getSimpleName().replace("Application", "");
        } catch (ReflectiveOperationException | RuntimeException e) {
            glass = System.getProperty("glass.platform", "unknown");
        }
        try {
            Object pipeline = Class.forName("com.sun.prism.GraphicsPipeline").getMethod("getPipeline").invoke(null);
            prism = pipeline == null ? "none" : pipeline.getClass().getSimpleName().replace("Pipeline", "");
        } catch (ReflectiveOperationException | RuntimeException e) {
            prism = "unknown";
        }
        return glass + ", prism " + prism;
    }

    /** A machine-readable figure for BenchSuite, which runs this class in a JVM of its own. */
    private static void result(String key, String value) {
        System.out.println("RESULT " + key + " " + value);
    }

    private static boolean hasFilledCell(javafx.scene.control.ListView<?> list) {
        for (Node n : list.lookupAll(".application-cell")) {
            if (n instanceof ListCell<?> cell && cell.getItem() != null && cell.isVisible()) {
                return true;
            }
        }
        return false;
    }

    /** Prints and returns {median, p95, max} in ms. */
    private static double[] printLatency(String what, List<Long> nanos, String target) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        double median = sorted[sorted.length / 2] / 1e6;
        double p95 = sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] / 1e6;
        double max = sorted[sorted.length - 1] / 1e6;
        System.out.printf(Locale.ROOT, "%-42s median %6.1f ms, p95 %6.1f ms, max %6.1f ms over %d   (%s)%n",
                what + ":", median, p95, max, sorted.length, target);
        return new double[] {median, p95, max};
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (Exception e) {
            return "n/a";
        }
    }

    private static String vmRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.0f MB", kb / 1024.0);
                }
            }
        } catch (Exception ignored) {
            // Not Linux.
        }
        return "n/a (no /proc/self/status)";
    }

    /**
     * Ends the JVM with the window closed first: on a real display (GTK, e.g. under Xvfb) a System.exit while the
     * window is up aborts the JVM from the toolkit's event loop, and a JFR recording is then never written.
     */
    private static void exit() {
        try {
            onFx(() -> {
                List.copyOf(javafx.stage.Window.getWindows()).forEach(javafx.stage.Window::hide);
                return null;
            });
        } catch (Exception e) {
            System.err.println("Closing the window before exit failed: " + e);
        }
        Platform.exit();
        System.exit(0);
    }

    private static <T> T onFx(Supplier<T> work) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(work.get());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(120, TimeUnit.SECONDS);
    }

    private static Workflows noDialogs() {
        return new Workflows() {
            @Override
            public void newSecret(javafx.stage.Window owner, org.secretdesk.client.GatewayClient client,
                                  org.secretdesk.model.Application application,
                                  List<org.secretdesk.model.SecretSummary> existing, Runnable onChanged) {
            }

            @Override
            public void renewSecret(javafx.stage.Window owner, org.secretdesk.client.GatewayClient client,
                                    org.secretdesk.model.Application application,
                                    org.secretdesk.model.SecretSummary secret, Runnable onChanged) {
            }

            @Override
            public void deleteSecret(javafx.stage.Window owner, org.secretdesk.client.GatewayClient client,
                                     org.secretdesk.model.Application application,
                                     org.secretdesk.model.SecretSummary secret, boolean lastSecret,
                                     Runnable onChanged) {
            }

            @Override
            public void newApplication(javafx.stage.Window owner, org.secretdesk.client.GatewayClient client,
                                       java.util.function.Consumer<org.secretdesk.model.Application> onCreated) {
            }

            @Override
            public void deleteApplication(javafx.stage.Window owner, org.secretdesk.client.GatewayClient client,
                                          org.secretdesk.model.Application application, Runnable onChanged) {
            }
        };
    }
}
