package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.ApplicationsApiTest.assertInvalidClient;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.GatewayPerClass;
import org.secretdesk.server.testing.MutableClock;
import org.secretdesk.server.testing.Resp;

/** POST /oauth/token: client_credentials with Basic and form authentication, ES256 JWTs, JWKS, lastUsedAt. */
class TokenEndpointTest {

    static GatewayFixture gw;
    @RegisterExtension
    static final GatewayPerClass GATEWAY = new GatewayPerClass(started -> gw = started);

    @BeforeAll
    static void seed() {
        expect(gw.put("/api/v1/roles", gw.arr(
                gw.obj("name", "orders.read", "description", "Read orders"),
                gw.obj("name", "orders.write", "description", "Write orders"))), 200);
    }

    private static JsonNode appWithRoles(List<String> roles) {
        return expect(gw.post("/api/v1/applications", gw.obj("name", unique("token"), "roles", roles,
                "initialSecret", gw.obj("description", "main"))), 201).json();
    }

    @Test
    void basicAuthGetsASignedAccessToken() throws Exception {
        JsonNode app = appWithRoles(List.of("orders.read", "orders.write"));
        Resp r = gw.token(app.path("clientId").asText(), app.path("issuedSecret").path("secret").asText());
        expect(r, 200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.header("Cache-Control").orElse("")).contains("no-store");
        JsonNode t = r.json();
        assertThat(t.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(t.path("expires_in").isNumber()).isTrue();
        assertThat(t.path("expires_in").asLong()).isPositive().isLessThanOrEqualTo(Duration.ofHours(1).toSeconds());
        assertThat(Set.of(t.path("scope").asText().split(" "))).containsExactlyInAnyOrder("orders.read", "orders.write");
        assertValidJwt(t.path("access_token").asText());
    }

    @Test
    void formFieldsAuthenticateToo() throws Exception {
        JsonNode app = appWithRoles(List.of("orders.read"));
        Resp r = gw.tokenWithForm(app.path("clientId").asText(), app.path("issuedSecret").path("secret").asText());
        expect(r, 200);
        assertThat(r.json().path("token_type").asText()).isEqualTo("Bearer");
        assertThat(r.json().path("scope").asText()).isEqualTo("orders.read");
        assertValidJwt(r.json().path("access_token").asText());
    }

    @Test
    void rolesChangedByPatchEndUpInTheNextToken() {
        JsonNode app = appWithRoles(List.of("orders.read"));
        expect(gw.patch("/api/v1/applications/" + app.path("id").asText(), gw.obj("roles", List.of("orders.write"))), 200);
        Resp r = expect(gw.token(app.path("clientId").asText(), app.path("issuedSecret").path("secret").asText()), 200);
        assertThat(r.json().path("scope").asText()).isEqualTo("orders.write");
    }

    @Test
    void wrongCredentialsAreInvalidClient() {
        JsonNode app = appWithRoles(List.of());
        String clientId = app.path("clientId").asText();
        String secret = app.path("issuedSecret").path("secret").asText();
        JsonNode other = appWithRoles(List.of());

        // A well-formed value that is simply not this client's secret.
        String foreign = other.path("issuedSecret").path("secret").asText();
        assertInvalidClient(gw.token(clientId, foreign));
        assertInvalidClient(gw.tokenWithForm(clientId, foreign));
        String tampered = secret.substring(0, 10) + (secret.charAt(10) == 'a' ? 'b' : 'a') + secret.substring(11);
        gw.recordSensitive(tampered);
        assertInvalidClient(gw.token(clientId, tampered));
        assertInvalidClient(gw.token(clientId, "sds_short"));
        assertInvalidClient(gw.token("sdc_noSuchClient", secret));
        assertInvalidClient(gw.tokenWithForm("sdc_noSuchClient", secret));
        assertInvalidClient(gw.token(clientId, ""));
        // The right pair still works afterwards.
        assertThat(gw.token(clientId, secret).status()).isEqualTo(200);
    }

    /** RFC 6749 §5.2: a failed HTTP Basic client authentication answers 401 with a Basic challenge. */
    @Test
    void failedBasicAuthenticationChallengesWithBasic() {
        JsonNode app = appWithRoles(List.of());
        Resp r = gw.token(app.path("clientId").asText(), "sds_wrong");
        assertInvalidClient(r);
        assertThat(r.header("WWW-Authenticate").orElse("")).as("WWW-Authenticate on %s", r).startsWith("Basic");
    }

    @Test
    void missingClientAuthenticationIsRefused() {
        Resp r = gw.call("POST", "/oauth/token").noAuth().form(Map.of("grant_type", "client_credentials")).send();
        assertThat(r.status()).as("%s", r).isIn(400, 401);
        assertThat(r.json().path("error").asText()).isIn("invalid_client", "invalid_request");
    }

    @Test
    void otherGrantTypesAreRefused() {
        JsonNode app = appWithRoles(List.of());
        Resp r = gw.call("POST", "/oauth/token").noAuth().form(Map.of("grant_type", "password",
                "client_id", app.path("clientId").asText(),
                "client_secret", app.path("issuedSecret").path("secret").asText())).send();
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.json().path("error").asText()).isIn("unsupported_grant_type", "invalid_request");
        assertThat(r.json().has("access_token")).isFalse();
    }

