package org.secretdesk.bench;

import static org.secretdesk.bench.BenchSetup.kcAdmin;
import static org.secretdesk.bench.BenchSetup.kcAdminToken;
import static org.secretdesk.bench.BenchSetup.kcClient;
import static org.secretdesk.bench.BenchSetup.parallel;
import static org.secretdesk.bench.BenchSetup.sdCreateApp;
import static org.secretdesk.bench.BenchSetup.tokenReq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.secretdesk.bench.LoadGenerator.Req;
import org.secretdesk.bench.LoadGenerator.Result;
import org.secretdesk.journey.VirtualDisplay;

/**
 * The whole benchmark suite, one after the other on one machine, each server in a process of its own and the
 * load generator in another (see {@link LoadGenerator}):
 * <ol>
 *   <li>SecretDesk gateway ({@code secretdesk gateway --insecure-http}) and Keycloak 26.5.6 ({@code kc.sh
 *       start-dev}), both plain HTTP on loopback, same generator and settings: the token endpoint
 *       (client_credentials, HTTP Basic, rotating over the same number of clients), issuing a secret (SecretDesk
 *       create and renew; Keycloak's {@code POST …/clients/{id}/client-secret}), and SecretDesk's health as the
 *       floor;</li>
 *   <li>the SecretDesk gateway over HTTPS (its default), same scenarios;</li>
 *   <li>scale: {@link ScaleDataGenerator} writes 100,000 applications with 1,000,000 secrets into a data dir made
 *       by the real migrations, then a gateway starts on it: list page, deep page, secrets of an application,
 *       search, token;</li>
 *   <li>the console: a separate JVM ({@link ConsoleBenchmark}) against a gateway with 10,000 applications and
 *       100,000 secrets.</li>
 * </ol>
 * Prints every figure and ratio and writes them as Markdown to {@code target/bench-report.md}. Never asserts a
 * time. Run: {@code mvn -B -Pbench verify}. Properties (pass with -D…): {@code bench.connections} (32),
 * {@code bench.warmupSeconds} (5), {@code bench.measureSeconds} (10), {@code bench.scaleApps} (100000),
 * {@code bench.scaleSecretsPerApp} (10), {@code bench.consoleApps} (10000), {@code bench.parts}
 * (side,https,scale,console), {@code bench.loadgen} (auto|java), {@code bench.jfr} (true: record the scale
 * gateway with JFR into target/bench-logs/).
 */
public final class BenchSuite {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String KEYCLOAK_VERSION = "26.5.6";
    static final int TOKEN_CLIENTS = 50;
    private static final int RENEW_SECRETS = 50;
    private static final int CREATE_APPS = 300;

    final int connections = Integer.getInteger("bench.connections", 32);
    final int warmup = Integer.getInteger("bench.warmupSeconds", 5);
    final int measure = Integer.getInteger("bench.measureSeconds", 10);
    final int scaleApps = Integer.getInteger("bench.scaleApps", 100_000);
    final int scaleSecretsPerApp = Integer.getInteger("bench.scaleSecretsPerApp", 10);
    private final int consoleApps = Integer.getInteger("bench.consoleApps", 10_000);
    private final List<String> parts = List.of(System.getProperty("bench.parts", "side,https,scale,console").split(","));
    private final Path target = Path.of(System.getProperty("bench.target", "target")).toAbsolutePath();
    final Path logs = target.resolve("bench-logs");
    final Path work;
    /** The X display the console benchmark's JVMs open their window on (or the headless platform). */
    private VirtualDisplay consoleDisplay;
    private final Map<String, Result> results = new LinkedHashMap<>();
    private final StringBuilder notes = new StringBuilder();
    /** The warm-up curves to the plateau (issue 24): Keycloak's and SecretDesk's over HTTPS, the same criterion. */
    private final WarmupCurve.Settings plateau = WarmupCurve.Settings.fromProperties();
    private final Map<String, WarmupCurve> curves = new LinkedHashMap<>();
    /** One ES256 signature's cost on this machine, for the token floor; NaN when not measured. */
    private double signatureMicros = Double.NaN;
    LoadGenerator load;

