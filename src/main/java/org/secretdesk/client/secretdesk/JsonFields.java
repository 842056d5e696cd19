package org.secretdesk.client.secretdesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.secretdesk.model.IsoDurations;

/**
 * Reading and writing single fields of the gateway's JSON, shared by {@link SecretDeskJson}, {@link ApplicationJson}
 * and {@link ChannelJson}: strict where the console relies on a field, failures as {@link ProtocolViolation}s naming
 * the field, never its value.
 */
final class JsonFields {

    private JsonFields() {
    }

    static void putDuration(ObjectNode node, String field, Duration value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, IsoDurations.format(value));
        }
    }

    static void requireObject(JsonNode n, String what) {
        if (n == null || !n.isObject()) {
            throw new ProtocolViolation(what + " is not a JSON object");
        }
    }

    static <T> List<T> list(JsonNode items, String what, Function<JsonNode, T> item) {
        if (items == null || !items.isArray()) {
            throw new ProtocolViolation(what + " is not a list");
        }
        List<T> out = new ArrayList<>(items.size());
        for (JsonNode element : items) {
            requireObject(element, what + " element");
            out.add(item.apply(element));
        }
        return out;
    }

    static String text(JsonNode n, String field) {
        String value = optText(n, field);
        if (value == null) {
            throw new ProtocolViolation("missing " + field);
        }
        return value;
    }

    static String optText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ProtocolViolation(field + " is not a string");
        }
        return v.asText();
    }

    /** The enum constant named by the text {@code field}; a name this console does not know is "unknown {what}". */
    static <E extends Enum<E>> E enumValue(JsonNode n, String field, Class<E> type, String what) {
        String name = text(n, field);
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new ProtocolViolation("unknown " + what);
        }
    }

    static long version(JsonNode n) {
        JsonNode v = n.get("version");
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new ProtocolViolation("missing or invalid version");
        }
        return v.asLong();
    }

    static int optInt(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new ProtocolViolation(field + " is not an integer");
        }
        return v.asInt();
    }

    static boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isBoolean()) {
            throw new ProtocolViolation("missing or invalid " + field);
        }
        return v.asBoolean();
    }

    static Instant instant(JsonNode n, String field) {
        Instant value = optInstant(n, field);
        if (value == null) {
            throw new ProtocolViolation("missing " + field);
        }
        return value;
    }

    /** RFC 3339: {@code Z} or an offset. */
    static Instant optInstant(JsonNode n, String field) {
        String text = optText(n, field);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new ProtocolViolation(field + " is not an RFC 3339 time");
        }
    }

    static Duration optDuration(JsonNode n, String field) {
        String text = optText(n, field);
        if (text == null) {
            return null;
        }
        return IsoDurations.parse(text).orElseThrow(() -> new ProtocolViolation(field + " is not an ISO-8601 duration"));
    }

    static List<String> stringList(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new ProtocolViolation(field + " is not a list");
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw new ProtocolViolation(field + " holds a non-string");
            }
            out.add(item.asText());
        }
        return out;
    }
}
