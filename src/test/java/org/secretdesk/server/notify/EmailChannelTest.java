package org.secretdesk.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.notify.ChannelTesting.WAIT;
import static org.secretdesk.server.notify.ChannelTesting.awaitDelivery;
import static org.secretdesk.server.notify.ChannelTesting.ofType;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.ReceiverTls;
import org.secretdesk.server.testing.SmtpReceiver;

/**
 * E-mail through a real SMTP server that requires STARTTLS and authentication: expiry warnings (expiring, then
 * expired) go to the channel's recipients and the application's owners, as plain text and HTML saying what to do, with a link to the
 * console; a wrong password fails the channel's test without the password appearing anywhere.
 */
class EmailChannelTest {

    @TempDir
    Path dir;
    GatewayFixture gw;
    ReceiverTls tls;
    SmtpReceiver smtp;
    final String password = "smtp-" + GatewayFixture.randomToken(18);

    @BeforeEach
    void start() {
        gw = GatewayFixture.start(dir);
        gw.recordSensitive(password);
        tls = ReceiverTls.create();
        smtp = new SmtpReceiver(tls, "gateway@example.com", password);
    }

    @AfterEach
    void stop() {
        smtp.close();
        gw.close();
    }

    private JsonNode settings() {
        return gw.obj("host", "localhost", "port", smtp.port(), "security", "STARTTLS", "username",
                "gateway@example.com", "from", "secretdesk@example.com", "to", List.of("ops@example.com"),
                "toOwners", true, "consoleUrl", "https://secretdesk.example.com/console", "caCertificate",
                tls.caPem());
    }

    @Test
    void anExpiryWarningReachesOwnersAndRecipientsAsTextAndHtmlOverStartTls() throws Exception {
        expect(gw.put("/api/v1/settings/secret-policy", gw.obj("expiryEnabled", true, "expiresAfter", "P90D",
                "notifyBefore", List.of("P7D"))), 200);
        String channel = expect(gw.post("/api/v1/channels", gw.obj("name", "Mail", "kind", "EMAIL",
                "events", List.of("SECRET_EXPIRING", "SECRET_EXPIRED"), "credential", password,
                "settings", settings())), 201).json().path("id").asText();
        String name = unique("payroll");
        JsonNode app = expect(gw.post("/api/v1/applications", gw.obj("name", name,
                "owners", gw.obj("emails", List.of("Owner@Example.com"), "team", "Payroll team"),
                "initialSecret", gw.obj("description", "nightly batch", "expiresAfter", "P5D"))), 201).json();
        String value = app.path("issuedSecret").path("secret").asText();

        gw.server().runSchedulerNow();
        awaitDelivery(gw, channel, ofType("SECRET_EXPIRING", "DELIVERED"));

        SmtpReceiver.Mail toOwner = smtp.await(m -> m.recipient().equals("owner@example.com"), WAIT);
        SmtpReceiver.Mail toOps = smtp.await(m -> m.recipient().equals("ops@example.com"), WAIT);
        assertThat(toOwner.message().getSubject()).contains("Client secret expires soon").contains(name);
        assertThat(toOwner.message().getMessageID()).isEqualTo(toOps.message().getMessageID());
        MimeMultipart parts = (MimeMultipart) toOwner.message().getContent();
        assertThat(toOwner.message().getContentType()).startsWith("multipart/alternative");
        BodyPart text = parts.getBodyPart(0);
        BodyPart html = parts.getBodyPart(1);
        assertThat(text.getContentType()).startsWith("text/plain");
        assertThat(html.getContentType()).startsWith("text/html");
        assertThat((String) text.getContent()).contains("nightly batch", name, "What to do: Renew it",
                "Open SecretDesk: https://secretdesk.example.com/console", "Payroll team",
                app.path("issuedSecret").path("hint").asText());
        assertThat((String) html.getContent()).contains("<a href=\"https://secretdesk.example.com/console\">",
                "<strong>What to do:</strong>");
        for (SmtpReceiver.Mail m : smtp.mails()) {
            String raw = new String(m.raw(), StandardCharsets.UTF_8);
            assertThat(raw).doesNotContain(value).doesNotContain(password);
            assertThat(text.getContent().toString() + html.getContent()).doesNotContain(value);
        }
        assertThat(smtp.failedLogins()).isZero();

        // Past its expiry: SECRET_EXPIRED, to the same people, saying it no longer works.
        gw.clock().advance(java.time.Duration.ofDays(6));
        gw.server().runSchedulerNow();
        awaitDelivery(gw, channel, ofType("SECRET_EXPIRED", "DELIVERED"));
        SmtpReceiver.Mail expired = smtp.await(m -> m.recipient().equals("owner@example.com")
                && subject(m).contains("Client secret expired"), WAIT);
        assertThat(subject(expired)).contains(name);
        assertThat(((MimeMultipart) expired.message().getContent()).getBodyPart(0).getContent().toString())
                .contains("can no longer get tokens", "nightly batch");
        smtp.await(m -> m.recipient().equals("ops@example.com") && subject(m).contains("Client secret expired"),
                WAIT);
    }

    private static String subject(SmtpReceiver.Mail m) {
        try {
            return m.message().getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aWrongPasswordFailsTheTestAndNamesOnlyTheReply() {
        String wrong = "not-the-password-" + GatewayFixture.randomToken(8);
        gw.recordSensitive(wrong);
        String channel = expect(gw.post("/api/v1/channels", gw.obj("name", "Mail", "kind", "EMAIL",
                "credential", wrong, "settings", settings())), 201).json().path("id").asText();
        JsonNode test = expect(gw.post("/api/v1/channels/" + channel + "/test", gw.obj()), 200).json();
        assertThat(test.path("state").asText()).isEqualTo("FAILED");
        assertThat(test.path("lastError").asText()).contains("AUTH").doesNotContain(wrong);
        assertThat(smtp.failedLogins()).isEqualTo(1);
        assertThat(smtp.mails()).isEmpty();

        // The right password, changed alone: the settings stay, the test is delivered.
        expect(gw.patch("/api/v1/channels/" + channel, gw.obj("credential", password)), 200);
        JsonNode ok = expect(gw.post("/api/v1/channels/" + channel + "/test", gw.obj()), 200).json();
        assertThat(ok.path("state").asText()).as("%s", ok).isEqualTo("DELIVERED");
        assertThat(smtp.mails()).extracting(SmtpReceiver.Mail::recipient).containsExactly("ops@example.com");
    }
}
