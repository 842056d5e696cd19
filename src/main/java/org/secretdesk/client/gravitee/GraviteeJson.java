package org.secretdesk.client.gravitee;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.ExpiryPolicy;

/**
 * Reading and writing Gravitee AM's JSON. Gravitee's management API serialises fields directly, leaves out nulls,
 * writes dates as epoch milliseconds and enums in lower case; the management token's {@code expires_at} is the one
 * date written as {@code java.util.Date#toString()} text.
 */
final class GraviteeJson {

    /**
     * Fields that can hold a secret: a created or renewed secret's {@code secret}, the legacy
     * {@code settings.oauth.clientSecret} of an application, the management token. They are skipped without ever
     * becoming a String.
     */
    private static final Set<String> SECRET_FIELDS = Set.of("secret", "clientSecret", "access_token");
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** {@code java.util.Date#toString()}: always English, the JVM's zone as a short name ("UTC", "CEST"). */
    private static final DateTimeFormatter DATE_TO_STRING =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy", Locale.US);

    private GraviteeJson() {
    }

    /** The body as a tree without any of {@link #SECRET_FIELDS}, at any depth; null for an empty body. */
    static JsonNode treeWithoutSecrets(byte[] body) throws IOException {
        try (JsonParser p = FACTORY.createParser(body)) {
            JsonToken first = p.nextToken();
            return first == null ? null : read(p);
        }
    }

    private static JsonNode read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (SECRET_FIELDS.contains(name)) {
                        p.skipChildren(); // a string value is passed over undecoded
                    } else {
                        o.set(name, read(p));
                    }
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(read(p));
                }
                return a;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? NODES.numberNode(p.getBigIntegerValue()) : NODES.numberNode(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(t == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new IOException("unexpected " + t);
        }
    }

    /**
     * A date: epoch milliseconds (every model date), an ISO-8601 instant, or {@code Date#toString()} text (the
     * management token's {@code expires_at}); null when absent or unreadable.
     */
    static Instant instant(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return Instant.ofEpochMilli(n.asLong());
        }
        String text = n.asText().strip();
        if (text.matches("\\d{1,15}")) {
            return Instant.ofEpochMilli(Long.parseLong(text));
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notIso) {
            try {
                return ZonedDateTime.parse(text, DATE_TO_STRING).toInstant();
            } catch (DateTimeParseException notDateToString) {
                return null;
            }
        }
    }

    static String text(JsonNode n, String field, String fallback) {
        JsonNode v = n.path(field);
        return v.isTextual() ? v.asText() : fallback;
    }

    /**
     * An application's {@code settings.secretExpirationSettings} as Gravitee applies it when it issues a secret
     * ({@code SecretService#determinateExpireDate}): enabled with seconds &gt; 0 is that lifetime, enabled with
     * seconds ≤ 0 is never, and enabled without seconds, disabled or absent is the domain's.
     */
    static ExpiryPolicy applicationPolicy(JsonNode s) {
        if (!s.path("enabled").asBoolean(false)) {
            return ExpiryPolicy.FOLLOW_DOMAIN;
        }
        JsonNode seconds = s.path("expiryTimeSeconds");
        if (!seconds.isNumber()) {
            return ExpiryPolicy.FOLLOW_DOMAIN;
        }
        return seconds.asLong() <= 0 ? ExpiryPolicy.NEVER : ExpiryPolicy.custom(Duration.ofSeconds(seconds.asLong()));
    }

    /** The PATCH body's {@code secretExpirationSettings} for {@code policy}. */
    static ObjectNode applicationExpiry(ExpiryPolicy policy) {
        ObjectNode s = NODES.objectNode();
        switch (policy.mode()) {
            case DOMAIN -> s.put("enabled", false);
            case NEVER -> s.put("enabled", true).put("expiryTimeSeconds", 0);
            case CUSTOM -> s.put("enabled", true).put("expiryTimeSeconds", policy.expiresAfter().toSeconds());
        }
        return s;
    }

    /** A domain's {@code secretExpirationSettings}: an expiry only when enabled with seconds &gt; 0. */
    static DomainSecretPolicy domainPolicy(JsonNode s) {
        long seconds = s.path("expiryTimeSeconds").asLong(0);
        boolean enabled = s.path("enabled").asBoolean(false) && seconds > 0;
        return new DomainSecretPolicy(enabled, enabled ? Duration.ofSeconds(seconds) : null,
                DomainSecretPolicy.DEFAULT_THRESHOLDS, 0);
    }
}
