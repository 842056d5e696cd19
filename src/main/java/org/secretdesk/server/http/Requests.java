package org.secretdesk.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.model.Validation;
import org.secretdesk.server.Actor;
import org.secretdesk.server.ApiException;

/** What the routes read from a request: its body, headers and query parameters, each checked. */
final class Requests {

    static final int MAX_BODY = 64 * 1024;
    /** How much of a refused body is read and thrown away so that its 413 reaches the client. */
    static final int DRAIN_LIMIT = 1024 * 1024;

    private Requests() {
    }

    /** The key's identity, set by {@link AdminGate}. */
    static Actor actor(Context ctx) {
        return ctx.attribute(AdminGate.ACTOR);
    }

    /** The JSON body, at most 64 KiB, refused unless it is declared as JSON. */
    static byte[] jsonBody(Context ctx) {
        requireJson(ctx);
        return body(ctx);
    }

    static void requireJson(Context ctx) {
        if (!Json.isJsonContentType(ctx.contentType())) {
            throw new ApiException(ProblemCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.");
        }
    }

    static byte[] body(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared > MAX_BODY) {
                throw tooLarge(in, declared);
            }
            if (declared >= 0) {
                // The usual case: a declared length. Read exactly that (InputStream.readNBytes(int) would take a
                // 16 KiB buffer per request for a body of a few dozen bytes).
                byte[] data = new byte[(int) declared];
                if (in.readNBytes(data, 0, data.length) < data.length) {
                    throw new ApiException(ProblemCode.REQUEST_MALFORMED, "The request body ended early.");
                }
                return data;
            }
            byte[] data = in.readNBytes(MAX_BODY + 1);
            if (data.length > MAX_BODY) {
                throw tooLarge(in, declared);
            }
            return data;
        } catch (IOException e) {
            throw new ApiException(ProblemCode.REQUEST_MALFORMED, "The request body could not be read.");
        }
    }

    /**
     * The 413 for a body over 64 KiB. Up to {@link #DRAIN_LIMIT} of the body is read first and thrown away: a
     * connection closed with the client's bytes unread is reset by TCP, and the reset can destroy the answer before
     * the client reads it (it then sees "connection reset" instead of the problem). Larger bodies are not read.
     */
    private static ApiException tooLarge(InputStream in, long declared) throws IOException {
        if (declared <= DRAIN_LIMIT) {
            byte[] sink = new byte[8192];
            long drained = 0;
            int n;
            while (drained < DRAIN_LIMIT && (n = in.read(sink)) > 0) {
                drained += n;
            }
        }
        return new ApiException(ProblemCode.REQUEST_TOO_LARGE, "The body is larger than 64 KiB.");
    }

    static Long ifMatch(Context ctx) {
        String h = ctx.header("If-Match");
        if (h == null || h.strip().equals("*")) {
            return null;
        }
        String v = h.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ApiException(ProblemCode.PRECONDITION_FAILED, "If-Match must be an ETag such as \"3\".");
        }
    }

    static int limit(Context ctx) {
        String v = ctx.queryParam("limit");
        if (v == null) {
            return 100;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ApiException.validation("limit", "limit must be a whole number from 1 to 1000.");
    }

    static String decodeCursor(Context ctx) {
        String c = ctx.queryParam("cursor");
        if (c == null || c.isEmpty()) {
            return null;
        }
        try {
            if (c.length() > 2000) {
                throw new IllegalArgumentException();
            }
            String s = new String(Base64.getUrlDecoder().decode(c), StandardCharsets.UTF_8);
            if (!s.startsWith("v1:") || Validation.hasControlCharacters(s)) {
                throw new IllegalArgumentException();
            }
            return s.substring(3);
        } catch (IllegalArgumentException e) {
            throw invalidCursor();
        }
    }

    static ApiException invalidCursor() {
        return ApiException.validation("cursor", "The cursor is not valid: use nextCursor from a previous page.");
    }

    static Instant timeParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiException.validation(name, "'" + name + "' must be an RFC 3339 time such as 2026-11-23T04:42:36Z.");
        }
    }

    /**
     * A free-text query value, stripped; null when absent or blank. Control characters are refused here: they
     * mean nothing in a search or a filter, and PostgreSQL rejects a NUL in text with an error of its own.
     */
    static String textParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        if (Validation.hasControlCharacters(v)) {
            throw ApiException.validation(name, "'" + name + "' must not contain control characters.");
        }
        return v.strip();
    }
}
