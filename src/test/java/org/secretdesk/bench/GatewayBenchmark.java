package org.secretdesk.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.secretdesk.bench.LoadGenerator.Req;

/**
 * Loopback benchmark of the SecretDesk gateway: token endpoint and create-secret throughput and latency, next to
 * the same server's {@code /api/v1/health} as a floor.
 *
 * <p>A quick check while tuning; the benchmark suite of record is {@link BenchSuite}
 * ({@code mvn -B -Pbench verify}, separate processes, Keycloak side by side). Run this one with
 * {@code mvn -B -Pbench-gateway verify} ({@code -Dbench.concurrency=32} {@code -Dbench.warmupSeconds=3}
 * {@code -Dbench.measureSeconds=10} {@code -Dbench.rate=500} change it; {@code -Dbench.jitWarmupSeconds=5} is an
 * unmeasured mixed warm-up before the first scenario).
 *
 * <p>What it does: starts a gateway in a temp dir on a free loopback port (HTTPS, its own CA trusted by the load
 * generator, {@code maxSecretsPerApplication} raised to 1000 so create is not stopped by the limit; new
 * applications are made as needed, outside the measured requests), then for health, token (client_credentials with
 * HTTP Basic) and create-secret runs a closed loop with a fixed number of keep-alive connections through the
 * benchmark suite's {@link LoadGenerator} ({@code wrk} in its own process when installed, else java.net.http on
 * virtual threads), warm-up then measure. Then an open loop at a fixed rate for token and create (in-process, since
 * wrk has no fixed-rate mode), where latency is measured from each request's scheduled start (so a
 * stalled server is not hidden by the generator waiting for it). The gateway runs in a JVM of its own
 * ({@code -Xmx1g}), as {@code secretdesk gateway} does, so the in-process open-loop client's garbage collections do
 * not pause it; its log goes to {@code target/bench-gateway.log}. Last, {@link UsageTrackingBenchmark} compares
 * the token endpoint with and without per-value usage tracking (issue 21) on two further gateway processes.
 */
