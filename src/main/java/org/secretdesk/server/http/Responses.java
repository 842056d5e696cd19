package org.secretdesk.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.secretdesk.model.Page;
import org.secretdesk.model.Problem;
import org.secretdesk.model.ProblemCode;

/** How the routes answer: JSON, problem+json, pages and ETags. */
final class Responses {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String JSON = "application/json";

    private Responses() {
    }

    static boolean isProblem(Context ctx) {
        String ct = ctx.res().getContentType();
        return ct != null && ct.startsWith(PROBLEM_JSON);
    }

    static void problem(Context ctx, ProblemCode code, String detail, String field) {
        byte[] body = Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("type", Problem.TYPE);
            g.writeStringField("title", code.title());
            g.writeNumberField("status", code.status());
            g.writeStringField("detail", detail);
            g.writeStringField("code", code.code());
            if (field != null) {
                g.writeStringField("field", field);
            }
            g.writeEndObject();
        });
        ctx.status(code.status()).contentType(PROBLEM_JSON).result(body);
    }

    static void json(Context ctx, int status, String body) {
        ctx.status(status).contentType(JSON).result(body);
    }

    static void json(Context ctx, int status, byte[] body) {
        ctx.status(status).contentType(JSON).result(body);
    }

    static void send(Context ctx, ApiResponse r) {
        if (r.location() != null) {
            ctx.header("Location", r.location());
        }
        if (r.etag() != null) {
            ctx.header("ETag", r.etag());
        }
        ctx.status(r.status());
        if (r.body() != null) {
            ctx.contentType(JSON).result(r.body());
        }
    }

    /**
     * {@link #send} for an answer that carries a plaintext secret: the body is written to the response here and
     * then zeroed, instead of being handed to Javalin to write later (and kept until the collector runs).
     */
    static void sendSecret(Context ctx, ApiResponse r) throws IOException {
        byte[] body = r.body();
        try {
            if (r.location() != null) {
                ctx.header("Location", r.location());
            }
            if (r.etag() != null) {
                ctx.header("ETag", r.etag());
            }
            ctx.status(r.status()).contentType(JSON);
            ctx.res().setContentLength(body.length);
            OutputStream out = ctx.res().getOutputStream();
            out.write(body);
            out.flush();
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    /** A 200 with this JSON body and no Location or ETag. */
    static void ok(Context ctx, byte[] body) {
        send(ctx, new ApiResponse(200, body, null, null));
    }

    static <T> byte[] page(Page<T> page, Json.Writer itemsWriter) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("items");
            itemsWriter.write(g);
            g.writeEndArray();
            g.writeStringField("nextCursor", encodeCursor(page.nextCursor()));
            g.writeEndObject();
        });
    }

    private static String encodeCursor(String raw) {
        return raw == null ? null : Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("v1:" + raw).getBytes(StandardCharsets.UTF_8));
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }
}
