package org.secretdesk.client.secretdesk;

import static org.secretdesk.client.secretdesk.JsonFields.*;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.secretdesk.client.ApplicationPatch;
import org.secretdesk.client.NewApplication;
import org.secretdesk.model.Application;
import org.secretdesk.model.AuditEvent;
import org.secretdesk.model.CaInfo;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.ExpiryMode;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.Owners;
import org.secretdesk.model.GatewayEvent;
import org.secretdesk.model.GatewayInfo;
import org.secretdesk.model.IsoDurations;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.LeakReport;
import org.secretdesk.model.Notification;
import org.secretdesk.model.Page;
import org.secretdesk.model.PreviousValue;
import org.secretdesk.model.Problem;
import org.secretdesk.model.Role;
import org.secretdesk.model.RotationPolicy;
import org.secretdesk.model.SecretIdentification;
import org.secretdesk.model.SecretStatus;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretUsage;
import org.secretdesk.model.SecretValue;

/**
 * The JSON shapes of the SecretDesk gateway API (gateway-api.md), both directions. Reading is strict about what
 * the console relies on (ids, versions, times) and lenient about fields it does not know. Failures are
 * {@link ProtocolViolation}s naming the field, never its value.
 */
final class SecretDeskJson {

    /** The field of an IssuedSecret that carries the plaintext. */
    static final String SECRET_FIELD = "secret";

