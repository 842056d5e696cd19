package org.secretdesk.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.notify.ChannelTesting.WAIT;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.ReceiverTls;
import org.secretdesk.server.testing.SyslogReceiver;

/**
 * The audit trail streamed to syslog servers as RFC 5424, octet-counted: over TLS (the receiver's own CA) as JSON,
 * and over TCP as CEF; facility 13 (log audit), the event's type as MSGID and its id in the structured data.
 */
class SyslogChannelTest {

    @TempDir
    Path dir;
    GatewayFixture gw;
    ReceiverTls tls;
    SyslogReceiver overTls;
    SyslogReceiver overTcp;

    @BeforeEach
    void start() {
        gw = GatewayFixture.start(dir);
        tls = ReceiverTls.create();
        overTls = SyslogReceiver.tls(tls.serverContext());
        overTcp = SyslogReceiver.tcp();
    }

    @AfterEach
    void stop() throws Exception {
        overTls.close();
        overTcp.close();
        gw.close();
    }

    @Test
    void theAuditTrailArrivesAsRfc5424JsonOverTlsAndCefOverTcp() throws Exception {
        expect(gw.post("/api/v1/channels", gw.obj("name", "SIEM", "kind", "SYSLOG", "settings",
                gw.obj("host", "localhost", "port", overTls.port(), "transport", "TLS", "caCertificate",
                        tls.caPem()))), 201);
        expect(gw.post("/api/v1/channels", gw.obj("name", "ArcSight", "kind", "SYSLOG", "events",
                List.of("AUDIT"), "settings", gw.obj("host", "127.0.0.1", "port", overTcp.port(), "transport",
                        "TCP", "format", "CEF", "appName", "sd-gw"))), 201);
        String name = unique("audited");
        JsonNode app = gw.createAppWithSecret(name, "main");
        String value = app.path("issuedSecret").path("secret").asText();
        expect(gw.call("GET", "/api/v1/applications").auth("not-a-key").send(), 401);

        SyslogReceiver.Message created = overTls.await(m -> m.msg().contains("\"action\":\"application.create\""),
                WAIT);
        assertThat(created.facility()).isEqualTo(13);
        assertThat(created.severity()).isEqualTo(6);
        assertThat(created.appName()).isEqualTo("secretdesk");
        assertThat(created.msgId()).isEqualTo("AUDIT");
        JsonNode json = new ObjectMapper().readTree(created.msg());
        assertThat(created.structuredData()).isEqualTo("[secretdesk@32473 eventId=\"" + json.path("id").asText()
                + "\"]");
        assertThat(json.path("audit").path("description").asText()).isEqualTo(name);
        assertThat(json.path("audit").path("actor").asText()).isEqualTo("admin");
        SyslogReceiver.Message refused = overTls.await(m -> m.msg().contains("\"action\":\"auth.failed\""), WAIT);
        assertThat(new ObjectMapper().readTree(refused.msg()).path("audit").path("outcome").asText())
                .isEqualTo("REJECTED");

        SyslogReceiver.Message cef = overTcp.await(m -> m.msg().contains("act=secret.create"), WAIT);
        assertThat(cef.appName()).isEqualTo("sd-gw");
        assertThat(cef.msg()).startsWith("CEF:0|SecretDesk|SecretDesk Gateway|").contains("|AUDIT|Audit record|3|")
                .contains("suser=admin").contains("cs3=" + app.path("issuedSecret").path("id").asText())
                .contains("outcome=SUCCESS");
        assertThat(overTls.unparsed()).isEmpty();
        assertThat(overTcp.unparsed()).isEmpty();
        for (SyslogReceiver.Message m : overTls.messages()) {
            assertThat(m.msg()).doesNotContain(value);
        }
        for (SyslogReceiver.Message m : overTcp.messages()) {
            assertThat(m.msg()).doesNotContain(value);
        }
    }
}
