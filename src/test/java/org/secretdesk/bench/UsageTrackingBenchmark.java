package org.secretdesk.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.secretdesk.bench.LoadGenerator.Req;

/**
 * Issue 21: the token endpoint's throughput with per-value usage tracking (last use, client address, hourly counts,
 * written in batches) against the same gateway without it, in one run. Two gateway processes of the same build and
 * JVM options, one started with {@code -Dsecretdesk.usageTracking=false}; each gets the same warm-up, then closed-loop
 * rounds alternate between them (on first in odd rounds, off first in even ones) so that the machine's load drifts
 * into both alike. Reports each round, the medians and their ratio, and the median of the per-round ratios
 * (target: within 5 %). Part of
 * {@link GatewayBenchmark} (scenario {@code token-usage}); {@code -Dbench.usageRounds=5} sets the rounds.
 */
final class UsageTrackingBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private UsageTrackingBenchmark() {
    }

    /** A gateway process and the token request for one of its applications. */
    private record Target(String label, ServerProcesses.Gateway gateway, Req token, LoadGenerator generator,
                          String appId) {
    }

    static void run(Path root, List<String> gatewayJvm, int concurrency, int warmup, int measure) throws Exception {
        int rounds = Integer.getInteger("bench.usageRounds", 5);
        List<String> offJvm = new ArrayList<>(gatewayJvm);
        offJvm.add("-Dsecretdesk.usageTracking=false");
        System.out.printf(Locale.ROOT, "%nToken throughput with and without usage tracking (issue 21): %d rounds of "
                + "%d s + %d s per side, %d connections%n", rounds, warmup, measure, concurrency);
        try (ServerProcesses.Gateway on = ServerProcesses.Gateway.start(root.resolve("usage-on"), true,
                root.resolve("usage-on.log"), gatewayJvm);
             ServerProcesses.Gateway off = ServerProcesses.Gateway.start(root.resolve("usage-off"), true,
                     root.resolve("usage-off.log"), offJvm)) {
            Target withUsage = target("with usage", on, root.resolve("gen-on"));
            Target without = target("without", off, root.resolve("gen-off"));
            for (Target t : List.of(withUsage, without)) {
                t.generator().run("jit warm-up " + t.label(), t.gateway().base, List.of(t.token()), concurrency,
                        Integer.getInteger("bench.jitWarmupSeconds", 5));
            }
            List<Double> onRates = new ArrayList<>();
            List<Double> offRates = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                List<Target> order = r % 2 == 1 ? List.of(withUsage, without) : List.of(without, withUsage);
                for (Target t : order) {
                    LoadGenerator.Result res = t.generator().warmAndRun("token " + t.label(), t.gateway().base,
                            List.of(t.token()), concurrency, warmup, measure);
                    (t == withUsage ? onRates : offRates).add(res.rate());
                    System.out.printf(Locale.ROOT, "  round %d  %-11s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  "
                                    + "errors %d  load %s%n", r, t.label(), res.rate(), res.p50Millis(),
                            res.p99Millis(), res.errors(), res.loadAverage());
                }
            }
            double medianOn = median(onRates);
            double medianOff = median(offRates);
            // Each round's two runs are back to back, so their ratio is the least disturbed by the machine's load.
            List<Double> pairs = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                pairs.add(onRates.get(i) / offRates.get(i));
            }
            System.out.printf(Locale.ROOT, "%nper-round ratios with / without: %s; median %.3f%n", pairs.stream()
                    .map(p -> String.format(Locale.ROOT, "%.3f", p)).toList(), median(pairs));
            System.out.printf(Locale.ROOT, "median with usage tracking %8.0f req/s%n", medianOn);
            System.out.printf(Locale.ROOT, "median without             %8.0f req/s%n", medianOff);
            double ratio = medianOn / medianOff;
            System.out.printf(Locale.ROOT, "with / without: %.3f (%+.1f %%): %s%n", ratio, (ratio - 1) * 100,
                    ratio >= 0.95 ? "within 5 % (MET)" : "more than 5 % slower (NOT MET)");
            // What was measured really is the difference: one side counted every use, the other none. The gateways
            // write their uses every 5 s: wait for the batch.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (uses24h(withUsage) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            System.out.printf(Locale.ROOT, "uses recorded in the last 24 h: with usage %d, without %d%n",
                    uses24h(withUsage), uses24h(without));
        }
    }

    private static Target target(String label, ServerProcesses.Gateway gateway, Path workDir) throws Exception {
        HttpClient client = gateway.client();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(gateway.base.resolve("/api/v1/applications"))
                .header("Authorization", "Bearer " + gateway.adminKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"usage-bench\",\"initialSecret\":"
                        + "{\"description\":\"bench\"}}")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("HTTP " + r.statusCode() + " creating the benchmark's application");
        }
        JsonNode app = JSON.readTree(r.body());
        String basic = "Basic " + Base64.getEncoder().encodeToString((app.path("clientId").asText() + ":"
                + app.path("issuedSecret").path("secret").asText()).getBytes(StandardCharsets.UTF_8));
        Req token = new Req("POST", "/oauth/token", Map.of("Authorization", basic,
                "Content-Type", "application/x-www-form-urlencoded"), "grant_type=client_credentials");
        java.nio.file.Files.createDirectories(workDir);
        return new Target(label, gateway, token, LoadGenerator.choose(workDir, gateway.trust),
                app.path("id").asText());
    }

    private static long uses24h(Target t) throws Exception {
        URI uri = t.gateway().base.resolve("/api/v1/applications/" + t.appId() + "/secrets");
        HttpResponse<String> r = t.gateway().client().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + t.gateway().adminKey).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("items").path(0).path("usage").path("uses24h").asLong();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
