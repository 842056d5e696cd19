package org.secretdesk.client.gravitee;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.secretdesk.model.SecretValue;

/** The connector's set-up for the contract tests: a MockWebServer, the fixtures, and the request checks. */
abstract class GraviteeContractBase {

    static final String PASSWORD = "adminadmin-Do-Not-Leak";
    static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.token-do-not-leak";
    static final String PLAINTEXT = "gravitee-plaintext-Secret-0123456789abcdef";
    static final String ENV = "/management/organizations/DEFAULT/environments/DEFAULT";
    static final String BASE = ENV + "/domains/d-5f1c";
    static final Instant NOW = Instant.parse("2026-11-23T06:00:00Z");
    static final long CREATED_MS = GraviteeFixtures.CREATED_MS;
    static final long EXPIRES_MS = GraviteeFixtures.EXPIRES_MS;

    final ObjectMapper mapper = new ObjectMapper();
    MockWebServer server;
    GraviteeClient client;

    final java.util.Map<String, MockResponse> byPath = new java.util.concurrent.ConcurrentHashMap<>();
    final mockwebserver3.QueueDispatcher queued = new mockwebserver3.QueueDispatcher();

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                MockResponse fixed = byPath.get(request.getUrl().encodedPath());
                return fixed != null ? fixed : queued.dispatch(request);
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
        client = new GraviteeClient(server.url("/").uri(), null, null, "my-domain", "admin",
                SecretValue.copyOf(PASSWORD), null, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse error(int code, String message) {
        return json(code, GraviteeFixtures.error(code, message));
    }

    void enqueueToken(long expiresAtMillis) {
        queued.enqueue(json(200, GraviteeFixtures.token(TOKEN, Instant.ofEpochMilli(expiresAtMillis))));
    }

    /**
     * Answers for paths read in parallel (an application's resource), served whatever the order of arrival; every
     * other request takes the next queued answer.
     */
    void answerPath(String path, MockResponse answer) {
        byPath.put(path, answer);
    }

    /** The token, then the HRID lookup that finds the domain's id. */
    void enqueueSession() {
        enqueueToken(NOW.plusSeconds(3600).toEpochMilli());
        queued.enqueue(json(200, GraviteeFixtures.DOMAIN));
    }

    RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).as("a request reached the server").isNotNull();
        return r;
    }

    /** The token call: POST with HTTP Basic, no body. */
    void assertTokenCall(RecordedRequest r) {
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/management/auth/token");
        assertThat(r.getUrl().query()).isNull();
        assertThat(r.getHeaders().get("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        assertThat(r.getBody().size()).isZero();
    }

    /** The token call, the HRID lookup, then the call itself. */
    RecordedRequest takeCall() throws InterruptedException {
        assertTokenCall(take());
        RecordedRequest hrid = take();
        assertThat(hrid.getMethod()).isEqualTo("GET");
        assertThat(hrid.getUrl().encodedPath()).isEqualTo(ENV + "/domains/_hrid/my-domain");
        RecordedRequest r = take();
        assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
        return r;
    }

    JsonNode body(RecordedRequest r) throws IOException {
        assertThat(r.getHeaders().get("Content-Type")).startsWith("application/json");
        return mapper.readTree(r.getBody().utf8());
    }

    static void assertNoLeak(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(PASSWORD).doesNotContain(TOKEN).doesNotContain(PLAINTEXT);
        }
    }

    static final String SECRET_JSON = GraviteeFixtures.SECRET;
}
