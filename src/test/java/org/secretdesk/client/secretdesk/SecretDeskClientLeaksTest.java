package org.secretdesk.client.secretdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.CreatedApplication;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.client.NewApplication;
import org.secretdesk.client.dataminer.DataMinerClient;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.LeakReport;
import org.secretdesk.model.Notification;
import org.secretdesk.model.SecretIdentification;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.GatewayServer;
import org.secretdesk.server.Randoms;

/**
 * The client's leak-response methods (issue 22) against a real gateway over HTTPS, for the console to build on:
 * identify a value by its hash, report one, and see the secret marked leaked.
 */
class SecretDeskClientLeaksTest {

    @TempDir
    static Path dataDir;
    static GatewayServer server;
    static SecretDeskClient client;

    @BeforeAll
    static void start() throws Exception {
        server = GatewayServer.start(GatewayConfig.defaults(dataDir).withPort(0));
        char[] key = new String(Files.readAllBytes(server.adminKeyFile()), StandardCharsets.UTF_8).strip()
                .toCharArray();
        client = new SecretDeskClient(server.baseUri(), SecretValue.wrap(key), List.of(server.caCertificate()));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void identifyReportAndTheLeakedMark() {
        assertThat(client.capabilities().supports(Capabilities.Feature.LEAK_RESPONSE)).isTrue();
        CreatedApplication created = client.createApplication(new NewApplication("leaky-" + System.nanoTime(),
                "for the leak test", List.of(), "prod"));
        IssuedSecret issued = created.issuedSecret();
        String hash = Randoms.sha256Hex(issued.value());
        issued.value().destroy();

        SecretIdentification id = client.identifySecret(hash);
        assertThat(id.state()).isEqualTo(SecretIdentification.State.ACTIVE);
        assertThat(id.applicationName()).isEqualTo(created.application().name());
        assertThat(id.secretId()).isEqualTo(issued.secret().id());
        assertThat(id.leaked()).isFalse();
        assertThat(client.identifySecret("0".repeat(64))).isEqualTo(SecretIdentification.unknown());

        List<LeakReport.Verdict> verdicts = client.reportLeaks(List.of(
                new LeakReport(hash, "https://tickets.example/T-1", "console"),
                new LeakReport("a".repeat(64), null, null)));
        assertThat(verdicts).containsExactly(new LeakReport.Verdict(hash, true),
                new LeakReport.Verdict("a".repeat(64), false));

        SecretSummary secret = client.listSecrets(created.application().id(), 10, null).items().getFirst();
        assertThat(secret.leaked()).isTrue();
        assertThat(secret.leakedAt()).isNotNull();
        // The default policy rotates: the value works for an hour more.
        assertThat(secret.expiresAt()).isBetween(secret.leakedAt().plus(Duration.ofMinutes(59)),
                secret.leakedAt().plus(Duration.ofHours(1)));
        assertThat(client.identifySecret(hash).leaked()).isTrue();
        assertThat(client.listNotifications(secret.leakedAt().minusSeconds(1), 100))
                .extracting(Notification::type).contains(Notification.NotificationType.SECRET_LEAKED);

        IssuedSecret renewed = client.renewSecret(created.application().id(), secret.id(), null, secret.version());
        renewed.value().destroy();
        assertThat(renewed.secret().leaked()).isFalse();
    }

    @Test
    void otherGatewayKindsSayTheyCannot() {
        GatewayClient other = new DataMinerClient(java.net.URI.create("https://127.0.0.1:1/BrokerGateway"),
                SecretValue.copyOf("key"), org.secretdesk.client.TlsTrust.of(List.of(server.caCertificate())));
        try (other) {
            assertThat(other.capabilities().supports(Capabilities.Feature.LEAK_RESPONSE)).isFalse();
            assertThatThrownBy(() -> other.identifySecret("0".repeat(64)))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("SecretDesk gateway");
            assertThatThrownBy(() -> other.reportLeaks(List.of()))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
