package org.secretdesk.bench;

import static org.secretdesk.bench.BenchSetup.tokenReq;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.secretdesk.bench.LoadGenerator.Req;

/** The suite's scale part: a generated data set of 100,000 applications and the latency rows on it. */
final class ScaleRows {

    private final BenchSuite suite;

    ScaleRows(BenchSuite suite) {
        this.suite = suite;
    }

    Map<String, String> run() throws Exception {
        System.out.println();
        System.out.printf(Locale.ROOT, "== Scale: %,d applications x %d secrets, generated set-based (INSERT … SELECT)%n",
                suite.scaleApps, suite.scaleSecretsPerApp);
        Map<String, String> out = new LinkedHashMap<>();
        Path dir = suite.work.resolve("gw-scale");
        ScaleDataGenerator.Result gen = ScaleDataGenerator.generate(dir, suite.scaleApps, suite.scaleSecretsPerApp, 200);
        long bytes = dbBytes(dir);
        System.out.printf(Locale.ROOT, "  generated %,d applications, %,d secrets, %,d audit rows in %.1f s "
                        + "(%,.0f rows/s); database %,.0f MB, %,.0f bytes per secret (suite.load %s)%n", gen.applications(),
                gen.secrets(), gen.auditRows(), gen.seconds(),
                (gen.applications() + gen.secrets() + gen.auditRows()) / gen.seconds(), bytes / 1048576.0,
                (double) bytes / gen.secrets(), LoadGenerator.loadAverage());
        out.put("apps", String.format(Locale.ROOT, "%,d", gen.applications()));
        out.put("secrets", String.format(Locale.ROOT, "%,d", gen.secrets()));
        out.put("audit", String.format(Locale.ROOT, "%,d", gen.auditRows()));
        out.put("genSeconds", String.format(Locale.ROOT, "%.1f", gen.seconds()));
        out.put("genRate", String.format(Locale.ROOT, "%,.0f", (gen.applications() + gen.secrets() + gen.auditRows())
                / gen.seconds()));
        out.put("genLoad", LoadGenerator.loadAverage());
        out.put("dbMb", String.format(Locale.ROOT, "%,.0f", bytes / 1048576.0));
        out.put("bytesPerSecret", String.format(Locale.ROOT, "%,.0f", (double) bytes / gen.secrets()));

        List<String> jvm = suite.gatewayJvmArgs("scale");
        long startT = System.nanoTime();
        Path scaleLog = suite.logs.resolve("gateway-scale.log");
        try (ServerProcesses.Gateway gw = ServerProcesses.Gateway.start(dir, true, scaleLog, jvm)) {
            out.put("startSeconds", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - startT) / 1e9));
            out.put("firstRequestMs", firstRequestMillis(gw));
            out.put("schedulerSeconds", suite.awaitFirstSchedulerPass(gw, scaleLog, startT));
            suite.ensureLoad(gw);
            String bearer = "Bearer " + gw.adminKey;
            Map<String, String> auth = Map.of("Authorization", bearer);
            List<ScaleDataGenerator.Sample> samples = gen.samples();
            List<Req> firstPage = List.of(new Req("GET", "/api/v1/applications?limit=100", auth, null));
            List<Req> deepPage = samples.stream().map(s -> new Req("GET", "/api/v1/applications?limit=100&cursor="
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(("v1:" + s.name())
                    .getBytes(StandardCharsets.UTF_8)), auth, null)).toList();
            List<Req> secrets = samples.stream().map(s -> new Req("GET", "/api/v1/applications/" + s.appId()
                    + "/secrets", auth, null)).toList();
            // A query matching one application (its number) and one matching a sixteenth of them (a word).
            List<Req> searchRare = samples.stream().map(s -> new Req("GET", "/api/v1/applications?limit=100&q="
                    + s.name().substring(s.name().lastIndexOf('-')), auth, null)).toList();
            List<Req> searchCommon = Stream.of("billing", "orders-web", "Payments", "ANALYTICS-data")
                    .map(q -> new Req("GET", "/api/v1/applications?limit=100&q=" + q, auth, null)).toList();
            List<Req> token = samples.stream().limit(BenchSuite.TOKEN_CLIENTS).map(s -> tokenReq("/oauth/token", s.clientId(),
                    s.secret())).toList();
            int lat = Integer.getInteger("bench.latencyConnections", 1);
            suite.load.run("scale server warm-up", gw.base, Stream.of(firstPage, secrets, searchRare, token)
                    .flatMap(List::stream).toList(), 4, 2 * suite.warmup);
            suite.record("Scale list first page", suite.load.warmAndRun("Scale list first page (1 conn)", gw.base, firstPage,
                    lat, suite.warmup / 2, suite.measure));
            suite.record("Scale list deep page", suite.load.warmAndRun("Scale list page after a cursor (1 conn)", gw.base,
                    deepPage, lat, suite.warmup / 2, suite.measure));
            suite.record("Scale secrets of an app", suite.load.warmAndRun("Scale secrets of an application (1 conn)", gw.base,
                    secrets, lat, suite.warmup / 2, suite.measure));
            suite.record("Scale search rare", suite.load.warmAndRun("Scale search, 1 match (1 conn)", gw.base, searchRare, lat,
                    suite.warmup / 2, suite.measure));
            suite.record("Scale search common", suite.load.warmAndRun("Scale search, many matches (1 conn)", gw.base,
                    searchCommon, lat, suite.warmup / 2, suite.measure));
            suite.record("Scale token", suite.load.warmAndRun("Scale token (" + suite.connections + " conns)", gw.base, token,
                    suite.connections, suite.warmup, suite.measure));
        }
        out.put("dbMbAfter", String.format(Locale.ROOT, "%,.0f", dbBytes(dir) / 1048576.0));
        return out;
    }

    /** How long the first list page takes right after the gateway listens (the "usable at once" check). */
    private static String firstRequestMillis(ServerProcesses.Gateway gw) throws Exception {
        long t = System.nanoTime();
        HttpResponse<String> r = gw.client().send(HttpRequest.newBuilder(gw.base.resolve("/api/v1/applications?limit=100"))
                .header("Authorization", "Bearer " + gw.adminKey).build(), HttpResponse.BodyHandlers.ofString());
        String ms = String.format(Locale.ROOT, "%.0f", (System.nanoTime() - t) / 1e6);
        System.out.println("  first list page right after start: HTTP " + r.statusCode() + " in " + ms + " ms");
        return ms;
    }

    private static long dbBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".db")).mapToLong(p -> p.toFile().length()).sum();
        }
    }


    /** The scale section of the report, from {@link #run}'s figures. */
    static void appendMarkdown(StringBuilder md, Map<String, String> scale,
                               java.util.function.BiConsumer<StringBuilder, List<String>> table) {
            md.append("\n#### Scale: ").append(scale.get("apps")).append(" applications, ")
                    .append(scale.get("secrets")).append(" secrets (HTTPS)\n\n");
            md.append("- Generated by `ScaleDataGenerator` (set-based `INSERT … SELECT` from `SYSTEM_RANGE` per chunk "
                    + "of 10,000 applications into a data dir made by the real Flyway migrations; SHA-256 hashes of "
                    + "real `sds_` values, hints, one audit row per creation, search trigrams): ")
                    .append(scale.get("apps")).append(" applications + ").append(scale.get("secrets"))
                    .append(" secrets + ").append(scale.get("audit")).append(" audit rows in ")
                    .append(scale.get("genSeconds")).append(" s (").append(scale.get("genRate"))
                    .append(" rows/s; load ").append(scale.get("genLoad")).append(").\n");
            md.append("- Database file: ").append(scale.get("dbMb")).append(" MB after generation, ")
                    .append(scale.get("bytesPerSecret")).append(" bytes per secret (including its audit row and "
                            + "indexes and its application's share of the search trigrams); ")
                    .append(scale.get("dbMbAfter")).append(" MB after the gateway ran on it.\n");
            md.append("- Gateway start on it (process start to `Listening on`): ").append(scale.get("startSeconds"))
                    .append(" s; first list page right after: ").append(scale.get("firstRequestMs"))
                    .append(" ms; its first expiry-scheduler pass (pages of 500 secrets expiring within 20 days, a "
                            + "transaction each, started 10 s after start) done ").append(scale.get("schedulerSeconds"))
                    .append(" s after start; the rows below were measured after it.\n\n");
            table.accept(md, List.of("Scale list first page", "Scale list deep page", "Scale secrets of an app",
                    "Scale search rare", "Scale search common", "Scale token"));
            }
}
