package org.secretdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;
import static org.secretdesk.server.testing.Problems.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.MutableClock;
import org.secretdesk.server.testing.Resp;

/**
 * Promise 5: authentication holds. Read-only keys cannot write through any documented route (the routes come
 * from the OpenAPI document, so a new route is covered at once); credentials are compared in constant time;
 * a deleted, renewed or expired secret fails at the token endpoint at once; tokens that the gateway did not sign
 * never verify against its published keys. (Rate limiting of wrong admin keys: AdminAuthTest, per address.)
 *
 * <p>The gateway has one token signing key and no signing-key rotation today (SigningKeys, token-signing.key);
 * "old tokens verify until they expire after a rotation" is therefore documented as not applicable in
 * docs/reliability.md, and should be added here when rotation exists.
 */
class AuthenticationHoldsTest {

    @TempDir
    static Path dir;
    static GatewayFixture gw;

    @BeforeAll
    static void start() {
        gw = GatewayFixture.start(dir, MutableClock.startingNow(), 10);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void viewerKeysAreRefusedOnEveryDocumentedWriteRoute() {
        JsonNode app = gw.createAppWithSecret(unique("viewer-target"), "Default");
        String appId = app.path("id").asText();
        String secretId = app.path("issuedSecret").path("id").asText();
        List<DocumentedRoutes.Route> writes = DocumentedRoutes.load().writes().stream()
                .filter(DocumentedRoutes.Route::secured).filter(r -> !r.allows("viewer")).toList();
        assertThat(writes).as("documented admin write routes").hasSizeGreaterThanOrEqualTo(9);
        for (DocumentedRoutes.Route route : writes) {
            Resp r = gw.call(route.method(), route.fill(appId, secretId)).auth(gw.viewerKey())
                    .json("{}").send();
            assertProblem(r, 403, "auth.forbidden");
        }
        // Nothing happened: the application and its secret are unchanged, and no secret was issued.
        JsonNode after = expect(gw.get("/api/v1/applications/" + appId), 200).json();
        assertThat(after.path("version").asLong()).isEqualTo(app.path("version").asLong());
        assertThat(gw.secretsOf(appId)).hasSize(1);
        assertThat(gw.token(app.path("clientId").asText(), app.path("issuedSecret").path("secret").asText())
                .status()).isEqualTo(200);
    }

    @Test
    void everySecuredRouteNeedsAKey() {
        for (DocumentedRoutes.Route route : DocumentedRoutes.load().secured()) {
            Resp r = gw.call(route.method(), route.fill("app_x", "sec_x")).noAuth().json("{}").send();
            assertProblem(r, 401, "auth.missing_api_key");
        }
    }

    @Test
    void credentialsAreComparedInConstantTime() throws IOException {
        // Where the gateway compares a presented credential with a stored one it must use MessageDigest.isEqual
        // (or compare hashes in the database by exact lookup), never String/Arrays.equals, which stop at the first
        // differing byte. This scans the server's sources so that a new comparison is covered too.
        Path server = Path.of("src/main/java/org/secretdesk/server");
        Pattern unsafe = Pattern.compile("(?i)\\b\\w*(hash|secret|key|token|digest|password)\\w*\\s*\\.equals\\("
                + "|Arrays\\.equals\\(\\s*\\w*(hash|secret|key|digest)|\\.equals\\(\\s*\\w*(hash|presented|digest)");
        List<String> findings = new ArrayList<>();
        try (Stream<Path> files = Files.walk(server)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = unsafe.matcher(lines.get(i));
                    if (m.find() && !lines.get(i).contains("isEqual") && !isNameComparison(lines.get(i))
                            && !isConstant(m.group()) && !ALLOWED.contains(f.getFileName() + ": "
                            + lines.get(i).strip())) {
                        findings.add(server.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(findings).as("non-constant-time comparisons of credentials").isEmpty();
        assertThat(Files.readString(server.resolve("auth/AdminAuth.java"))).contains("MessageDigest.isEqual");
        assertThat(Files.readString(server.resolve("token/TokenService.java"))).contains("MessageDigest.isEqual");

        // Behaviour: a key wrong only in its last character is refused like one wrong in its first.
        String key = gw.opsKey();
        for (String wrong : List.of(flip(key, 0), flip(key, key.length() - 1), key + "x", key.substring(1))) {
            gw.recordSensitive(wrong);
            assertProblem(gw.call("GET", "/api/v1/roles").auth(wrong).send(), 401, "auth.invalid_api_key");
            gw.clock().advance(Duration.ofMinutes(2)); // stay below the rate limit
        }
    }

    /**
     * Comparisons that see no attacker input, with why. Only add one here with its reason.
     */
    private static final java.util.Set<String> ALLOWED = java.util.Set.of(
            // at node start: the local admin.key file's hash against the cluster's stored hash
            "ClusterAdminKey.java: if (localHash != null && !localHash.equals(row.get().sha256())) {");

    /** CONSTANT_NAMES.equals(x): an event type or header name, not a credential. */
    private static boolean isConstant(String match) {
        String identifier = match.substring(0, match.indexOf('.')).strip();
        return !identifier.isEmpty() && identifier.equals(identifier.toUpperCase(java.util.Locale.ROOT));
    }

    /** Key names, header names and JSON field names are not credentials. */
    private static boolean isNameComparison(String line) {
        return line.contains("\"") || line.contains("getKey()") || line.contains(".name()");
    }

    @Test
    void deletedRenewedAndExpiredSecretsFailAtOnce() {
        JsonNode app = gw.createAppWithSecret(unique("token-life"), "first");
        String appId = app.path("id").asText();
        String clientId = app.path("clientId").asText();
        String first = app.path("issuedSecret").path("secret").asText();
        String firstId = app.path("issuedSecret").path("id").asText();
        assertThat(gw.token(clientId, first).status()).isEqualTo(200);

        // Renew without grace: the old value stops at once, the new one works.
        JsonNode renewed = expect(gw.renew(appId, firstId, null), 200).json();
        String second = renewed.path("secret").asText();
        assertInvalidClient(gw.token(clientId, first));
        assertThat(gw.token(clientId, second).status()).isEqualTo(200);

        // Delete: stops at once.
        expect(gw.delete("/api/v1/applications/" + appId + "/secrets/" + firstId), 204);
        assertInvalidClient(gw.token(clientId, second));
        assertInvalidClient(gw.tokenWithForm(clientId, second));

        // Expiry: a secret that expires in one hour works until then and not one millisecond after.
        JsonNode third = expect(gw.post("/api/v1/applications/" + appId + "/secrets",
                gw.obj("description", "short", "expiresAfter", "PT1H")), 201).json();
        String thirdValue = third.path("secret").asText();
        assertThat(gw.token(clientId, thirdValue).status()).isEqualTo(200);
        gw.clock().advance(Duration.ofMinutes(59));
        assertThat(gw.token(clientId, thirdValue).status()).isEqualTo(200);
        gw.clock().advance(Duration.ofMinutes(1).plusMillis(1));
        assertInvalidClient(gw.token(clientId, thirdValue));

        // Deleting the application stops every secret it had.
        JsonNode other = gw.createAppWithSecret(unique("token-app-delete"), "Default");
        String otherValue = other.path("issuedSecret").path("secret").asText();
        String otherClient = other.path("clientId").asText();
        assertThat(gw.token(otherClient, otherValue).status()).isEqualTo(200);
        expect(gw.delete("/api/v1/applications/" + other.path("id").asText()), 204);
        assertInvalidClient(gw.token(otherClient, otherValue));
    }

    private static void assertInvalidClient(Resp r) {
        assertThat(r.status()).as("%s", r).isEqualTo(401);
        assertThat(r.json().path("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void onlyTokensTheGatewaySignedVerify() throws Exception {
        JsonNode app = gw.createAppWithSecret(unique("jwt"), "Default");
        String jwt = expect(gw.token(app.path("clientId").asText(), app.path("issuedSecret").path("secret").asText()),
                200).json().path("access_token").asText();
        String[] parts = jwt.split("\\.");
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        assertThat(verifies(jwt)).as("the gateway's own token").isTrue();

        // Tampered payload, original signature.
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String elevated = payload.replaceFirst("\"scope\":\"[^\"]*\"", "\"scope\":\"admin\"")
                .replaceFirst("\"exp\":(\\d+)", "\"exp\":9999999999");
        assertThat(elevated).isNotEqualTo(payload);
        assertThat(verifies(parts[0] + "." + enc.encodeToString(elevated.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2])).as("tampered payload").isFalse();

        // alg none, with and without a signature.
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String none = enc.encodeToString(header.replace("ES256", "none").getBytes(StandardCharsets.UTF_8));
        assertThat(verifies(none + "." + parts[1] + ".")).as("alg none, no signature").isFalse();
        assertThat(verifies(none + "." + parts[1] + "." + parts[2])).as("alg none, old signature").isFalse();

        // Signed with another key under the gateway's kid.
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair attacker = gen.generateKeyPair();
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(attacker.getPrivate());
        s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifies(parts[0] + "." + parts[1] + "." + enc.encodeToString(s.sign())))
                .as("signed with a key that is not the gateway's").isFalse();
    }

    /** What a resource server does: the header's kid must be in the JWKS and alg must be ES256. */
    private static boolean verifies(String jwt) throws Exception {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3 || parts[2].isEmpty()) {
            return false;
        }
        JsonNode header = gw.mapper().readTree(Base64.getUrlDecoder().decode(parts[0]));
        if (!header.path("alg").asText().equals("ES256")) {
            return false;
        }
        for (JsonNode jwk : expect(gw.call("GET", "/.well-known/jwks.json").noAuth().send(), 200).json()
                .path("keys")) {
            if (jwk.path("kid").asText().equals(header.path("kid").asText())) {
                Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
                v.initVerify(ecPublicKey(jwk));
                v.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
                byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
                return sig.length == 64 && v.verify(sig);
            }
        }
        return false;
    }

    private static ECPublicKey ecPublicKey(JsonNode jwk) throws Exception {
        Base64.Decoder b64 = Base64.getUrlDecoder();
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(
                new BigInteger(1, b64.decode(jwk.path("x").asText())),
                new BigInteger(1, b64.decode(jwk.path("y").asText()))), spec));
    }

    private static String flip(String s, int at) {
        char c = s.charAt(at);
        return s.substring(0, at) + (c == 'A' ? 'B' : 'A') + s.substring(at + 1);
    }
}
