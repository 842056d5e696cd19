package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;
import static org.secretdesk.server.testing.Problems.assertProblem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.GatewayPerClass;
import org.secretdesk.server.testing.Resp;

/** Issue 20: AEAD-only TLS 1.2, HSTS and nosniff on every answer, no method override. */
class TransportSecurityTest {

    static GatewayFixture gw;
    @RegisterExtension
    static final GatewayPerClass GATEWAY = new GatewayPerClass(started -> gw = started);

    private SSLSocket connect(String protocol, String... suites) throws IOException {
        SSLSocket socket = (SSLSocket) GatewayFixture.sslContextTrusting(gw.server().caCertificate())
                .getSocketFactory().createSocket("127.0.0.1", gw.server().port());
        socket.setSoTimeout(10_000);
        socket.setEnabledProtocols(new String[] {protocol});
        socket.setEnabledCipherSuites(suites);
        return socket;
    }

    @Test
    void tls12OffersNoCbcSuite() throws IOException {
        for (String cbc : List.of("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA")) {
            try (SSLSocket socket = connect("TLSv1.2", cbc)) {
                assertThatThrownBy(socket::startHandshake).as(cbc).isInstanceOf(SSLException.class);
            }
        }
        for (String aead : List.of("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256")) {
            try (SSLSocket socket = connect("TLSv1.2", aead)) {
                socket.startHandshake();
                assertThat(socket.getSession().getCipherSuite()).isEqualTo(aead);
            }
        }
        try (SSLSocket socket = connect("TLSv1.3", "TLS_AES_128_GCM_SHA256")) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void everyAnswerCarriesHstsAndNosniff() throws IOException {
        for (Resp r : List.of(gw.get("/api/v1/applications"), gw.call("GET", "/api/v1/health").noAuth().send(),
                gw.call("GET", "/api/v1/applications").noAuth().send(), gw.get("/api/v1/no-such-thing"),
                gw.tokenWithForm("sdc_unknown", "sds_unknown"))) {
            assertThat(r.header("Strict-Transport-Security")).as("%s", r).hasValue("max-age=31536000");
            assertThat(r.header("X-Content-Type-Options")).as("%s", r).hasValue("nosniff");
        }
        // An error Jetty answers itself, before the routes (headers over its limit).
        String answer = rawExchange("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
                + "\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 431");
        assertThat(answer.toLowerCase()).contains("strict-transport-security: max-age=31536000")
                .contains("x-content-type-options: nosniff");
    }

    @Test
    void aMethodOverrideHeaderIsRefusedAndChangesNothing() {
        String appId = gw.createApp(unique("override")).path("id").asText();
        for (String header : List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override")) {
            Resp r = gw.call("POST", "/api/v1/applications/" + appId).header(header, "DELETE").json(gw.obj()).send();
            assertProblem(r, 400, "request.malformed");
        }
        expect(gw.get("/api/v1/applications/" + appId), 200);
    }

    private String rawExchange(String request) throws IOException {
        try (SSLSocket socket = connect("TLSv1.3", "TLS_AES_128_GCM_SHA256")) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
