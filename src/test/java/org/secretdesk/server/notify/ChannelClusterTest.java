package org.secretdesk.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.secretdesk.server.notify.ChannelTesting.WAIT;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
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
import org.secretdesk.server.testing.ReceiverTls;
import org.secretdesk.server.testing.TestDatabases;
import org.secretdesk.server.testing.WebhookReceiver;

/**
 * Three nodes on one PostgreSQL database: events caused on any node are delivered to a channel once each, however
 * many nodes deliver at the same time; a node that dies in the middle of a delivery loses nothing (its lease runs
 * out and another node delivers, with the same event id). Runs in the PostgreSQL execution only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChannelClusterTest {

    @TempDir
    static Path root;
    static String dbUrl;
    static MutableClock clock;
    static final List<GatewayFixture> nodes = new ArrayList<>();
    static ReceiverTls tls;
    static WebhookReceiver receiver;
    static String channel;
    static final String KEY = "cluster-signing-key-" + GatewayFixture.randomToken(12);

    @BeforeAll
    static void startCluster() {
        assumeTrue(PostgresServer.requested(), "cluster tests run with -Dsecretdesk.test.db=postgres");
        dbUrl = PostgresServer.get().newDatabase("ChannelClusterTest");
        clock = MutableClock.startingNow();
        for (String name : List.of("a", "b", "c")) {
            Path nodeRoot = root.resolve(name);
            if (!nodes.isEmpty()) {
                try {
                    Files.createDirectories(nodeRoot.resolve("data"));
                    Files.copy(nodes.getFirst().server().adminKeyFile(), nodeRoot.resolve("data").resolve("admin.key"),
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            nodes.add(GatewayFixture.start(nodeRoot, clock, cfg -> TestDatabases.clustered(cfg, root, dbUrl)
                    .withPublicUrl("https://gateway.example.com")));
        }
        tls = ReceiverTls.create();
        receiver = new WebhookReceiver(tls, KEY);
        channel = expect(nodes.get(1).post("/api/v1/channels", nodes.get(1).obj("name", "Cluster hook",
                "kind", "WEBHOOK", "credential", KEY, "events", List.of("SECRET_EXPIRING", "SECRET_RENEWED",
                        "SECRET_DELETED", "AUDIT"),
                "settings", nodes.get(1).obj("url", receiver.url(), "caCertificate", tls.caPem()))), 201).json()
                .path("id").asText();
    }

    @AfterAll
    static void stopCluster() {
        if (receiver != null) {
            receiver.close();
        }
        nodes.reversed().forEach(GatewayFixture::close);
    }

    private static GatewayFixture node(int i) {
        return nodes.get(i);
    }

    /** Every node delivers at once, again and again, until nothing is due; returns the channel's deliveries. */
    private static JsonNode deliverEverywhere(List<GatewayFixture> live) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(live.size());
        try {
            long end = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < end) {
                List<Future<Integer>> runs = new ArrayList<>();
                for (GatewayFixture n : live) {
                    runs.add(pool.submit(() -> n.server().deliverNotificationsNow()));
                }
                for (Future<Integer> f : runs) {
                    f.get();
                }
                JsonNode items = expect(live.getFirst().get("/api/v1/channels/" + channel + "/deliveries?limit=200"),
                        200).json().path("items");
                boolean pending = false;
                for (JsonNode d : items) {
                    pending |= !d.path("state").asText().equals("DELIVERED");
                }
                if (!pending) {
                    return items;
                }
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // poll interval
            }
            throw new AssertionError("Deliveries still pending after " + WAIT);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(1)
    void eachEventReachesTheChannelOnceWhateverNodeCausedOrDeliversIt() throws Exception {
        expect(node(0).put("/api/v1/settings/secret-policy", node(0).obj("expiryEnabled", true, "expiresAfter",
                "P90D", "notifyBefore", List.of("P7D"))), 200);
        List<JsonNode> apps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            apps.add(expect(node(i).post("/api/v1/applications", node(i).obj("name", unique("clustered"),
                    "initialSecret", node(i).obj("description", "main", "expiresAfter", "P5D"))), 201).json());
        }
        for (int i = 0; i < 3; i++) {
            String appId = apps.get(i).path("id").asText();
            JsonNode rotated = node(i).createSecret(appId, "rotated");
            expect(node((i + 1) % 3).renew(appId, rotated.path("id").asText(), null), 200);
        }
        expect(node(2).delete("/api/v1/applications/" + apps.getFirst().path("id").asText() + "/secrets/"
                + apps.getFirst().path("issuedSecret").path("id").asText()), 204);
        // The scheduler on every node at once: one pass records the warnings, each queued once.
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> passes = new ArrayList<>();
            for (GatewayFixture n : nodes) {
                passes.add(pool.submit(() -> n.server().runSchedulerNow()));
            }
            for (Future<Integer> f : passes) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        JsonNode deliveries = deliverEverywhere(nodes);
        Set<String> delivered = new HashSet<>();
        Map<String, Integer> types = new HashMap<>();
        for (JsonNode d : deliveries) {
            assertThat(delivered.add(d.path("eventId").asText())).as("one delivery row per event").isTrue();
            assertThat(d.path("attempts").asInt()).isEqualTo(1);
            types.merge(d.path("eventType").asText(), 1, Integer::sum);
        }
        assertThat(types).containsEntry("SECRET_RENEWED", 3).containsEntry("SECRET_DELETED", 1)
                .containsKey("AUDIT");
        assertThat(types.getOrDefault("SECRET_EXPIRING", 0)).isEqualTo(2); // the deleted secret is not warned of
        Map<String, Integer> received = new HashMap<>();
        for (WebhookReceiver.Received r : receiver.received()) {
            assertThat(r.signatureValid()).isTrue();
            received.merge(r.eventId(), 1, Integer::sum);
        }
        assertThat(received.keySet()).isEqualTo(delivered);
        assertThat(received.values()).as("each event received once").allMatch(n -> n == 1);
    }

    @Test
    @Order(2)
    void aNodeThatDiesMidDeliveryLosesNothing() throws Exception {
        expect(node(2).patch("/api/v1/channels/" + channel, node(2).obj("events", List.of("SECRET_RENEWED"))), 200);
        receiver.holdRequests();
        JsonNode app = node(0).createAppWithSecret(unique("dying"), "main");
        expect(node(0).renew(app.path("id").asText(), app.path("issuedSecret").path("id").asText(), null), 200);
        receiver.awaitHeld(1, WAIT);
        String[] claim = leasedRow();
        GatewayFixture dying = nodes.stream().filter(n -> n.server().nodeId().equals(claim[1])).findFirst()
                .orElseThrow();
        dying.close(); // mid-delivery: it records nothing, its lease stands
        receiver.release();
        List<GatewayFixture> live = nodes.stream().filter(n -> n != dying).toList();
        assertThat(stateOf(claim[0])).isEqualTo("PENDING");

        clock.advance(ChannelDispatcher.LEASE.plusSeconds(1));
        deliverEverywhere(live);
        assertThat(stateOf(claim[0])).isEqualTo("DELIVERED");
        String eventId = eventIdOf(claim[0]);
        List<WebhookReceiver.Received> got = receiver.received().stream().filter(r -> eventId.equals(r.eventId()))
                .toList();
        assertThat(got).extracting(WebhookReceiver.Received::status).contains(204);
        assertThat(got).allMatch(WebhookReceiver.Received::signatureValid);
    }

    /** The outbox row under a lease now: {id, lease owner}. */
    private static String[] leasedRow() throws Exception {
        try (Connection c = DriverManager.getConnection(dbUrl, PostgresServer.get().user(), "");
             PreparedStatement ps = c.prepareStatement("SELECT id, lease_owner FROM channel_outbox "
                     + "WHERE state = 'PENDING' AND lease_owner IS NOT NULL")) {
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a claimed delivery").isTrue();
                return new String[] {rs.getString(1), rs.getString(2)};
            }
        }
    }

    private static String stateOf(String id) throws Exception {
        return column(id, "state");
    }

    private static String eventIdOf(String id) throws Exception {
        return column(id, "event_id");
    }

    private static String column(String id, String column) throws Exception {
        try (Connection c = DriverManager.getConnection(dbUrl, PostgresServer.get().user(), "");
             PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM channel_outbox WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }
}
