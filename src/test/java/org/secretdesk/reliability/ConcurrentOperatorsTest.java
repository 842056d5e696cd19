package org.secretdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.GatewayException;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.ui.common.ErrorMessages;
import org.secretdesk.ui.secrets.RenewViewModel;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Promise 3: concurrent operators. N consoles' clients renew (then delete) the same secret with If-Match at the
 * same moment: exactly one wins per version, the others get 412 (or 404 once it is deleted); no update is lost
 * (the version advanced once per round, and only the last winner's value authenticates). The renew dialog's
 * ViewModel, given such a real 412, says "changed by someone else" and asks for a reload.
 */
class ConcurrentOperatorsTest {

    static {
        org.secretdesk.ui.testing.HeadlessFx.useBuiltInHeadlessPlatform();
    }

    private static final int OPERATORS = 6;

    @TempDir
    static Path dir;
    static GatewayFixture gw;
    static List<SecretDeskClient> consoles = new ArrayList<>();

    @BeforeAll
    static void start() {
        gw = GatewayFixture.start(dir);
        for (int i = 0; i < OPERATORS; i++) {
            consoles.add(new SecretDeskClient(URI.create(gw.server().baseUri().toString()),
                    SecretValue.copyOf(gw.adminKey()), TlsTrust.of(List.of(gw.server().caCertificate()))));
        }
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void oneWinnerPerVersionAndTheLosersAreToldToReload() throws Exception {
        int rounds = Soak.count("reliability.operatorRounds", 5, 50);
        JsonNode app = gw.createAppWithSecret(GatewayFixture.unique("operators"), "shared");
        String appId = app.path("id").asText();
        String clientId = app.path("clientId").asText();
        String secretId = app.path("issuedSecret").path("id").asText();
        long version = app.path("issuedSecret").path("version").asLong();
        List<String> superseded = new ArrayList<>(List.of(app.path("issuedSecret").path("secret").asText()));
        String current = superseded.removeFirst();
        GatewayException stale = null;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < rounds; round++) {
                long expected = version;
                List<Object> outcomes = race(pool, i -> consoles.get(i).renewSecret(appId, secretId, null, expected));
                List<IssuedSecret> winners = new ArrayList<>();
                for (Object o : outcomes) {
                    if (o instanceof IssuedSecret s) {
                        winners.add(s);
                    } else {
                        GatewayException e = (GatewayException) o;
                        assertThat(e.status()).as("loser of version %d: %s", expected, e.getMessage()).isEqualTo(412);
                        stale = e;
                    }
                }
                assertThat(winners).as("winners of version %d", expected).hasSize(1);
                IssuedSecret winner = winners.getFirst();
                assertThat(winner.secret().version()).isEqualTo(expected + 1);
                superseded.add(current);
                current = new String(winner.value().copyChars());
                gw.recordSensitive(current);
                version = winner.secret().version();
            }
        }
        // No lost update: the gateway's version is the last winner's, and only its value works.
        assertThat(gw.secretById(appId, secretId).path("version").asLong()).isEqualTo(version);
        assertThat(gw.token(clientId, current).status()).isEqualTo(200);
        for (String old : superseded) {
            // Refused: 401 invalid_client, or 429 invalid_client once more than 10 failed in a minute (the soak's 50
            // superseded values; issue 20's limit per client_id).
            var refused = gw.token(clientId, old);
            assertThat(refused.status()).isIn(401, 429);
            assertThat(refused.json().path("error").asText()).isEqualTo("invalid_client");
        }

        // Delete: one wins, the others learn it changed (412) or is gone (404); both mean "reload".
        long finalVersion = version;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Object> outcomes = race(pool, i -> {
                consoles.get(i).deleteSecret(appId, secretId, finalVersion);
                return "deleted";
            });
            assertThat(outcomes.stream().filter("deleted"::equals).count()).isEqualTo(1);
            for (Object o : outcomes) {
                if (o instanceof GatewayException e) {
                    assertThat(e.status()).isIn(404, 412);
                    assertThat(ErrorMessages.isStale(e)).isTrue();
                }
            }
        }
        assertThat(gw.token(clientId, current).status()).as("refused (429 past the failure limit)").isIn(401, 429);

        // What the operator who lost sees: the renew dialog's ViewModel with the gateway's real 412.
        GatewayException lost = stale;
        assertThat(lost).isNotNull();
        SecretSummary summary = consoles.getFirst().listSecrets(gw.createAppWithSecret(
                GatewayFixture.unique("vm"), "x").path("id").asText(), 10, null).items().getFirst();
        RenewViewModel[] vm = new RenewViewModel[1];
        boolean[] reload = new boolean[1];
        try {
            javafx.application.Platform.startup(() -> { });
        } catch (IllegalStateException alreadyStarted) {
            // another test of this JVM started JavaFX
        }
        WaitForAsyncUtils.asyncFx(() -> {
            vm[0] = new RenewViewModel(summary, consoles.getFirst().capabilities());
            reload[0] = vm[0].failed(lost);
        }).get();
        assertThat(reload[0]).as("the dialog asks its caller to reload").isTrue();
        assertThat(vm[0].errorProperty().get()).isEqualTo(ErrorMessages.CHANGED_BY_SOMEONE_ELSE);
    }

    private interface Attempt {
        Object run(int operator) throws Exception;
    }

    /** All operators at once (a latch releases them together); each outcome is a result or its exception. */
    private static List<Object> race(ExecutorService pool, Attempt attempt) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> futures = new ArrayList<>();
        for (int i = 0; i < OPERATORS; i++) {
            int operator = i;
            futures.add(pool.submit((Callable<Object>) () -> {
                go.await();
                try {
                    return attempt.run(operator);
                } catch (GatewayException e) {
                    return e;
                }
            }));
        }
        go.countDown();
        List<Object> out = new ArrayList<>();
        for (Future<Object> f : futures) {
            out.add(f.get());
        }
        return out;
    }
}
