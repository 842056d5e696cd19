package org.secretdesk.client.secretdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.secretdesk.client.GatewayException;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.model.SecretValue;

/** HTTPS: the client trusts only the given CA, verifies the host name, and explains each TLS failure. */
class SecretDeskClientTlsTest {

    static final String ADMIN_KEY = "sdk_AdminKey_Do_Not_Leak_4711";
    static final String INFO = "{\"product\":\"SecretDesk gateway\",\"version\":\"1\",\"nodeId\":\"n\",\"capabilities\":[]}";

    static TestCertificates.Issued ca;
    static TestCertificates.Issued otherCa;

    MockWebServer server;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCertificates.rootCa("SecretDesk Test Root CA");
        otherCa = TestCertificates.rootCa("Somebody Else's CA");
    }

    @BeforeEach
    void start() {
        server = new MockWebServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    void serve(TestCertificates.Issued certificate) throws Exception {
        server.useHttps(TestCertificates.serverContext(certificate, ca).getSocketFactory());
        server.start(TestCertificates.loopback(), 0);
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body(INFO).build());
    }

    SecretDeskClient client(String host, TlsTrust trust) {
        return SecretDeskClient.builder(URI.create("https://" + host + ":" + server.getPort()),
                SecretValue.copyOf(ADMIN_KEY), trust).build();
    }

    @Test
    void talksToAGatewayWhoseCertificateComesFromTheTrustedCa() throws Exception {
        serve(TestCertificates.server(ca, "localhost"));

        try (SecretDeskClient client = client("localhost", TlsTrust.of(List.of(ca.certificate())))) {
            assertThat(client.info().product()).isEqualTo("SecretDesk gateway");
        }
    }

    @Test
    void aPinnedCaWorksToo() throws Exception {
        serve(TestCertificates.server(ca, "localhost"));
        TlsTrust pinned = TlsTrust.pinned(ca.certificate(), TlsTrust.sha256Hex(ca.certificate()).toUpperCase());

        try (SecretDeskClient client = client("127.0.0.1", pinned)) {
            assertThat(client.info().product()).isEqualTo("SecretDesk gateway");
        }
    }

    @Test
    void aCertificateFromAnotherCaIsNotTrusted() throws Exception {
        serve(TestCertificates.server(ca, "localhost"));

        try (SecretDeskClient client = client("localhost", TlsTrust.of(List.of(otherCa.certificate())))) {
            GatewayException e = catchThrowableOfType(GatewayException.class, client::info);

            assertThat(e.kind()).isEqualTo(GatewayException.Kind.TLS);
            assertThat(e.getMessage()).contains("not trusted");
            assertThat(e.getMessage()).doesNotContain(ADMIN_KEY);
        }
        assertThat(server.getRequestCount()).as("nothing was sent to an untrusted server").isZero();
    }

    @Test
    void aCertificateForAnotherHostIsAHostnameMismatch() throws Exception {
        serve(TestCertificates.server(ca, "gateway.example.org"));

        try (SecretDeskClient client = client("localhost", TlsTrust.of(List.of(ca.certificate())))) {
            GatewayException e = catchThrowableOfType(GatewayException.class, client::info);

            assertThat(e.kind()).isEqualTo(GatewayException.Kind.TLS);
            assertThat(e.getMessage()).contains("hostname mismatch").contains("localhost");
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void anExpiredCertificateIsExplained() throws Exception {
        Instant now = Instant.now();
        serve(TestCertificates.server(ca, List.of("localhost"), now.minus(Duration.ofDays(30)),
                now.minus(Duration.ofDays(1))));

        try (SecretDeskClient client = client("localhost", TlsTrust.of(List.of(ca.certificate())))) {
            GatewayException e = catchThrowableOfType(GatewayException.class, client::info);

            assertThat(e.kind()).isEqualTo(GatewayException.Kind.TLS);
            assertThat(e.getMessage()).contains("expired");
        }
    }

    @Test
    void aPlainHttpServerOnAnHttpsUrlIsATlsFailure() throws Exception {
        // A plain HTTP server answers the TLS hello with an HTTP error at once (as Jetty does).
        try (ServerSocket plain = new ServerSocket(0, 1, TestCertificates.loopback())) {
            Thread answerer = Thread.ofVirtual().start(() -> {
                try (Socket socket = plain.accept()) {
                    socket.getInputStream().read(new byte[512]);
                    socket.getOutputStream().write(("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
                            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // The test's assertion says what went wrong.
                }
            });
            try (SecretDeskClient client = SecretDeskClient.builder(
                    URI.create("https://localhost:" + plain.getLocalPort()), SecretValue.copyOf(ADMIN_KEY),
                    TlsTrust.of(List.of(ca.certificate()))).build()) {
                GatewayException e = catchThrowableOfType(GatewayException.class, client::info);

                assertThat(e.kind()).isEqualTo(GatewayException.Kind.TLS);
                assertThat(e.getMessage()).contains("HTTPS");
            }
            answerer.join();
        }
    }
}
