package org.secretdesk.client.secretdesk;

import static org.secretdesk.client.secretdesk.JsonFields.enumValue;
import static org.secretdesk.client.secretdesk.JsonFields.instant;
import static org.secretdesk.client.secretdesk.JsonFields.list;
import static org.secretdesk.client.secretdesk.JsonFields.optInstant;
import static org.secretdesk.client.secretdesk.JsonFields.optInt;
import static org.secretdesk.client.secretdesk.JsonFields.optText;
import static org.secretdesk.client.secretdesk.JsonFields.requireObject;
import static org.secretdesk.client.secretdesk.JsonFields.stringList;
import static org.secretdesk.client.secretdesk.JsonFields.text;
import static org.secretdesk.client.secretdesk.JsonFields.version;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.secretdesk.client.ChannelSpec;
import org.secretdesk.model.CalendarToken;
import org.secretdesk.model.Channel;
import org.secretdesk.model.ChannelDelivery;
import org.secretdesk.model.ChannelEvent;
import org.secretdesk.model.ChannelSettings;
import org.secretdesk.model.SecretValue;

/**
 * The JSON of notification channels, their deliveries and the calendar feed's tokens (docs/notifications.md). A
 * channel's credential is written into a request body of its own that the caller wipes after sending; it is never
 * part of a String or a JSON tree.
 */
final class ChannelJson {

    private static final byte[] CREDENTIAL_START = "{\"credential\":\"".getBytes(StandardCharsets.US_ASCII);

    private ChannelJson() {
    }

    // ---------------------------------------------------------------- requests

    /** The channel as sent on create ({@code kind} included) or change (without: it cannot change). */
    static ObjectNode spec(ObjectNode body, ChannelSpec spec, boolean create) {
        body.put("name", spec.name());
        if (create) {
            body.put("kind", spec.kind().name());
        }
        body.put("enabled", spec.enabled());
        ArrayNode events = body.putArray("events");
        spec.events().forEach(e -> events.add(e.name()));
        ObjectNode settings = body.putObject("settings");
        ChannelSettings s = spec.settings();
        switch (spec.kind()) {
            case WEBHOOK -> putIf(settings, "url", s.url());
            case EMAIL -> {
                putIf(settings, "host", s.host());
                putIf(settings, "port", s.port());
                putIf(settings, "security", s.security());
                putIf(settings, "username", s.username());
                putIf(settings, "from", s.from());
                ArrayNode to = settings.putArray("to");
                s.to().forEach(to::add);
                settings.put("toOwners", s.toOwners() == null || s.toOwners());
                putIf(settings, "consoleUrl", s.consoleUrl());
            }
            case SYSLOG -> {
                putIf(settings, "host", s.host());
                putIf(settings, "port", s.port());
                putIf(settings, "transport", s.transport());
                putIf(settings, "format", s.format());
                putIf(settings, "appName", s.appName());
            }
            default -> throw new IllegalStateException();
        }
        putIf(settings, "caCertificate", s.caCertificate());
        return body;
    }

    private static void putIf(ObjectNode node, String field, Object value) {
        if (value instanceof String text && !text.isBlank()) {
            node.put(field, text);
        } else if (value instanceof Integer number) {
            node.put(field, number);
        }
    }