public final class GatewayBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final URI base;
    private final String adminKey;
    private final AtomicLong appCounter = new AtomicLong();
    /** Why requests failed, per scenario, for the summary. */
    private final java.util.Map<String, java.util.concurrent.atomic.LongAdder> errorReasons =
            new java.util.concurrent.ConcurrentSkipListMap<>();

    private void recordError(String scenario, Exception e) {
        String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (reason.length() > 80) {
            reason = reason.substring(0, 80);
        }
        errorReasons.computeIfAbsent(scenario + " | " + reason, k -> new java.util.concurrent.atomic.LongAdder())
                .increment();
    }

    private GatewayBenchmark(HttpClient client, URI base, String adminKey) {
        this.client = client;
        this.base = base;
        this.adminKey = adminKey;
    }

    /** One measured run. */
    record Result(String scenario, String mode, long requests, long errors, double seconds, double p50Millis,
                  double p99Millis) {
        double rate() {
            return requests / seconds;
        }
    }

    /** A closed-loop run of the shared load generator, as a row of this benchmark's table. */
    private static Result closed(LoadGenerator.Result r) {
        return new Result(r.name(), "closed x" + r.connections(), r.requests() - r.errors(), r.errors(), r.seconds(),
                r.p50Millis(), r.p99Millis());
    }

    private static double percentileMillis(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(idx, sorted.length - 1))] / 1e6;
    }

    /** A request that succeeds or throws; thread-safe, shared by all workers. */
    interface Op {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int concurrency = Integer.getInteger("bench.concurrency", 32);
        int warmup = Integer.getInteger("bench.warmupSeconds", 3);
        int measure = Integer.getInteger("bench.measureSeconds", 10);
        int rate = Integer.getInteger("bench.rate", 500);
        Path logFile = Path.of(System.getProperty("bench.log", "target/bench-gateway.log"));
        // For profiling one scenario: a comma-separated subset of the default.
        List<String> scenarios = List.of(System.getProperty("bench.scenarios",
                "health,token,create,token-open,create-open,token-usage").split(","));
        Path dataDir = Files.createTempDirectory("secretdesk-bench");
        System.out.printf(Locale.ROOT, "SecretDesk gateway benchmark: %d cores, JDK %s, concurrency %d, warm-up %d s, "
                        + "measure %d s, open-loop rate %d/s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version(), concurrency, warmup, measure, rate);
        // The gateway runs in a JVM of its own, as `secretdesk gateway` does: the in-process open-loop client's
        // garbage would otherwise pause the server too.
        List<String> gatewayJvm = new ArrayList<>(List.of("-Xmx1g"));
        // Extra options for the gateway's JVM, e.g. -Dbench.gatewayJvm="-Xlog:gc:file=gc.log -XX:StartFlightRecording"
        gatewayJvm.addAll(Arrays.stream(System.getProperty("bench.gatewayJvm", "").split(" "))
                .filter(o -> !o.isBlank()).toList());
        try (ServerProcesses.Gateway server = ServerProcesses.Gateway.start(dataDir, true, logFile, gatewayJvm)) {
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .sslContext(server.trust)
                    .executor(Executors.newVirtualThreadPerTaskExecutor())
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            GatewayBenchmark bench = new GatewayBenchmark(client, server.base, server.adminKey);
            System.out.println("Gateway at " + server.base + " (log: " + logFile.toAbsolutePath() + ")");

            JsonNode tokenApp = bench.createApp(true);
            String basic = "Basic " + Base64.getEncoder().encodeToString((tokenApp.path("clientId").asText() + ":"
                    + tokenApp.path("issuedSecret").path("secret").asText()).getBytes(StandardCharsets.UTF_8));

            Op token = () -> bench.token(basic);
            long window = warmup + measure;

            // Closed loops: the same generator as the benchmark suite (wrk, a separate C process, when installed:
            // on two cores a JVM client takes CPU the server would otherwise have).
            LoadGenerator generator = LoadGenerator.choose(dataDir, server.trust);
            System.out.println("Closed-loop load generator: " + generator.describe());
            Req healthReq = new Req("GET", "/api/v1/health", Map.of(), null);
            Req tokenReq = new Req("POST", "/oauth/token", Map.of("Authorization", basic,
                    "Content-Type", "application/x-www-form-urlencoded"), "grant_type=client_credentials");
            // Warm the JIT on the shared paths (TLS, routing, JSON) first, so the first scenario is not penalised.
            generator.run("jit warm-up", server.base, List.of(healthReq, tokenReq), concurrency,
                    Integer.getInteger("bench.jitWarmupSeconds", 5));

            List<Result> results = new ArrayList<>();
            if (scenarios.contains("health")) {
                results.add(closed(generator.warmAndRun("health", server.base, List.of(healthReq), concurrency,
                        warmup, measure)));
            }
            if (scenarios.contains("token")) {
                results.add(closed(generator.warmAndRun("token", server.base, List.of(tokenReq), concurrency,
                        warmup, measure)));
            }
            if (scenarios.contains("create")) {
                // Room for up to 10,000 creates/s without making applications during the run.
                results.add(closed(generator.warmAndRun("create-secret", server.base,
                        bench.new SecretCreator(10_000L * window).requests(), concurrency, warmup, measure)));
            }
            if (scenarios.contains("token-open")) {
                results.add(bench.openLoop("token", token, rate, concurrency, warmup, measure));
            }
            if (scenarios.contains("create-open")) {
                Op createOpen = bench.new SecretCreator((long) rate * window + 1000);
                results.add(bench.openLoop("create-secret", createOpen, rate, concurrency, warmup, measure));
            }
            print(results, rate);
            if (scenarios.contains("token-usage")) {
                UsageTrackingBenchmark.run(dataDir, gatewayJvm, concurrency, warmup, measure);
            }
            if (!bench.errorReasons.isEmpty()) {
                System.out.println();
                System.out.println("Errors by cause:");
                bench.errorReasons.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %6d  %s%n", v.sum(), k));
            }
            double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            System.out.printf(Locale.ROOT, "%nSystem load average at the end: %.1f on %d cores%s%n", load,
                    Runtime.getRuntime().availableProcessors(),
                    load > Runtime.getRuntime().availableProcessors()
                            ? " (other processes competed for the CPU: figures are a lower bound)" : "");
        } finally {
            // The data dir grows by about a gigabyte per run (H2 keeps old chunks for 45 s).
            try (var files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    // ---- the three requests ----------------------------------------------------------------------------------

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    }

    private void token(String basic) throws Exception {
        check(client.send(request("/oauth/token").header("Authorization", basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString()), 200);
    }

    private static final int SECRETS_PER_APP = 990;
    private static final int MIN_APPS = 128;

    /**
     * Creates secrets round-robin over applications made in advance (at least {@value #MIN_APPS}, enough for
     * {@code expected} requests), so no measured request pays for making an application and concurrent requests
     * mostly write to different applications, as operators do (writes to one application are serialised by its
     * row lock by design); thread-safe, shared by all workers.
     */
    private final class SecretCreator implements Op {
        private final List<String> apps = new ArrayList<>();
        private final AtomicLong issued = new AtomicLong();

        SecretCreator(long expected) throws Exception {
            long needed = Math.max(MIN_APPS, (expected + SECRETS_PER_APP - 1) / SECRETS_PER_APP);
            while (apps.size() < needed) {
                apps.add(createApp(false).path("id").asText());
            }
        }

        /** The same creates for the shared load generator: one request shape per application, rotated. */
        List<Req> requests() {
            return apps.stream().map(app -> new Req("POST", "/api/v1/applications/" + app + "/secrets",
                    Map.of("Authorization", "Bearer " + adminKey, "Content-Type", "application/json"),
                    "{\"description\":\"bench {n}\"}")).toList();
        }

        @Override
        public void run() throws Exception {
            long i = issued.getAndIncrement();
            if (i >= (long) apps.size() * SECRETS_PER_APP) {
                throw new IllegalStateException("more creates than the benchmark made room for");
            }
            String app = apps.get((int) (i % apps.size()));
            String body = "{\"description\":\"bench " + i + "\"}";
            check(client.send(request("/api/v1/applications/" + app + "/secrets")
                    .header("Authorization", "Bearer " + adminKey)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()), 201);
        }
    }

    private JsonNode createApp(boolean withSecret) throws Exception {
        String name = "bench-" + System.nanoTime() + "-" + appCounter.incrementAndGet();
        String body = withSecret
                ? "{\"name\":\"" + name + "\",\"initialSecret\":{\"description\":\"bench\"}}"
                : "{\"name\":\"" + name + "\"}";
        HttpResponse<String> r = client.send(request("/api/v1/applications")
                .header("Authorization", "Bearer " + adminKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        check(r, 201);
        return JSON.readTree(r.body());
    }

    private static void check(HttpResponse<String> r, int expected) throws IOException {
        if (r.statusCode() != expected) {
            throw new IOException("HTTP " + r.statusCode() + " from " + r.request().uri().getPath());
        }
    }

    // ---- load generation ---------------------------------------------------------------------------------------

    /**
     * Requests start on a fixed schedule ({@code rate} per second) whatever the server does; each latency counts
     * from the scheduled start (no coordinated omission). Warm-up at the same rate first.
     */
    private Result openLoop(String name, Op op, int rate, int connections, int warmupSeconds, int measureSeconds)
            throws Exception {
        // At most `connections` requests in flight (so at most that many connections, as a real client pool);
        // a request waiting for one still counts its wait, since latency runs from the scheduled start.
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(connections);
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(measureSeconds);
        ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; ; i++) {
                long scheduled = start + i * interval;
                if (scheduled >= end) {
                    break;
                }
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                exec.submit(() -> {
                    boolean ok = true;
                    inFlight.acquireUninterruptibly();
                    if (System.nanoTime() > end + TimeUnit.SECONDS.toNanos(2)) {
                        // The server fell so far behind that this request would start after the run: count it
                        // as failed rather than stretch the run.
                        inFlight.release();
                        if (scheduled >= measureFrom) {
                            errors.incrementAndGet();
                            recordError(name + " open", new IOException("not started: the server fell behind"));
                        }
                        return null;
                    }
                    try {
                        op.run();
                    } catch (Exception e) {
                        ok = false;
                        recordError(name + " open", e);
                    } finally {
                        inFlight.release();
                    }
                    long done = System.nanoTime();
                    if (scheduled >= measureFrom) {
                        if (ok) {
                            samples.add(new long[] {done - scheduled});
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        return result(name, "open " + rate + "/s", samples, errors.get(), measureSeconds);
    }

    private static Result result(String name, String mode, ConcurrentLinkedQueue<long[]> samples, long errors,
                                 int seconds) {
        long[] all = samples.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        Result r = new Result(name, mode, all.length, errors, seconds, percentileMillis(all, 50),
                percentileMillis(all, 99));
        System.out.printf(Locale.ROOT, "  done: %-14s %-12s %8.0f req/s%n", name, mode, r.rate());
        return r;
    }

    // ---- output -------------------------------------------------------------------------------------------------

    private static void print(List<Result> results, int rate) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-14s %-12s %10s %9s %9s %9s %7s%n", "scenario", "mode", "req/s", "p50 ms",
                "p99 ms", "requests", "errors");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-14s %-12s %10.0f %9.2f %9.2f %9d %7d%n", r.scenario(), r.mode(), r.rate(),
                    r.p50Millis(), r.p99Millis(), r.requests(), r.errors());
        }
        if (results.size() < 5) {
            return; // bench.scenarios chose a subset: no ratios or targets
        }
        Result health = find(results, "health", "closed");
        Result token = find(results, "token", "closed");
        Result create = find(results, "create-secret", "closed");
        Result tokenOpen = find(results, "token", "open");
        Result createOpen = find(results, "create-secret", "open");
        System.out.println();
        System.out.printf(Locale.ROOT, "token/health  throughput ratio: %.2f%n", token.rate() / health.rate());
        System.out.printf(Locale.ROOT, "create/health throughput ratio: %.2f%n", create.rate() / health.rate());
        System.out.println();
        System.out.println("Targets (issue 2):");
        target("token endpoint >= 4,000 req/s", token.rate() >= 4000, String.format(Locale.ROOT, "%.0f", token.rate()));
        target("create-secret  >= 2,000 req/s", create.rate() >= 2000, String.format(Locale.ROOT, "%.0f", create.rate()));
        target("token  p99 < 10 ms at " + rate + " req/s", tokenOpen.p99Millis() < 10,
                String.format(Locale.ROOT, "%.2f ms", tokenOpen.p99Millis()));
        target("create p99 < 10 ms at " + rate + " req/s", createOpen.p99Millis() < 10,
                String.format(Locale.ROOT, "%.2f ms", createOpen.p99Millis()));
    }

    private static void target(String what, boolean met, String measured) {
        System.out.printf(Locale.ROOT, "  %-34s %-8s (measured %s)%n", what, met ? "MET" : "NOT MET", measured);
    }

    private static Result find(List<Result> results, String scenario, String modePrefix) {
        return results.stream().filter(r -> r.scenario().equals(scenario) && r.mode().startsWith(modePrefix))
                .max(Comparator.comparingLong(Result::requests)).orElseThrow();
    }

    // ---- setup ----------------------------------------------------------------------------------------------------
}
