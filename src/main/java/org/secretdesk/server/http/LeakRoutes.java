package org.secretdesk.server.http;

import static org.secretdesk.server.http.Requests.actor;
import static org.secretdesk.server.http.Requests.body;
import static org.secretdesk.server.http.Requests.jsonBody;
import static org.secretdesk.server.http.Requests.requireJson;
import static org.secretdesk.server.http.Responses.ok;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.model.SecretFormat;
import org.secretdesk.model.SecretIdentification;
import org.secretdesk.server.Actor;
import org.secretdesk.server.AdminKeySpec;
import org.secretdesk.server.ApiException;
import org.secretdesk.server.GatewayService;
import org.secretdesk.server.LeakResponse;
import org.secretdesk.server.auth.FailedAuthLimiter;

/**
 * Leak response (issue 22): {@code POST /api/v1/secrets/identify} (admin or viewer: which secret a value's SHA-256
 * hash belongs to), {@code POST /api/v1/leaks} (admin or reporter: the organisation's own scanners) and
 * {@code POST /api/v1/leaks/github} (GitHub's secret-scanning partner format, signed by a key the gateway is
 * configured with instead of an API key). A reported value is read into a {@code char[]}, hashed and wiped; only
 * its hash goes further, and answers name values by their hash only.
 */
final class LeakRoutes implements RouteGroup {

