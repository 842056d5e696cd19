package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.pki.TrustStores;
import org.secretdesk.server.testing.TestDatabases;

class GatewaySmokeTest {

    @Test
    void createsApplicationWithSecretAndIssuesToken(@TempDir Path dir) throws Exception {
        try (GatewayServer server = GatewayServer.start(TestDatabases.apply(GatewayConfig.defaults(dir).withPort(0), dir))) {
            HttpClient http = HttpClient.newBuilder()
                    .sslContext(TrustStores.sslContext(List.of(server.caCertificate()))).build();
            String key = Files.readString(server.adminKeyFile()).strip();
            URI base = server.baseUri();
            var health = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).contains("UP");
            var created = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/applications"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"billing\",\"roles\":[\"reader\"],\"initialSecret\":{\"description\":\"Default\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(created.body());
            String clientId = node.get("clientId").asText();
            String secret = node.get("issuedSecret").get("secret").asText();
            var token = http.send(HttpRequest.newBuilder(base.resolve("/oauth/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + clientId
                            + "&client_secret=" + secret)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            assertThat(token.body()).contains("access_token").contains("\"scope\":\"reader\"");
        }
    }
}
