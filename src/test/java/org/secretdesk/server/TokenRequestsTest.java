package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.MutableClock;
import org.secretdesk.server.testing.Resp;

/** Issue 20 at /oauth/token: requested scope (RFC 6749 §3.3), a configurable audience, the invalid_client limit. */
class TokenRequestsTest {

    private static JsonNode appWithRoles(GatewayFixture gw, List<String> roles) {
        expect(gw.put("/api/v1/roles", gw.arr(gw.obj("name", "orders.read", "description", "Read"),
                gw.obj("name", "orders.write", "description", "Write"))), 200);
        return expect(gw.post("/api/v1/applications", gw.obj("name", unique("scoped"), "roles", roles,
                "initialSecret", gw.obj("description", "main"))), 201).json();
    }

    private static Resp token(GatewayFixture gw, JsonNode app, String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", app.path("clientId").asText());
        form.put("client_secret", app.path("issuedSecret").path("secret").asText());
        if (scope != null) {
            form.put("scope", scope);
        }
        return gw.call("POST", "/oauth/token").noAuth().form(form).send();
    }

    static JsonNode payload(String jwt) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    @Test
    void aRequestedScopeNarrowsTheTokenAndAnythingElseIsInvalidScope(@TempDir Path dir) throws Exception {
        try (GatewayFixture gw = GatewayFixture.start(dir)) {
            JsonNode app = appWithRoles(gw, List.of("orders.read", "orders.write"));
            Resp narrowed = expect(token(gw, app, "orders.read"), 200);
            assertThat(narrowed.json().path("scope").asText()).isEqualTo("orders.read");
            assertThat(payload(narrowed.json().path("access_token").asText()).path("scope").asText())
                    .isEqualTo("orders.read");
            assertThat(expect(token(gw, app, "orders.write orders.read"), 200).json().path("scope").asText())
                    .isEqualTo("orders.write orders.read");
            assertThat(expect(token(gw, app, null), 200).json().path("scope").asText())
                    .isEqualTo("orders.read orders.write");

            for (String bad : List.of("superadmin", "orders.read superadmin", "orders.read  orders.write",
                    "orders.read\"", " orders.read")) {
                Resp r = token(gw, app, bad);
                assertThat(r.status()).as("scope '%s': %s", bad, r).isEqualTo(400);
                assertThat(r.json().path("error").asText()).isEqualTo("invalid_scope");
                assertThat(r.json().has("access_token")).isFalse();
            }
        }
    }

    @Test
    void tokensCarryTheConfiguredAudienceAndNoneByDefault(@TempDir Path dir, @TempDir Path plainDir)
            throws Exception {
        try (GatewayFixture gw = GatewayFixture.start(dir, MutableClock.startingNow(),
                c -> c.withTokenAudience("https://orders.example.com"))) {
            JsonNode app = appWithRoles(gw, List.of("orders.read"));
            String jwt = expect(token(gw, app, null), 200).json().path("access_token").asText();
            assertThat(payload(jwt).path("aud").asText()).isEqualTo("https://orders.example.com");
        }
        try (GatewayFixture gw = GatewayFixture.start(plainDir)) {
            JsonNode app = appWithRoles(gw, List.of("orders.read"));
            String jwt = expect(token(gw, app, null), 200).json().path("access_token").asText();
            assertThat(payload(jwt).has("aud")).isFalse();
        }
    }

    @Test
    void repeatedInvalidClientIsLimitedPerClientAndAddressButTheRightSecretStillWorks(@TempDir Path dir)
            throws Exception {
        try (GatewayFixture gw = GatewayFixture.start(dir)) {
            JsonNode app = appWithRoles(gw, List.of("orders.read"));
            String clientId = app.path("clientId").asText();
            for (int i = 1; i <= 10; i++) {
                String wrong = "sds_" + GatewayFixture.randomToken(32);
                gw.recordSensitive(wrong);
                Resp r = gw.tokenWithForm(clientId, wrong);
                assertThat(r.status()).as("failure %d: %s", i, r).isEqualTo(401);
            }
            Resp limited = gw.tokenWithForm(clientId, "sds_wrong");
            assertThat(limited.status()).as("%s", limited).isEqualTo(429);
            assertThat(limited.json().path("error").asText()).isEqualTo("invalid_client");
            assertThat(Integer.parseInt(limited.header("Retry-After").orElseThrow())).isBetween(1, 60);
            // Per client_id: from another address the same client is limited too.
            Resp elsewhere = gw.call("POST", "/oauth/token").noAuth().form(Map.of("grant_type", "client_credentials",
                    "client_id", clientId, "client_secret", "sds_wrong"))
                    .sendWith(gw.httpClientFrom(InetAddress.getByName("127.0.0.2")));
            assertThat(elsewhere.status()).isEqualTo(429);
            // Per address: another client from this address is limited as well.
            assertThat(gw.tokenWithForm("sdc_" + GatewayFixture.randomToken(16), "sds_wrong").status())
                    .isEqualTo(429);
            // The right secret always gets its token.
            Resp right = token(gw, app, null);
            assertThat(right.status()).as("%s", right).isEqualTo(200);
            assertThat(new String(Base64.getUrlDecoder().decode(right.json().path("access_token").asText()
                    .split("\\.")[0]), StandardCharsets.UTF_8)).contains("ES256");
        }
    }
}
