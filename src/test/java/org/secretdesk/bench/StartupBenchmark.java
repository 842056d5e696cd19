package org.secretdesk.bench;

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
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.tools.ToolProvider;
import org.secretdesk.journey.VirtualDisplay;

/**
 * What a user waits for at start-up, through the programs as they ship: {@code target/dist/bin/secretdesk} and the
 * jpackage app image (its AOT caches included). For each: a bare JavaFX window on the same runtime and options
 * (installer/startup/Hello.java), then the console started fresh (new home: it makes the CA and keys) and
 * restarted (same home), each run to its populated list, with the timeline the console logs (JVM start, window
 * shown, local gateway listening, list fetched, list drawn, all from the process's spawn) and the ratio of "list
 * drawn" to the bare window of the same run. Then the standalone gateway: spawn to {@code Listening}, fresh and
 * restart, and its token throughput second by second after {@code Listening} until it levels out.
 *
 * <p>{@code mvn -B -Pbench-startup verify} (builds the app image with installer/build.sh when it is missing). A
 * benchmark, not a test: it prints figures and ratios and asserts nothing. Runs under Xvfb with openbox when
 * installed, else on JavaFX's headless platform.
 */
public final class StartupBenchmark {

    private static final Pattern MILESTONE = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z) .*Start-up: (.+) at (-?\\d+) ms");
    private static final List<String> MILESTONES = List.of("window shown", "local gateway listening", "list fetched",
            "list drawn");

    private final Path root = Path.of("").toAbsolutePath();
    private final Path work;
    private final int runs = Integer.getInteger("bench.runs", 5);
    private final int gatewaySeconds = Integer.getInteger("bench.gatewaySeconds", 25);
    private final StringBuilder report = new StringBuilder();
    private VirtualDisplay display;

    private StartupBenchmark() throws IOException {
        work = Files.createDirectories(root.resolve("target/bench-startup"));
    }

    public static void main(String[] args) throws Exception {
        new StartupBenchmark().run();
        System.exit(0);
    }

    /** One shipped program: how to start its console, its gateway and a bare window on its runtime. */
    private record Program(String name, List<String> console, List<String> gateway, List<String> hello,
                           String optionsVariable) {
    }

    private void run() throws Exception {
        Path hello = compileHello();
        List<Program> programs = new ArrayList<>();
        programs.add(dist(hello));
        Path app = Path.of(System.getProperty("bench.appImage", "target/installer/SecretDesk")).toAbsolutePath();
        if (!Files.isExecutable(app.resolve("bin/SecretDesk"))) {
            line("(no app image at " + app + ": building it with installer/build.sh app-image)");
            exec(List.of("bash", "installer/build.sh", "app-image"), work.resolve("build-app-image.log"));
        }
        programs.add(appImage(app, hello));
        try (VirtualDisplay d = VirtualDisplay.start(work)) {
            display = d;
            line("# Start-up benchmark, " + Instant.now() + "\n");
            line("Display: " + d.describe() + "; " + runs + " runs per row; load average at start "
                    + LoadGenerator.loadAverage() + " on " + Runtime.getRuntime().availableProcessors() + " cores.");
            line("Times in ms from the process's spawn; medians (min–max). Ratio: list drawn / bare window.\n");
            for (Program p : programs) {
                console(p);
            }
            for (Program p : programs) {
                gateway(p);
            }
        }
        Files.writeString(root.resolve("target/bench-startup.md"), report);
        System.out.println("\nReport written to target/bench-startup.md");
    }

    // ------------------------------------------------------------------ programs

    private Program dist(Path hello) throws IOException {
        Path dist = root.resolve("target/dist");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> fx;
        try (Stream<Path> jars = Files.list(dist.resolve("lib"))) {
            fx = jars.map(Path::toString).filter(n -> n.matches(".*/javafx-[a-z]+-[0-9.]+-[a-z0-9-]+\\.jar")).sorted()
                    .toList();
        }
        return new Program("target/dist (plain JVM)", List.of(dist.resolve("bin/secretdesk").toString()),
                List.of(dist.resolve("bin/secretdesk").toString(), "gateway"),
                List.of(java, "--module-path", String.join(":", fx), "@" + dist.resolve("conf/jvm.options"),
                        "-Dhello.exitWhenShown=true", "-cp", hello.toString(), "Hello"),
                "SECRETDESK_JAVA_OPTS");
    }

    private Program appImage(Path app, Path hello) throws IOException {
        List<String> options = Files.readAllLines(app.resolve("lib/app/SecretDesk.cfg")).stream()
                .filter(l -> l.startsWith("java-options=")).map(l -> l.substring("java-options=".length()))
                .filter(o -> !o.startsWith("-XX:AOTCache")).toList();
        List<String> hw = new ArrayList<>(List.of(app.resolve("lib/runtime/bin/java").toString()));
        hw.addAll(options);
        hw.addAll(List.of("-Dhello.exitWhenShown=true", "-cp", hello.toString(), "Hello"));
        return new Program("app image (jlink runtime, AOT caches)", List.of(app.resolve("bin/SecretDesk").toString()),
                List.of(app.resolve("bin/secretdesk-gateway").toString()), hw, "JAVA_TOOL_OPTIONS");
    }

    private Path compileHello() throws IOException {
        Path out = Files.createDirectories(work.resolve("hello"));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--module-path",
                root.resolve("target/javafx").toString(), "--add-modules", "javafx.controls", "-d", out.toString(),
                root.resolve("installer/startup/Hello.java").toString());
        if (rc != 0) {
            throw new IllegalStateException("Hello.java did not compile");
        }
        return out;
    }

    // ------------------------------------------------------------------ the console

    private void console(Program p) throws Exception {
        line("## Console: " + p.name() + "\n");
        List<Long> bare = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            bare.add(helloWindow(p));
        }
        Map<String, List<Long>> fresh = new LinkedHashMap<>();
        for (int i = 0; i < runs; i++) {
            Path home = Files.createTempDirectory(work, "fresh-");
            add(fresh, consoleRun(p, home));
        }
        Path home = Files.createTempDirectory(work, "restart-");
        consoleRun(p, home); // makes the data; not counted
        Map<String, List<Long>> restart = new LinkedHashMap<>();
        for (int i = 0; i < runs; i++) {
            add(restart, consoleRun(p, home));
        }
        long bareMedian = median(bare);
        line("| run | JVM start | window shown | gateway listening | list fetched | list drawn | ratio to bare |");
        line("|---|---|---|---|---|---|---|");
        line("| bare JavaFX window | | " + span(bare) + " | | | | 1.00 |");
        row("first start (new data)", fresh, bareMedian);
        row("restart", restart, bareMedian);
        line("");
    }

    private void row(String name, Map<String, List<Long>> t, long bare) {
        StringBuilder sb = new StringBuilder("| " + name + " | " + span(t.get("JVM start")));
        for (String m : MILESTONES) {
            sb.append(" | ").append(t.containsKey(m) ? span(t.get(m)) : "–");
        }
        double ratio = t.containsKey("list drawn") ? median(t.get("list drawn")) / (double) bare : Double.NaN;
        sb.append(String.format(Locale.ROOT, " | %.2f |", ratio));
        line(sb.toString());
    }

    private long helloWindow(Program p) throws Exception {
        long spawn = System.currentTimeMillis();
        Process proc = start(p.hello(), Map.of(), work.resolve("hello.log"), null);
        if (!proc.waitFor(60, TimeUnit.SECONDS)) {
            proc.destroyForcibly();
            throw new IllegalStateException("The bare window did not close");
        }
        for (String l : Files.readAllLines(work.resolve("hello.log"))) {
            if (l.startsWith("Hello: shown at ")) {
                return Long.parseLong(l.substring("Hello: shown at ".length()).strip()) - spawn;
            }
        }
        throw new IllegalStateException("The bare window never showed: " + Files.readString(work.resolve("hello.log")));
    }

    /** One start of the console to its drawn list; the milestones in ms from spawn. */
    private Map<String, Long> consoleRun(Program p, Path home) throws Exception {
        Path log = home.resolve("console.log");
        long spawn = System.currentTimeMillis();
        Process proc = start(p.console(), Map.of(p.optionsVariable(), "-Dsecretdesk.exitWhenReady=populated"), log,
                home);
        if (!proc.waitFor(120, TimeUnit.SECONDS)) {
            proc.destroyForcibly();
            throw new IllegalStateException("The console did not reach its list: " + Files.readString(log));
        }
        Map<String, Long> t = new LinkedHashMap<>();
        for (String l : Files.readAllLines(log)) {
            Matcher m = MILESTONE.matcher(l);
            if (m.find()) {
                long at = Instant.parse(m.group(1)).toEpochMilli();
                t.put(m.group(2), at - spawn);
                t.putIfAbsent("JVM start", at - Long.parseLong(m.group(3)) - spawn);
            }
        }
        if (!t.containsKey("list drawn")) {
            throw new IllegalStateException("No 'list drawn' milestone: " + Files.readString(log));
        }
        return t;
    }

    // ------------------------------------------------------------------ the standalone gateway

    private void gateway(Program p) throws Exception {
        line("## Gateway: " + p.name() + "\n");
        List<Long> fresh = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Path dir = Files.createTempDirectory(work, "gw-fresh-");
            try (RunningGateway g = startGateway(p, dir)) {
                fresh.add(g.listeningAfter);
            }
        }
        Path dir = Files.createTempDirectory(work, "gw-restart-");
        startGateway(p, dir).close(); // the first start makes the data; not counted
        List<Long> restart = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            try (RunningGateway g = startGateway(p, dir)) {
                restart.add(g.listeningAfter);
            }
        }
        line("| start | spawn to Listening (ms) |");
        line("|---|---|");
        line("| first start (new data dir) | " + span(fresh) + " |");
        line("| restart | " + span(restart) + " |");
        line("");
        try (RunningGateway g = startGateway(p, dir)) {
            throughputCurve(g, dir);
        }
        line("");
    }

    private record RunningGateway(Process process, URI base, long listeningAfter) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private RunningGateway startGateway(Program p, Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(p.gateway());
        cmd.addAll(List.of("--data-dir", dir.resolve("data").toString(), "--bind", "127.0.0.1", "--port", "0"));
        long spawn = System.currentTimeMillis();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        environment(pb, dir);
        Process proc = pb.start();
        CompletableFuture<String> listening = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    if (l.startsWith("Listening on ")) {
                        listening.complete(l.substring("Listening on ".length()).strip());
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            listening.completeExceptionally(new IllegalStateException("The gateway ended before listening"));
        });
        String url = listening.get(120, TimeUnit.SECONDS);
        long after = System.currentTimeMillis() - spawn;
        return new RunningGateway(proc, URI.create(url), after);
    }

    /** Token throughput second by second from Listening, until it has levelled out. */
    private void throughputCurve(RunningGateway g, Path dir) throws Exception {
        Path data = dir.resolve("data");
        SSLContext tls = trusting(data.resolve("ca.pem"));
        HttpClient http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
        String admin = "Bearer " + Files.readString(data.resolve("admin.key")).strip();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(g.base().resolve("/api/v1/applications"))
                .header("Authorization", admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench-" + System.nanoTime()
                        + "\",\"initialSecret\":{\"description\":\"bench\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String basic = "Basic " + Base64.getEncoder().encodeToString((field(created.body(), "clientId") + ":"
                + field(created.body(), "secret")).getBytes(StandardCharsets.UTF_8));
        LoadGenerator generator = LoadGenerator.choose(work, tls);
        LoadGenerator.Req token = new LoadGenerator.Req("POST", "/oauth/token", Map.of("Authorization", basic,
                "Content-Type", "application/x-www-form-urlencoded"), "grant_type=client_credentials");
        List<Double> rates = new ArrayList<>();
        for (int s = 0; s < gatewaySeconds; s++) {
            rates.add(generator.run("token", g.base(), List.of(token), 16, 1).rate());
        }
        List<Double> last = new ArrayList<>(rates.subList(rates.size() - 5, rates.size()));
        last.sort(null);
        double steady = last.get(2);
        int reached = -1;
        for (int s = 0; s < rates.size(); s++) {
            if (rates.get(s) >= 0.9 * steady) {
                reached = s + 1;
                break;
            }
        }
        StringBuilder curve = new StringBuilder();
        for (double r : rates) {
            curve.append(String.format(Locale.ROOT, "%.0f ", r));
        }
        line("Token throughput after Listening (" + generator.describe() + ", 16 connections), per second: "
                + curve.toString().strip());
        line(String.format(Locale.ROOT, "Steady state (median of the last 5 s): %.0f tokens/s; 90 %% of it reached "
                + "in second %d after Listening (the first %d s over the request connection were measured in the "
                + "same run, not warmed before). Load average now %s.", steady, reached, rates.size(),
                LoadGenerator.loadAverage()));
    }

    // ------------------------------------------------------------------ helpers

    private Process start(List<String> command, Map<String, String> extraEnv, Path output, Path home)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        environment(pb, home != null ? home : work);
        extraEnv.forEach((k, v) -> pb.environment().merge(k, v, (a, b) -> a + " " + b));
        return pb.start();
    }

    private void environment(ProcessBuilder pb, Path home) {
        Map<String, String> env = pb.environment();
        env.put("HOME", home.toString());
        env.remove("XDG_DATA_HOME");
        env.remove("XDG_CONFIG_HOME");
        env.remove("XDG_CACHE_HOME");
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("SECRETDESK_JAVA_OPTS");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        if (display.name() != null) {
            env.put("DISPLAY", display.name());
        } else {
            env.remove("DISPLAY");
            env.put("JAVA_TOOL_OPTIONS", "-Dglass.platform=Headless -Dprism.order=sw");
        }
    }

    private void exec(List<String> command, Path log) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed; see " + log);
        }
    }

    private static void add(Map<String, List<Long>> into, Map<String, Long> run) {
        run.forEach((k, v) -> into.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String span(List<Long> values) {
        if (values == null || values.isEmpty()) {
            return "–";
        }
        List<Long> sorted = values.stream().sorted().toList();
        return median(values) + " (" + sorted.getFirst() + "–" + sorted.getLast() + ")";
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("No " + name + " in the gateway's answer");
        }
        return m.group(1);
    }

    private static SSLContext trusting(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (var in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private void line(String s) {
        System.out.println(s);
        report.append(s).append('\n');
    }
}
