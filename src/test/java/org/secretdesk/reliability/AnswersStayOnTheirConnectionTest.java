package org.secretdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secretdesk.server.testing.GatewayFixture;

/**
 * One client's bytes never become another connection's request, and an answer never reaches another client.
 *
 * <p>Found by HostileRequestsTest on Jetty 12.1 with pooled buffers: after a request Jetty cannot parse (here
 * headers over its limit, answered 431), a second thread resumed reading the closing connection into a request
 * buffer the first had already returned to the pool, and the next connection was handed that buffer with the
 * first client's bytes in it: it answered 400 to a request it never read, or the first client's request on the
 * second client's connection. For a secrets gateway that is a leak across clients. This test alternates such a
 * request with an ordinary authenticated read on a new connection and checks every read gets its own answer.
 */
class AnswersStayOnTheirConnectionTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Path root;
    private static GatewayFixture gw;

    @BeforeAll
    static void start() throws IOException {
        root = Files.createTempDirectory("answers-stay");
        gw = GatewayFixture.start(root);
    }

    @AfterAll
    static void stop() {
        gw.close();
        ReliabilityFiles.deleteTree(root);
    }

    @Test
    void aRefusedOversizedRequestNeverLeaksIntoTheNextConnection() throws IOException {
        int rounds = Soak.count("answersStay.rounds", 1_500, 20_000);
        JsonNode app = gw.createApp(GatewayFixture.unique("own-answer"));
        String id = app.path("id").asText();
        String host = "Host: localhost:" + gw.server().port() + "\r\n";
        byte[] read = ("GET /api/v1/applications/" + id + " HTTP/1.1\r\n" + host
                + "Authorization: Bearer " + gw.adminKey() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        java.util.Random random = new java.util.Random(rounds);
        int refused = 0;
        for (int i = 0; i < rounds; i++) {
            // Over Jetty's 8 KiB header limit and often over one 16 KiB TLS record, so bytes remain after the
            // refusal; sent on a connection that already answered, as a client that reuses connections does.
            byte[] oversized = ("GET /api/v1/applications/" + id + " HTTP/1.1\r\n" + host + "X-Padding: "
                    + "p".repeat(9_000 + random.nextInt(32_000)) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            try (RawHttps a = client()) {
                ownAnswer(a, read, id, "round " + i + ", the read before the oversized request");
                try {
                    refused += a.exchange(oversized, false).status() == 431 ? 1 : 0;
                } catch (IOException e) {
                    // TCP may reset the refused request's connection before its 431 is read: TCP, not the gateway
                }
            }
            try (RawHttps b = client()) {
                ownAnswer(b, read, id, "round " + i + ", the read on the next connection");
            }
        }
        assertThat(refused).as("oversized requests answered 431").isPositive();
        ReliabilityFiles.report("answers-stay", "rounds=" + rounds + " refused431=" + refused);
    }

    private static void ownAnswer(RawHttps client, byte[] read, String id, String what) {
        RawHttps.Response r;
        try {
            r = client.exchange(read, false);
        } catch (IOException e) {
            throw new AssertionError(what + ": no answer (" + e + ")", e);
        }
        assertThat(r.status()).as("%s: %s", what, r.bodyText()).isEqualTo(200);
        try {
            assertThat(MAPPER.readTree(r.body()).path("id").asText()).as(what).isEqualTo(id);
        } catch (IOException e) {
            throw new AssertionError(what + ": not JSON: " + r.bodyText(), e);
        }
    }

    private static RawHttps client() {
        return new RawHttps("localhost", gw.server().port(), () -> gw.server().caCertificate(), 2_500);
    }
}