    /**
     * {@code body} (a JSON object's bytes) with {@code "credential"} added first, escaped as JSON demands. The
     * intermediate copies are wiped; the caller wipes the answer (and {@code body} stays the caller's).
     */
    static byte[] withCredential(byte[] body, SecretValue credential) {
        char[] chars = credential.copyChars();
        char[] escaped = escape(chars);
        Arrays.fill(chars, '\0');
        ByteBuffer utf8;
        try {
            utf8 = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(escaped));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("The credential holds characters that are not text", null);
        } finally {
            Arrays.fill(escaped, '\0');
        }
        boolean more = body.length > 2; // "{}" has no field to follow
        int n = utf8.remaining();
        byte[] out = new byte[CREDENTIAL_START.length + n + 2 + (more ? body.length - 1 : 0)]; // '"' and ',' or '}'
        System.arraycopy(CREDENTIAL_START, 0, out, 0, CREDENTIAL_START.length);
        utf8.get(out, CREDENTIAL_START.length, n);
        Arrays.fill(utf8.array(), (byte) 0);
        int at = CREDENTIAL_START.length + n;
        out[at++] = '"';
        if (more) {
            out[at++] = ',';
            System.arraycopy(body, 1, out, at, body.length - 1);
        } else {
            out[at] = '}';
        }
        return out;
    }

    private static char[] escape(char[] in) {
        int length = 0;
        for (char c : in) {
            length += c == '"' || c == '\\' ? 2 : c < 0x20 ? 6 : 1;
        }
        char[] out = new char[length];
        int i = 0;
        for (char c : in) {
            if (c == '"' || c == '\\') {
                out[i++] = '\\';
                out[i++] = c;
            } else if (c < 0x20) {
                out[i++] = '\\';
                out[i++] = 'u';
                out[i++] = '0';
                out[i++] = '0';
                out[i++] = Character.forDigit(c >> 4, 16);
                out[i++] = Character.forDigit(c & 0xf, 16);
            } else {
                out[i++] = c;
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- answers

    static List<Channel> channels(JsonNode n) {
        requireObject(n, "channel list");
        return list(n.get("items"), "channels", ChannelJson::channel);
    }

    static Channel channel(JsonNode n) {
        requireObject(n, "channel");
        Channel.Kind kind = enumValue(n, "kind", Channel.Kind.class, "channel kind");
        List<ChannelEvent> events = new ArrayList<>();
        for (String name : stringList(n, "events")) {
            try {
                events.add(ChannelEvent.valueOf(name));
            } catch (IllegalArgumentException e) {
                // an event type newer than this console: kept by the gateway, not shown here
            }
        }
        JsonNode settings = n.get("settings");
        requireObject(settings, "settings");
        Boolean enabled = n.path("enabled").isBoolean() ? n.get("enabled").booleanValue() : Boolean.TRUE;
        return new Channel(text(n, "id"), text(n, "name"), kind, enabled, events, settings(settings),
                n.path("credentialSet").asBoolean(false), instant(n, "createdAt"), optInstant(n, "updatedAt"),
                version(n));
    }

    private static ChannelSettings settings(JsonNode s) {
        JsonNode port = s.get("port");
        JsonNode toOwners = s.get("toOwners");
        return new ChannelSettings(optText(s, "url"), optText(s, "host"),
                port != null && port.canConvertToInt() ? port.intValue() : null, optText(s, "security"),
                optText(s, "username"), optText(s, "from"), stringList(s, "to"),
                toOwners != null && toOwners.isBoolean() ? toOwners.booleanValue() : null, optText(s, "consoleUrl"),
                optText(s, "transport"), optText(s, "format"), optText(s, "appName"), optText(s, "caCertificate"));
    }

    static List<ChannelDelivery> deliveries(JsonNode n) {
        requireObject(n, "delivery list");
        return list(n.get("items"), "deliveries", ChannelJson::delivery);
    }

    static ChannelDelivery delivery(JsonNode n) {
        requireObject(n, "delivery");
        ChannelDelivery.State state = enumValue(n, "state", ChannelDelivery.State.class, "delivery state");
        return new ChannelDelivery(text(n, "id"), optText(n, "eventId"), text(n, "eventType"), state,
                optInt(n, "attempts"), optInt(n, "maxAttempts"), instant(n, "createdAt"),
                optInstant(n, "nextAttemptAt"), optInstant(n, "finishedAt"), optText(n, "lastError"));
    }

    static List<CalendarToken> calendarTokens(JsonNode n) {
        requireObject(n, "token list");
        return list(n.get("items"), "calendar tokens", ChannelJson::calendarToken);
    }

    static CalendarToken calendarToken(JsonNode n) {
        requireObject(n, "calendar token");
        return new CalendarToken(text(n, "id"), optText(n, "name"), optText(n, "createdBy"), instant(n, "createdAt"),
                optInstant(n, "lastUsedAt"));
    }

    /** The feed's URL of a token just issued, as a wipeable value (the tree's String is left to the collector). */
    static SecretValue feedUrl(JsonNode n) {
        String url = text(n, "url");
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
            throw new ProtocolViolation("the calendar feed url is not a URL");
        }
        return SecretValue.copyOf(url);
    }
}