    static final String IDENTIFY = Router.API + "/secrets/identify";
    static final String REPORTS = Router.API + "/leaks";
    static final String GITHUB = Router.API + "/leaks/github";
    static final String KEY_ID_HEADER = "Github-Public-Key-Identifier";
    static final String SIGNATURE_HEADER = "Github-Public-Key-Signature";
    /** The most values one report may hold (a 64 KiB body holds a few hundred). */
    private static final int MAX_VALUES = 1000;
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    /** No buffer recycling: a parser's buffers, which held reported values, do not outlive their report. */
    private static final JsonFactory VALUES = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.nonRecyclingPool())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(65_536)
                    .maxNumberLength(40).build())
            .build();

    private final LeakResponse leaks;
    private final GatewayService service;
    private final FailedAuthLimiter limiter;

    LeakRoutes(LeakResponse leaks, GatewayService service, FailedAuthLimiter limiter) {
        this.leaks = leaks;
        this.service = service;
        this.limiter = limiter;
    }

    @Override
    public void register(Router router) {
        router.add(HandlerType.POST, IDENTIFY, this::identify);
        router.add(HandlerType.POST, REPORTS, this::report);
        router.add(HandlerType.POST, GITHUB, this::github);
    }

    // ---------------------------------------------------------------- identify

    /** A read that takes a body (a hash has no place in a URL, where logs keep it): admin and viewer keys. */
    private void identify(Context ctx) {
        ObjectNode obj = Json.object(jsonBody(ctx), Set.of("sha256"));
        String hash = Json.requiredString(obj, "sha256");
        if (!SHA256_HEX.matcher(hash).matches()) {
            throw ApiException.validation("sha256", "'sha256' must be the value's SHA-256 hash: 64 hexadecimal "
                    + "characters. The value itself is never sent.");
        }
        SecretIdentification id = leaks.identify(hash.toLowerCase(Locale.ROOT));
        ok(ctx, Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("state", id.state().name());
            g.writeStringField("applicationId", id.applicationId());
            g.writeStringField("applicationName", id.applicationName());
            g.writeStringField("secretId", id.secretId());
            g.writeStringField("description", id.description());
            Json.time(g, "expiresAt", id.expiresAt());
            g.writeBooleanField("leaked", id.leaked());
            Json.time(g, "leakedAt", id.leakedAt());
            g.writeEndObject();
        }));
    }

    // ---------------------------------------------------------------- reports

    /** The organisation's own scanners: a reporter key (or an admin's). */
    private void report(Context ctx) {
        Actor actor = actor(ctx);
        if (actor.role() == AdminKeySpec.Role.VIEWER) {
            service.auditRefusal(actor, "leak.report", null, null, ProblemCode.AUTH_FORBIDDEN.code());
            throw new ApiException(ProblemCode.AUTH_FORBIDDEN, "The key '" + actor.name() + "' may only read; "
                    + "leaks are reported with a reporter or admin key.");
        }
        List<LeakResponse.Reported> values = values(jsonBody(ctx), false);
        answer(ctx, leaks.report(actor, "api", values));
    }

    /** GitHub's secret-scanning partner format, signed with one of the configured keys. */
    private void github(Context ctx) {
        byte[] body = body(ctx);
        try {
            Actor github = new Actor("github", AdminKeySpec.Role.REPORTER, ctx.ip());
            if (leaks.githubKeys() == null || !leaks.githubKeys().verify(ctx.header(KEY_ID_HEADER),
                    ctx.header(SIGNATURE_HEADER), body)) {
                throw refused(ctx, github);
            }
            requireJson(ctx);
            answer(ctx, leaks.report(github, "github", values(body, true)));
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    /** An unsigned or forged report: audited, counted against its address like a wrong key, 401 (or 429). */
    private ApiException refused(Context ctx, Actor github) {
        long retry = limiter.recordFailure(github.remoteAddress());
        service.auditRefusal(github, "leak.report", null, null, ProblemCode.AUTH_INVALID_SIGNATURE.code());
        if (retry > 0) {
            ctx.header("Retry-After", String.valueOf(retry));
            return new ApiException(ProblemCode.AUTH_RATE_LIMITED, "Too many failed authentication attempts from "
                    + "this address. Try again in " + retry + " s.");
        }
        return new ApiException(ProblemCode.AUTH_INVALID_SIGNATURE, leaks.githubKeys() == null
                ? "This gateway accepts no GitHub reports: its administrator has configured no GitHub public keys."
                : "The report is not signed with a configured GitHub public key (" + KEY_ID_HEADER + ", "
                        + SIGNATURE_HEADER + ").");
    }

    /** GitHub's answer format: each value by its hash, with its type and label. */
    private static void answer(Context ctx, List<LeakResponse.Verdict> verdicts) {
        ok(ctx, Json.write(g -> {
            g.writeStartArray();
            for (LeakResponse.Verdict v : verdicts) {
                g.writeStartObject();
                g.writeStringField("token_hash", v.tokenHash());
                g.writeStringField("token_type", v.tokenType());
                g.writeStringField("label", v.truePositive() ? "true_positive" : "false_positive");
                g.writeEndObject();
            }
            g.writeEndArray();
        }));
    }

    /**
     * The reported values: a JSON array of {@code {"token"|"sha256", "type", "url", "source"}}. GitHub's objects
     * always carry {@code token} and may gain fields (ignored); ours carry either and nothing else.
     */
    private static List<LeakResponse.Reported> values(byte[] body, boolean github) {
        List<LeakResponse.Reported> out = new ArrayList<>();
        try (JsonParser p = VALUES.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new ApiException(ProblemCode.REQUEST_MALFORMED, "The body must be a JSON array of reports.");
            }
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (out.size() == MAX_VALUES) {
                    throw ApiException.validation("[" + out.size() + "]", "A report holds at most " + MAX_VALUES
                            + " values.");
                }
                out.add(value(p, "[" + out.size() + "]", github));
            }
            if (p.nextToken() != null) {
                throw new ApiException(ProblemCode.REQUEST_MALFORMED, "The body must be one JSON array.");
            }
        } catch (IOException e) {
            throw new ApiException(ProblemCode.REQUEST_MALFORMED, "The request body is not valid JSON.");
        }
        return out;
    }

    private static LeakResponse.Reported value(JsonParser p, String where, boolean github) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw ApiException.validation(where, "Each report must be an object.");
        }
        String hash = null;
        boolean wellFormed = true;
        String type = null;
        String url = null;
        String source = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "token", "sha256" -> {
                    if (t != JsonToken.VALUE_STRING || hash != null) {
                        throw ApiException.validation(where, "Each report needs one 'token' or 'sha256' string.");
                    }
                    if (field.equals("token")) {
                        // Checked and hashed where the parser holds it, then wiped there: no copy of it is made.
                        CharBuffer value = CharBuffer.wrap(p.getTextCharacters(), p.getTextOffset(),
                                p.getTextLength());
                        try {
                            wellFormed = SecretFormat.isWellFormed(value);
                            hash = sha256Hex(value.duplicate());
                        } finally {
                            Arrays.fill(p.getTextCharacters(), p.getTextOffset(),
                                    p.getTextOffset() + p.getTextLength(), '\0');
                        }
                    } else if (github || !SHA256_HEX.matcher(p.getText()).matches()) {
                        throw ApiException.validation(where + ".sha256", "'sha256' must be 64 hexadecimal "
                                + "characters.");
                    } else {
                        hash = p.getText().toLowerCase(Locale.ROOT);
                    }
                }
                case "type" -> type = text(p, where, field);
                case "url" -> url = text(p, where, field);
                case "source" -> source = text(p, where, field);
                default -> {
                    if (!github) {
                        throw ApiException.validation(where + "." + (field.matches("[A-Za-z0-9_]{1,40}") ? field
                                : "?"), "Unknown field: a report has token or sha256, type, url and source.");
                    }
                    p.skipChildren();
                }
            }
        }
        if (hash == null) {
            throw ApiException.validation(where, github ? "Each report needs its 'token'."
                    : "Each report needs one 'token' or 'sha256' string.");
        }
        return new LeakResponse.Reported(hash, wellFormed, type, url, source);
    }

    /** Lowercase hex SHA-256 of the characters' UTF-8 bytes, encoded a small piece at a time into a wiped buffer. */
    private static String sha256Hex(CharBuffer chars) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        ByteBuffer piece = ByteBuffer.allocate(128);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            boolean more = true;
            while (more) {
                more = encoder.encode(chars, piece, true).isOverflow();
                if (!more) {
                    encoder.flush(piece);
                }
                digest.update(piece.flip());
                piece.clear();
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            Arrays.fill(piece.array(), (byte) 0);
        }
    }

    private static String text(JsonParser p, String where, String field) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw ApiException.validation(where + "." + field, "'" + field + "' must be a string.");
        }
        return p.getText();
    }
}
