package org.secretdesk.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.secretdesk.server.Randoms;

/**
 * The e-mail of an event (RFC 5322 + MIME): multipart/alternative with a plain-text and an HTML body, each in
 * base64 UTF-8; a UTF-8 subject in RFC 2047 form. What the event says, what to do, and a link: the channel's
 * {@code consoleUrl}, else the gateway's address (the console connects there).
 */
final class EmailMessage {

    private EmailMessage() {
    }

    static String of(ObjectNode settings, JsonNode event, List<String> to, String date) {
        EventType type = EventType.valueOf(event.path("type").asText());
        String app = event.path("application").path("name").asText(null);
        String subject = "[SecretDesk] " + type.title() + (app == null ? "" : ": " + app);
        String link = settings.hasNonNull("consoleUrl") ? settings.path("consoleUrl").asText()
                : event.path("gateway").asText("");
        String boundary = "sd-" + Randoms.id("", 24);
        StringBuilder m = new StringBuilder();
        header(m, "From", "SecretDesk <" + settings.path("from").asText() + ">");
        header(m, "To", String.join(", ", to));
        header(m, "Subject", encodedWord(subject));
        header(m, "Date", date);
        header(m, "Message-ID", "<" + event.path("id").asText() + "@secretdesk>");
        header(m, "X-SecretDesk-Event-Id", event.path("id").asText());
        header(m, "X-SecretDesk-Event", type.name());
        header(m, "MIME-Version", "1.0");
        header(m, "Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
        m.append("\r\n");
        part(m, boundary, "text/plain", text(type, event, link));
        part(m, boundary, "text/html", html(type, event, link));
        m.append("--").append(boundary).append("--\r\n");
        return m.toString();
    }

    /** The plain-text body. */
    static String text(EventType type, JsonNode event, String link) {
        StringBuilder b = new StringBuilder();
        b.append(event.path("detail").asText(type.title())).append("\n\n");
        facts(event).forEach(f -> b.append(f[0]).append(": ").append(f[1]).append('\n'));
        if (!type.action().isEmpty()) {
            b.append("\nWhat to do: ").append(type.action()).append('\n');
        }
        if (!link.isEmpty()) {
            b.append("\nOpen SecretDesk: ").append(link).append('\n');
        }
        b.append("\nEvent ").append(event.path("id").asText()).append(" (").append(type.name()).append(")\n");
        return b.toString();
    }

    static String html(EventType type, JsonNode event, String link) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        b.append("<h2>").append(escape(type.title())).append("</h2>");
        b.append("<p>").append(escape(event.path("detail").asText(type.title()))).append("</p><table>");
        facts(event).forEach(f -> b.append("<tr><th align=\"left\">").append(escape(f[0])).append("</th><td>")
                .append(escape(f[1])).append("</td></tr>"));
        b.append("</table>");
        if (!type.action().isEmpty()) {
            b.append("<p><strong>What to do:</strong> ").append(escape(type.action())).append("</p>");
        }
        if (!link.isEmpty()) {
            b.append("<p><a href=\"").append(escape(link)).append("\">Open SecretDesk</a></p>");
        }
        b.append("<p style=\"color:#666\">Event ").append(escape(event.path("id").asText())).append(" (")
                .append(type.name()).append(")</p></body></html>");
        return b.toString();
    }

    private static List<String[]> facts(JsonNode event) {
        JsonNode app = event.path("application");
        JsonNode secret = event.path("secret");
        List<String[]> out = new java.util.ArrayList<>();
        add(out, "Application", app.path("name").asText(null));
        add(out, "Team", app.path("owners").path("team").asText(null));
        add(out, "Secret", secret.path("description").asText(null));
        add(out, "Secret id", secret.path("id").asText(null));
        add(out, "Hint", secret.path("hint").asText(null));
        add(out, "Expires", secret.path("expiresAt").asText(null));
        add(out, "Threshold", event.path("threshold").asText(null));
        add(out, "Gateway", event.path("gateway").asText(null));
        add(out, "When", event.path("occurredAt").asText(null));
        return out;
    }

    private static void add(List<String[]> out, String name, String value) {
        if (value != null && !value.isEmpty() && !"null".equals(value)) {
            out.add(new String[] {name, value});
        }
    }

    private static void header(StringBuilder m, String name, String value) {
        m.append(name).append(": ").append(value.replaceAll("[\\r\\n]", " ")).append("\r\n");
    }

    private static void part(StringBuilder m, String boundary, String type, String body) {
        m.append("--").append(boundary).append("\r\n");
        m.append("Content-Type: ").append(type).append("; charset=UTF-8\r\n");
        m.append("Content-Transfer-Encoding: base64\r\n\r\n");
        m.append(Base64.getMimeEncoder(76, new byte[] {'\r', '\n'})
                .encodeToString(body.getBytes(StandardCharsets.UTF_8))).append("\r\n");
    }

    /** RFC 2047 B-encoding when the text is not plain ASCII. */
    private static String encodedWord(String s) {
        if (s.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)) {
            return s;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
