package org.secretdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.GatewayException;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.SecretValue;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.ui.common.ErrorMessages;

/**
 * Promise 7 (client side): the console's client survives the network. Through {@link FaultProxy}: a refused
 * connection, a stalled gateway (short read timeout instead of 30 s), a truncated answer and a reset before the
 * answer each give one clear error that the console can show (ErrorMessages), never a secret; the client
 * works again as soon as the network does; and a secret whose answer was lost is recovered by the idempotent
 * retry: issued once, returned once. (500s, garbage and unreadable JSON: SecretDeskClientContractTest and
 * SecretDeskJsonTest; the main window's banner and recovery when the gateway goes away: MainWindowGatewayTest.)
 */
class NetworkFaultsTest {

    @TempDir
    static Path dir;
    static GatewayFixture gw;
    static FaultProxy proxy;
    static SecretDeskClient client;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayFixture.start(dir);
        proxy = new FaultProxy(gw.server().port());
        client = proxy.fastClient(gw);
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        gw.close();
        ReliabilityFiles.report("network-faults", "faultsInjected=" + proxy.faultsInjected());
    }

    @Test
    void aLostAnswerIsRecoveredByTheIdempotentRetryAndIssuedOnce() throws Exception {
        int rounds = Soak.count("reliability.lostAnswers", 3, 30);
        for (int i = 0; i < rounds; i++) {
            // a new application every round: one holds at most 10 secrets
            JsonNode app = gw.createApp(GatewayFixture.unique("lost-answer"));
            String appId = app.path("id").asText();
            proxy.mode(FaultProxy.Mode.PASS);
            client.listApplications(null, 1, null); // a fresh pooled connection, before the fault is armed
            proxy.loseNextAnswers(1);
            IssuedSecret issued = client.createSecret(appId, "lost-" + i, null);
            String value = new String(issued.value().copyChars());
            gw.recordSensitive(value);
            // Exactly one secret, and it is the one the client got.
            JsonNode secrets = gw.secretsOf(appId);
            assertThat(secrets).as("secrets issued for one create whose answer was lost").hasSize(1);
            assertThat(secrets.get(0).path("id").asText()).isEqualTo(issued.secret().id());
            assertThat(gw.token(app.path("clientId").asText(), value).status()).isEqualTo(200);
        }
    }

    @Test
    void faultsGiveOneClearErrorAndTheClientRecovers() throws Exception {
        proxy.mode(FaultProxy.Mode.STALL);
        assertClear(catchThrowable(() -> client.listApplications(null, 10, null)), GatewayException.Kind.TIMEOUT);

        proxy.mode(FaultProxy.Mode.TRUNCATE);
        Throwable truncated = catchThrowable(() -> client.listApplications(null, 10, null));
        assertThat(truncated).isInstanceOf(GatewayException.class);
        assertClear(truncated, ((GatewayException) truncated).kind());

        proxy.mode(FaultProxy.Mode.PASS);
        proxy.loseNextAnswers(1);
        Throwable reset = catchThrowable(() -> client.deleteApplication("app_doesnotexist", 1));
        assertThat(reset).isInstanceOf(GatewayException.class);
        assertClear(reset, ((GatewayException) reset).kind());

        try (FaultProxy refused = new FaultProxy(gw.server().port())) {
            int port = refused.port();
            refused.close();
            SecretDeskClient offline = new SecretDeskClient(URI.create("https://localhost:" + port),
                    SecretValue.copyOf(gw.adminKey()), TlsTrust.of(List.of(gw.server().caCertificate())));
            assertClear(catchThrowable(() -> offline.listApplications(null, 10, null)),
                    GatewayException.Kind.OFFLINE);
        }

        // The network is back: the same client works at once.
        proxy.mode(FaultProxy.Mode.PASS);
        assertThat(client.listApplications(null, 10, null).items()).isNotNull();
    }

    private static void assertClear(Throwable e, GatewayException.Kind kind) {
        assertThat(e).isInstanceOf(GatewayException.class);
        assertThat(((GatewayException) e).kind()).as("kind of %s", e.getMessage()).isEqualTo(kind);
        String shown = ErrorMessages.describe(e, "load the applications");
        assertThat(shown).isNotBlank().doesNotContain("\n").doesNotContain(gw.adminKey())
                .doesNotContain("Exception");
    }
}
