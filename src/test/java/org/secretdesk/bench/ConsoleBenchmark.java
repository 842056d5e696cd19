package org.secretdesk.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.Randoms;
import org.secretdesk.server.store.Database;
import org.secretdesk.server.store.Store;
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
 * Targets: first render ≤ 2 s, keystroke ≤ 50 ms, memory ≤ 400 MB RSS.
 */
public final class ConsoleBenchmark {

    private ConsoleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int apps = Integer.getInteger("bench.apps", 10_000);
        int perApp = Integer.getInteger("bench.secretsPerApp", 10);
        String reuse = System.getProperty("bench.dataDir");
        Path dir;
        if (reuse != null) {
            // A data dir seeded by an earlier run (its path is printed): skips the seeding.
            dir = Path.of(reuse);
            System.out.println("Reusing the seeded gateway data in " + dir);
        } else {
            dir = Files.createTempDirectory("secretdesk-console-bench");
            System.out.printf(Locale.ROOT, "Seeding %,d applications with %,d secrets in %s …%n", apps,
                    apps * perApp, dir);
            long seedStart = System.nanoTime();
            seed(dir, apps, perApp);
            System.out.printf(Locale.ROOT, "  seeded in %.1f s%n", (System.nanoTime() - seedStart) / 1e9);
        }

        Process gateway = startGateway(dir);
        try {
            URI base = awaitListening(gateway);
            System.out.println("Gateway (child process) listening on " + base);
            SecretValue key = SecretValue.copyOf(Files.readString(dir.resolve("admin.key")).strip());
            X509Certificate ca;
            try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
                ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            SecretDeskClient client = new SecretDeskClient(base, key, TlsTrust.of(List.of(ca)));
            // A freshly started gateway answers its first queries slowly (JIT, cold database cache); warm it up
            // so the figures below are the console's, not the gateway's start-up.
            long warm = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                client.listApplications(null, 100, null);
                client.listApplications(null, 1000, null);
            }
            System.out.printf(Locale.ROOT, "Gateway warmed up in %.1f s%n", (System.nanoTime() - warm) / 1e9);
            runConsole(client, apps);
            client.close();
        } finally {
            gateway.destroy();
            gateway.waitFor(20, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    // ---------------------------------------------------------------- data

    private static void seed(Path dir, int apps, int perApp) throws Exception {
        GatewayConfig config = GatewayConfig.defaults(dir);
        Store store = new Store();
        long now = Instant.now().toEpochMilli();
        long day = Duration.ofDays(1).toMillis();
        String[] words = {"billing", "ingest", "reporting", "search", "notify", "portal", "audit", "payments",
            "catalog", "orders", "shipping", "identity", "analytics", "export", "import", "scheduler"};
        try (Database db = Database.open(config)) {
            int batch = 500;
            for (int from = 0; from < apps; from += batch) {
                int start = from;
                int end = Math.min(apps, from + batch);
                db.inTransaction(c -> {
                    for (int i = start; i < end; i++) {
                        String appId = String.format(Locale.ROOT, "app_bench%011d", i);
                        String name = String.format(Locale.ROOT, "%s-%05d", words[i % words.length], i);
                        store.insertApplication(c, appId, name, "Benchmark application " + i,
                                String.format(Locale.ROOT, "sdc_bench%013d", i), List.of(), now);
                        for (int s = 0; s < perApp; s++) {
                            String secretId = String.format(Locale.ROOT, "sec_b%09d%06d", i, s);
                            // A spread of expiries: some expired, some soon, most later, some never.
                            long offsetDays = ((i * 31L + s * 7L) % 120) - 10;
                            Long expires = s == perApp - 1 ? null : now + offsetDays * day;
                            store.insertSecret(c, secretId, appId, "secret " + s, "sds_" + Randoms.id("", 4),
                                    Randoms.sha256Hex(secretId), now, expires);
                        }
                    }
                    return null;
                });
            }
        }
    }

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

    private static void runConsole(SecretDeskClient client, int apps) throws Exception {
        if (System.getProperty("glass.platform") == null) {
            System.setProperty("glass.platform", "Headless");
            System.setProperty("prism.order", "sw");
        }
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();

        var executor = Executors.newVirtualThreadPerTaskExecutor();
        var timer = Executors.newSingleThreadScheduledExecutor();
        MainWindowViewModel[] vm = new MainWindowViewModel[1];
        MainWindowView[] view = new MainWindowView[1];
        AtomicLong firstRender = new AtomicLong();
        AtomicLong allLoaded = new AtomicLong();
        CountDownLatch rendered = new CountDownLatch(1);
        CountDownLatch loaded = new CountDownLatch(1);
        long[] t0 = new long[1];

        onFx(() -> {
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
                        rendered.countDown();
                    }
                    if (allLoaded.get() == 0 && vm[0].allApplications().size() >= apps
                            && !vm[0].loadingApplicationsProperty().get()) {
                        allLoaded.set(System.nanoTime() - t0[0]);
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

        System.out.println();
        System.out.printf(Locale.ROOT, "First render of the applications list: %7.0f ms   (target <= 2000 ms)%n",
                firstRender.get() / 1e6);
        System.out.printf(Locale.ROOT, "All %,d applications loaded:        %7.0f ms%n", apps, allLoaded.get() / 1e6);

        // Typing and deleting a query, one keystroke at a time, twice (the first round warms the JIT).
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
                    vm[0].searchTextProperty().set(text);
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
        printLatency("Search keystroke (filter + CSS + layout)", samples, "target <= 50 ms");
        printLatency("  of which the filter update", filterOnly, "the rest is CSS + layout");

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

        onFx(() -> {
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

        onFx(() -> {
            vm[0].disconnect();
            view[0].dispose();
            return null;
        });
        executor.shutdownNow();
        timer.shutdownNow();
        Platform.exit();
    }

    private static boolean hasFilledCell(javafx.scene.control.ListView<?> list) {
        for (Node n : list.lookupAll(".application-cell")) {
            if (n instanceof ListCell<?> cell && cell.getItem() != null && cell.isVisible()) {
                return true;
            }
        }
        return false;
    }

    private static void printLatency(String what, List<Long> nanos, String target) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        double median = sorted[sorted.length / 2] / 1e6;
        double p95 = sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] / 1e6;
        double max = sorted[sorted.length - 1] / 1e6;
        System.out.printf(Locale.ROOT, "%-42s median %6.1f ms, p95 %6.1f ms, max %6.1f ms over %d   (%s)%n",
                what + ":", median, p95, max, sorted.length, target);
        Arrays.fill(sorted, 0);
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
