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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * Drives a server from a process of its own with a fixed number of keep-alive connections for a fixed time
 * (closed loop: each connection sends its next request when the previous answer is in). The same generator and
 * settings are used for every server, so figures compare.
 *
 * <p>{@link Wrk}: Debian's {@code wrk} (C, epoll, one thread), a separate process, when it is on the PATH: it
 * costs far less CPU per request than a JVM client, which matters when generator and server share two cores.
 * {@link InProcess}: {@code java.net.http} on virtual threads inside the benchmark driver's JVM (itself a
 * separate process from the servers), used when {@code wrk} is absent or {@code -Dbench.loadgen=java}.
 */
public sealed interface LoadGenerator permits LoadGenerator.Wrk, LoadGenerator.InProcess {

    /**
     * One request shape. Requests rotate through the list; {@code {n}} in a body becomes a value unique within
     * the run. {@code headers}: name to value.
     */
    record Req(String method, String path, Map<String, String> headers, String body) {
    }

    /** What one measured run gave: successful requests per second and latency percentiles. */
    record Result(String name, long requests, long errors, double seconds, double p50Millis, double p99Millis,
                  int connections, String loadAverage) {
        double rate() {
            return (requests - errors) / seconds;
        }
    }

    String describe();

    Result run(String name, URI base, List<Req> reqs, int connections, int seconds) throws Exception;

    /** Runs {@code warmupSeconds} unmeasured, then measures {@code measureSeconds}. */
    default Result warmAndRun(String name, URI base, List<Req> reqs, int connections, int warmupSeconds,
                              int measureSeconds) throws Exception {
        if (warmupSeconds > 0) {
            run(name + " (warm-up)", base, reqs, connections, warmupSeconds);
        }
        Result r = run(name, base, reqs, connections, measureSeconds);
        System.out.printf(java.util.Locale.ROOT, "  %-44s %9.0f req/s  p50 %7.2f ms  p99 %7.2f ms  errors %d  "
                        + "(load %s)%n", name, r.rate(), r.p50Millis(), r.p99Millis(), r.errors(), r.loadAverage());
        return r;
    }

