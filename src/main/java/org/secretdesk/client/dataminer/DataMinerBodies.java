package org.secretdesk.client.dataminer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.secretdesk.client.HttpTransport;
import org.secretdesk.model.SecretValue;

/**
 * The BrokerGateway's answer bodies in every shape its documentation leaves open. The documentation names the
 * routes and says what comes back, never the exact JSON, so each body is read tolerantly:
 * <ul>
 *   <li>the new key: the body as text, a JSON string (escapes decoded), or a JSON object holding it under
 *       {@code key}/{@code Key}/{@code clientSecret}/… — also the client-secret file's
 *       {@code {"APIKeys":[{"Key":…,"Name":…}]}};</li>
 *   <li>the list: a bare array or an object wrapping one; items as objects with a name and a redacted key in any
 *       field-name case (or under {@code clientName}, {@code secret}, …), as bare names, or one object mapping names
 *       to redacted keys; a JSON string that holds the JSON; an empty body for no secrets;</li>
 *   <li>an error: plain text, or JSON with {@code detail}, {@code title}, {@code message} or {@code error}
 *       (ASP.NET's problem details among them).</li>
 * </ul>
 * A key never becomes a {@code String}: it is read from the parser's characters into a {@link SecretValue}.
 */
final class DataMinerBodies {

    /** A listed secret: its name and its key as the BrokerGateway shows it (redacted), or null. */
    record Listed(String name, String redactedKey) {
    }

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON);
    private static final Set<String> NAME_FIELDS = Set.of("name", "clientname", "clientsecretname");
    private static final Set<String> KEY_FIELDS = Set.of("key", "clientsecret", "secret", "apikey", "redactedkey",
            "value");
    private static final int MAX_DEPTH = 4;

    private DataMinerBodies() {
    }

    // ================================================================ the new key

    /** The key in a generate answer, or null when the body holds none. */
    static SecretValue key(byte[] body) {
        SecretValue raw = HttpTransport.utf8Secret(body);
        if (raw.length() == 0) {
            return raw;
        }
        char first = raw.charAt(0);
        if (first != '"' && first != '{' && first != '[') {
            return raw; // plain text: the key itself
        }
        raw.destroy();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() == JsonToken.VALUE_STRING) {
                return chars(p);
            }
            return findKey(p, 0);
        } catch (IOException notJson) {
            return HttpTransport.utf8Secret(body); // text that merely starts like JSON
        }
    }

    /** The first string under a key-like field name, searching objects and arrays a few levels deep. */
    private static SecretValue findKey(JsonParser p, int depth) throws IOException {
        JsonToken t = p.currentToken();
        if (depth > MAX_DEPTH || t == null) {
            return null;
        }
        if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName().toLowerCase(java.util.Locale.ROOT);
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING && KEY_FIELDS.contains(field)) {
                    return chars(p);
                }
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    SecretValue inner = findKey(p, depth + 1);
                    if (inner != null) {
                        return inner;
                    }
                } else {
                    p.skipChildren();
                }
            }
        } else if (t == JsonToken.START_ARRAY) {
            while (p.nextToken() != JsonToken.END_ARRAY && p.currentToken() != null) {
                if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
                    SecretValue inner = findKey(p, depth + 1);
                    if (inner != null) {
                        return inner;
                    }
                }
            }
        }
        return null;
    }

    private static SecretValue chars(JsonParser p) throws IOException {
        char[] text = p.getTextCharacters();
        return SecretValue.wrap(Arrays.copyOfRange(text, p.getTextOffset(), p.getTextOffset() + p.getTextLength()));
    }

    // ================================================================ the list

    /** @throws IOException when the body is not a list of secrets in any known shape */
    static List<Listed> list(byte[] body) throws IOException {
        if (new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return List.of();
        }
        JsonNode root = MAPPER.readTree(body);
        if (root != null && root.isTextual() && looksLikeJson(root.asText())) {
            root = MAPPER.readTree(root.asText()); // JSON sent as a JSON string
        }
        root = unwrap(root, 0);
        if (root == null) {
            throw new IOException("no list");
        }
        List<Listed> out = new ArrayList<>();
        if (root.isObject()) { // {"Cube 01":"abcd****", …}
            for (Map.Entry<String, JsonNode> e : root.properties()) {
                out.add(new Listed(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : null));
            }
            return out;
        }
        for (JsonNode item : root) {
            if (item.isTextual()) {
                out.add(new Listed(item.asText(), null));
            } else if (item.isObject()) {
                String name = field(item, NAME_FIELDS);
                if (name == null) {
                    throw new IOException("a client secret without a name");
                }
                out.add(new Listed(name, field(item, KEY_FIELDS)));
            } else {
                throw new IOException("an item that is neither a name nor an object");
            }
        }
        return out;
    }

    /** The array in a bare or wrapped list; an object of names to texts as it is; null when neither. */
    private static JsonNode unwrap(JsonNode n, int depth) {
        if (n == null || depth > MAX_DEPTH) {
            return null;
        }
        if (n.isArray()) {
            return n;
        }
        if (!n.isObject()) {
            return null;
        }
        if (!n.isEmpty() && allText(n)) {
            return n;
        }
        for (JsonNode child : n) {
            JsonNode found = unwrap(child, depth + 1);
            if (found != null) {
                return found;
            }
        }
        return n.isEmpty() ? n : null;
    }

    private static boolean allText(JsonNode object) {
        for (JsonNode v : object) {
            if (!v.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static String field(JsonNode item, Set<String> names) {
        Iterator<Map.Entry<String, JsonNode>> it = item.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (names.contains(e.getKey().toLowerCase(java.util.Locale.ROOT)) && e.getValue().isTextual()) {
                return e.getValue().asText();
            }
        }
        return null;
    }

    private static boolean looksLikeJson(String text) {
        String t = text.strip();
        return t.startsWith("[") || t.startsWith("{");
    }

    // ================================================================ errors

    /** A short reason from an error body (never a key), or empty. */
    static String reason(byte[] body) {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
        if (looksLikeJson(text) || text.startsWith("\"")) {
            try {
                JsonNode n = MAPPER.readTree(text);
                if (n.isTextual()) {
                    text = n.asText().strip();
                } else if (n.isObject()) {
                    text = "";
                    for (String f : List.of("detail", "title", "message", "error")) {
                        JsonNode v = caseInsensitive(n, f);
                        if (v != null && v.isTextual() && !v.asText().isBlank()) {
                            text = v.asText().strip();
                            break;
                        }
                    }
                }
            } catch (IOException notJson) {
                // plain text after all
            }
        }
        if (text.isEmpty() || text.length() > 200 || text.startsWith("<")) {
            return "";
        }
        return text.replaceAll("\\s+", " ");
    }

    private static JsonNode caseInsensitive(JsonNode n, String field) {
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (e.getKey().equalsIgnoreCase(field)) {
                return e.getValue();
            }
        }
        return null;
    }
}
