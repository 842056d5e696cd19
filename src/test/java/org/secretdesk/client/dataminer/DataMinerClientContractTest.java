package org.secretdesk.client.dataminer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.secretdesk.client.RecordedExchanges;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.Application;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.Page;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;

/**
 * The DataMiner BrokerGateway connector against the exchanges documented in connectors.md: for every call the
 * method, path, query, headers and body, both route spellings, and the tolerated list shapes.
 */
class DataMinerClientContractTest {

    static final String API_KEY = "AdministratorKey_Do_Not_Leak_0815";
    static final String NEW_KEY = "abcdEFGHijklMNOPqrstUVWX12345678";

    MockWebServer server;
    DataMinerClient client;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
        client = new DataMinerClient(server.url("/BrokerGateway").uri(), SecretValue.copyOf(API_KEY), null);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    static MockResponse text(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "text/plain; charset=utf-8").body(body).build();
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json; charset=utf-8")
                .body(body).build();
    }

    RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).as("a request reached the server").isNotNull();
        assertThat(r.getHeaders().get(DataMinerClient.API_KEY_HEADER)).isEqualTo(API_KEY);
        assertThat(r.getHeaders().get("Authorization")).isNull();
        return r;
    }

    static void assertNoLeak(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(API_KEY).doesNotContain(NEW_KEY);
        }
    }

    @Test
    void generatePostsTextPlainWithTheNameInTheQueryAndReadsTheKeyFromTheBody() throws Exception {
        server.enqueue(text(200, NEW_KEY));

        IssuedSecret issued = client.createSecret(DataMinerClient.APPLICATION_ID, "Skyline Cube 01", null);

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/BrokerGateway/api/clientSecret/generate");
        assertThat(r.getUrl().queryParameter("clientName")).isEqualTo("Skyline Cube 01");
        assertThat(r.getUrl().querySize()).isEqualTo(1);
        assertThat(r.getHeaders().get("Content-Type")).isEqualTo("text/plain");
        assertThat(r.getBody().size()).isZero();
        assertThat(issued.value().sameAs(NEW_KEY)).isTrue();
        assertThat(issued.clientId()).isEqualTo("Skyline Cube 01");
        assertThat(issued.secret().id()).isEqualTo("Skyline Cube 01");
        assertThat(issued.secret().hint()).isEqualTo("abcd");
        assertThat(issued.secret().redacted()).startsWith("abcd*").doesNotContain("EFGH");
        assertThat(issued.toString()).doesNotContain(NEW_KEY);
        assertThat(client.routes()).isEqualTo(DataMinerClient.Routes.CURRENT);
    }

    @Test
    void generateAcceptsAKeySentAsAJsonString() throws Exception {
        server.enqueue(json(200, "\"" + NEW_KEY + "\"\n"));

        IssuedSecret issued = client.createSecret(DataMinerClient.APPLICATION_ID, "c1", null);

        take();
        assertThat(issued.value().sameAs(NEW_KEY)).isTrue();
    }

    @Test
    void deleteSendsTheNameInTheQuery() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).build());

        client.deleteSecret(DataMinerClient.APPLICATION_ID, "Skyline Cube 01", 0);

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("DELETE");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/BrokerGateway/api/clientSecret/delete");
        assertThat(r.getUrl().queryParameter("clientName")).isEqualTo("Skyline Cube 01");
        assertThat(r.getBody().size()).isZero();
    }

    @Test
    void listReadsNamesAndRedactedKeysInEitherFieldCase() throws Exception {
        server.enqueue(json(200, RecordedExchanges.DATAMINER_LIST));

        Page<SecretSummary> page = client.listSecrets(DataMinerClient.APPLICATION_ID, 0, null);

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/BrokerGateway/api/clientSecret/list");
        assertThat(r.getUrl().query()).isNull();
        assertThat(page.items()).extracting(SecretSummary::description).containsExactly("Cube 01", "Cube 02");
        assertThat(page.items()).extracting(SecretSummary::hint).containsExactly("abcd", "wxyz");
        assertThat(page.items()).extracting(SecretSummary::redacted)
                .containsExactly("abcd****************", "wxyz****************");
        assertThat(page.items()).allSatisfy(s -> {
            assertThat(s.applicationId()).isEqualTo(DataMinerClient.APPLICATION_ID);
            assertThat(s.expiresAt()).isNull();
            assertThat(s.lastUsedAt()).isNull();
        });
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void listPagesOverTheWholeList() throws Exception {
        server.enqueue(json(200, "[{\"name\":\"a\",\"key\":\"aaaa**\"},{\"name\":\"b\",\"key\":\"bbbb**\"},{\"name\":\"c\",\"key\":\"cccc**\"}]"));
        server.enqueue(json(200, "[{\"name\":\"a\",\"key\":\"aaaa**\"},{\"name\":\"b\",\"key\":\"bbbb**\"},{\"name\":\"c\",\"key\":\"cccc**\"}]"));

        Page<SecretSummary> first = client.listSecrets(DataMinerClient.APPLICATION_ID, 2, null);
        Page<SecretSummary> second = client.listSecrets(DataMinerClient.APPLICATION_ID, 2, first.nextCursor());

        assertThat(first.items()).extracting(SecretSummary::id).containsExactly("a", "b");
        assertThat(second.items()).extracting(SecretSummary::id).containsExactly("c");
        assertThat(second.hasMore()).isFalse();
    }

    @Test
    void theFlatListIsOneApplication() throws Exception {
        server.enqueue(json(200, "[{\"name\":\"a\",\"key\":\"aaaa**\"},{\"name\":\"b\",\"key\":\"bbbb**\"}]"));

        Page<Application> apps = client.listApplications(null, 50, null);

        take();
        assertThat(apps.items()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("BrokerGateway client secrets");
            assertThat(a.id()).isEqualTo(DataMinerClient.APPLICATION_ID);
            assertThat(a.secretCount()).isEqualTo(2);
        });
        assertThatThrownBy(() -> client.listSecrets("other", 10, null))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo("application.not_found"));
    }

    @Test
    void fallsBackToTheOlderSpellingOn404AndRemembersIt() throws Exception {
        server.enqueue(text(404, ""));
        server.enqueue(json(200, "[{\"Name\":\"Cube 01\",\"Key\":\"abcd****\"}]"));
        server.enqueue(text(200, NEW_KEY));
        server.enqueue(new MockResponse.Builder().code(200).build());

        List<SecretSummary> listed = client.listSecrets(DataMinerClient.APPLICATION_ID, 0, null).items();
        IssuedSecret issued = client.createSecret(DataMinerClient.APPLICATION_ID, "Cube 02", null);
        client.deleteSecret(DataMinerClient.APPLICATION_ID, "Cube 01", 0);

        assertThat(take().getUrl().encodedPath()).isEqualTo("/BrokerGateway/api/clientSecret/list");
        assertThat(take().getUrl().encodedPath()).isEqualTo("/BrokerGateway/api/ClientSecret/listclientsecrets");
        RecordedRequest generate = take();
        assertThat(generate.getMethod()).isEqualTo("POST");
        assertThat(generate.getUrl().encodedPath()).isEqualTo("/BrokerGateway/api/ClientSecret/generateclientsecret");
        assertThat(generate.getUrl().queryParameter("clientName")).isEqualTo("Cube 02");
        assertThat(generate.getHeaders().get("Content-Type")).isEqualTo("text/plain");
        RecordedRequest delete = take();
        assertThat(delete.getMethod()).isEqualTo("DELETE");
        assertThat(delete.getUrl().encodedPath()).isEqualTo("/BrokerGateway/api/ClientSecret/deleteclientsecret");
        assertThat(delete.getUrl().queryParameter("clientName")).isEqualTo("Cube 01");
        assertThat(listed).extracting(SecretSummary::id).containsExactly("Cube 01");
        assertThat(issued.value().sameAs(NEW_KEY)).isTrue();
        assertThat(client.routes()).isEqualTo(DataMinerClient.Routes.LEGACY);
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void a404OnAKnownRouteMeansNoSuchSecret() throws Exception {
        server.enqueue(json(200, "[]"));
        server.enqueue(text(404, "Client secret not found"));

        client.listSecrets(DataMinerClient.APPLICATION_ID, 0, null);
        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> client.deleteSecret(DataMinerClient.APPLICATION_ID, "gone", 0));

        assertThat(e.code()).isEqualTo("secret.not_found");
        assertThat(e.getMessage()).contains("gone");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void neitherSpellingAnsweringIsExplained() throws Exception {
        server.enqueue(text(404, ""));
        server.enqueue(text(404, ""));

        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> client.listSecrets(DataMinerClient.APPLICATION_ID, 0, null));

        assertThat(e.code()).isEqualTo("not_found");
        assertThat(e.getMessage()).contains("/BrokerGateway");
        assertThat(client.routes()).isNull();
    }

    @Test
    void aRejectedKeyIsReportedWithoutEchoingIt() throws Exception {
        server.enqueue(text(401, "Unauthorized"));

        GatewayException e = catchThrowableOfType(GatewayException.class, () -> client.info());

        assertThat(e.kind()).isEqualTo(GatewayException.Kind.HTTP);
        assertThat(e.code()).isEqualTo("auth.invalid_api_key");
        assertNoLeak(e);
    }

    @Test
    void anExistingNameIsAConflict() throws Exception {
        server.enqueue(text(409, "A client secret with this name already exists"));

        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> client.createSecret(DataMinerClient.APPLICATION_ID, "Cube 01", null));

        take();
        assertThat(e.code()).isEqualTo("secret.duplicate_description");
        assertThat(e.getMessage()).contains("delete it and generate a new one");
    }

    @Test
    void aListThatIsNotJsonIsAProtocolError() throws Exception {
        server.enqueue(text(200, "<html>login</html>"));

        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> client.listSecrets(DataMinerClient.APPLICATION_ID, 0, null));

        assertThat(e.kind()).isEqualTo(GatewayException.Kind.PROTOCOL);
    }

    @Test
    void capabilitiesAreHonestAndUnsupportedCallsExplainWithoutCallingTheGateway() {
        var caps = client.capabilities();

        assertThat(caps.supports(Feature.CREATE_SECRET)).isTrue();
        assertThat(caps.supports(Feature.DELETE_SECRET)).isTrue();
        for (Feature f : List.of(Feature.RENEW, Feature.EXPIRY, Feature.ROLES, Feature.AUDIT, Feature.APPLICATIONS,
                Feature.LAST_USED, Feature.DOMAIN_POLICY, Feature.LIVE_EVENTS)) {
            assertThat(caps.supports(f)).as(f.name()).isFalse();
        }
        assertThat(caps.explain(Feature.RENEW))
                .isEqualTo("DataMiner BrokerGateway cannot renew in place: delete and generate a new one.");
        assertThatThrownBy(() -> client.renewSecret(DataMinerClient.APPLICATION_ID, "a", null, 0))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("DataMiner BrokerGateway cannot renew in place: delete and generate a new one.");
        assertThatThrownBy(() -> client.createSecret(DataMinerClient.APPLICATION_ID, "a", Duration.ofDays(30)))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("never expire");
        assertThatThrownBy(() -> client.listRoles()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> client.getSecretPolicy()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(server.getRequestCount()).isZero();
    }
}
