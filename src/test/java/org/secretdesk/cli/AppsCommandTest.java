package org.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.pki.Pem;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.GatewayServer;

/** {@code secretdesk apps …} in-process against a real SecretDesk gateway and a recorded DataMiner exchange. */
class AppsCommandTest {

    @TempDir
    static Path gatewayDir;
    static GatewayServer server;
    static Path caFile;

    @TempDir
    Path dir;

    final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        server = GatewayServer.start(GatewayConfig.defaults(gatewayDir).withPort(0));
        caFile = gatewayDir.resolve("ca-for-cli.pem");
        Files.writeString(caFile, Pem.certificates(List.of(server.caCertificate())));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static SecretsCommandTest.Run sd(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--kind", "secretdesk", "--url", server.baseUri().toString(),
                "--api-key-file", server.adminKeyFile().toString(), "--ca-file", caFile.toString()));
        return SecretsCommandTest.run(all.toArray(String[]::new));
    }

    @Test
    void createWithAFirstSecretListAndDelete() throws Exception {
        String name = "apps-" + System.nanoTime();

        SecretsCommandTest.Run created = sd("apps", "create", "--name", name, "--description", "Billing",
                "--first-secret", "initial", "--json");
        assertThat(created.exitCode()).as(created.err()).isZero();
        JsonNode issued = mapper.readTree(created.out());
        assertThat(issued.path("value").asText()).isNotBlank();
        assertThat(issued.path("clientId").asText()).isNotBlank();

        SecretsCommandTest.Run listed = sd("apps", "list", "--query", name, "--json");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        JsonNode apps = mapper.readTree(listed.out());
        assertThat(apps).hasSize(1);
        assertThat(apps.get(0).path("name").asText()).isEqualTo(name);
        assertThat(apps.get(0).path("secretCount").asInt()).isEqualTo(1);
        assertThat(listed.out()).doesNotContain(issued.path("value").asText());

        SecretsCommandTest.Run plain = sd("apps", "list", "--query", name);
        assertThat(plain.out()).contains("NAME").contains(name);

        assertThat(sd("apps", "delete", "--app", name, "--confirm", "wrong").exitCode()).isEqualTo(2);
        SecretsCommandTest.Run deleted = sd("apps", "delete", "--app", name, "--confirm", name);
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(mapper.readTree(sd("apps", "list", "--query", name, "--json").out())).isEmpty();
        assertThat(sd("apps", "delete", "--app", name, "--confirm", name).exitCode()).isEqualTo(3);
    }

    @Test
    void aDuplicateNameIsAConflict() {
        String name = "dup-" + System.nanoTime();
        assertThat(sd("apps", "create", "--name", name).exitCode()).isZero();
        SecretsCommandTest.Run again = sd("apps", "create", "--name", name);
        assertThat(again.exitCode()).as(again.err()).isEqualTo(4);
    }

    @Test
    void missingKindOrSubcommandIsAUsageError() {
        assertThat(SecretsCommandTest.run("apps").exitCode()).isEqualTo(2);
        assertThat(SecretsCommandTest.run("apps", "list", "--url", "https://x").exitCode()).isEqualTo(2);
        assertThat(SecretsCommandTest.run("apps", "list", "--kind", "nats", "--url", "https://x").exitCode()).isEqualTo(2);
    }

    @Test
    void dataMinerIsOneApplicationAndCannotCreateMore() throws Exception {
        Path key = dir.resolve("dm.key");
        Files.writeString(key, "DataMinerAdminKey\n");
        try (MockWebServer dm = new MockWebServer()) {
            dm.start(InetAddress.getLoopbackAddress(), 0);
            dm.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                    .body("[{\"Name\":\"a\",\"Key\":\"abcd****\"}]").build());
            String url = dm.url("/BrokerGateway").toString();

            SecretsCommandTest.Run listed = SecretsCommandTest.run("apps", "list", "--json", "--kind", "dataminer",
                    "--url", url, "--api-key-file", key.toString());
            assertThat(listed.exitCode()).as(listed.err()).isZero();
            JsonNode apps = mapper.readTree(listed.out());
            assertThat(apps).hasSize(1);
            assertThat(apps.get(0).path("name").asText()).isEqualTo("BrokerGateway client secrets");
            assertThat(apps.get(0).path("secretCount").asInt()).isEqualTo(1);
            assertThat(dm.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("BrokerGateway-Api-Key"))
                    .isEqualTo("DataMinerAdminKey");

            SecretsCommandTest.Run create = SecretsCommandTest.run("apps", "create", "--name", "x", "--kind", "dataminer",
                    "--url", url, "--api-key-file", key.toString());
            assertThat(create.exitCode()).isEqualTo(1);
            assertThat(create.err()).contains("one flat list");
            assertThat(dm.getRequestCount()).isEqualTo(1);
        }
    }
}
