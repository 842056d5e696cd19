package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.MutableClock;
import org.secretdesk.server.testing.PostgresServer;
import org.secretdesk.server.testing.Resp;
import org.secretdesk.server.testing.SseReader;
import org.secretdesk.server.testing.TestDatabases;

/**
 * Three gateway nodes on one PostgreSQL database behave as one gateway: shared CA and keys, a secret deleted on
 * one node is refused by every node on the very next request, live events cross nodes, the scheduler records
 * each notification once, and a node killed during writes loses nothing. Runs in the PostgreSQL execution only
 * ({@code -Dsecretdesk.test.db=postgres}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** What the load balancer in front of the nodes would be called; every node is given it. */
    private static final String PUBLIC_URL = "https://gateway.example.com";

    @TempDir
    static Path root;
    static String dbUrl;
    static MutableClock clock;
    static GatewayFixture a;
    static GatewayFixture b;
    static GatewayFixture c;

    @BeforeAll
    static void startCluster() {
        assumeTrue(PostgresServer.requested(), "cluster tests run with -Dsecretdesk.test.db=postgres");
        dbUrl = PostgresServer.get().newDatabase("ClusterTest");
        clock = MutableClock.startingNow();
        a = node("a");
        b = node("b");
        c = node("c");
    }

    /** A node on the shared database; its data dir gets a copy of the cluster's admin.key, as an operator would. */
    private static GatewayFixture node(String name) {
        Path nodeRoot = root.resolve(name);
        if (a != null) {
            copyAdminKey(nodeRoot.resolve("data"));
        }
        return GatewayFixture.start(nodeRoot, clock,
                cfg -> TestDatabases.clustered(cfg, root, dbUrl).withPublicUrl(PUBLIC_URL));
    }

    private static void copyAdminKey(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Files.copy(a.server().adminKeyFile(), dataDir.resolve("admin.key"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopCluster() {
        for (GatewayFixture f : new GatewayFixture[] {c, b, a}) {
            if (f != null) {
                f.close();
            }
        }
    }

    @Test
    @Order(1)
    void theNodesShareOneCaOneKeySetAndOneAdminKey() {
        assertThat(b.server().caCertificate()).isEqualTo(a.server().caCertificate());
        assertThat(c.server().caCertificate()).isEqualTo(a.server().caCertificate());
        assertThat(Set.of(a.server().nodeId(), b.server().nodeId(), c.server().nodeId())).hasSize(3);
        String jwks = expect(a.call("GET", "/.well-known/jwks.json").noAuth().send(), 200).body();
        assertThat(expect(b.call("GET", "/.well-known/jwks.json").noAuth().send(), 200).body()).isEqualTo(jwks);
        assertThat(expect(c.call("GET", "/.well-known/jwks.json").noAuth().send(), 200).body()).isEqualTo(jwks);
        // One admin key (created by node A) is accepted everywhere; the generated key of no other node exists.
        assertThat(b.adminKey()).isEqualTo(a.adminKey());
        for (GatewayFixture node : List.of(a, b, c)) {
            expect(node.get("/api/v1/applications?limit=1"), 200);
            assertThat(node.call("GET", "/api/v1/applications").auth(a.adminKey() + "x").send().status())
                    .isEqualTo(401);
        }
    }

    @Test
    @Order(2)
    void createdOnAUsedOnBDeletedOnCIsRefusedEverywhereAtOnce() throws Exception {
        JsonNode app = a.createAppWithSecret(unique("cluster-app"), "main");
        String appId = app.path("id").asText();
        String clientId = app.path("clientId").asText();
        JsonNode issued = app.path("issuedSecret");
        String secret = issued.path("secret").asText();

        Resp token = expect(b.token(clientId, secret), 200);
        String kid = kidOf(token.json().path("access_token").asText());
        assertThat(expect(c.call("GET", "/.well-known/jwks.json").noAuth().send(), 200).body())
                .as("a token from B verifies with C's key set").contains(kid);
        assertThat(expect(c.get("/api/v1/applications/" + appId), 200).json().path("secretCount").asInt())
                .isEqualTo(1);

        expect(c.delete("/api/v1/applications/" + appId + "/secrets/" + issued.path("id").asText()), 204);

        assertThat(a.token(clientId, secret).status()).as("the very next request on A").isEqualTo(401);
        assertThat(b.token(clientId, secret).status()).as("the very next request on B").isEqualTo(401);
        assertThat(c.token(clientId, secret).status()).isEqualTo(401);
    }

    @Test
    @Order(3)
    void renewedOnCTheOldValueStopsOnAAtOnce() {
        JsonNode app = b.createAppWithSecret(unique("renew-app"), "main");
        String clientId = app.path("clientId").asText();
        JsonNode issued = app.path("issuedSecret");
        String old = issued.path("secret").asText();
        Resp renewed = expect(c.renew(app.path("id").asText(), issued.path("id").asText(), null), 200);
        String fresh = renewed.json().path("secret").asText();
        assertThat(a.token(clientId, old).status()).isEqualTo(401);
        assertThat(a.token(clientId, fresh).status()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void sseOnBSeesAChangeMadeOnC() throws Exception {
        try (SseReader sse = new SseReader(b.client(), b.call("GET", "/api/v1/events")
                .header("Accept", "text/event-stream").build())) {
            assertThat(sse.awaitHeaders(WAIT).statusCode()).isEqualTo(200);
            // The headers can arrive before the stream is subscribed; the ": connected" comment comes after.
            long subscribed = System.nanoTime() + WAIT.toNanos();
            while (!sse.rawText().contains("connected") && System.nanoTime() < subscribed) {
                Thread.sleep(10);
            }
            String appId = c.createApp(unique("sse-app")).path("id").asText();
            long deadline = System.nanoTime() + WAIT.toNanos();
            List<String> seen = new ArrayList<>();
            boolean found = false;
            while (!found && System.nanoTime() < deadline) {
                SseReader.Event e = sse.next(Duration.ofMillis(200));
                if (e != null) {
                    seen.add(e.data());
                    found = e.data().contains(appId) && e.data().contains("application.created");
                }
            }
            assertThat(found).as("application.created for %s on B; got %s", appId, seen).isTrue();
        }
    }

    @Test
    @Order(5)
    void theSchedulerRecordsEachNotificationOnceAcrossTheCluster() throws Exception {
        JsonNode app = a.createApp(unique("expiring-app"));
        String appId = app.path("id").asText();
        expect(a.patch("/api/v1/applications/" + appId,
                a.obj("secretPolicy", a.obj("mode", "CUSTOM", "expiresAfter", "P3D"))), 200);
        String secretId = a.createSecret(appId, "soon").path("id").asText();

        // All three nodes run a pass at the same moment, twice: one notification (the P5D threshold).
        runEverywhere(GatewayServer::runSchedulerNow);
        runEverywhere(GatewayServer::runSchedulerNow);
        assertThat(notificationsFor(secretId)).hasSize(1);

        // The timer's pass: a node skips it when any node ran one less than an interval ago.
        assertThat(b.server().runScheduledPass()).isEqualTo(-1);
        assertThat(c.server().runScheduledPass()).isEqualTo(-1);

        // One interval (1 day) later the P1D threshold is crossed: of three simultaneous timer passes at most
        // one runs, and the notification exists once.
        clock.advance(Duration.ofDays(2));
        List<Integer> results = runEverywhere(GatewayServer::runScheduledPass);
        assertThat(results.stream().filter(r -> r >= 0).count()).as("passes that ran: %s", results).isLessThanOrEqualTo(1);
        a.server().runSchedulerNow(); // whichever node ran (or a timer did): nothing is left to record
        List<JsonNode> all = notificationsFor(secretId);
        assertThat(all).as("P5D then P1D, once each: %s", all).hasSize(2);
        assertThat(all.stream().map(n -> n.path("id").asText()).distinct().count()).isEqualTo(2);
        clock.advance(Duration.ofDays(-2));
    }

    private static List<Integer> runEverywhere(java.util.function.ToIntFunction<GatewayServer> pass) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (GatewayFixture node : List.of(a, b, c)) {
                futures.add(pool.submit(() -> pass.applyAsInt(node.server())));
            }
            List<Integer> out = new ArrayList<>();
            for (Future<Integer> f : futures) {
                out.add(f.get(60, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<JsonNode> notificationsFor(String secretId) {
        List<JsonNode> out = new ArrayList<>();
        for (GatewayFixture node : List.of(a, b, c)) {
            List<JsonNode> here = new ArrayList<>();
            expect(node.get("/api/v1/notifications?limit=1000"), 200).json().path("items").forEach(n -> {
                if (secretId.equals(n.path("secretId").asText())) {
                    here.add(n);
                }
            });
            if (node == a) {
                out = here;
            } else {
                assertThat(here).as("every node lists the same notifications").isEqualTo(out);
            }
        }
        return out;
    }

    @Test
    @Order(6)
    void aSigningKeyRotatedOnAIsUsedAndPublishedByB() throws Exception {
        JsonNode app = a.createAppWithSecret(unique("rotate-key"), "main");
        String clientId = app.path("clientId").asText();
        String secret = app.path("issuedSecret").path("secret").asText();
        String before = kidOf(expect(b.token(clientId, secret), 200).json().path("access_token").asText());

        assertThat(a.server().rotateSigningKey(Duration.ZERO)).isTrue();
        String after = kidOf(expect(a.token(clientId, secret), 200).json().path("access_token").asText());
        assertThat(after).isNotEqualTo(before);
        String kidOnB = before;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!kidOnB.equals(after) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            kidOnB = kidOf(expect(b.token(clientId, secret), 200).json().path("access_token").asText());
        }
        assertThat(kidOnB).as("B signs with the new key after A's rotation").isEqualTo(after);
        String jwksOnC = expect(c.call("GET", "/.well-known/jwks.json").noAuth().send(), 200).body();
        assertThat(jwksOnC).as("tokens signed with the previous key still verify").contains(before).contains(after);
    }

    @Test
    @Order(7)
    void aNodeKilledDuringWritesLosesNothingAndARestartedNodeCatchesUp() throws Exception {
        Path dRoot = root.resolve("d");
        Process d = startNodeProcess(dRoot.resolve("data"));
        try {
            URI dBase = awaitListening(d, dRoot.resolve("node.log"));
            Set<String> confirmed = ConcurrentHashMap.newKeySet();
            AtomicInteger created = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                futures.add(writers.submit((Callable<Void>) () -> {
                    while (!stop.get()) {
                        String name = unique("killed-" + Thread.currentThread().threadId());
                        String key = GatewayFixture.randomToken(16);
                        Resp r;
                        try {
                            r = sendTo(dBase, a.call("POST", "/api/v1/applications").json(a.obj("name", name))
                                    .idempotencyKey(key).build());
                        } catch (UncheckedIOException e) {
                            // D died mid-request: the client retries through another node with the same key.
                            r = a.call("POST", "/api/v1/applications").json(a.obj("name", name))
                                    .idempotencyKey(key).send();
                        }
                        if (r.status() == 201) {
                            confirmed.add(name);
                            created.incrementAndGet();
                        } else if (r.status() >= 500 || r.status() == 503) {
                            r = a.call("POST", "/api/v1/applications").json(a.obj("name", name))
                                    .idempotencyKey(key).send();
                            expect(r, 201);
                            confirmed.add(name);
                        } else {
                            throw new AssertionError("Unexpected " + r.status() + ": " + r.body());
                        }
                    }
                    return null;
                }));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (created.get() < 40 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            d.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, connections cut mid-transaction
            d.waitFor(30, TimeUnit.SECONDS);
            Thread.sleep(300);
            stop.set(true);
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            writers.shutdown();
            assertThat(created.get()).as("writes went through D before it was killed").isGreaterThanOrEqualTo(1);

            Set<String> onA = names(a);
            assertThat(onA).as("every confirmed create survives the kill").containsAll(confirmed);
            // A node restarted on D's data dir catches up from the database.
            copyAdminKey(dRoot.resolve("data"));
            try (GatewayFixture restarted = GatewayFixture.start(dRoot, clock,
                    cfg -> TestDatabases.clustered(cfg, root, dbUrl))) {
                assertThat(restarted.server().caCertificate()).isEqualTo(a.server().caCertificate());
                assertThat(names(restarted)).containsAll(confirmed).isEqualTo(names(a));
            }
        } finally {
            d.destroyForcibly();
        }
    }

    @Test
    @Order(8)
    void aNodeGivenAnotherClusterKeyRefusesToStart() throws IOException {
        Path other = root.resolve("other-key");
        Files.createDirectories(other);
        Path wrongKey = Files.writeString(other.resolve("cluster.key"),
                org.secretdesk.server.cluster.ClusterKey.newKeyFileContent());
        GatewayConfig config = TestDatabases.clustered(GatewayConfig.defaults(other.resolve("data")).withPort(0),
                root, dbUrl).withClusterKeyFile(wrongKey);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GatewayServer.start(config, clock).close())
                .hasMessageContaining("cluster key is not the one the cluster was created with");
    }

    @Test
    @Order(9)
    void aCaRotatedOnAIsServedByEveryNode() throws Exception {
        var before = a.server().caCertificate();
        expect(a.post("/api/v1/ca/rotate", a.obj("force", true)), 200);
        var rotated = a.server().caCertificate();
        assertThat(rotated).isNotEqualTo(before);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while ((!b.server().caCertificate().equals(rotated) || !c.server().caCertificate().equals(rotated))
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(b.server().caCertificate()).isEqualTo(rotated);
        assertThat(c.server().caCertificate()).isEqualTo(rotated);
        for (GatewayFixture node : List.of(a, b, c)) {
            node.retrust(); // a client that trusts only the new CA
            expect(node.get("/api/v1/ca/info"), 200);
            assertThat(expect(node.call("GET", "/api/v1/ca").noAuth().send(), 200).body())
                    .isEqualTo(expect(a.call("GET", "/api/v1/ca").noAuth().send(), 200).body());
        }
    }

    @Test
    @Order(10)
    void tokensFromEveryNodeCarryTheSamePublicIssuer() throws Exception {
        JsonNode app = a.createAppWithSecret(unique("issuer"), "main");
        String clientId = app.path("clientId").asText();
        String secret = app.path("issuedSecret").path("secret").asText();
        for (GatewayFixture node : List.of(a, b, c)) {
            String jwt = expect(node.token(clientId, secret), 200).json().path("access_token").asText();
            assertThat(payloadOf(jwt).path("iss").asText()).as("iss of a token from node %s", node.server().nodeId())
                    .isEqualTo(PUBLIC_URL);
            JsonNode doc = expect(node.call("GET", "/api/v1/openapi.json").noAuth().send(), 200).json();
            assertThat(doc.path("servers").get(0).path("url").asText()).isEqualTo(PUBLIC_URL);
        }
        // The nodes listen on different ports; only the configured URL makes their issuers equal.
        assertThat(Set.of(a.server().port(), b.server().port(), c.server().port())).hasSize(3);
    }

    /** A secret renewed on node A: its ids and both values. */
    private record Renewed(String appId, String secretId, String clientId, String oldValue, String newValue) {
    }

    private static Renewed renewedOnA(String name, Object renewBody) {
        JsonNode app = a.createAppWithSecret(unique(name), "main");
        JsonNode first = app.path("issuedSecret");
        JsonNode renewed = expect(a.renew(app.path("id").asText(), first.path("id").asText(), renewBody), 200)
                .json();
        return new Renewed(app.path("id").asText(), first.path("id").asText(), app.path("clientId").asText(),
                first.path("secret").asText(), renewed.path("secret").asText());
    }

    @Test
    @Order(11)
    void usageRecordedOnOneNodeIsSeenFromAnother() {
        Renewed r = renewedOnA("usage", a.obj("gracePeriod", "PT1H"));
        expect(b.token(r.clientId(), r.oldValue()), 200);
        expect(c.token(r.clientId(), r.newValue()), 200);
        expect(c.token(r.clientId(), r.newValue()), 200);
        b.server().flushLastUse();
        c.server().flushLastUse();
        JsonNode seenOnA = a.secretById(r.appId(), r.secretId());
        assertThat(seenOnA.path("usage").path("uses24h").asLong()).as("new value, used on C").isEqualTo(2);
        assertThat(seenOnA.path("usage").path("lastUsedFrom").asText()).isEqualTo("127.0.0.1");
        assertThat(seenOnA.path("previous").path("uses24h").asLong()).as("old value, used on B").isEqualTo(1);
        assertThat(seenOnA.path("previous").path("lastUsedAt").isTextual()).isTrue();
    }

    @Test
    @Order(12)
    void retireWhenQuietActsOnceAcrossTheCluster() throws Exception {
        Renewed r = renewedOnA("retire", a.obj("gracePeriod", "P1D", "retireAfterQuiet", "PT1H"));
        expect(b.token(r.clientId(), r.newValue()), 200);
        b.server().flushLastUse();
        clock.advance(Duration.ofHours(2));
        // Every node runs the pass at once (their timers run it too): the grace is ended, and audited, once.
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<Future<Integer>> passes = new ArrayList<>();
            for (GatewayFixture node : List.of(a, b, c)) {
                passes.add(pool.submit(() -> {
                    go.await();
                    return node.server().retireQuietNow();
                }));
            }
            go.countDown();
            for (Future<Integer> f : passes) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (GatewayFixture node : List.of(a, b, c)) {
            assertThat(node.secretById(r.appId(), r.secretId()).path("previous").isNull()).isTrue();
            assertThat(node.token(r.clientId(), r.oldValue()).status()).isEqualTo(401);
        }
        List<String> ends = new ArrayList<>();
        expect(c.get("/api/v1/audit?applicationId=" + r.appId()), 200).json().path("items").forEach(e -> {
            if (e.path("action").asText().equals("secret.end-grace")) {
                ends.add(e.path("actor").asText());
            }
        });
        assertThat(ends).containsExactly("gateway");
    }

    /** {@code request} (built for node A) sent to the node at {@code base} instead. */
    private static Resp sendTo(URI base, java.net.http.HttpRequest request) {
        var toD = java.net.http.HttpRequest.newBuilder(request, (n, v) -> true)
                .uri(base.resolve(request.uri().getRawPath())).build();
        try {
            return new Resp(a.client().send(toD, java.net.http.HttpResponse.BodyHandlers.ofString()), a.mapper());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> names(GatewayFixture node) {
        Set<String> out = new HashSet<>();
        for (JsonNode page : node.pages("/api/v1/applications", 1000)) {
            page.path("items").forEach(i -> out.add(i.path("name").asText()));
        }
        return out;
    }

    /** {@code secretdesk gateway} in its own JVM on the shared database, so that it can really be killed. */
    private static Process startNodeProcess(Path dataDir) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "org.secretdesk.cli.Main", "gateway", "--data-dir", dataDir.toString(), "--port", "0",
                "--db-url", dbUrl, "--db-user", PostgresServer.get().user(),
                "--cluster-key-file", TestDatabases.clusterKeyFile(root).toString(), "--public-url", PUBLIC_URL);
        Files.createDirectories(dataDir.getParent());
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Reads the node's output until "Listening on URL", copying it to {@code log}. */
    private static URI awaitListening(Process p, Path log) throws Exception {
        ExecutorService reader = Executors.newSingleThreadExecutor();
        Future<URI> url = reader.submit(() -> {
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            URI found = null;
            while ((line = in.readLine()) != null) {
                Files.writeString(log, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
                if (found == null && line.startsWith("Listening on ")) {
                    return URI.create(line.substring("Listening on ".length()).strip());
                }
            }
            throw new IllegalStateException("The node process ended before listening; see " + log);
        });
        try {
            return url.get(120, TimeUnit.SECONDS);
        } finally {
            // Keep draining the output so the process never blocks on a full pipe.
            Thread drain = new Thread(() -> {
                try {
                    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // the process was killed
                }
            });
            drain.setDaemon(true);
            drain.start();
            reader.shutdown();
        }
    }

    private static JsonNode payloadOf(String jwt) throws IOException {
        String[] parts = jwt.split("\\.");
        assertThat(parts).as("JWT parts").hasSize(3);
        return a.mapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    private static String kidOf(String jwt) throws IOException {
        String header = new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))),
                StandardCharsets.UTF_8);
        return a.mapper().readTree(header).path("kid").asText();
    }
}
