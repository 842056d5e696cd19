package org.secretdesk.client.dataminer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;

/**
 * Every shape the BrokerGateway documentation leaves open, over real HTTP: the list as a bare or wrapped array, its
 * field names in any case (or under other names), names alone or a map of names to keys, JSON sent as text or as a
 * JSON string; the generated key as text, a JSON string or inside a JSON object; errors as text or JSON. The
 * documented shapes themselves are in {@link DataMinerClientContractTest}.
 */
class DataMinerShapesTest {

    static final String API_KEY = "AdministratorKey_Do_Not_Leak_0815";
    static final String NEW_KEY = "abcdEFGH/ijkl+MNOP=qrst";

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

    static MockResponse answer(int code, String contentType, String body) {
        MockResponse.Builder b = new MockResponse.Builder().code(code).body(body);
        return (contentType == null ? b : b.setHeader("Content-Type", contentType)).build();
    }

    static final String JSON = "application/json; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";

    static Stream<Arguments> listShapes() {
        String items = "{\"name\":\"Cube 01\",\"key\":\"abcd****\"},{\"name\":\"Cube 02\",\"key\":\"wxyz****\"}";
        return Stream.of(
                Arguments.of("bare array, camel case", JSON, "[" + items + "]"),
                Arguments.of("bare array, Pascal case", JSON,
                        "[{\"Name\":\"Cube 01\",\"Key\":\"abcd****\"},{\"Name\":\"Cube 02\",\"Key\":\"wxyz****\"}]"),
                Arguments.of("upper case, mixed per item", JSON,
                        "[{\"NAME\":\"Cube 01\",\"KEY\":\"abcd****\"},{\"name\":\"Cube 02\",\"Key\":\"wxyz****\"}]"),
                Arguments.of("wrapped", JSON, "{\"clientSecrets\":[" + items + "]}"),
                Arguments.of("wrapped with a count", JSON, "{\"Count\":2,\"Value\":[" + items + "]}"),
                Arguments.of("wrapped twice", JSON, "{\"data\":{\"items\":[" + items + "]}}"),
                Arguments.of("the client-secret file's shape", JSON,
                        "{\"APIKeys\":[{\"Key\":\"abcd****\",\"Name\":\"Cube 01\"},{\"Key\":\"wxyz****\",\"Name\":\"Cube 02\"}]}"),
                Arguments.of("other field names", JSON, "[{\"clientName\":\"Cube 01\",\"secret\":\"abcd****\"},"
                        + "{\"ClientName\":\"Cube 02\",\"RedactedKey\":\"wxyz****\"}]"),
                Arguments.of("a map of names to keys", JSON, "{\"Cube 01\":\"abcd****\",\"Cube 02\":\"wxyz****\"}"),
                Arguments.of("JSON as a JSON string", JSON, "\"[" + items.replace("\"", "\\\"") + "]\""),
                Arguments.of("JSON sent as text", TEXT, "[" + items + "]\n"),
                Arguments.of("no content type", null, "[" + items + "]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("listShapes")
    void theListIsReadInEveryShape(String shape, String contentType, String body) {
        server.enqueue(answer(200, contentType, body));

        List<SecretSummary> listed = client.listSecrets(DataMinerClient.APPLICATION_ID, 0, null).items();

        assertThat(listed).extracting(SecretSummary::description).containsExactly("Cube 01", "Cube 02");
        assertThat(listed).extracting(SecretSummary::hint).containsExactly("abcd", "wxyz");
    }

    @Test
    void namesAloneAreListedWithoutAHint() {
        server.enqueue(answer(200, JSON, "[\"Cube 01\",\"Cube 02\"]"));

        List<SecretSummary> listed = client.listSecrets(DataMinerClient.APPLICATION_ID, 0, null).items();

        assertThat(listed).extracting(SecretSummary::id).containsExactly("Cube 01", "Cube 02");
        assertThat(listed).extracting(SecretSummary::hint).containsOnlyNulls();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emptyLists")
    void noSecretsInEveryShape(String shape, String body) {
        server.enqueue(answer(200, JSON, body));

        assertThat(client.listSecrets(DataMinerClient.APPLICATION_ID, 0, null).items()).isEmpty();
    }

    static Stream<Arguments> emptyLists() {
        return Stream.of(Arguments.of("empty body", ""), Arguments.of("empty array", "[]"),
                Arguments.of("empty wrapper", "{\"clientSecrets\":[]}"), Arguments.of("empty object", "{}"));
    }

    @Test
    void aListItemWithoutANameIsAProtocolError() {
        server.enqueue(answer(200, JSON, "[{\"key\":\"abcd****\"}]"));

        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> client.listSecrets(DataMinerClient.APPLICATION_ID, 0, null));

        assertThat(e.kind()).isEqualTo(GatewayException.Kind.PROTOCOL);
    }

    static Stream<Arguments> keyShapes() {
        String escaped = NEW_KEY.replace("/", "\\/");
        return Stream.of(
                Arguments.of("text", TEXT, NEW_KEY),
                Arguments.of("text with a line break", TEXT, NEW_KEY + "\r\n"),
                Arguments.of("text labelled JSON", JSON, NEW_KEY),
                Arguments.of("a JSON string", JSON, "\"" + NEW_KEY + "\""),
                Arguments.of("a JSON string with escapes", JSON, "\"" + escaped + "\"\n"),
                Arguments.of("an object, camel case", JSON, "{\"key\":\"" + NEW_KEY + "\"}"),
                Arguments.of("an object, Pascal case with the name", JSON,
                        "{\"Name\":\"Cube 01\",\"Key\":\"" + escaped + "\"}"),
                Arguments.of("an object naming it clientSecret", JSON, "{\"clientSecret\":\"" + NEW_KEY + "\"}"),
                Arguments.of("the client-secret file's shape", JSON,
                        "{\"APIKeys\":[{\"Key\":\"" + NEW_KEY + "\",\"Name\":\"ClientSecret\"}]}"),
                Arguments.of("no content type", null, NEW_KEY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyShapes")
    void theGeneratedKeyIsReadInEveryShape(String shape, String contentType, String body) {
        server.enqueue(answer(200, contentType, body));

        IssuedSecret issued = client.createSecret(DataMinerClient.APPLICATION_ID, "Cube 03", null);

        assertThat(issued.value().sameAs(NEW_KEY)).as(shape).isTrue();
        assertThat(issued.secret().hint()).isEqualTo("abcd");
        assertThat(issued.toString()).doesNotContain(NEW_KEY);
    }

    @Test
    void anObjectWithoutAKeyIsAProtocolErrorThatDoesNotEchoTheBody() {
        server.enqueue(answer(200, JSON, "{\"status\":\"created\",\"name\":\"Cube 03\"}"));

        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> client.createSecret(DataMinerClient.APPLICATION_ID, "Cube 03", null));

        assertThat(e.kind()).isEqualTo(GatewayException.Kind.PROTOCOL);
        assertThat(e.getMessage()).contains("no key").doesNotContain("created");
    }

    static Stream<Arguments> duplicateShapes() {
        return Stream.of(
                Arguments.of("409 text", 409, TEXT, "A client secret with this name already exists"),
                Arguments.of("409 problem details", 409, "application/problem+json",
                        "{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.5.10\",\"title\":\"Conflict\",\"status\":409}"),
                Arguments.of("400 text", 400, TEXT, "Client secret 'Cube 01' already exists."),
                Arguments.of("400 JSON", 400, JSON, "{\"Message\":\"A client secret named Cube 01 already exists\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("duplicateShapes")
    void anExistingNameIsAConflictInEveryShape(String shape, int status, String contentType, String body) {
        server.enqueue(answer(status, contentType, body));

        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> client.createSecret(DataMinerClient.APPLICATION_ID, "Cube 01", null));

        assertThat(e.code()).isEqualTo("secret.duplicate_description");
    }

    @Test
    void otherErrorsGiveTheirReasonFromTextOrJson() {
        server.enqueue(answer(400, "application/problem+json", "{\"type\":\"about:blank\","
                + "\"title\":\"One or more validation errors occurred.\",\"status\":400,"
                + "\"errors\":{\"clientName\":[\"The clientName field is required.\"]}}"));
        server.enqueue(answer(500, JSON, "{\"message\":\"NATS is not running\"}"));
        server.enqueue(answer(503, TEXT, "Service Unavailable"));

        GatewayException validation = catchThrowableOfType(GatewayException.class,
                () -> client.createSecret(DataMinerClient.APPLICATION_ID, "x", null));
        GatewayException serverError = catchThrowableOfType(GatewayException.class,
                () -> client.listSecrets(DataMinerClient.APPLICATION_ID, 0, null));
        GatewayException unavailable = catchThrowableOfType(GatewayException.class,
                () -> client.listSecrets(DataMinerClient.APPLICATION_ID, 0, null));

        assertThat(validation.getMessage()).endsWith("(HTTP 400): One or more validation errors occurred.");
        assertThat(serverError.getMessage()).endsWith("(HTTP 500): NATS is not running.");
        assertThat(unavailable.getMessage()).endsWith("(HTTP 503): Service Unavailable.");
        for (GatewayException e : List.of(validation, serverError, unavailable)) {
            assertThat(e.getMessage()).doesNotContain(API_KEY);
        }
    }
}
