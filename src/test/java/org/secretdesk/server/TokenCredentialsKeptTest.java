package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.ApplicationsApiTest.assertInvalidClient;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.GatewayPerClass;

/**
 * The token endpoint keeps clients' credentials between requests on a single-node gateway (token.CredentialCache,
 * issue 24). Whatever an API call changed must hold for the very next token request once the call has returned:
 * each test first asks for tokens so the credentials are kept, then changes them over the API.
 */
// The race test's refusals count against the address's failure limit (then 429): it runs last.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TokenCredentialsKeptTest {

    static GatewayFixture gw;
    @RegisterExtension
    static final GatewayPerClass GATEWAY = new GatewayPerClass(started -> gw = started);

    @BeforeAll
    static void seed() {
        expect(gw.put("/api/v1/roles", gw.arr(
                gw.obj("name", "kept.read", "description", "Read"),
                gw.obj("name", "kept.write", "description", "Write"))), 200);
    }

    private static JsonNode app() {
        return expect(gw.post("/api/v1/applications", gw.obj("name", unique("kept"), "roles", List.of("kept.read"),
                "initialSecret", gw.obj("description", "first"))), 201).json();
    }

    private static void tokenTwice(String clientId, String secret) {
        expect(gw.token(clientId, secret), 200);
        expect(gw.token(clientId, secret), 200);
    }

    @Test
    @Order(1)
    void everyChangeHoldsForTheNextTokenRequest() {
        JsonNode app = app();
        String appPath = "/api/v1/applications/" + app.path("id").asText();
        String clientId = app.path("clientId").asText();
        String first = app.path("issuedSecret").path("secret").asText();
        String firstId = app.path("issuedSecret").path("id").asText();
        tokenTwice(clientId, first);

        // A new secret works at once, although the client's credentials were kept without it.
        JsonNode second = expect(gw.post(appPath + "/secrets", gw.obj("description", "second")), 201).json();
        tokenTwice(clientId, second.path("secret").asText());

        // Renewed without a grace period: the old value stops at once, the new one works at once.
        JsonNode renewed = expect(gw.post(appPath + "/secrets/" + firstId + "/renew", gw.obj()), 200).json();
        assertInvalidClient(gw.token(clientId, first));
        tokenTwice(clientId, renewed.path("secret").asText());

        // Roles changed: the next token's scope.
        expect(gw.patch(appPath, gw.obj("roles", List.of("kept.write"))), 200);
        assertThat(expect(gw.token(clientId, renewed.path("secret").asText()), 200).json().path("scope").asText())
                .isEqualTo("kept.write");

        // A deleted secret stops at once; the application's other secret still works.
        expect(gw.delete(appPath + "/secrets/" + second.path("id").asText()), 204);
        assertInvalidClient(gw.token(clientId, second.path("secret").asText()));
        tokenTwice(clientId, renewed.path("secret").asText());

        // A deleted application: nothing works any more.
        expect(gw.delete(appPath), 204);
        assertInvalidClient(gw.token(clientId, renewed.path("secret").asText()));
    }

    /**
     * Token requests run all the time while the secret is deleted: none that started after the delete call returned
     * may get a token (one that overlapped it may, as without any keeping).
     */
    @Test
    @Order(2)
    void noTokenForADeletedSecretOnceTheDeleteHasReturned() throws Exception {
        JsonNode app = app();
        String clientId = app.path("clientId").asText();
        String secret = app.path("issuedSecret").path("secret").asText();
        tokenTwice(clientId, secret);
        AtomicBoolean deleted = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger before = new AtomicInteger();
        AtomicInteger afterDelete = new AtomicInteger();
        ConcurrentLinkedQueue<Integer> statusesAfterDelete = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                clients.add(pool.submit(() -> {
                    while (!stop.get()) {
                        boolean startedAfter = deleted.get();
                        int status = gw.token(clientId, secret).status();
                        (startedAfter ? afterDelete : before).incrementAndGet();
                        if (startedAfter) {
                            statusesAfterDelete.add(status);
                        }
                    }
                }));
            }
            while (before.get() < 20) {
                Thread.onSpinWait();
            }
            expect(gw.delete("/api/v1/applications/" + app.path("id").asText() + "/secrets/"
                    + app.path("issuedSecret").path("id").asText()), 204);
            deleted.set(true);
            while (afterDelete.get() < 40) {
                Thread.onSpinWait();
            }
            stop.set(true);
            for (Future<?> f : clients) {
                f.get();
            }
        }
        // 401, or 429 once the failures from this address pass the limit: never a token.
        assertThat(statusesAfterDelete).hasSizeGreaterThanOrEqualTo(40).allMatch(s -> s == 401 || s == 429);
    }
}