    @Test
    void successfulUseSetsLastUsedAt() throws Exception {
        JsonNode app = appWithRoles(List.of());
        String appId = app.path("id").asText();
        String secretId = app.path("issuedSecret").path("id").asText();
        assertThat(gw.secretById(appId, secretId).path("lastUsedAt").isNull()).isTrue();
        java.time.Instant usedAt = gw.clock().instant();
        expect(gw.token(app.path("clientId").asText(), app.path("issuedSecret").path("secret").asText()), 200);

        // The spec allows batching (at most a minute late): poll briefly, then move the clock past a minute.
        JsonNode lastUsed = pollLastUsed(appId, secretId, 5_000);
        if (lastUsed.isNull()) {
            gw.clock().advance(Duration.ofSeconds(61));
            lastUsed = pollLastUsed(appId, secretId, 5_000);
        }
        assertThat(lastUsed.isNull())
                .as("lastUsedAt still null 5 s after a successful token request, and 5 s after moving the clock 61 s on")
                .isFalse();
        assertThat(java.time.Instant.parse(lastUsed.asText())).isBetween(usedAt, gw.clock().instant());
    }

    private static JsonNode pollLastUsed(String appId, String secretId, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        JsonNode v = gw.secretById(appId, secretId).path("lastUsedAt");
        while (v.isNull() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            v = gw.secretById(appId, secretId).path("lastUsedAt");
        }
        return v;
    }

    @Test
    void jwksIsPublicAndHasEcP256Keys() {
        Resp r = expect(gw.call("GET", "/.well-known/jwks.json").noAuth().send(), 200);
        JsonNode keys = r.json().path("keys");
        assertThat(keys.isArray()).isTrue();
        assertThat(keys.size()).isPositive();
        Set<String> kids = new HashSet<>();
        for (JsonNode k : keys) {
            assertThat(k.path("kty").asText()).isEqualTo("EC");
            assertThat(k.path("crv").asText()).isEqualTo("P-256");
            assertThat(k.has("d")).as("a JWKS never publishes the private part").isFalse();
            assertThat(kids.add(k.path("kid").asText())).isTrue();
        }
    }

