package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;
import static org.secretdesk.server.testing.Problems.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.GatewayPerClass;
import org.secretdesk.server.testing.Resp;

/** The gateway's root CA: download, info, rotation blocked while secrets exist, new TLS chain after rotation. */
class CaLifecycleTest {

    static GatewayFixture gw;
    @RegisterExtension
    static final GatewayPerClass GATEWAY = new GatewayPerClass(started -> gw = started);

    static X509Certificate parsePem(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    static String normalizeFingerprint(String f) {
        return f.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
    }

    private static void assertInfoDescribes(JsonNode info, X509Certificate ca) throws Exception {
        assertThat(info.path("subject").asText()).isNotBlank();
        assertThat(info.path("serialNumber").asText()).isNotBlank();
        assertThat(Instant.parse(info.path("notBefore").asText())).isEqualTo(ca.getNotBefore().toInstant());
        assertThat(Instant.parse(info.path("notAfter").asText())).isEqualTo(ca.getNotAfter().toInstant());
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ca.getEncoded()));
        assertThat(normalizeFingerprint(info.path("sha256Fingerprint").asText())).isEqualTo(expected);
        assertThat(info.path("keyAlgorithm").asText()).isNotBlank();
        assertThat(info.path("rotationBlocked").isBoolean()).isTrue();
    }

    private static Resp rotate(boolean force) {
        return gw.post("/api/v1/ca/rotate", gw.obj("force", force));
    }

    /** The certificate chain the gateway presents on a brand-new connection with a client trusting {@code ca}. */
    private static SSLSession handshake(X509Certificate ca) throws Exception {
        HttpClient client = GatewayFixture.httpClientTrusting(ca);
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(gw.uri("/api/v1/health"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.sslSession().orElseThrow();
    }

    @Test
    void caRotationLifecycle() throws Exception {
        // Download without authentication.
        Resp pem = gw.call("GET", "/api/v1/ca").noAuth().header("Accept", "*/*").send();
        expect(pem, 200);
        assertThat(pem.contentType()).startsWith("application/x-pem-file");
        assertThat(pem.body()).contains("-----BEGIN CERTIFICATE-----");
        X509Certificate oldCa = parsePem(pem.body());
        assertThat(oldCa).isEqualTo(gw.server().caCertificate());
        assertThat(oldCa.getBasicConstraints()).as("a CA certificate").isGreaterThanOrEqualTo(0);

        JsonNode info = expect(gw.get("/api/v1/ca/info"), 200).json();
        assertInfoDescribes(info, oldCa);
        assertThat(info.path("rotationBlocked").asBoolean()).isFalse();

        // The server certificate chains to the CA and names 127.0.0.1 (hostname verification passed).
        SSLSession session = handshake(oldCa);
        X509Certificate leaf = (X509Certificate) session.getPeerCertificates()[0];
        leaf.verify(oldCa.getPublicKey());

        // While a client secret exists, rotation is refused.
        JsonNode app = gw.createAppWithSecret(unique("ca-blocker"), "blocker");
        String appId = app.path("id").asText();
        String secretId = app.path("issuedSecret").path("id").asText();
        assertThat(expect(gw.get("/api/v1/ca/info"), 200).json().path("rotationBlocked").asBoolean()).isTrue();
        assertProblem(rotate(false), 409, "ca.rotation_blocked");
        assertProblem(gw.post("/api/v1/ca/rotate", gw.obj()), 409, "ca.rotation_blocked");
        assertThat(gw.server().caCertificate()).isEqualTo(oldCa);
        assertThat(parsePem(gw.call("GET", "/api/v1/ca").noAuth().header("Accept", "*/*").send().body())).isEqualTo(oldCa);

        // After the last secret is deleted (the application may stay), rotation is allowed.
        assertThat(gw.delete("/api/v1/applications/" + appId + "/secrets/" + secretId).status()).isEqualTo(204);
        assertThat(expect(gw.get("/api/v1/ca/info"), 200).json().path("rotationBlocked").asBoolean()).isFalse();
        java.util.Set<String> auditBefore = auditIds();
        Resp rotated = rotate(false);
        expect(rotated, 200);
        X509Certificate newCa = gw.server().caCertificate();
        assertThat(newCa).isNotEqualTo(oldCa);
        gw.retrust();
        assertThat(auditIds()).as("the rotation is audited").hasSizeGreaterThan(auditBefore.size());
        assertInfoDescribes(rotated.json(), newCa);
        assertThat(rotated.json().path("sha256Fingerprint").asText()).isNotEqualTo(info.path("sha256Fingerprint").asText());

        // A new connection presents a server certificate from the new CA: trusting only the new CA works,
        // trusting only the old one fails.
        SSLSession after = handshake(newCa);
        ((X509Certificate) after.getPeerCertificates()[0]).verify(newCa.getPublicKey());
        HttpClient oldTrust = GatewayFixture.httpClientTrusting(oldCa);
        assertThatThrownBy(() -> oldTrust.send(HttpRequest.newBuilder(gw.uri("/api/v1/health"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.io.IOException.class)
                .satisfies(e -> assertThat(causes(e)).anyMatch(c -> c instanceof javax.net.ssl.SSLHandshakeException));

        assertThat(parsePem(gw.call("GET", "/api/v1/ca").noAuth().header("Accept", "*/*").send().body())).isEqualTo(newCa);
        assertInfoDescribes(expect(gw.get("/api/v1/ca/info"), 200).json(), newCa);


        // With force, rotation happens even while secrets exist.
        JsonNode again = gw.createAppWithSecret(unique("ca-force"), "kept");
        assertProblem(rotate(false), 409, "ca.rotation_blocked");
        Resp forced = rotate(true);
        expect(forced, 200);
        X509Certificate third = gw.server().caCertificate();
        assertThat(third).isNotEqualTo(newCa);
        handshake(third);
        gw.retrust();
        // Secrets are untouched by a rotation.
        assertThat(gw.token(again.path("clientId").asText(), again.path("issuedSecret").path("secret").asText()).status())
                .isEqualTo(200);
    }

    private static java.util.Set<String> auditIds() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        gw.pages("/api/v1/audit", 1000).forEach(p -> p.path("items").forEach(e -> ids.add(e.path("id").asText())));
        return ids;
    }

    private static java.util.List<Throwable> causes(Throwable t) {
        java.util.List<Throwable> out = new java.util.ArrayList<>();
        for (Throwable c = t; c != null && out.size() < 20; c = c.getCause()) {
            out.add(c);
        }
        return out;
    }

    @Test
    void rotationRequiresAdmin() {
        assertProblem(gw.call("POST", "/api/v1/ca/rotate").noAuth().json(gw.obj("force", true)).send(), 401,
                "auth.missing_api_key");
        assertProblem(gw.call("POST", "/api/v1/ca/rotate").auth(gw.viewerKey()).json(gw.obj("force", true)).send(), 403,
                "auth.forbidden");
    }
}
