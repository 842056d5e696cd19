package org.secretdesk.bench;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.GatewayServer;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.PostgresServer;
import org.secretdesk.server.testing.SseReader;
import org.secretdesk.server.testing.TestDatabases;
import org.slf4j.LoggerFactory;

/**
 * Token throughput of a SecretDesk cluster with 1, 2 and 3 nodes on one PostgreSQL, and how much of the work is
 * the database's; plus how long a change made on one node takes to reach an SSE client of another.
 *
 * <pre>
 *   mvn -B -Pbench-cluster verify
 * </pre>
 * (skips the unit tests; needs PostgreSQL server binaries in {@code /usr/lib/postgresql/*}{@code /bin}). Tunables:
 * {@code -Dbench.concurrency=32 -Dbench.warmupSeconds=3 -Dbench.measureSeconds=10 -Dbench.maxNodes=3
 * -Dbench.jitWarmupSeconds=20 -Dbench.rounds=3}.
 *
 * <p>Everything runs on this machine: a throw-away PostgreSQL (fsync off, as in the tests), the nodes in this JVM
 * (each with its own HTTPS connector, pool, listener and timers), and the load generator, which sends each request
 * to the next node in turn as a round-robin balancer would ({@code concurrency} virtual-thread workers in a closed
 * loop over three HTTP/1.1 clients, the same generator for every node count). "DB share" is PostgreSQL's CPU time (postmaster and its backends,
 * from /proc) over PostgreSQL's plus this JVM's CPU time during the measurement: on a machine where everything
 * competes for the same cores, CPU time is where the time goes. The nodes' logs go to target/bench-cluster.log.
 */