    @Test
    void withoutAPublicUrlTheIssuerAndTheOpenApiServerAreTheNodesOwnAddress() throws Exception {
        JsonNode app = appWithRoles(List.of());
        String jwt = expect(gw.token(app.path("clientId").asText(), app.path("issuedSecret").path("secret").asText()),
                200).json().path("access_token").asText();
        // The port it listens on, also when it was started with port 0.
        assertThat(payloadOf(jwt).path("iss").asText()).isEqualTo(gw.server().baseUri().toString())
                .doesNotEndWith(":0");
        JsonNode doc = expect(gw.call("GET", "/api/v1/openapi.json").noAuth().send(), 200).json();
        // Issue 20: the document named https://localhost:8443, where no gateway of this configuration listens.
        assertThat(doc.path("servers").get(0).path("url").asText()).isEqualTo(gw.server().baseUri().toString());
    }

    @Test
    void aConfiguredPublicUrlIsTheIssuerAndTheOpenApiServer(@TempDir Path ownDir) throws Exception {
        String publicUrl = "https://gateway.example.com:9443/secretdesk";
        try (GatewayFixture own = GatewayFixture.start(ownDir, MutableClock.startingNow(),
                c -> c.withPublicUrl(publicUrl + "/"))) {
            JsonNode app = own.createAppWithSecret(unique("issuer"), "main");
            String jwt = expect(own.token(app.path("clientId").asText(),
                    app.path("issuedSecret").path("secret").asText()), 200).json().path("access_token").asText();
            assertThat(payloadOf(jwt).path("iss").asText()).isEqualTo(publicUrl);

            JsonNode doc = expect(own.call("GET", "/api/v1/openapi.json").noAuth().send(), 200).json();
            assertThat(doc.path("servers").size()).isEqualTo(1);
            assertThat(doc.path("servers").get(0).path("url").asText()).isEqualTo(publicUrl);
            // Only the servers entry differs from the document in the repository.
            assertThat(doc.path("paths")).isEqualTo(
                    expect(gw.call("GET", "/api/v1/openapi.json").noAuth().send(), 200).json().path("paths"));
        }
    }

    static JsonNode payloadOf(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        assertThat(parts).as("JWT parts").hasSize(3);
        return gw.mapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    /** Header ES256 with a kid, signature verified with that kid's key from the JWKS. */
    static void assertValidJwt(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        assertThat(parts).as("JWT parts of %s", jwt).hasSize(3);
        Base64.Decoder b64 = Base64.getUrlDecoder();
        JsonNode header = gw.mapper().readTree(b64.decode(parts[0]));
        assertThat(header.path("alg").asText()).isEqualTo("ES256");
        String kid = header.path("kid").asText();
        assertThat(kid).isNotBlank();
        JsonNode payload = gw.mapper().readTree(b64.decode(parts[1]));
        assertThat(payload.isObject()).isTrue();

        JsonNode jwk = null;
        for (JsonNode k : expect(gw.call("GET", "/.well-known/jwks.json").noAuth().send(), 200).json().path("keys")) {
            if (kid.equals(k.path("kid").asText())) {
                jwk = k;
            }
        }
        assertThat(jwk).as("JWKS key with kid %s", kid).isNotNull();
        ECPublicKey key = ecPublicKey(jwk);
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(key);
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        verifier.update(signingInput);
        byte[] signature = b64.decode(parts[2]);
        assertThat(signature).as("ES256 signature is r||s, 64 bytes").hasSize(64);
        assertThat(verifier.verify(signature)).as("JWT signature verifies with the JWKS key").isTrue();

        // And a tampered signature does not: the check above can fail.
        byte[] tampered = Arrays.copyOf(signature, signature.length);
        tampered[5] ^= 1;
        verifier.initVerify(key);
        verifier.update(signingInput);
        assertThat(verifier.verify(tampered)).isFalse();
    }

    static ECPublicKey ecPublicKey(JsonNode jwk) throws Exception {
        Base64.Decoder b64 = Base64.getUrlDecoder();
        BigInteger x = new BigInteger(1, b64.decode(jwk.path("x").asText()));
        BigInteger y = new BigInteger(1, b64.decode(jwk.path("y").asText()));
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec));
    }
}
