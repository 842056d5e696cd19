package org.secretdesk.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import javax.net.ssl.SSLSocket;
import org.secretdesk.server.Version;

/**
 * The event as one RFC 5424 message over TCP (RFC 6587) or TLS (RFC 5425), octet-counted ({@code LEN SP MSG}),
 * for a SIEM. Facility 13 (log audit); the severity from the event's type; MSGID the type; the event id in the
 * structured data element {@code [secretdesk@32473 eventId="…"]} (32473: the documentation enterprise number of
 * RFC 5612, until the project has its own). The message is the event's JSON, or CEF.
 */
final class SyslogSender implements Sender {

    static final int FACILITY = 13;
    /** RFC 5424 HOSTNAME: this machine's name, looked up once. */
    private static final String HOST = hostName();

    @Override
    public void send(ObjectNode settings, JsonNode event, String payload, byte[] credential)
            throws DeliveryException {
        String host = settings.path("host").asText();
        int port = settings.path("port").asInt();
        byte[] message = frame(message(settings, event, payload));
        boolean tls = "TLS".equals(settings.path("transport").asText());
        try (Socket plain = Sockets.connect(host, port)) {
            if (tls) {
                try (SSLSocket s = Sockets.tls(settings, plain, host, port)) {
                    write(s.getOutputStream(), message);
                }
            } else {
                write(plain.getOutputStream(), message);
            }
        } catch (IOException e) {
            throw Sockets.failure(e, host, port);
        }
    }

    private static void write(OutputStream out, byte[] message) throws IOException {
        out.write(message);
        out.flush();
    }

    /** RFC 6587 octet counting: the message's length in bytes, a space, the message. */
    static byte[] frame(String message) {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        byte[] head = (body.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    /** The RFC 5424 message: {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG}. */
    static String message(ObjectNode settings, JsonNode event, String payload) {
        EventType type = type(event);
        int pri = FACILITY * 8 + type.severity();
        String time;
        try {
            time = Instant.parse(event.path("occurredAt").asText()).toString();
        } catch (DateTimeParseException e) {
            time = "-";
        }
        String host = HOST;
        String msg = "CEF".equals(settings.path("format").asText()) ? cef(event, type) : payload;
        return "<" + pri + ">1 " + time + " " + host + " " + settings.path("appName").asText("secretdesk") + " - "
                + type.name() + " [secretdesk@32473 eventId=\"" + sdValue(event.path("id").asText()) + "\"] "
                + "\uFEFF" + msg;
    }

    private static EventType type(JsonNode event) {
        try {
            return EventType.valueOf(event.path("type").asText());
        } catch (IllegalArgumentException e) {
            return EventType.AUDIT;
        }
    }

    /**
     * ArcSight Common Event Format: {@code CEF:0|Vendor|Product|Version|SignatureID|Name|Severity|Extension}, with
     * '|' and '\' escaped in the header and '=', '\' and line ends in the extension's values.
     */
    static String cef(JsonNode event, EventType type) {
        int severity = switch (type.severity()) {
            case 3 -> 9;
            case 4 -> 7;
            case 5 -> 5;
            default -> 3;
        };
        JsonNode audit = event.path("audit");
        StringBuilder ext = new StringBuilder();
        ext(ext, "externalId", event.path("id").asText(null));
        ext(ext, "rt", epochMillis(event.path("occurredAt").asText(null)));
        ext(ext, "msg", event.path("detail").asText(null));
        ext(ext, "cs1Label", "applicationId");
        ext(ext, "cs1", event.path("application").path("id").asText(audit.path("applicationId").asText(null)));
        ext(ext, "cs2Label", "applicationName");
        ext(ext, "cs2", event.path("application").path("name").asText(null));
        ext(ext, "cs3Label", "secretId");
        ext(ext, "cs3", event.path("secret").path("id").asText(audit.path("secretId").asText(null)));
        ext(ext, "cs4Label", "secretExpiresAt");
        ext(ext, "cs4", event.path("secret").path("expiresAt").asText(null));
        ext(ext, "suser", audit.path("actor").asText(null));
        ext(ext, "act", audit.path("action").asText(null));
        ext(ext, "outcome", audit.path("outcome").asText(null));
        ext(ext, "src", audit.path("remoteAddress").asText(null));
        return "CEF:0|SecretDesk|SecretDesk Gateway|" + cefHeader(Version.current()) + "|" + type.name() + "|"
                + cefHeader(type.title()) + "|" + severity + "|" + ext.toString().strip();
    }

    private static void ext(StringBuilder ext, String key, String value) {
        if (value == null || value.isEmpty() || "null".equals(value)) {
            return;
        }
        ext.append(key).append('=').append(value.replace("\\", "\\\\").replace("=", "\\=")
                .replace("\r", "\\r").replace("\n", "\\n")).append(' ');
    }

    private static String cefHeader(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|");
    }

    private static String epochMillis(String time) {
        try {
            return time == null ? null : Long.toString(Instant.parse(time).toEpochMilli());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** RFC 5424 PARAM-VALUE: '"', '\' and ']' escaped. */
    private static String sdValue(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
    }

    private static String hostName() {
        try {
            String h = java.net.InetAddress.getLocalHost().getHostName();
            return h.matches("[!-~]{1,255}") ? h.toLowerCase(Locale.ROOT) : "-";
        } catch (IOException e) {
            return "-";
        }
    }
}