public final class ClusterBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Node(GatewayServer server, HttpClient client) {
    }

    public static void main(String[] args) throws Exception {
        int concurrency = Integer.getInteger("bench.concurrency", 32);
        int warmup = Integer.getInteger("bench.warmupSeconds", 3);
        int measure = Integer.getInteger("bench.measureSeconds", 10);
        int maxNodes = Integer.getInteger("bench.maxNodes", 3);
        redirectLogging(Path.of(System.getProperty("bench.log", "target/bench-cluster.log")));

        PostgresServer pg = PostgresServer.get();
        String url = pg.newDatabase("bench_cluster");
        Path root = Files.createTempDirectory("secretdesk-bench-cluster");
        System.out.printf(Locale.ROOT, "SecretDesk cluster benchmark: %d cores, JDK %s, PostgreSQL on 127.0.0.1:%d, "
                        + "concurrency %d, warm-up %d s, measure %d s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version(), pg.port(), concurrency, warmup, measure);

        int jitWarmup = Integer.getInteger("bench.jitWarmupSeconds", 20);
        List<Node> nodes = new ArrayList<>();
        try {
            // All nodes start first and the JIT warms up on all of them, so that the 1-node figure is not a cold
            // JVM's; an idle node costs next to nothing (its timers run once a minute).
            nodes.add(start(root, "n1", url, null));
            for (int n = 2; n <= maxNodes; n++) {
                nodes.add(start(root, "n" + n, url, nodes.getFirst()));
            }
            String adminKey = GatewayFixture.readKeyFile(nodes.getFirst().server().adminKeyFile());
            String basic = tokenClient(nodes.getFirst(), adminKey);
            // The same load generator for every node count: as many HTTP clients (each has its own selector thread)
            // as the largest cluster has nodes, whichever nodes the requests go to.
            List<HttpClient> generators = new ArrayList<>();
            for (int i = 0; i < maxNodes; i++) {
                generators.add(newClient(nodes.getFirst().server()));
            }
            run(nodes, generators, basic, concurrency, 0, jitWarmup, pg.postmasterPid());
            System.out.printf(Locale.ROOT, "Load average before measuring (other work on this machine): %s%n",
                    Files.readString(Path.of("/proc/loadavg")).strip());
            System.out.println();
            // The machine is shared: the node counts are interleaved over several rounds (1, 2, 3, 1, 2, 3, ...) and
            // each figure is the median of its rounds, so that a burst of other work does not land on one count.
            int rounds = Integer.getInteger("bench.rounds", 3);
            List<List<Result>> byCount = new ArrayList<>();
            for (int n = 1; n <= maxNodes; n++) {
                byCount.add(new ArrayList<>());
            }
            for (int round = 0; round < rounds; round++) {
                for (int n = 1; n <= maxNodes; n++) {
                    byCount.get(n - 1).add(run(nodes.subList(0, n), generators, basic, concurrency, warmup, measure,
                            pg.postmasterPid()));
                }
            }
            System.out.printf(Locale.ROOT, "Load average after measuring: %s%n%n",
                    Files.readString(Path.of("/proc/loadavg")).strip());
            System.out.println("| nodes | tokens/s (median of " + rounds + " rounds) | vs 1 node | rounds' range | "
                    + "p50 ms | p99 ms | errors | DB share of CPU | CPU ms per token: JVM / PostgreSQL |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            double single = 0;
            for (int n = 1; n <= maxNodes; n++) {
                List<Result> rs = new ArrayList<>(byCount.get(n - 1));
                rs.sort(java.util.Comparator.comparingDouble(Result::rate));
                Result median = rs.get(rs.size() / 2);
                if (n == 1) {
                    single = median.rate();
                }
                long errors = rs.stream().mapToLong(Result::errors).sum();
                System.out.printf(Locale.ROOT, "| %d | %.0f | %.2fx | %.0f-%.0f | %.1f | %.1f | %d | %.0f %% | %.2f / %.2f |%n",
                        n, median.rate(), median.rate() / single, rs.getFirst().rate(), rs.getLast().rate(),
                        median.p(50), median.p(99), errors, 100 * median.dbShare(), median.jvmCpuMsPerToken(),
                        median.pgCpuMsPerToken());
            }
            if (nodes.size() >= 2) {
                ssePropagation(nodes.get(0), nodes.get(nodes.size() - 1), adminKey);
            }
        } finally {
            for (Node n : nodes) {
                n.server().close();
            }
        }
        System.exit(0);
    }

    private static Node start(Path root, String name, String url, Node first) throws Exception {
        Path dataDir = root.resolve(name);
        if (first != null) {
            Files.createDirectories(dataDir);
            Files.copy(first.server().adminKeyFile(), dataDir.resolve("admin.key"));
        }
        GatewayConfig config = TestDatabases.clustered(GatewayConfig.defaults(dataDir).withPort(0), root, url);
        GatewayServer server = GatewayServer.start(config);
        return new Node(server, newClient(server));
    }

    /** An HTTP/1.1 client trusting the cluster's CA (the same for every node). */
    private static HttpClient newClient(GatewayServer server) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(GatewayFixture.sslContextTrusting(server.caCertificate()))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** Creates an application with one secret; returns its HTTP Basic header value. */
    private static String tokenClient(Node node, String adminKey) throws Exception {
        HttpResponse<String> r = node.client().send(HttpRequest.newBuilder(node.server().baseUri()
                        .resolve("/api/v1/applications"))
                .header("Authorization", "Bearer " + adminKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench-" + System.nanoTime()
                        + "\",\"roles\":[\"reader\"],\"initialSecret\":{\"description\":\"bench\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("create application: " + r.statusCode());
        }
        JsonNode app = JSON.readTree(r.body());
        return "Basic " + Base64.getEncoder().encodeToString((app.path("clientId").asText() + ":"
                + app.path("issuedSecret").path("secret").asText()).getBytes(StandardCharsets.UTF_8));
    }

    record Result(long requests, long errors, double seconds, long[] latencies, double dbShare, long jvmCpuNanos,
                  long pgCpuNanos) {
        /** CPU milliseconds per successful token: this JVM's (nodes + load generator), and PostgreSQL's. */
        double jvmCpuMsPerToken() {
            return requests == 0 ? Double.NaN : jvmCpuNanos / 1e6 / requests;
        }

        double pgCpuMsPerToken() {
            return requests == 0 ? Double.NaN : pgCpuNanos / 1e6 / requests;
        }

        double rate() {
            return requests / seconds;
        }

        double p(double percentile) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(percentile / 100 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(i, latencies.length - 1))] / 1e6;
        }
    }

    /** Closed loop over all {@code nodes} in turn; counts only requests that start and end in the window. */
    private static Result run(List<Node> nodes, List<HttpClient> generators, String basic, int workers, int warmup,
                              int measure, long pgPid) throws Exception {
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(measure);
        AtomicLong turn = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
        long[] cpuAtStart = new long[2];
        Thread sampler = Thread.ofPlatform().start(() -> {
            sleepUntil(measureFrom);
            cpuAtStart[0] = postgresCpuNanos(pgPid);
            cpuAtStart[1] = jvmCpuNanos();
        });
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < workers; w++) {
                HttpClient client = generators.get(w % generators.size());
                pool.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= end) {
                            break;
                        }
                        Node node = nodes.get((int) (turn.getAndIncrement() % nodes.size()));
                        boolean ok;
                        try {
                            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                                            node.server().baseUri().resolve("/oauth/token"))
                                    .header("Authorization", basic)
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                                    .build(), HttpResponse.BodyHandlers.ofString());
                            ok = r.statusCode() == 200;
                        } catch (Exception e) {
                            ok = false;
                        }
                        long t1 = System.nanoTime();
                        if (t0 >= measureFrom && t1 <= end) {
                            if (ok) {
                                mine.add(t1 - t0);
                            } else {
                                errors.incrementAndGet();
                            }
                        }
                    }
                    samples.add(mine.stream().mapToLong(Long::longValue).toArray());
                    return null;
                });
            }
        }
        sampler.join();
        long pgCpu = postgresCpuNanos(pgPid) - cpuAtStart[0];
        long jvmCpu = jvmCpuNanos() - cpuAtStart[1];
        long[] all = samples.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        double share = pgCpu + jvmCpu == 0 ? Double.NaN : (double) pgCpu / (pgCpu + jvmCpu);
        return new Result(all.length, errors.get(), measure, all, share, jvmCpu, pgCpu);
    }

    /** Time from a create on {@code writer} returning to its event on an SSE client of {@code reader}. */
    private static void ssePropagation(Node reader, Node writer, String adminKey) throws Exception {
        int rounds = Integer.getInteger("bench.sseRounds", 50);
        long[] lat = new long[rounds];
        try (SseReader sse = new SseReader(reader.client(), HttpRequest.newBuilder(reader.server().baseUri()
                .resolve("/api/v1/events")).header("Authorization", "Bearer " + adminKey)
                .header("Accept", "text/event-stream").build())) {
            sse.awaitHeaders(Duration.ofSeconds(10));
            awaitSubscribed(sse);
            for (int i = 0; i < rounds; i++) {
                String name = "sse-" + i + "-" + System.nanoTime();
                HttpResponse<String> r = writer.client().send(HttpRequest.newBuilder(writer.server().baseUri()
                                .resolve("/api/v1/applications"))
                        .header("Authorization", "Bearer " + adminKey).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                long committed = System.nanoTime();
                String id = JSON.readTree(r.body()).path("id").asText();
                while (true) {
                    SseReader.Event e = sse.next(Duration.ofSeconds(10));
                    if (e == null) {
                        throw new IllegalStateException("no event for " + id + " within 10 s");
                    }
                    if (e.data().contains(id)) {
                        lat[i] = System.nanoTime() - committed;
                        break;
                    }
                }
            }
        }
        Arrays.sort(lat);
        System.out.printf(Locale.ROOT, "%nSSE across nodes (create on one node -> event on another's SSE client, "
                        + "%d rounds): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", rounds, lat[rounds / 2] / 1e6,
                lat[(int) Math.ceil(0.99 * rounds) - 1] / 1e6, lat[rounds - 1] / 1e6);
    }

    /**
     * Waits for the stream's ": connected" comment, which the gateway sends once the stream is subscribed to the
     * node's events (the headers can arrive before that).
     */
    static void awaitSubscribed(SseReader sse) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!sse.rawText().contains("connected") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU time of the postmaster and its live children (the backends), from /proc, in nanoseconds. */
    private static long postgresCpuNanos(long postmasterPid) {
        long ticks = 0;
        List<Long> pids = new ArrayList<>();
        pids.add(postmasterPid);
        ProcessHandle.of(postmasterPid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
            } catch (Exception e) {
                // the process ended between listing and reading
            }
        }
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    private static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            try {
                Thread.sleep(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void redirectLogging(Path file) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger rootLogger = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLogger.detachAndStopAllAppenders();
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
        enc.start();
        FileAppender<ILoggingEvent> fa = new FileAppender<>();
        fa.setContext(ctx);
        fa.setFile(file.toString());
        fa.setEncoder(enc);
        fa.setAppend(false);
        fa.start();
        rootLogger.addAppender(fa);
    }
}
