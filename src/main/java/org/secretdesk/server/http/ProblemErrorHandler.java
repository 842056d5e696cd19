package org.secretdesk.server.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.secretdesk.model.Problem;
import org.secretdesk.model.ProblemCode;

/**
 * Errors that Jetty answers before a request reaches the routes (a control character in a header, headers over
 * the size limit, a malformed request line, an unsupported HTTP version) as problem+json like every other error
 * of the contract, instead of Jetty's HTML page. The body names only the status: Jetty's reason can quote the
 * offending request bytes, which may be a credential. Installed on the server (errors of the HTTP parser) and on
 * the servlet context (errors Jetty finds later, such as a path that is not valid UTF-8).
 */
public final class ProblemErrorHandler extends org.eclipse.jetty.server.handler.ErrorHandler {

    private static final String PROBLEM_JSON = "application/problem+json";

    private final boolean secure;

    /** @param secure served over HTTPS: the answers carry {@code Strict-Transport-Security} */
    public ProblemErrorHandler(boolean secure) {
        this.secure = secure;
    }

    /** The headers every answer of the gateway carries (see {@link AdminGate#securityHeaders}). */
    private static void securityHeaders(HttpFields.Mutable fields, boolean secure) {
        fields.put("X-Content-Type-Options", "nosniff");
        if (secure) {
            fields.put("Strict-Transport-Security", AdminGate.HSTS);
        }
    }

    /** Jetty writes error bodies only for GET, POST and HEAD by default; the contract wants one for every method. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        // Jetty closes the connection after a message it could not parse (it cannot know where the next request
        // starts) but did not say so: a client that reused the connection then lost its next request (a 414 here,
        // found by HostileRequestsTest). Say it, as HTTP/1.1 asks of a server that closes.
        fields.put(HttpHeader.CONNECTION, "close");
        fields.put(HttpHeader.CONTENT_TYPE, PROBLEM_JSON);
        fields.put(new HttpField(HttpHeader.CACHE_CONTROL, "no-store"));
        securityHeaders(fields, secure);
        return ByteBuffer.wrap(body(status));
    }

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                    Callback callback) throws IOException {
        // Errors answered here come before the routes: mostly requests Jetty could not parse, after which it closes
        // the connection (see badMessageError). Closing after the rare other one costs a reconnect, nothing more.
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, PROBLEM_JSON);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        securityHeaders(response.getHeaders(), secure);
        response.write(true, ByteBuffer.wrap(body(status)), callback);
    }

    /** The same for errors found inside the servlet context (e.g. a path that is not valid UTF-8). */
    public static final class InContext extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
        private final boolean secure;

        public InContext(boolean secure) {
            this.secure = secure;
        }

        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                                                     String contentType,
                                                     java.util.List<java.nio.charset.Charset> charsets, int status,
                                                     String message, Throwable cause) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, PROBLEM_JSON);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            securityHeaders(response.getHeaders(), secure);
            response.write(true, ByteBuffer.wrap(body(status)), callback);
            return true;
        }
    }

    static byte[] body(int status) {
        ProblemCode code = status >= 500 ? ProblemCode.INTERNAL : ProblemCode.REQUEST_MALFORMED;
        String detail = switch (status) {
            case 431 -> "The request's headers are too large.";
            case 414 -> "The request's URI is too long.";
            case 413 -> "The body is larger than 64 KiB.";
            case 505 -> "Use HTTP/1.1 or HTTP/2.";
            default -> status >= 500 ? "An internal error occurred (the gateway's log has the details)."
                    : "The request is not well-formed HTTP.";
        };
        String title = status == 431 ? "Request header fields too large" : code.title();
        return ("{\"type\":\"" + Problem.TYPE + "\",\"title\":\"" + title
                + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\",\"code\":\"" + code.code() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
