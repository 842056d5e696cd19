package org.secretdesk.client.secretdesk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.secretdesk.client.EventSubscription;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.GatewayEvent;
import org.secretdesk.model.SecretValue;

/** {@code GET /api/v1/events}: Server-Sent Events into {@link GatewayEvent}s, and how the stream ends. */
class SecretDeskEventsTest {

    static final String ADMIN_KEY = "sdk_AdminKey_Do_Not_Leak_4711";

    MockWebServer server;
    SecretDeskClient client;
    final BlockingQueue<GatewayEvent> events = new LinkedBlockingQueue<>();
    final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
        client = SecretDeskClient.builder(server.url("/").uri(), SecretValue.copyOf(ADMIN_KEY), null)
                // Shorter than the stalls below: the event stream must not inherit the read timeout.
                .readTimeout(Duration.ofMillis(300))
                .build();
    }

    /** Released at the end of each test: until then an {@link #openStream} keeps its connection open. */
    final CountDownLatch endOfTest = new CountDownLatch(1);

    @AfterEach
    void stop() {
        endOfTest.countDown();
        client.close();
        server.close();
    }

    /** An event stream that sends {@code events} and then stays open and quiet. */
    MockResponse openStream(String events) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
                .body(new MockResponseBody() {
                    @Override
                    public long getContentLength() {
                        return -1;
                    }

                    @Override
                    public void writeTo(BufferedSink sink) throws IOException {
                        sink.writeUtf8(events);
                        sink.flush();
                        try {
                            endOfTest.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }).build();
    }

    static MockResponse.Builder stream(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream").body(body);
    }

    @Test
    void deliversTypedEventsAndReportsTheEndOfTheStream() throws Exception {
        server.enqueue(stream("""
                event: secret.created
                data: {"applicationId":"app_1","secretId":"sec_1","version":1}

                event: application.deleted
                data: {"applicationId":"app_2","version":4}

                """).build());

        try (EventSubscription ignored = client.subscribe(events::add, failures::add)) {
            RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
            assertThat(r.getMethod()).isEqualTo("GET");
            assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v1/events");
            assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + ADMIN_KEY);
            assertThat(r.getHeaders().get("Accept")).contains("text/event-stream");

            assertThat(events.poll(5, TimeUnit.SECONDS))
                    .isEqualTo(new GatewayEvent("secret.created", "app_1", "sec_1", 1L));
            assertThat(events.poll(5, TimeUnit.SECONDS))
                    .isEqualTo(new GatewayEvent("application.deleted", "app_2", null, 4L));
            Throwable end = failures.poll(5, TimeUnit.SECONDS);
            assertThat(end).isInstanceOf(GatewayException.class);
            assertThat(((GatewayException) end).kind()).isEqualTo(GatewayException.Kind.OFFLINE);
            assertThat(failures).as("the end is reported once").isEmpty();
        }
    }

    @Test
    void unreadableDataStillDeliversTheType() throws Exception {
        server.enqueue(stream("event: notification\ndata: not json\n\n").build());

        try (EventSubscription ignored = client.subscribe(events::add, failures::add)) {
            assertThat(events.poll(5, TimeUnit.SECONDS))
                    .isEqualTo(new GatewayEvent("notification", null, null, null));
        }
    }

    @Test
    void aQuietStreamOutlivesTheReadTimeoutAndClosingItReportsNothing() throws Exception {
        server.enqueue(openStream("event: secret.renewed\ndata: {\"applicationId\":\"a\",\"secretId\":\"s\",\"version\":2}\n\n"));

        EventSubscription subscription = client.subscribe(events::add, failures::add);
        assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo(new GatewayEvent("secret.renewed", "a", "s", 2L));
        // Longer than the 300 ms read timeout of ordinary calls: the stream is still open.
        assertThat(failures.poll(1, TimeUnit.SECONDS)).isNull();

        subscription.close();

        assertThat(failures.poll(1, TimeUnit.SECONDS)).as("closing is not a failure").isNull();
    }

    @Test
    void anUnauthorizedSubscriptionFailsWithTheProblem() throws Exception {
        server.enqueue(new MockResponse.Builder().code(401).setHeader("Content-Type", "application/problem+json")
                .body("{\"title\":\"Invalid API key\",\"status\":401,\"detail\":\"The API key is not valid.\","
                        + "\"code\":\"auth.invalid_api_key\"}").build());

        client.subscribe(events::add, failures::add);

        Throwable failure = failures.poll(5, TimeUnit.SECONDS);
        assertThat(failure).isInstanceOf(GatewayException.class);
        GatewayException e = (GatewayException) failure;
        assertThat(e.kind()).isEqualTo(GatewayException.Kind.HTTP);
        assertThat(e.code()).isEqualTo("auth.invalid_api_key");
        assertThat(e.getMessage()).doesNotContain(ADMIN_KEY);
    }

    @Test
    void aResponseThatIsNotAnEventStreamIsAProtocolError() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{}").build());

        client.subscribe(events::add, failures::add);

        Throwable failure = failures.poll(5, TimeUnit.SECONDS);
        assertThat(failure).isInstanceOf(GatewayException.class);
        assertThat(((GatewayException) failure).kind()).isEqualTo(GatewayException.Kind.PROTOCOL);
    }

    @Test
    void closingTheClientEndsItsSubscriptionsQuietly() throws Exception {
        server.enqueue(openStream(": hello\n\n"));
        client.subscribe(events::add, failures::add);
        assertThat(server.takeRequest(5, TimeUnit.SECONDS)).isNotNull();

        client.close();

        assertThat(failures.poll(1, TimeUnit.SECONDS)).isNull();
    }
}
