package org.secretdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.MutableClock;
import org.secretdesk.server.testing.PostgresServer;
import org.secretdesk.server.testing.Resp;
import org.secretdesk.server.testing.TestDatabases;

/**
 * Issue 20: PostgreSQL itself killed with SIGKILL (postmaster and every backend) under load, with fsync,
 * synchronous commit and full-page writes on as in production; the gateway keeps running and PostgreSQL is started
 * again (crash recovery from its WAL). No acknowledged write may be lost: every create and delete the gateway
 * answered 2xx must hold afterwards, every answer lost in a crash is resolved by retrying with its
 * Idempotency-Key (a create) or again (a delete), and then each application holds exactly the acknowledged
 * secrets, each of which authenticates. The kills come after counts of acknowledged writes, not after a time.
 */
class PostgresCrashTest {

    private static final int WORKERS = 4;
    private static final int WRITES_BETWEEN_KILLS = 30;
    private static final int MAX_LIVE = 8;

    /** One operator's application and what the gateway acknowledged, or left unanswered, for it. */
    private static final class Worker {
        final String appId;
        final String clientId;
        /** Acknowledged live secrets: id → value, in creation order. */
        final Map<String, String> live = new LinkedHashMap<>();
        /** Creates whose answer was lost: Idempotency-Key → description. */
        final Map<String, String> unansweredCreates = new LinkedHashMap<>();
        /** Deletes whose answer was lost. */
        final Set<String> unansweredDeletes = new HashSet<>();
        int created;

        Worker(String appId, String clientId) {
            this.appId = appId;
            this.clientId = clientId;
        }

        String secrets() {
            return "/api/v1/applications/" + appId + "/secrets";
        }
    }