    // Responses are small; a broken or hostile gateway must not make the console parse deep nesting.
    private final JsonMapper mapper = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(64).maxStringLength(1_000_000).build())
                    .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    // ---------------------------------------------------------------- requests

    byte[] newApplication(NewApplication request) {
        return write(ApplicationJson.newApplication(mapper.createObjectNode(), request));
    }

    byte[] applicationPatch(ApplicationPatch patch) {
        return write(ApplicationJson.applicationPatch(mapper.createObjectNode(), patch));
    }

    Application application(JsonNode n) {
        return ApplicationJson.application(n);
    }

    byte[] newSecret(String description, Duration expiresAfter) {
        ObjectNode body = mapper.createObjectNode();
        body.put("description", description);
        if (expiresAfter != null) {
            body.put("expiresAfter", IsoDurations.format(expiresAfter));
        }
        return write(body);
    }

    byte[] renew(Duration gracePeriod, Duration retireAfterQuiet) {
        ObjectNode body = mapper.createObjectNode();
        if (gracePeriod != null) {
            body.put("gracePeriod", IsoDurations.format(gracePeriod));
        }
        if (retireAfterQuiet != null) {
            body.put("retireAfterQuiet", IsoDurations.format(retireAfterQuiet));
        }
        return write(body);
    }

    byte[] empty() {
        return write(mapper.createObjectNode());
    }

    byte[] extendGrace(Duration by) {
        return write(mapper.createObjectNode().put("gracePeriod", IsoDurations.format(by)));
    }

    byte[] rotationPolicy(RotationPolicy policy) {
        ObjectNode body = mapper.createObjectNode();
        putDuration(body, "retireAfterQuiet", policy.retireAfterQuiet());
        return write(body);
    }

    RotationPolicy rotationPolicy(JsonNode n) {
        requireObject(n, "rotation policy");
        return new RotationPolicy(optDuration(n, "retireAfterQuiet"));
    }

    /** {@code maxSecretsPerApplication} is left out: it is read-only, it comes from the gateway's configuration. */
    byte[] secretPolicy(DomainSecretPolicy policy) {
        ObjectNode body = mapper.createObjectNode();
        body.put("expiryEnabled", policy.expiryEnabled());
        putDuration(body, "expiresAfter", policy.expiresAfter());
        ArrayNode thresholds = body.putArray("notifyBefore");
        policy.notifyBefore().forEach(d -> thresholds.add(IsoDurations.format(d)));
        return write(body);
    }

    byte[] rotateCa(boolean force) {
        return write(mapper.createObjectNode().put("force", force));
    }


    ObjectNode object() {
        return mapper.createObjectNode();
    }

    byte[] write(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a request body", e);
        }
    }

    // ---------------------------------------------------------------- plain responses

    JsonNode tree(byte[] body) {
        try (JsonParser parser = mapper.createParser(body)) {
            JsonNode node = mapper.readTree(parser);
            if (node == null || node.isMissingNode()) {
                throw new ProtocolViolation("empty response body");
            }
            if (parser.nextToken() != null) {
                throw new ProtocolViolation("trailing data after the JSON value");
            }
            return node;
        } catch (IOException e) {
            throw new ProtocolViolation("malformed or truncated JSON", e);
        }
    }

    SecretSummary secret(JsonNode n) {
        requireObject(n, "secret");
        String status = text(n, "status");
        SecretStatus parsed;
        try {
            parsed = SecretStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ProtocolViolation("unknown secret status");
        }
        JsonNode usage = n.get("usage");
        JsonNode previous = n.get("previous");
        return new SecretSummary(text(n, "id"), text(n, "applicationId"), text(n, "description"), optText(n, "hint"),
                optText(n, "redacted"), instant(n, "createdAt"), optInstant(n, "renewedAt"),
                optInstant(n, "expiresAt"), optInstant(n, "lastUsedAt"), parsed, optInstant(n, "graceUntil"),
                version(n), usage == null || usage.isNull() ? null : usage(usage, "usage"),
                previous == null || previous.isNull() ? null : previousValue(previous), optInstant(n, "leakedAt"));
    }

    /** A value's use; a gateway before issue 21 sends none (null: not known). */
    private static SecretUsage usage(JsonNode n, String what) {
        requireObject(n, what);
        JsonNode hours = n.get("usesByHour");
        List<Long> byHour = new ArrayList<>();
        if (hours != null && !hours.isNull()) {
            if (!hours.isArray() || hours.size() > 24) {
                throw new ProtocolViolation(what + ".usesByHour is not a list of at most 24 counts");
            }
            for (JsonNode h : hours) {
                if (!h.isIntegralNumber() || h.asLong() < 0) {
                    throw new ProtocolViolation(what + ".usesByHour holds an invalid count");
                }
                byHour.add(h.asLong());
            }
        }
        JsonNode uses = n.get("uses24h");
        if (uses != null && !uses.isNull() && (!uses.isIntegralNumber() || uses.asLong() < 0)) {
            throw new ProtocolViolation(what + ".uses24h is not a count");
        }
        return new SecretUsage(optInstant(n, "lastUsedAt"), optText(n, "lastUsedFrom"),
                uses == null || uses.isNull() ? 0 : uses.asLong(), byHour);
    }

    private static PreviousValue previousValue(JsonNode n) {
        requireObject(n, "previous");
        return new PreviousValue(instant(n, "graceUntil"), usage(n, "previous"), optDuration(n, "retireAfterQuiet"));
    }

    byte[] identify(String sha256Hex) {
        return write(mapper.createObjectNode().put("sha256", sha256Hex));
    }

    SecretIdentification identification(JsonNode n) {
        requireObject(n, "identification");
        SecretIdentification.State state = enumValue(n, "state", SecretIdentification.State.class, "identification state");
        if (state == SecretIdentification.State.UNKNOWN) {
            return SecretIdentification.unknown();
        }
        return new SecretIdentification(state, text(n, "applicationId"), optText(n, "applicationName"),
                text(n, "secretId"), optText(n, "description"), optInstant(n, "expiresAt"),
                optInstant(n, "leakedAt"));
    }

    byte[] leakReports(List<LeakReport> reports) {
        ArrayNode body = mapper.createArrayNode();
        for (LeakReport r : reports) {
            ObjectNode item = body.addObject().put("sha256", r.sha256());
            if (r.url() != null) {
                item.put("url", r.url());
            }
            if (r.source() != null) {
                item.put("source", r.source());
            }
        }
        return write(body);
    }

    List<LeakReport.Verdict> verdicts(JsonNode n) {
        return list(n, "verdicts", v -> new LeakReport.Verdict(text(v, "token_hash"),
                "true_positive".equals(text(v, "label"))));
    }

    DomainSecretPolicy secretPolicy(JsonNode n) {
        requireObject(n, "secret policy");
        boolean enabled = bool(n, "expiryEnabled");
        List<Duration> thresholds = new ArrayList<>();
        JsonNode list = n.get("notifyBefore");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new ProtocolViolation("notifyBefore is not a list");
            }
            for (JsonNode item : list) {
                thresholds.add(IsoDurations.parse(item.isTextual() ? item.asText() : null)
                        .orElseThrow(() -> new ProtocolViolation("notifyBefore holds an invalid duration")));
            }
        }
        try {
            return new DomainSecretPolicy(enabled, optDuration(n, "expiresAfter"), thresholds,
                    optInt(n, "maxSecretsPerApplication"));
        } catch (IllegalArgumentException e) {
            throw new ProtocolViolation("inconsistent secret policy");
        }
    }

    List<Role> roles(JsonNode n) {
        // The contract says a bare array; a paged object is accepted too so a later gateway can page it.
        JsonNode items = n.isArray() ? n : n.get("items");
        return list(items, "roles", r -> new Role(text(r, "name"), optText(r, "description")));
    }

    List<Notification> notifications(JsonNode n) {
        JsonNode items = n.isArray() ? n : n.get("items");
        return list(items, "notifications", this::notification);
    }

    private Notification notification(JsonNode n) {
        Notification.NotificationType type = enumValue(n, "type", Notification.NotificationType.class, "notification type");
        return new Notification(text(n, "id"), type, optText(n, "applicationId"), optText(n, "applicationName"),
                optText(n, "secretId"), optText(n, "description"), optInstant(n, "expiresAt"),
                instant(n, "createdAt"));
    }

    AuditEvent auditEvent(JsonNode n) {
        requireObject(n, "audit event");
        return new AuditEvent(text(n, "id"), instant(n, "time"), optText(n, "actor"), text(n, "action"),
                optText(n, "applicationId"), optText(n, "secretId"), optText(n, "description"),
                optText(n, "outcome"), optText(n, "remoteAddress"));
    }

    CaInfo caInfo(JsonNode n) {
        requireObject(n, "CA info");
        return new CaInfo(text(n, "subject"), text(n, "serialNumber"), instant(n, "notBefore"),
                instant(n, "notAfter"), text(n, "sha256Fingerprint"), optText(n, "keyAlgorithm"),
                n.path("rotationBlocked").asBoolean(false));
    }

    GatewayInfo info(JsonNode n) {
        requireObject(n, "info");
        return new GatewayInfo(text(n, "product"), optText(n, "version"), optText(n, "nodeId"),
                stringList(n, "capabilities"));
    }

    <T> Page<T> page(JsonNode n, Function<JsonNode, T> item) {
        requireObject(n, "page");
        List<T> items = list(n.get("items"), "items", item);
        return new Page<>(items, optText(n, "nextCursor"));
    }

    /** An SSE {@code data:} payload; what cannot be read is left null, the type alone is worth a refresh. */
    GatewayEvent event(String type, String data) {
        String applicationId = null;
        String secretId = null;
        Long version = null;
        if (data != null && !data.isBlank()) {
            try {
                JsonNode n = mapper.readTree(data);
                if (n != null && n.isObject()) {
                    applicationId = optText(n, "applicationId");
                    secretId = optText(n, "secretId");
                    JsonNode v = n.get("version");
                    version = v != null && v.canConvertToLong() && v.isIntegralNumber() ? v.asLong() : null;
                }
            } catch (IOException | ProtocolViolation e) {
                // Keep the type: the console refreshes on any event anyway.
            }
        }
        return new GatewayEvent(type, applicationId, secretId, version);
    }

    /** An RFC 9457 body, or null when {@code body} is not one. {@code status} is the HTTP status, which wins. */
    Problem problem(byte[] body, int status) {
        try (JsonParser parser = mapper.createParser(body)) {
            JsonNode n = mapper.readTree(parser);
            if (n == null || !n.isObject()) {
                return null;
            }
            String title = optText(n, "title");
            String detail = optText(n, "detail");
            String code = optText(n, "code");
            if (title == null && detail == null && code == null) {
                return null;
            }
            return new Problem(optText(n, "type"), title, status, detail, code, optText(n, "field"));
        } catch (IOException | ProtocolViolation e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- responses with a plaintext secret

    /**
     * Reads an IssuedSecret body (create secret, renew). The plaintext goes straight from the parser's character
     * buffer into a {@link SecretValue}; it never becomes a {@code String}.
     */
    IssuedSecret issuedSecret(byte[] body) {
        SecretHolder holder = new SecretHolder();
        try {
            ObjectNode node = readCapturing(body, holder, true);
            return toIssuedSecret(node, holder, null);
        } catch (RuntimeException e) {
            holder.wipe();
            throw e;
        }
    }

    /** Reads a created Application, with its {@code issuedSecret} when one was asked for. */
    ParsedCreatedApplication createdApplication(byte[] body) {
        SecretHolder holder = new SecretHolder();
        try {
            ObjectNode node = readCapturing(body, holder, false);
            Application application = application(node);
            JsonNode issued = node.get("issuedSecret");
            IssuedSecret secret = issued == null || issued.isNull()
                    ? null : toIssuedSecret(issued, holder, application.clientId());
            if (secret == null) {
                holder.wipe();
            }
            return new ParsedCreatedApplication(application, secret);
        } catch (RuntimeException e) {
            holder.wipe();
            throw e;
        }
    }

    record ParsedCreatedApplication(Application application, IssuedSecret issuedSecret) {
    }

    private IssuedSecret toIssuedSecret(JsonNode node, SecretHolder holder, String fallbackClientId) {
        requireObject(node, "issued secret");
        SecretSummary summary = secret(node);
        String clientId = optText(node, "clientId");
        if (clientId == null) {
            clientId = fallbackClientId;
        }
        if (clientId == null) {
            throw new ProtocolViolation("issued secret without clientId");
        }
        if (holder.chars == null) {
            throw new ProtocolViolation("issued secret without its value");
        }
        SecretValue value = SecretValue.wrap(holder.chars);
        holder.chars = null; // ownership moved to the SecretValue
        return new IssuedSecret(summary, clientId, value);
    }

    private static final class SecretHolder {
        char[] chars;

        void wipe() {
            if (chars != null) {
                Arrays.fill(chars, '\0');
                chars = null;
            }
        }
    }

    /**
     * Streams the top-level object into a tree, except the plaintext {@code secret} field: of the top-level object
     * when {@code secretHere}, else of a nested {@code issuedSecret} object.
     */
    private ObjectNode readCapturing(byte[] body, SecretHolder holder, boolean secretHere) {
        try (JsonParser parser = mapper.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new ProtocolViolation("expected a JSON object");
            }
            ObjectNode node = readObject(parser, holder, secretHere);
            if (parser.nextToken() != null) {
                throw new ProtocolViolation("trailing data after the JSON value");
            }
            return node;
        } catch (IOException e) {
            throw new ProtocolViolation("malformed or truncated JSON", e);
        }
    }

    private ObjectNode readObject(JsonParser parser, SecretHolder holder, boolean secretHere) throws IOException {
        ObjectNode node = mapper.createObjectNode();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == null) {
                throw new ProtocolViolation("truncated JSON");
            }
            if (secretHere && SECRET_FIELD.equals(name)) {
                if (value != JsonToken.VALUE_STRING) {
                    throw new ProtocolViolation("secret is not a string");
                }
                if (holder.chars != null) {
                    throw new ProtocolViolation("more than one secret in the response");
                }
                holder.chars = takeText(parser);
            } else if (!secretHere && "issuedSecret".equals(name) && value == JsonToken.START_OBJECT) {
                node.set(name, readObject(parser, holder, true));
            } else {
                JsonNode child = mapper.readTree(parser);
                node.set(name, child == null ? NullNode.getInstance() : child);
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new ProtocolViolation("truncated JSON");
        }
        return node;
    }

    /**
     * Copies the current string token out of the parser's own buffer and zeroes that part of the buffer (the
     * parser is done with the token; the next one overwrites it anyway), so the only copy left is ours.
     */
    private static char[] takeText(JsonParser parser) throws IOException {
        char[] buffer = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        int length = parser.getTextLength();
        char[] copy = Arrays.copyOfRange(buffer, offset, offset + length);
        Arrays.fill(buffer, offset, offset + length, '\0');
        return copy;
    }
}
