package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.MutableClock;
import org.secretdesk.server.testing.TestDatabases;

/** First start, restart on the same data dir, configuration options, and the plain-HTTP restriction. */
class GatewayLifecycleTest {

    @Test
    void firstStartCreatesTheDataDirAndARestartKeepsEverything(@TempDir Path root) throws Exception {
        String adminKey;
        X509Certificate ca;
        JsonNode app;
        Path dataDir;
        try (GatewayFixture gw = GatewayFixture.start(root)) {
            dataDir = gw.dataDir();
            Path keyFile = gw.server().adminKeyFile();
            assertThat(keyFile).isEqualTo(dataDir.resolve("admin.key"));
            assertThat(Files.getPosixFilePermissions(keyFile))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            adminKey = gw.adminKey();
            assertThat(adminKey.length()).as("admin key length").isGreaterThanOrEqualTo(20);
            ca = gw.server().caCertificate();
            assertThat(gw.server().baseUri().getScheme()).isEqualTo("https");
            assertThat(gw.server().baseUri().getPort()).isEqualTo(gw.server().port()).isPositive();
            app = gw.createAppWithSecret(unique("survivor"), "main");
        }

        try (GatewayFixture again = GatewayFixture.start(root)) {
            assertThat(again.adminKey()).as("the admin key is created once").isEqualTo(adminKey);
            assertThat(again.server().caCertificate()).as("the CA is kept").isEqualTo(ca);
            JsonNode reread = expect(again.get("/api/v1/applications/" + app.path("id").asText()), 200).json();
            assertThat(reread.path("name").asText()).isEqualTo(app.path("name").asText());
            assertThat(again.token(app.path("clientId").asText(), app.path("issuedSecret").path("secret").asText())
                    .status()).isEqualTo(200);
        }
    }

    @Test
    void serverCertificateNamesLocalhostToo(@TempDir Path root) throws Exception {
        try (GatewayFixture gw = GatewayFixture.start(root)) {
            HttpClient client = GatewayFixture.httpClientTrusting(gw.server().caCertificate());
            URI viaLocalhost = URI.create("https://localhost:" + gw.server().port() + "/api/v1/health");
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(viaLocalhost).timeout(Duration.ofSeconds(30))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void configuredTokenLifetimeAndHashedAdminKey(@TempDir Path root) throws Exception {
        String hashedKey = GatewayFixture.randomToken(32);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(hashedKey.getBytes(StandardCharsets.UTF_8)));
        try (GatewayFixture gw = GatewayFixture.start(root, MutableClock.startingNow(), c -> c
                .withTokenLifetime(Duration.ofMinutes(5))
                .withAdminKeys(concat(c.adminKeys(), new AdminKeySpec("robot", AdminKeySpec.Role.ADMIN, null, sha256))))) {
            gw.recordSensitive(hashedKey);
            JsonNode app = expect(gw.call("POST", "/api/v1/applications").auth(hashedKey)
                    .json(gw.obj("name", unique("robot-made"), "initialSecret", gw.obj("description", "main"))).send(), 201)
                    .json();
            JsonNode token = expect(gw.token(app.path("clientId").asText(),
                    app.path("issuedSecret").path("secret").asText()), 200).json();
            assertThat(token.path("expires_in").asLong()).isEqualTo(300);
            JsonNode claims = gw.mapper().readTree(Base64.getUrlDecoder()
                    .decode(token.path("access_token").asText().split("\\.")[1]));
            if (claims.has("exp") && claims.has("iat")) {
                assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(300);
            }
            // The audit names the hashed key's configured name.
            String audit = expect(gw.get("/api/v1/audit?applicationId=" + app.path("id").asText()), 200).body();
            assertThat(audit).contains("\"robot\"");
        }
    }

    @Test
    void plainHttpOnlyOnLoopback(@TempDir Path root) {
        GatewayConfig open = GatewayConfig.defaults(root.resolve("open")).withPort(0).withBind("0.0.0.0")
                .withInsecureHttp(true);
        assertThatThrownBy(() -> GatewayServer.start(open).close())
                .as("plain HTTP on a non-loopback address is refused").isInstanceOf(RuntimeException.class);

        GatewayConfig loopback = TestDatabases.apply(
                GatewayConfig.defaults(root.resolve("loop")).withPort(0).withInsecureHttp(true), root.resolve("loop-db"));
        try (GatewayServer server = GatewayServer.start(loopback)) {
            assertThat(server.baseUri().getScheme()).isEqualTo("http");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    server.baseUri().resolve("/api/v1/health")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<AdminKeySpec> concat(List<AdminKeySpec> a, AdminKeySpec b) {
        var out = new java.util.ArrayList<>(a);
        out.add(b);
        return out;
    }
}