    private BenchSuite() throws IOException {
        Files.createDirectories(logs);
        work = Files.createTempDirectory("secretdesk-bench");
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        BenchSuite suite = new BenchSuite();
        String report;
        try {
            report = suite.runAll(t0);
        } finally {
            suite.deleteWork();
        }
        System.out.println();
        System.out.println(report);
        Files.writeString(suite.target.resolve("bench-report.md"), report);
        System.out.println("Report written to " + suite.target.resolve("bench-report.md"));
        System.exit(0);
    }

    private String runAll(long t0) throws Exception {
        Map<String, String> scale = Map.of();
        Map<String, String> console = Map.of();
        System.out.println("SecretDesk benchmark suite; machine: " + machine());
        if (parts.contains("side") || parts.contains("https")) {
            System.out.println();
            System.out.println("== The token floor's parts: one ES256 signature (here), the health route (below)");
            signatureMicros = SignatureCost.microsPerSignature(3, 5);
        }
        if (parts.contains("side")) {
            sideBySide();
        }
        if (parts.contains("https")) {
            secretDeskHttps();
        }
        if (parts.contains("scale")) {
            scale = new ScaleRows(this).run();
        }
        if (parts.contains("console")) {
            console = console();
        }
        return report(scale, console, (System.nanoTime() - t0) / 1e9);
    }

    // ================================================================ 1-3: side by side and floors

    private void sideBySide() throws Exception {
        System.out.println();
        System.out.println("== SecretDesk gateway, plain HTTP (--insecure-http), separate process");
        try (ServerProcesses.Gateway gw = ServerProcesses.Gateway.start(work.resolve("gw-http"), false,
                logs.resolve("gateway-http.log"), gatewayJvmArgs("http"))) {
            secretDeskScenarios(gw, "SecretDesk HTTP", false);
        }
        System.out.println();
        System.out.println("== Keycloak " + KEYCLOAK_VERSION + " start-dev (dev-mem H2), plain HTTP, separate process");
        Path home = target.resolve("keycloak").resolve("keycloak-" + KEYCLOAK_VERSION);
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = "Adm1n-" + HexFormat.of().formatHex(random);
        try (ServerProcesses.Keycloak kc = ServerProcesses.Keycloak.start(home, password, logs.resolve("keycloak.log"))) {
            System.out.printf(Locale.ROOT, "  Keycloak ready after %.0f s%n", kc.startSeconds);
            keycloakScenarios(kc, password);
        }
    }

    private void secretDeskHttps() throws Exception {
        System.out.println();
        System.out.println("== SecretDesk gateway, HTTPS (its default), separate process");
        try (ServerProcesses.Gateway gw = ServerProcesses.Gateway.start(work.resolve("gw-https"), true,
                logs.resolve("gateway-https.log"), gatewayJvmArgs("https"))) {
            secretDeskScenarios(gw, "SecretDesk HTTPS", true);
        }
    }

    /**
     * Health, token, create and renew on one gateway. With {@code toPlateau} the token load first runs until its
     * rate levels out (the warm-up curve, as for Keycloak); else a fixed unmeasured warm-up.
     */
    private void secretDeskScenarios(ServerProcesses.Gateway gw, String label, boolean toPlateau) throws Exception {
        HttpClient http = gw.client();
        ensureLoad(gw);
        String bearer = "Bearer " + gw.adminKey;
        List<JsonNode> tokenApps = parallel(TOKEN_CLIENTS, i -> sdCreateApp(http, gw, "token-" + i, true));
        List<JsonNode> renewApps = parallel(RENEW_SECRETS, i -> sdCreateApp(http, gw, "renew-" + i, true));
        List<JsonNode> createApps = parallel(CREATE_APPS, i -> sdCreateApp(http, gw, "create-" + i, false));

        List<Req> health = List.of(new Req("GET", "/api/v1/health", Map.of(), null));
        List<Req> token = tokenApps.stream().map(a -> tokenReq("/oauth/token", a.path("clientId").asText(),
                a.path("issuedSecret").path("secret").asText())).toList();
        List<Req> create = createApps.stream().map(a -> new Req("POST",
                "/api/v1/applications/" + a.path("id").asText() + "/secrets",
                Map.of("Authorization", bearer, "Content-Type", "application/json"),
                "{\"description\":\"bench {n}\"}")).toList();
        List<Req> renew = renewApps.stream().map(a -> new Req("POST", "/api/v1/applications/" + a.path("id").asText()
                + "/secrets/" + a.path("issuedSecret").path("id").asText() + "/renew",
                Map.of("Authorization", bearer), null)).toList();

        // The same unmeasured server warm-up for every server (JIT), then each scenario's own warm-up.
        if (toPlateau) {
            curves.put(label, WarmupCurve.run(load, label + " token", gw.base, token, connections, plateau));
        } else {
            load.run(label + " server warm-up", gw.base, token, connections, 2 * warmup);
        }
        record(label + " health", load.warmAndRun(label + " health", gw.base, health, connections, warmup, measure));
        record(label + " token", load.warmAndRun(label + " token", gw.base, token, connections, warmup, measure));
        record(label + " create", load.warmAndRun(label + " create secret", gw.base, create, connections, warmup, measure));
        record(label + " renew", load.warmAndRun(label + " renew secret", gw.base, renew, connections, warmup, measure));
    }

