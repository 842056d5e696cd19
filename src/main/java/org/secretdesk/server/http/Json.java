package org.secretdesk.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.secretdesk.model.Application;
import org.secretdesk.model.AuditEvent;
import org.secretdesk.model.IsoDurations;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretUsage;
import org.secretdesk.server.ApiException;

/** Strict JSON in, compact JSON out. */
final class Json {

    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(65_536)
                    .maxNumberLength(40).build())
            .build();
    /** For bodies with a plaintext secret: no buffer recycling, so no buffer outlives its document. */
    private static final JsonFactory SECRET_FACTORY = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.nonRecyclingPool())
            .build();
    static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /** A JSON object body with only the {@code allowed} fields. */
    static ObjectNode object(byte[] body, Set<String> allowed) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ApiException(ProblemCode.REQUEST_MALFORMED, "The request body is not valid JSON.");
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(ProblemCode.REQUEST_MALFORMED, "The request body must be a JSON object.");
        }
        ObjectNode obj = (ObjectNode) node;
        for (String name : (Iterable<String>) obj::fieldNames) {
            if (!allowed.contains(name)) {
                throw ApiException.validation(safeField(name), "Unknown field '" + safeField(name) + "'.");
            }
        }
        return obj;
    }

    static Optional<String> string(ObjectNode obj, String field) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw ApiException.validation(field, "'" + field + "' must be a string.");
        }
        return Optional.of(n.textValue());
    }

    static String requiredString(ObjectNode obj, String field) {
        return string(obj, field).orElseThrow(() -> ApiException.validation(field, "'" + field + "' is required."));
    }

    static Optional<Boolean> bool(ObjectNode obj, String field) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isBoolean()) {
            throw ApiException.validation(field, "'" + field + "' must be true or false.");
        }
        return Optional.of(n.booleanValue());
    }

    static Optional<List<String>> stringList(ObjectNode obj, String field, int max) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isArray() || n.size() > max) {
            throw ApiException.validation(field, "'" + field + "' must be an array of at most " + max + " strings.");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw ApiException.validation(field, "'" + field + "' must contain only strings.");
            }
            out.add(e.textValue());
        }
        return Optional.of(out);
    }

    static Optional<ObjectNode> object(ObjectNode obj, String field, Set<String> allowed) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isObject()) {
            throw ApiException.validation(field, "'" + field + "' must be an object.");
        }
        for (String name : (Iterable<String>) n::fieldNames) {
            if (!allowed.contains(name)) {
                throw ApiException.validation(field + "." + safeField(name), "Unknown field '" + safeField(name)
                        + "' in '" + field + "'.");
            }
        }
        return Optional.of((ObjectNode) n);
    }

    static Duration duration(String field, String text) {
        return IsoDurations.parse(text).filter(d -> !d.isZero()).orElseThrow(() -> ApiException.validation(field,
                "'" + field + "' must be a positive ISO-8601 duration such as P90D or PT1H."));
    }

    private static String safeField(String name) {
        String s = name.length() > 40 ? name.substring(0, 40) : name;
        return s.replaceAll("[^A-Za-z0-9_.-]", "?");
    }

    // ---------------------------------------------------------------- writing

    @FunctionalInterface
    interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] write(Writer w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            w.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * {@link #write} for a body that holds a plaintext secret: the generator's buffers are not recycled (Jackson
     * would otherwise keep them, secret included, for the thread's next document) and the working buffer is
     * zeroed; the caller wipes the returned array once it is sent ({@link Responses#sendSecret}).
     */
    static byte[] writeSecret(Writer w) {
        WipingOutput out = new WipingOutput();
        try (JsonGenerator g = SECRET_FACTORY.createGenerator(out)) {
            w.write(g);
        } catch (IOException e) {
            out.wipe();
            throw new UncheckedIOException(e);
        }
        try {
            return out.toByteArray();
        } finally {
            out.wipe();
        }
    }

    /** A byte buffer whose storage can be zeroed (each growth zeroes the array it leaves). */
    private static final class WipingOutput extends ByteArrayOutputStream {
        WipingOutput() {
            super(1024);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            ensure(len);
            super.write(b, off, len);
        }

        @Override
        public synchronized void write(int b) {
            ensure(1);
            super.write(b);
        }

        private void ensure(int more) {
            if (count + more > buf.length) {
                byte[] bigger = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
                Arrays.fill(buf, (byte) 0);
                buf = bigger;
            }
        }

        synchronized void wipe() {
            Arrays.fill(buf, (byte) 0);
            count = 0;
        }
    }

    static String time(Instant t) {
        return t == null ? null : DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    static void time(JsonGenerator g, String field, Instant t) throws IOException {
        g.writeStringField(field, time(t));
    }

    static void application(JsonGenerator g, Application a) throws IOException {
        g.writeStartObject();
        applicationFields(g, a);
        g.writeEndObject();
    }

    /** An application's fields, without the braces (the create answer adds {@code issuedSecret}). */
    static void applicationFields(JsonGenerator g, Application a) throws IOException {
        g.writeStringField("id", a.id());
        g.writeStringField("name", a.name());
        g.writeStringField("description", a.description());
        g.writeStringField("clientId", a.clientId());
        g.writeArrayFieldStart("roles");
        for (String r : a.roles()) {
            g.writeString(r);
        }
        g.writeEndArray();
        time(g, "createdAt", a.createdAt());
        time(g, "updatedAt", a.updatedAt());
        g.writeNumberField("version", a.version());
        g.writeObjectFieldStart("secretPolicy");
        g.writeStringField("mode", a.secretPolicy().mode().name());
        g.writeStringField("expiresAfter", a.secretPolicy().expiresAfter() == null ? null
                : IsoDurations.format(a.secretPolicy().expiresAfter()));
        g.writeEndObject();
        g.writeNumberField("secretCount", a.secretCount());
        time(g, "nextExpiry", a.nextExpiry());
        g.writeNumberField("expiredCount", a.expiredCount());
        g.writeObjectFieldStart("owners");
        g.writeArrayFieldStart("emails");
        for (String e : a.owners().emails()) {
            g.writeString(e);
        }
        g.writeEndArray();
        g.writeStringField("team", a.owners().team());
        g.writeEndObject();
    }

    static void secret(JsonGenerator g, SecretSummary s) throws IOException {
        g.writeStartObject();
        secretFields(g, s);
        g.writeEndObject();
    }

    private static void secretFields(JsonGenerator g, SecretSummary s) throws IOException {
        g.writeStringField("id", s.id());
        g.writeStringField("applicationId", s.applicationId());
        g.writeStringField("description", s.description());
        g.writeStringField("hint", s.hint());
        g.writeStringField("redacted", s.redacted());
        time(g, "createdAt", s.createdAt());
        time(g, "renewedAt", s.renewedAt());
        time(g, "expiresAt", s.expiresAt());
        time(g, "lastUsedAt", s.lastUsedAt());
        g.writeStringField("status", s.status().name());
        time(g, "graceUntil", s.graceUntil());
        g.writeNumberField("version", s.version());
        g.writeBooleanField("leaked", s.leaked());
        time(g, "leakedAt", s.leakedAt());
        g.writeFieldName("usage");
        g.writeStartObject();
        usageFields(g, s.usage() == null ? SecretUsage.NONE : s.usage());
        g.writeEndObject();
        g.writeFieldName("previous");
        if (s.previous() == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            time(g, "graceUntil", s.previous().graceUntil());
            usageFields(g, s.previous().usage() == null ? SecretUsage.NONE : s.previous().usage());
            g.writeStringField("retireAfterQuiet", s.previous().retireAfterQuiet() == null ? null
                    : IsoDurations.format(s.previous().retireAfterQuiet()));
            g.writeEndObject();
        }
    }

    /** One value's use (issue 21): never the value, only when, from where and how often. */
    private static void usageFields(JsonGenerator g, SecretUsage u) throws IOException {
        time(g, "lastUsedAt", u.lastUsedAt());
        g.writeStringField("lastUsedFrom", u.lastUsedFrom());
        g.writeNumberField("uses24h", u.uses24h());
        long[] hours = u.usesByHour().stream().mapToLong(Long::longValue).toArray();
        g.writeFieldName("usesByHour");
        g.writeArray(hours, 0, hours.length);
    }

    /** The one place a plaintext secret is written: straight from its char[] into the response body. */
    static void issued(JsonGenerator g, IssuedSecret issued) throws IOException {
        g.writeStartObject();
        secretFields(g, issued.secret());
        g.writeStringField("clientId", issued.clientId());
        g.writeFieldName("secret");
        char[] chars = issued.value().copyChars();
        try {
            g.writeString(chars, 0, chars.length);
        } finally {
            Arrays.fill(chars, '\0');
        }
        g.writeEndObject();
    }

    static void audit(JsonGenerator g, AuditEvent e) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", e.id());
        time(g, "time", e.time());
        g.writeStringField("actor", e.actor());
        g.writeStringField("action", e.action());
        g.writeStringField("applicationId", e.applicationId());
        g.writeStringField("secretId", e.secretId());
        g.writeStringField("description", e.description());
        g.writeStringField("outcome", e.outcome());
        g.writeStringField("remoteAddress", e.remoteAddress());
        g.writeEndObject();
    }

    static boolean isJsonContentType(String contentType) {
        if (contentType == null) {
            return false;
        }
        String base = contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        return base.equals("application/json") || base.endsWith("+json");
    }

    static JsonParser parser(byte[] body) throws IOException {
        return FACTORY.createParser(body);
    }
}
