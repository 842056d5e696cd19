package org.secretdesk.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 20: the connectors' shared transport against real-world HTTP peers. With OkHttp's retry off for every
 * request, a pooled connection the server had already closed failed the next call ("The connection to the
 * DataMiner BrokerGateway … was interrupted"), every second call against an HTTP/1.0 server.
 */
class HttpTransportRetryTest {

    private static final MediaType JSON = MediaType.get("application/json");

    private static HttpTransport transport(PlainHttpPeer peer) {
        return new HttpTransport("Test gateway", URI.create(peer.baseUrl()), null, Duration.ofSeconds(5),
                Duration.ofSeconds(10));
    }

    private static Request get(HttpTransport t) {
        return new Request.Builder().url(t.url("items")).get().build();
    }

    private static Request post(HttpTransport t) {
        return new Request.Builder().url(t.url("items"))
                .post(RequestBody.create("{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8), JSON)).build();
    }

    @ParameterizedTest
    @EnumSource(value = PlainHttpPeer.Style.class, names = {"HTTP_1_0", "CONNECTION_CLOSE"})
    void callsAfterAnAnswerThatClosedTheConnectionSucceedAndWritesAreSentOnce(PlainHttpPeer.Style style)
            throws Exception {
        try (PlainHttpPeer peer = new PlainHttpPeer(style, 0); HttpTransport t = transport(peer)) {
            for (int i = 0; i < 6; i++) {
                assertThat(t.execute(get(t)).status()).as("GET %d", i).isEqualTo(200);
                assertThat(t.execute(post(t)).status()).as("POST %d", i).isEqualTo(200);
            }
            assertThat(peer.count("POST /items")).as("each write reached the server once").isEqualTo(6);
        }
    }

    @Test
    void aServerThatClosesIdleConnectionsEarlierThanTheClientDoesIsNoFailure() throws Exception {
        try (PlainHttpPeer peer = new PlainHttpPeer(PlainHttpPeer.Style.IDLE_CLOSE, 200);
             HttpTransport t = transport(peer)) {
            for (int i = 0; i < 3; i++) {
                assertThat(t.execute(get(t)).status()).isEqualTo(200);
                // Wait until the server has closed the kept-alive connection the client still holds in its pool.
                assertThat(peer.idleCloses.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
                assertThat(t.execute(get(t)).status()).as("a read on the closed pooled connection").isEqualTo(200);
                assertThat(peer.idleCloses.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
                assertThat(t.execute(post(t)).status()).as("a write after the close").isEqualTo(200);
            }
            assertThat(peer.count("POST /items")).isEqualTo(3);
        }
    }

    @Test
    void aReadThatGotNoAnswerIsSentAgainButAWriteThatWasSentWholeIsNot() throws Exception {
        try (PlainHttpPeer peer = new PlainHttpPeer(PlainHttpPeer.Style.IDLE_CLOSE, 10_000);
             HttpTransport t = transport(peer)) {
            peer.dropNext("GET", 1);
            assertThat(t.execute(get(t)).status()).isEqualTo(200);
            assertThat(peer.count("GET /items")).isEqualTo(2);

            peer.dropNext("POST", 1);
            assertThatThrownBy(() -> t.execute(post(t))).isInstanceOf(GatewayException.class)
                    .hasMessageContaining("Test gateway");
            assertThat(peer.count("POST /items")).as("the write may have been done: not repeated").isEqualTo(1);
        }
    }
}
