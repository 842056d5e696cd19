package org.secretdesk.client.dataminer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.GatewayException;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.client.gravitee.GraviteeClient;
import org.secretdesk.model.SecretValue;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.GatewayServer;

/**
 * The connectors' TLS (shared HttpTransport) against a real HTTPS server whose certificate comes from its own CA:
 * the given CA is trusted, the JDK's default store ("system trust") does not contain it, and no URL may carry
 * credentials or use plain HTTP off loopback.
 */
class ConnectorTlsTest {

    @TempDir
    static Path dir;
    static GatewayServer server;

    @BeforeAll
    static void start() {
        // Bound to all addresses so that 127.0.0.2, a loopback address its certificate does not name, reaches it.
        server = GatewayServer.start(GatewayConfig.defaults(dir).withBind("0.0.0.0").withPort(0));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    URI brokerGateway() {
        return URI.create("https://localhost:" + server.port() + "/BrokerGateway");
    }

    @Test
    void theGivenCaIsTrusted() {
        try (DataMinerClient client = new DataMinerClient(brokerGateway(), SecretValue.copyOf("k"),
                TlsTrust.of(List.of(server.caCertificate())))) {
            GatewayException e = catchThrowableOfType(GatewayException.class, client::info);
            // The handshake succeeded: the answer is an HTTP one (this server has no BrokerGateway routes).
            assertThat(e.kind()).isEqualTo(GatewayException.Kind.HTTP);
        }
    }

    @Test
    void systemTrustDoesNotTrustAPrivateCa() {
        try (DataMinerClient client = new DataMinerClient(brokerGateway(), SecretValue.copyOf("k"), null)) {
            GatewayException e = catchThrowableOfType(GatewayException.class, client::info);
            assertThat(e.kind()).isEqualTo(GatewayException.Kind.TLS);
            assertThat(e.getMessage()).contains("not trusted");
        }
    }

    @Test
    void hostnameVerificationStaysOn() {
        // 127.0.0.2 reaches the same loopback server, but the certificate names only localhost, 127.0.0.1 and ::1.
        URI other = URI.create("https://127.0.0.2:" + server.port());
        try (GraviteeClient client = new GraviteeClient(other, null, null, "d", "admin", SecretValue.copyOf("pw"),
                TlsTrust.of(List.of(server.caCertificate())))) {
            GatewayException e = catchThrowableOfType(GatewayException.class, () -> client.listSecrets("a", 0, null));
            assertThat(e.kind()).isEqualTo(GatewayException.Kind.TLS);
            assertThat(e.getMessage()).contains("hostname mismatch");
        }
    }

    @Test
    void urlsWithCredentialsOrPlainHttpOffLoopbackAreRefused() {
        assertThatThrownBy(() -> new DataMinerClient(URI.create("http://dataminer.example.com/BrokerGateway"),
                SecretValue.copyOf("k"), null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
        assertThatThrownBy(() -> new DataMinerClient(URI.create("https://user:pw@dataminer.example.com/BrokerGateway"),
                SecretValue.copyOf("k"), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("pw@");
    }
}