    private void keycloakScenarios(ServerProcesses.Keycloak kc, String password) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        URI base = kc.base;
        // The master realm's admin tokens live 60 s by default; one that lasts the whole run keeps token refresh
        // out of the measured admin calls.
        String admin = kcAdminToken(http, base, password);
        kcAdmin(http, base, admin, "PUT", "/master", "{\"accessTokenLifespan\":3600}", 204);
        admin = kcAdminToken(http, base, password);
        kcAdmin(http, base, admin, "POST", "", "{\"realm\":\"bench\",\"enabled\":true}", 201);
        String adminToken = admin;
        List<String[]> tokenClients = parallel(TOKEN_CLIENTS, i -> kcClient(http, base, adminToken, "token-" + i));
        List<String[]> regenClients = parallel(RENEW_SECRETS, i -> kcClient(http, base, adminToken, "regen-" + i));
        List<Req> token = tokenClients.stream().map(c -> tokenReq("/realms/bench/protocol/openid-connect/token",
                c[1], c[2])).toList();
        List<Req> regen = regenClients.stream().map(c -> new Req("POST", "/admin/realms/bench/clients/" + c[0]
                + "/client-secret", Map.of("Authorization", "Bearer " + adminToken), null)).toList();
        ensureLoad(null);
        // Keycloak keeps getting faster for minutes (its JIT, its caches): it is loaded until its rate levels out,
        // and measured there, at its best.
        curves.put("Keycloak", WarmupCurve.run(load, "Keycloak token", base, token, connections, plateau));
        record("Keycloak token", load.warmAndRun("Keycloak token (at its plateau)", base, token, connections, 0,
                measure));
        record("Keycloak regenerate", load.warmAndRun("Keycloak regenerate secret", base, regen, connections, warmup,
                measure));
    }

    /**
     * The gateway's expiry scheduler makes its first pass 10 s after start, in pages of 500 secrets with a short
     * transaction each, over every secret that expires within the widest threshold (here about a quarter of the
     * million); it records one notification per secret that crossed a threshold, which on a freshly generated
     * database is most of them. Requests are served meanwhile (no transaction holds locks for long), but the pass
     * competes with the measured requests for the CPU, so the suite measures after it and reports how long it
     * took: it waits for the pass's "Expiry scheduler pass done" line in the gateway's log. Returns the seconds
     * from {@code startNanos}, or a note when it did not finish in time.
     */
    String awaitFirstSchedulerPass(ServerProcesses.Gateway gw, Path log, long startNanos) throws Exception {
        int timeout = Integer.getInteger("bench.schedulerWaitSeconds", 600);
        if (timeout <= 0) {
            return "not waited for";
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
        while (System.nanoTime() < deadline) {
            String done = Files.readAllLines(log).stream().filter(l -> l.contains("Expiry scheduler pass done"))
                    .findFirst().orElse(null);
            if (done != null) {
                String secs = String.format(Locale.ROOT, "%.0f", (System.nanoTime() - startNanos) / 1e9);
                System.out.println("  first expiry-scheduler pass done " + secs + " s after the gateway start (load "
                        + LoadGenerator.loadAverage() + "): " + done.substring(done.indexOf("Expiry scheduler")));
                return secs;
            }
            Thread.sleep(1000);
        }
        System.out.println("  the first expiry-scheduler pass had not finished after " + timeout + " s; measuring anyway");
        return "more than " + timeout;
    }

    // ================================================================ 5: console

    private Map<String, String> console() throws Exception {
        System.out.println();
        System.out.printf(Locale.ROOT, "== Console: %,d applications x 10 secrets, console in a JVM of its own%n",
                consoleApps);
        Path dir = work.resolve("gw-console");
        ScaleDataGenerator.Result gen = ScaleDataGenerator.generate(dir, consoleApps, 10, 0);
        System.out.printf(Locale.ROOT, "  generated in %.1f s%n", gen.seconds());
        Map<String, String> out = new LinkedHashMap<>();
        Path consoleLog = logs.resolve("gateway-console.log");
        try (ServerProcesses.Gateway gw = ServerProcesses.Gateway.start(dir, true, consoleLog, List.of("-Xmx512m"))) {
            out.put("schedulerSeconds", awaitFirstSchedulerPass(gw, consoleLog, System.nanoTime()));
            // Warm the gateway so the figures are the console's, not a cold gateway's.
            HttpClient http = gw.client();
            for (int i = 0; i < 5; i++) {
                for (String q : List.of("?limit=100", "?limit=1000")) {
                    http.send(HttpRequest.newBuilder(gw.base.resolve("/api/v1/applications" + q))
                            .header("Authorization", "Bearer " + gw.adminKey).build(),
                            HttpResponse.BodyHandlers.discarding());
                }
            }
            // The desktop console's JVM options (src/dist/conf/console.options), as its launchers give them, and
            // a window on an X display (Xvfb) as a user's: JavaFX's headless platform copies every frame pixel by
            // pixel on the FX thread, a cost a real window does not have (docs/benchmarks.md). Without Xvfb, the
            // headless platform.
            consoleDisplay = VirtualDisplay.start(logs);
            out.put("display", consoleDisplay.describe());
            List<String> base = new ArrayList<>(List.of(ServerProcesses.javaBinary(),
                    "@" + target.resolve("console.options"), "--enable-native-access=ALL-UNNAMED"));
            // Named either way: ConsoleBenchmark falls back to the headless platform when glass.platform is not
            // set, which until 2026-12-07 09:50 UTC made the "window" runs headless ones (docs/benchmarks.md).
            base.addAll(consoleDisplay.headless() ? List.of("-Dglass.platform=Headless", "-Dprism.order=sw")
                    : List.of("-Dglass.platform=gtk"));
            base.addAll(List.of("-Dbench.gatewayUrl=" + gw.base, "-Dbench.dataDir=" + dir,
                    "-Dbench.apps=" + consoleApps, "-cp", jarredClassPath(), ConsoleBenchmark.class.getName()));
            // The installed console starts with the JVM's AOT cache, which installer/build.sh records from one
            // training start of the app. The same here: one training run of this benchmark up to the loaded list
            // records the cache, the measured run starts with it, and a third run without any cache gives the
            // plain-JVM figures for comparison.
            Path aot = work.resolve("console.aot");
            runConsole(withJvmOptions(base, "-XX:AOTCacheOutput=" + aot, "-Dbench.stopAfterLoad=true"),
                    "console-training", null);
            if (Files.isRegularFile(aot)) {
                out.put("aotCacheMb", String.format(Locale.ROOT, "%.0f", Files.size(aot) / 1048576.0));
                runConsole(withJvmOptions(base, "-XX:AOTCache=" + aot), "console", out);
            } else {
                System.out.println("  no AOT cache was recorded (console-training.log); measuring without one");
                out.put("aotCacheMb", "none");
                runConsole(base, "console", out);
            }
            Map<String, String> plain = new LinkedHashMap<>();
            runConsole(withJvmOptions(base, "-Dbench.stopAfterLoad=true"), "console-no-aot", plain);
            plain.forEach((k, v) -> out.put("plain." + k, v));
        } finally {
            if (consoleDisplay != null) {
                consoleDisplay.close();
            }
        }
        out.put("load", LoadGenerator.loadAverage());
        // Issue 24's memory rows through the shipped launcher (the app image), with its embedded gateway.
        new DesktopMemoryBenchmark(work.resolve("desktop")).run().forEach((k, v) -> out.put("desktop." + k, v));
        return out;
    }

    /**
     * Runs one console JVM ({@code cmd}), echoing its output and putting its RESULT lines into {@code out}; with
     * {@code out} null (the training run, whose output is mostly the JVM's AOT notes) only into the log.
     */
    private void runConsole(List<String> cmd, String name, Map<String, String> out) throws Exception {
        System.out.println("  " + name + (out == null ? " (output in target/bench-logs/" + name + ".out)" : "") + ":");
        long spawnedAt = System.currentTimeMillis();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(logs.resolve(name + ".log").toFile());
        if (consoleDisplay != null && !consoleDisplay.headless()) {
            pb.environment().put("DISPLAY", consoleDisplay.name());
        }
        if (out == null) {
            Process p = pb.redirectOutput(logs.resolve(name + ".out").toFile()).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return;
        }
        Process p = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                System.out.println("  console| " + line);
                if (line.startsWith("RESULT ")) {
                    String[] f = line.split(" ", 3);
                    out.put(f[1], f[2]);
                }
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        if (out.containsKey("firstRenderEpochMs")) {
            out.put("coldStartMs", String.valueOf(Long.parseLong(out.get("firstRenderEpochMs")) - spawnedAt));
        }
    }

    /** {@code cmd} with {@code options} right after the java binary. */
    private static List<String> withJvmOptions(List<String> cmd, String... options) {
        List<String> out = new ArrayList<>(cmd.subList(0, 1));
        out.addAll(List.of(options));
        out.addAll(cmd.subList(1, cmd.size()));
        return out;
    }

    /**
     * This JVM's class path for the console JVM, each directory (target/classes, target/test-classes) packed into a
     * JAR in the work dir: the JVM's AOT cache takes classes from JARs only, as the installed app has them.
     */
    private String jarredClassPath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path dirEntry = Path.of(entry);
            if (!Files.isDirectory(dirEntry)) {
                entries.add(entry);
                continue;
            }
            Path jar = work.resolve("console-classpath-" + entries.size() + ".jar");
            try (var jarOut = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
                 Stream<Path> files = Files.walk(dirEntry)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    jarOut.putNextEntry(new java.util.jar.JarEntry(dirEntry.relativize(f).toString()
                            .replace(java.io.File.separatorChar, '/')));
                    Files.copy(f, jarOut);
                    jarOut.closeEntry();
                }
            }
            entries.add(jar.toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    void ensureLoad(ServerProcesses.Gateway gw) throws IOException {
        if (load == null) {
            load = LoadGenerator.choose(work, gw == null ? null : gw.trust);
            System.out.println("  load generator: " + load.describe());
        }
    }

    List<String> gatewayJvmArgs(String name) {
        List<String> args = new ArrayList<>(List.of("-Xmx1g"));
        if (Boolean.getBoolean("bench.jfr") && name.equals("scale") || ("," + System.getProperty("bench.jfrParts", "")
                + ",").contains("," + name + ",")) {
            args.add("-XX:StartFlightRecording=filename=" + logs.resolve("gateway-" + name + ".jfr")
                    + ",settings=profile");
        }
        String extra = System.getProperty("bench.gatewayJvmArgs", "");
        if (!extra.isBlank()) {
            args.addAll(List.of(extra.strip().split("\\s+")));
        }
        return args;
    }

    void record(String key, Result r) {
        results.put(key, r);
    }

    private void deleteWork() {
        try (Stream<Path> all = Files.walk(work)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.out.println("Could not delete " + work + ": " + e.getMessage());
        }
    }

    static String machine() {
        String cpu = "?";
        long ramKb = 0;
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
            ramKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
        } catch (IOException ignored) {
            // not Linux
        }
        return String.format(Locale.ROOT, "%d cores (nproc), %s, %.1f GB RAM, JDK %s (%s)",
                Runtime.getRuntime().availableProcessors(), cpu, ramKb / 1048576.0, Runtime.version(),
                System.getProperty("java.vendor"));
    }

    // ================================================================ the report

    private String report(Map<String, String> scale, Map<String, String> console, double seconds) {
        StringBuilder md = new StringBuilder();
        md.append("### Run of ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append("\n\n");
        md.append(String.format(Locale.ROOT, "- Command: `mvn -B -Pbench verify`; the suite itself took %.0f s "
                + "(%.1f min).%n", seconds, seconds / 60));
        md.append("- Machine: ").append(machine()).append(".\n");
        md.append("- Load generator: ").append(load == null ? "n/a" : load.describe()).append(String.format(Locale.ROOT,
                "; %d connections (latency-only rows: 1), %d s warm-up then %d s measured per row; closed loop.%n",
                connections, warmup, measure));
        md.append("- Each server in its own process, one after the other, never at the same time. `load` is the "
                + "machine's load average (1, 5, 15 min) when the row was measured: above 2 means other work "
                + "competed for the 2 cores.\n\n");

        if (results.containsKey("Keycloak token") || results.containsKey("SecretDesk HTTP token")) {
            md.append("#### SecretDesk and Keycloak side by side (plain HTTP on loopback, both)\n\n");
            table(md, List.of("SecretDesk HTTP health", "SecretDesk HTTP token", "Keycloak token",
                    "SecretDesk HTTP create", "SecretDesk HTTP renew", "Keycloak regenerate"));
        }
        if (results.containsKey("SecretDesk HTTPS token")) {
            md.append("\n#### SecretDesk over HTTPS (its default)\n\n");
            table(md, List.of("SecretDesk HTTPS health", "SecretDesk HTTPS token", "SecretDesk HTTPS create",
                    "SecretDesk HTTPS renew"));
        }
        if (!curves.isEmpty()) {
            md.append("\n#### Warm-up to the plateau (token endpoint, ").append(connections)
                    .append(" connections)\n\nEach server's token load in windows, ").append(plateau.describe())
                    .append("; its token row above was measured right after.\n");
            curves.forEach((name, curve) -> curve.appendMarkdown(md));
        }
        md.append("\n#### Ratios and targets\n\n| what | measured | target | met |\n|---|---|---|---|\n");
        issue24Rows(md);
        Result kcToken = results.get("Keycloak token");
        Result kcRegen = results.get("Keycloak regenerate");
        Result sdToken = results.get("SecretDesk HTTP token");
        if (kcToken != null && sdToken != null) {
            ratio(md, "token throughput, SecretDesk HTTP / Keycloak (both plain HTTP)", sdToken.rate() / kcToken.rate(), 10, "x");
            boolean met = sdToken.p99Millis() < kcToken.p50Millis();
            md.append(String.format(Locale.ROOT, "| token p99 of SecretDesk below Keycloak's p50 | %.2f ms vs %.2f ms "
                    + "| below | %s |%n", sdToken.p99Millis(), kcToken.p50Millis(), met ? "yes" : "**no**"));
        }
        if (kcRegen != null) {
            for (String s : List.of("create", "renew")) {
                Result sd = results.get("SecretDesk HTTP " + s);
                if (sd != null) {
                    ratio(md, "issue a secret, SecretDesk " + s + " / Keycloak regenerate", sd.rate() / kcRegen.rate(),
                            10, "x");
                }
            }
        }
        for (String proto : List.of("HTTP", "HTTPS")) {
            Result health = results.get("SecretDesk " + proto + " health");
            if (health == null) {
                continue;
            }
            ratio(md, "token / health (" + proto + ")", results.get("SecretDesk " + proto + " token").rate()
                    / health.rate(), 0.5, "");
            ratio(md, "create / health (" + proto + ")", results.get("SecretDesk " + proto + " create").rate()
                    / health.rate(), 0.3, "");
            ratio(md, "renew / health (" + proto + ")", results.get("SecretDesk " + proto + " renew").rate()
                    / health.rate(), 0.3, "");
        }
        Result scaleToken = results.get("Scale token");
        Result smallToken = results.get("SecretDesk HTTPS token");
        for (String k : List.of("Scale list first page", "Scale list deep page", "Scale secrets of an app",
                "Scale search rare", "Scale search common")) {
            Result r = results.get(k);
            if (r != null) {
                md.append(String.format(Locale.ROOT, "| %s p99 at scale | %.2f ms | ≤ 10 ms | %s |%n",
                        k.substring("Scale ".length()), r.p99Millis(), r.p99Millis() <= 10 ? "yes" : "**no**"));
            }
        }
        if (scaleToken != null && smallToken != null) {
            double x = scaleToken.p99Millis() / smallToken.p99Millis();
            md.append(String.format(Locale.ROOT, "| token p99 at scale / small (HTTPS, %d conns) | %.2f ms / %.2f ms "
                    + "= %.2fx | ≤ 1.5x | %s |%n", connections, scaleToken.p99Millis(), smallToken.p99Millis(), x,
                    x <= 1.5 ? "yes" : "**no**"));
        }
        if (console.containsKey("firstRenderMs")) {
            consoleTarget(md, "console first render (JVM start → populated list)", console.get("firstRenderMs"), 2000, "ms");
            consoleTarget(md, "console search keystroke p95", console.get("keystrokeP95Ms"), 50, "ms");
            consoleTarget(md, "console memory (VmRSS)", console.get("rssMb"), 400, "MB");
            consoleTarget(md, "console longest FX stall during load", console.get("stallLoadMs"), 100, "ms");
            consoleTarget(md, "console with embedded gateway, idle, VmRSS (app image)",
                    console.get("desktop.idle.rssMb"), DesktopMemoryBenchmark.IDLE_TARGET_MB, "MB");
            consoleTarget(md, "console with embedded gateway, 10,000 applications, VmRSS (app image)",
                    console.get("desktop.loaded.rssMb"), DesktopMemoryBenchmark.LOADED_TARGET_MB, "MB");
            consoleTarget(md, "console longest FX stall during refresh", console.get("stallRefreshMs"), 100, "ms");
        }

        if (!scale.isEmpty()) {
            ScaleRows.appendMarkdown(md, scale, this::table);
        }
        if (!console.isEmpty()) {
            md.append(String.format(Locale.ROOT, "%n#### Console: %,d applications, %,d secrets (a JVM of its own, "
                    + "the console's JVM options, %s; JavaFX %s)%n%n", consoleApps, consoleApps * 10,
                    console.getOrDefault("display", "n/a"), console.getOrDefault("platform", "n/a")));
            md.append("Started as the installed console starts: with the JVM's AOT cache (").append(
                    console.getOrDefault("aotCacheMb", "n/a")).append(" MB), recorded by one training run of this "
                    + "benchmark up to the loaded list, as installer/build.sh records the app's from one start. "
                    + "The \"no AOT cache\" rows are a third run on a plain JVM.\n\n");
            md.append("| figure | value | target |\n|---|---|---|\n");
            consoleRow(md, "cold start: process spawn → populated list", console.get("coldStartMs"), "ms", "");
            consoleRow(md, "first render: JVM start → populated list", console.get("firstRenderMs"), "ms", "≤ 2000 ms");
            consoleRow(md, "first render, no AOT cache", console.get("plain.firstRenderMs"), "ms", "");
            consoleRow(md, "first render: connect → populated list", console.get("firstRenderAfterConnectMs"), "ms",
                    "");
            consoleRow(md, "all applications loaded (from connect)", console.get("allLoadedMs"), "ms", "");
            consoleRow(md, "search keystroke median", console.get("keystrokeMedianMs"), "ms", "");
            consoleRow(md, "search keystroke p95", console.get("keystrokeP95Ms"), "ms", "≤ 50 ms");
            consoleRow(md, "search keystroke max", console.get("keystrokeMaxMs"), "ms", "");
            consoleRow(md, "longest FX-thread stall while loading", console.get("stallLoadMs"), "ms", "≤ 100 ms");
            consoleRow(md, "FX thread's own CPU time within that stall", console.get("stallLoadCpuMs"), "ms", "");
            consoleRow(md, "render thread's CPU time within that stall", console.get("stallLoadRenderCpuMs"), "ms", "");
            consoleRow(md, "GC pauses within that stall", console.get("stallLoadGcMs"), "ms", "");
            consoleRow(md, "longest FX-thread stall while loading, no AOT cache", console.get("plain.stallLoadMs"),
                    "ms", "");
            consoleRow(md, "longest FX-thread stall during a refresh", console.get("stallRefreshMs"), "ms", "≤ 100 ms");
            consoleRow(md, "FX thread's own CPU time within that stall", console.get("stallRefreshCpuMs"), "ms", "");
            consoleRow(md, "refresh: all applications reloaded", console.get("refreshMs"), "ms", "");
            consoleRow(md, "memory: VmRSS after load", console.get("rssMb"), "MB", "≤ 400 MB");
            consoleRow(md, "memory: Java heap used after GC", console.get("heapMb"), "MB", "");
            md.append("\nThe console's gateway's first expiry-scheduler pass was done ")
                    .append(console.getOrDefault("schedulerSeconds", "n/a")).append(" s after it started listening; "
                            + "the console was started after it.\n");
            md.append("\nLoad average during the console run: ").append(console.getOrDefault("load", "n/a"))
                    .append(".\n");
            if (console.containsKey("desktop.idle.rssMb") || console.containsKey("desktop.loaded.rssMb")) {
                md.append("\n#### Desktop memory: the console with its embedded gateway (issue 24)\n\n");
                Map<String, String> desktop = new LinkedHashMap<>();
                console.forEach((k, v) -> {
                    if (k.startsWith("desktop.")) {
                        desktop.put(k.substring("desktop.".length()), v);
                    }
                });
                DesktopMemoryBenchmark.rows(md, desktop);
            }
        }
        if (!notes.isEmpty()) {
            md.append("\n").append(notes);
        }
        return md.toString();
    }

    /** Issue 24's gateway rows: SecretDesk over HTTPS against Keycloak at its plateau, and the token floor. */
    private void issue24Rows(StringBuilder md) {
        Result kcToken = results.get("Keycloak token");
        Result kcRegen = results.get("Keycloak regenerate");
        Result token = results.get("SecretDesk HTTPS token");
        Result health = results.get("SecretDesk HTTPS health");
        Result create = results.get("SecretDesk HTTPS create");
        WarmupCurve kcCurve = curves.get("Keycloak");
        String at = kcCurve == null ? "" : kcCurve.levelled() ? " at its plateau" : " (still rising at the cap)";
        if (kcToken != null && token != null) {
            ratio(md, "token over HTTPS / Keycloak" + at, token.rate() / kcToken.rate(), 10, "x");
            boolean met = token.p99Millis() < kcToken.p50Millis();
            md.append(String.format(Locale.ROOT, "| token p99 over HTTPS below Keycloak's p50%s | %.2f ms vs %.2f ms "
                    + "| below | %s |%n", at, token.p99Millis(), kcToken.p50Millis(), met ? "yes" : "**no**"));
        }
        if (kcRegen != null && create != null) {
            ratio(md, "create over HTTPS / Keycloak regenerate" + at, create.rate() / kcRegen.rate(), 10, "x");
        }
        if (token != null && health != null && !Double.isNaN(signatureMicros)) {
            int cores = Runtime.getRuntime().availableProcessors();
            double floor = SignatureCost.floor(cores, health.rate(), signatureMicros);
            md.append(String.format(Locale.ROOT, "| token over HTTPS / its floor (%,.0f/s: %d cores / health's %,.0f/s "
                    + "= %.1f µs, + ES256 %.1f µs) | %,.0f/s = %.0f %% | ≥ 70 %% | %s |%n", floor, cores, health.rate(),
                    cores / health.rate() * 1e6, signatureMicros, token.rate(), 100 * token.rate() / floor,
                    token.rate() / floor >= 0.7 ? "yes" : "**no**"));
        }
    }

    void table(StringBuilder md, List<String> keys) {
        md.append("| scenario | conns | req/s | p50 ms | p99 ms | requests | errors | load |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (String k : keys) {
            Result r = results.get(k);
            if (r != null) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %.2f | %.2f | %,d | %d | %s |%n", k,
                        r.connections(), r.rate(), r.p50Millis(), r.p99Millis(), r.requests(), r.errors(),
                        r.loadAverage()));
            }
        }
    }

    private static void ratio(StringBuilder md, String what, double value, double target, String unit) {
        md.append(String.format(Locale.ROOT, "| %s | %.2f%s | ≥ %s%s | %s |%n", what, value, unit,
                target == Math.rint(target) ? String.valueOf((long) target) : String.valueOf(target), unit,
                value >= target ? "yes" : "**no**"));
    }

    private static void consoleTarget(StringBuilder md, String what, String value, double max, String unit) {
        if (value == null) {
            return;
        }
        double v = Double.parseDouble(value);
        md.append(String.format(Locale.ROOT, "| %s | %s %s (%.2f of the target) | ≤ %.0f %s | %s |%n", what, value,
                unit, v / max, max, unit, v <= max ? "yes" : "**no**"));
    }

    private static void consoleRow(StringBuilder md, String what, String value, String unit, String target) {
        if (value != null) {
            md.append("| ").append(what).append(" | ").append(value).append(' ').append(unit).append(" | ")
                    .append(target).append(" |\n");
        }
    }
}