    static LoadGenerator choose(Path workDir, SSLContext trust) throws IOException {
        String wanted = System.getProperty("bench.loadgen", "auto");
        if (!wanted.equals("java") && Wrk.available()) {
            return new Wrk(workDir);
        }
        return new InProcess(trust);
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    /** {@code wrk -t1 -cN -dS --timeout 10s -s bench.lua URL}; the requests reach the script in an environment variable. */
    final class Wrk implements LoadGenerator {
        private static final String SCRIPT = """
                local reqs = {}
                local counter = 0
                local tag = os.getenv("BENCH_TAG") or "t"
                for line in string.gmatch(os.getenv("BENCH_REQS"), "[^\\n]+") do
                  local m, p, h, b = string.match(line, "^([^\\t]*)\\t([^\\t]*)\\t([^\\t]*)\\t(.*)$")
                  local headers = {}
                  for hv in string.gmatch(h, "[^|]+") do
                    local name, value = string.match(hv, "^([^:]+): (.*)$")
                    headers[name] = value
                  end
                  table.insert(reqs, {m, p, headers, b})
                end
                local threads = 0
                function setup(thread)
                  thread:set("tid", threads)
                  threads = threads + 1
                end
                request = function()
                  counter = counter + 1
                  local r = reqs[(counter % #reqs) + 1]
                  local body = nil
                  if r[4] ~= "" then
                    body = (string.gsub(r[4], "{n}", tag .. "-" .. (tid or 0) .. "-" .. counter))
                  end
                  return wrk.format(r[1], r[2], r[3], body)
                end
                done = function(summary, latency, requests)
                  local e = summary.errors
                  io.write(string.format("WRKRESULT %d %d %d %d %d %d\\n", summary.requests, summary.duration,
                    e.connect + e.read + e.write + e.timeout, e.status,
                    latency:percentile(50), latency:percentile(99)))
                end
                """;
        private final Path script;
        private final AtomicLong runs = new AtomicLong();

        Wrk(Path workDir) throws IOException {
            script = workDir.resolve("bench.lua");
            Files.writeString(script, SCRIPT);
        }

        static boolean available() {
            try {
                Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                p.waitFor(10, TimeUnit.SECONDS);
                return true;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }

        @Override
        public String describe() {
            return "wrk (separate process, 1 thread)";
        }

        @Override
        public Result run(String name, URI base, List<Req> reqs, int connections, int seconds) throws Exception {
            StringBuilder env = new StringBuilder();
            for (Req r : reqs) {
                StringBuilder h = new StringBuilder();
                r.headers().forEach((k, v) -> h.append(h.isEmpty() ? "" : "|").append(k).append(": ").append(v));
                env.append(r.method()).append('\t').append(r.path()).append('\t').append(h).append('\t')
                        .append(r.body() == null ? "" : r.body()).append('\n');
            }
            ProcessBuilder pb = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + seconds + "s",
                    "--timeout", "10s", "-s", script.toString(), base.toString()).redirectErrorStream(true);
            pb.environment().put("BENCH_REQS", env.toString());
            pb.environment().put("BENCH_TAG", "r" + ProcessHandle.current().pid() + "x" + runs.incrementAndGet()
                    + "x" + System.nanoTime() % 1_000_000);
            Process p = pb.start();
            List<String> out = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.add(line);
                }
            }
            p.waitFor(seconds + 30L, TimeUnit.SECONDS);
            String load = loadAverage();
            for (String line : out) {
                if (line.startsWith("WRKRESULT ")) {
                    String[] f = line.split(" ");
                    long requests = Long.parseLong(f[1]);
                    double secs = Long.parseLong(f[2]) / 1e6;
                    long errors = Long.parseLong(f[3]) + Long.parseLong(f[4]);
                    return new Result(name, requests, errors, secs, Long.parseLong(f[5]) / 1e3,
                            Long.parseLong(f[6]) / 1e3, connections, load);
                }
            }
            throw new IOException("wrk gave no result for " + name + ": " + String.join(" / ", out));
        }
    }

    /** java.net.http on virtual threads: {@code connections} workers sharing one HTTP/1.1 client. */
    final class InProcess implements LoadGenerator {
        private final HttpClient client;
        private final AtomicLong unique = new AtomicLong();

        InProcess(SSLContext trust) {
            HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(10));
            if (trust != null) {
                b.sslContext(trust);
            }
            client = b.build();
        }

        @Override
        public String describe() {
            return "java.net.http on virtual threads in the driver JVM (wrk not found)";
        }

        @Override
        public Result run(String name, URI base, List<Req> reqs, int connections, int seconds) throws Exception {
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            AtomicLong next = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < connections; w++) {
                    pool.submit(() -> {
                        long[] lat = new long[4096];
                        int n = 0;
                        while (System.nanoTime() < end) {
                            Req r = reqs.get((int) (next.getAndIncrement() % reqs.size()));
                            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(r.path()))
                                    .timeout(Duration.ofSeconds(10));
                            r.headers().forEach(b::header);
                            String body = r.body() == null ? null
                                    : r.body().replace("{n}", "j" + start + "-" + unique.incrementAndGet());
                            b.method(r.method(), body == null ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
                            long t0 = System.nanoTime();
                            try {
                                HttpResponse<byte[]> resp = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                                if (resp.statusCode() >= 400) {
                                    errors.incrementAndGet();
                                }
                            } catch (IOException e) {
                                errors.incrementAndGet();
                            }
                            if (n == lat.length) {
                                lat = Arrays.copyOf(lat, n * 2);
                            }
                            lat[n++] = System.nanoTime() - t0;
                        }
                        samples.add(Arrays.copyOf(lat, n));
                        return null;
                    });
                }
            }
            double secs = (System.nanoTime() - start) / 1e9;
            long[] all = samples.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return new Result(name, all.length, errors.get(), secs, pct(all, 50), pct(all, 99), connections,
                    loadAverage());
        }

        private static double pct(long[] sorted, double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(idx, sorted.length - 1))] / 1e6;
        }
    }
}