    @Test
    void noAcknowledgedWriteIsLostWhenPostgresIsKilledUnderLoad(@TempDir Path root) throws Exception {
        assumeThat(PostgresServer.installed()).as("PostgreSQL's server binaries (/usr/lib/postgresql/*/bin)").isTrue();
        int rounds = Soak.count("reliability.pgCrashRounds", 3, 15);
        PostgresServer pg = PostgresServer.startDurable();
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger lostAnswers = new AtomicInteger();
        try (GatewayFixture gw = GatewayFixture.start(root, MutableClock.startingNow(), c -> c
                .withDatabase(pg.newDatabase("crash"), pg.user(), null)
                .withClusterKeyFile(TestDatabases.clusterKeyFile(root)))) {
            List<Worker> workers = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                JsonNode app = gw.createApp(GatewayFixture.unique("pg-crash"));
                workers.add(new Worker(app.path("id").asText(), app.path("clientId").asText()));
            }
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            for (Worker w : workers) {
                threads.add(Thread.ofVirtual().start(() -> {
                    while (!stop.get()) {
                        if (step(gw, w)) {
                            acknowledged.incrementAndGet();
                        } else {
                            lostAnswers.incrementAndGet();
                        }
                    }
                }));
            }
            for (int round = 1; round <= rounds; round++) {
                awaitAtLeast(acknowledged, round * WRITES_BETWEEN_KILLS);
                pg.kill9();
                pg.start();
            }
            // The gateway goes on acknowledging writes after the last crash.
            awaitAtLeast(acknowledged, (rounds + 1) * WRITES_BETWEEN_KILLS);
            stop.set(true);
            for (Thread t : threads) {
                assertThat(t.join(java.time.Duration.ofMinutes(2))).as("worker stopped").isTrue();
            }
            for (Worker w : workers) {
                resolveLostAnswers(gw, w);
                check(gw, w);
            }
            ReliabilityFiles.report("postgres-crash", "kills=" + rounds + " acknowledged=" + acknowledged.get()
                    + " lostAnswersRetried=" + lostAnswers.get());
        } finally {
            pg.stop();
        }
    }

    /**
     * One write; true when the gateway acknowledged it, false when its answer was lost. A write whose answer was
     * lost is retried first (a create with its Idempotency-Key), so what is unresolved stays small.
     */
    private static boolean step(GatewayFixture gw, Worker w) {
        synchronized (w) {
            if (!w.unansweredDeletes.isEmpty()) {
                String id = w.unansweredDeletes.iterator().next();
                Integer status = delete(gw, w, id);
                if (status != null && (status == 204 || status == 404)) {
                    w.unansweredDeletes.remove(id);
                    return true;
                }
                return false;
            }
            if (!w.unansweredCreates.isEmpty()) {
                Map.Entry<String, String> e = w.unansweredCreates.entrySet().iterator().next();
                if (create(gw, w, e.getKey(), e.getValue())) {
                    w.unansweredCreates.remove(e.getKey());
                    return true;
                }
                return false;
            }
            if (w.live.size() < MAX_LIVE) {
                String key = GatewayFixture.randomToken(16);
                String description = "s" + w.created++;
                if (create(gw, w, key, description)) {
                    return true;
                }
                w.unansweredCreates.put(key, description);
                return false;
            }
            String oldest = w.live.keySet().iterator().next();
            w.live.remove(oldest);
            Integer status = delete(gw, w, oldest);
            if (status != null && status == 204) {
                return true;
            }
            w.unansweredDeletes.add(oldest);
            return false;
        }
    }

    /** A create (or its retry with the same key); true when acknowledged, the secret then counted as live. */
    private static boolean create(GatewayFixture gw, Worker w, String key, String description) {
        try {
            Resp r = gw.call("POST", w.secrets()).idempotencyKey(key).json(gw.obj("description", description)).send();
            if (r.status() == 201) {
                String value = r.json().path("secret").asText();
                gw.recordSensitive(value);
                w.live.put(r.json().path("id").asText(), value);
                return true;
            }
            assertThat(r.status()).as("create %s: %s", description, r).isGreaterThanOrEqualTo(500);
        } catch (java.io.UncheckedIOException lost) {
            // the connection broke with PostgreSQL's death: the answer is lost
        }
        return false;
    }

    /** A delete's status, or null when its answer was lost. */
    private static Integer delete(GatewayFixture gw, Worker w, String id) {
        try {
            Resp r = gw.delete(w.secrets() + "/" + id);
            if (r.status() != 204 && r.status() != 404) {
                assertThat(r.status()).as("delete: %s", r).isGreaterThanOrEqualTo(500);
            }
            return r.status();
        } catch (java.io.UncheckedIOException lost) {
            return null;
        }
    }

    /** After the load: every write whose answer was lost is retried until answered. */
    private static void resolveLostAnswers(GatewayFixture gw, Worker w) {
        for (String id : w.unansweredDeletes) {
            assertThat(delete(gw, w, id)).as("retried delete of %s", id).isIn(204, 404);
        }
        w.unansweredDeletes.clear();
        for (Map.Entry<String, String> e : w.unansweredCreates.entrySet()) {
            assertThat(create(gw, w, e.getKey(), e.getValue())).as("retried create %s", e.getValue()).isTrue();
        }
        w.unansweredCreates.clear();
    }

    private static void check(GatewayFixture gw, Worker w) {
        Set<String> stored = new HashSet<>();
        gw.secretsOf(w.appId).forEach(s -> stored.add(s.path("id").asText()));
        assertThat(stored).as("%s: the acknowledged secrets and no other", w.appId).isEqualTo(w.live.keySet());
        Map<String, Integer> tokens = new HashMap<>();
        w.live.forEach((id, value) -> tokens.put(id, gw.token(w.clientId, value).status()));
        assertThat(tokens.values()).as("each acknowledged value authenticates: %s", tokens).containsOnly(200);
    }

    /** Waits until {@code counter} reaches {@code n}; a guard of 5 minutes stops a gateway that made no progress. */
    private static void awaitAtLeast(AtomicInteger counter, int n) throws InterruptedException {
        long guard = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        synchronized (counter) {
            while (counter.get() < n) {
                assertThat(System.nanoTime()).as("%d acknowledged writes, waiting for %d", counter.get(), n)
                        .isLessThan(guard);
                counter.wait(50);
            }
        }
    }
}
