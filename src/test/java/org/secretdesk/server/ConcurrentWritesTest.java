package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.testing.GatewayFixture.unique;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.GatewayPerClass;
import org.secretdesk.server.testing.Resp;

/**
 * The rules hold when requests race: the limit, unique names and descriptions, and If-Match are enforced per
 * transaction, and a race never ends in a server error.
 */
class ConcurrentWritesTest {

    private static final int PARALLEL = 24;
    /** Races are won by timing: several rounds make a lost race likely to show. */
    private static final int ROUNDS = 20;

    static GatewayFixture gw;
    @RegisterExtension
    static final GatewayPerClass GATEWAY = new GatewayPerClass(started -> gw = started);

    /** Runs {@code n} calls released at the same moment; returns their responses. */
    private static List<Resp> race(int n, java.util.function.IntFunction<Resp> call) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Resp>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<Resp> task = () -> {
                    go.await();
                    return call.apply(index);
                };
                futures.add(pool.submit(task));
            }
            go.countDown();
        }
        List<Resp> out = new ArrayList<>();
        for (Future<Resp> f : futures) {
            out.add(f.get());
        }
        return out;
    }

    private static long count(List<Resp> rs, int status) {
        return rs.stream().filter(r -> r.status() == status).count();
    }

    @Test
    void theLimitHoldsUnderConcurrentCreates() throws Exception {
        String appId = gw.createApp(unique("race-limit")).path("id").asText();
        List<Resp> rs = race(PARALLEL, i -> gw.post("/api/v1/applications/" + appId + "/secrets",
                gw.obj("description", "racer " + i)));
        assertThat(rs).allSatisfy(r -> assertThat(r.status()).as("%s", r).isIn(201, 409));
        assertThat(count(rs, 201)).isEqualTo(10);
        rs.stream().filter(r -> r.status() == 409)
                .forEach(r -> assertThat(r.json().path("code").asText()).isEqualTo("secret.limit_reached"));
        assertThat(gw.secretsOf(appId)).hasSize(10);
    }

    @Test
    void oneWinnerForTheSameName() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            raceOneName();
        }
    }

    private static void raceOneName() throws Exception {
        String name = unique("race-name");
        List<Resp> apps = race(PARALLEL, i -> gw.post("/api/v1/applications", gw.obj("name", name)));
        assertThat(apps).allSatisfy(r -> assertThat(r.status()).as("racing creates of one name: %s", r).isIn(201, 409));
        assertThat(count(apps, 201)).isEqualTo(1);
        apps.stream().filter(r -> r.status() == 409)
                .forEach(r -> assertThat(r.json().path("code").asText()).isEqualTo("application.duplicate_name"));
    }

    @Test
    void oneWinnerForTheSameDescription() throws Exception {
        for (int round = 0; round < ROUNDS / 4; round++) {
            raceOneDescription();
        }
    }

    private static void raceOneDescription() throws Exception {
        String appId = gw.createApp(unique("race-description")).path("id").asText();
        List<Resp> secrets = race(PARALLEL, i -> gw.post("/api/v1/applications/" + appId + "/secrets",
                gw.obj("description", "same")));
        assertThat(secrets).allSatisfy(r -> assertThat(r.status()).as("racing creates of one description: %s", r)
                .isIn(201, 409));
        assertThat(count(secrets, 201)).isEqualTo(1);
        assertThat(gw.secretsOf(appId)).hasSize(1);
    }

    @Test
    void racingRetriesWithOneIdempotencyKeyIssueOneSecret() throws Exception {
        for (int round = 0; round < ROUNDS / 4; round++) {
            String appId = gw.createApp(unique("race-idem")).path("id").asText();
            String key = GatewayFixture.randomToken(16);
            List<Resp> rs = race(8, i -> gw.call("POST", "/api/v1/applications/" + appId + "/secrets")
                    .idempotencyKey(key).json(gw.obj("description", "once")).send());
            // Each retry either gets the one result or is told to retry later; never a second secret or a 5xx.
            assertThat(rs).allSatisfy(r -> assertThat(r.status()).as("racing retries: %s", r).isIn(201, 409, 429));
            assertThat(rs.stream().filter(r -> r.status() == 201).map(r -> r.json().path("secret").asText())
                    .distinct().count()).as("distinct secrets handed out").isEqualTo(1);
            assertThat(gw.secretsOf(appId)).hasSize(1);
        }
    }

    @Test
    void oneWinnerForTheSameIfMatchOnPatch() throws Exception {
        String appId = gw.createApp(unique("race-patch")).path("id").asText();
        List<Resp> rs = race(PARALLEL, i -> gw.call("PATCH", "/api/v1/applications/" + appId).ifMatch(1)
                .json(gw.obj("description", "writer " + i)).send());
        assertThat(rs).allSatisfy(r -> assertThat(r.status()).as("%s", r).isIn(200, 412));
        assertThat(count(rs, 200)).isEqualTo(1);
        assertThat(gw.get("/api/v1/applications/" + appId).json().path("version").asLong()).isEqualTo(2);
    }

    @Test
    void oneWinnerForTheSameIfMatch() throws Exception {
        JsonNode app = gw.createAppWithSecret(unique("race-renew"), "main");
        String appId = app.path("id").asText();
        String secretId = app.path("issuedSecret").path("id").asText();
        List<Resp> rs = race(PARALLEL, i -> gw.call("POST", "/api/v1/applications/" + appId + "/secrets/" + secretId
                + "/renew").ifMatch(1).json(gw.obj()).send());
        assertThat(rs).allSatisfy(r -> assertThat(r.status()).as("%s", r).isIn(200, 412));
        assertThat(count(rs, 200)).isEqualTo(1);
        String winner = rs.stream().filter(r -> r.status() == 200).findFirst().orElseThrow().json().path("secret").asText();
        assertThat(gw.token(app.path("clientId").asText(), winner).status()).isEqualTo(200);
        assertThat(gw.secretById(appId, secretId).path("version").asLong()).isEqualTo(2);
    }
}
