package org.secretdesk.client.secretdesk;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@link SecretDeskClient}'s requests go out and their answers come back: reads on a client that may recover a
 * stale pooled connection, writes on one without transparent retries; issuing calls (they carry an idempotency
 * key) retried by us, with the same key and body, after a 502/503/504 or an I/O failure once the request went out;
 * bodies read whole up to a limit; problem+json answers turned into {@link GatewayException}s. A reply's body is
 * the caller's to wipe.
 */
final class SecretDeskCalls {

    /** The first try and two retries. */
    static final int ISSUE_ATTEMPTS = 3;
    /** No gateway response is this large; refusing it keeps a broken server from exhausting memory. */
    private static final long MAX_BODY_BYTES = 16L * 1024 * 1024;
    /** The client's logger: the retry lines are the client's. */
    private static final Logger LOG = LoggerFactory.getLogger(SecretDeskClient.class);

    private final OkHttpClient reads;
    private final OkHttpClient writes;
    private final Duration retryBackoff;
    private final SecretDeskJson json;
    private volatile boolean closed;

    SecretDeskCalls(OkHttpClient reads, OkHttpClient writes, Duration retryBackoff, SecretDeskJson json) {
        this.reads = reads;
        this.writes = writes;
        this.retryBackoff = retryBackoff;
        this.json = json;
    }

    /** Marks the client closed: calls then fail at once and a retry stops. False when it was closed already. */
    boolean close() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    /** A fully read response; the body is ours to wipe. */
    record Reply(HttpUrl url, int status, String contentType, byte[] body) {
        void wipe() {
            Arrays.fill(body, (byte) 0);
        }

        boolean isSuccessful() {
            return status >= 200 && status < 300;
        }
    }

    /** Set by the call's event listener once the request headers start going out. */
    private static final class SendTracker {
        volatile boolean sent;
    }

    static EventListener listenerFor(Call call) {
        SendTracker tracker = call.request().tag(SendTracker.class);
        if (tracker == null) {
            return EventListener.NONE;
        }
        return new EventListener() {
            @Override
            public void requestHeadersStart(Call c) {
                tracker.sent = true;
            }
        };
    }

    Reply call(Request request, boolean issuing) {
        ensureOpen();
        OkHttpClient client = "GET".equals(request.method()) ? reads : writes;
        int attempts = issuing ? ISSUE_ATTEMPTS : 1;
        for (int attempt = 1; ; attempt++) {
            SendTracker tracker = new SendTracker();
            Request tagged = request.newBuilder().tag(SendTracker.class, tracker).build();
            try {
                Reply reply = execute(client, tagged);
                if (attempt < attempts && isTransientGatewayStatus(reply.status)) {
                    reply.wipe();
                    LOG.info("{} {} answered {}; retrying with the same idempotency key ({} of {})",
                            request.method(), request.url().encodedPath(), reply.status, attempt + 1, attempts);
                    pause(attempt, request.url());
                    continue;
                }
                return reply;
            } catch (IOException e) {
                // Only a request that went out can have issued a secret whose answer was lost; one that never
                // left (refused, unknown host, TLS) fails at once.
                if (attempt < attempts && tracker.sent && !closed) {
                    LOG.info("{} {} failed after it was sent ({}); retrying with the same idempotency key "
                                    + "({} of {})", request.method(), request.url().encodedPath(),
                            e.getClass().getSimpleName(), attempt + 1, attempts);
                    pause(attempt, request.url());
                    continue;
                }
                throw Failures.io(e, request.url());
            } catch (ResponseTooLarge e) {
                throw Failures.protocol(new ProtocolViolation(e.getMessage()), request.url());
            }
        }
    }

    private static boolean isTransientGatewayStatus(int status) {
        return status == 502 || status == 503 || status == 504;
    }

    private void pause(int attempt, HttpUrl url) {
        try {
            Thread.sleep(retryBackoff.multipliedBy(attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(GatewayException.Kind.TIMEOUT,
                    "The call to the gateway at " + Failures.hostPort(url) + " was interrupted.", null, e);
        }
    }

    private static Reply execute(OkHttpClient client, Request request) throws IOException {
        try (Response response = client.newCall(request).execute()) {
            ResponseBody body = response.body();
            return new Reply(request.url(), response.code(), response.header("Content-Type"), readLimited(body));
        }
    }

    private static byte[] readLimited(ResponseBody body) throws IOException {
        if (body.contentLength() > MAX_BODY_BYTES) {
            throw new ResponseTooLarge();
        }
        BufferedSource source = body.source();
        Buffer buffer = new Buffer();
        long total = 0;
        long n;
        while ((n = source.read(buffer, 8192)) != -1) {
            total += n;
            if (total > MAX_BODY_BYTES) {
                buffer.clear();
                throw new ResponseTooLarge();
            }
        }
        return buffer.readByteArray();
    }

    /** Thrown inside the I/O path; reported as a protocol error, never retried. */
    private static final class ResponseTooLarge extends RuntimeException {
        ResponseTooLarge() {
            super("response body too large", null, false, false);
        }
    }

    <T> T read(Request request, Function<JsonNode, T> mapper) {
        Reply reply = call(request, false);
        return parse(reply, body -> mapper.apply(json.tree(body)));
    }

    <T> T parse(Reply reply, Function<byte[], T> parser) {
        expectSuccess(reply);
        if (reply.contentType != null && !reply.contentType.toLowerCase(Locale.ROOT).contains("json")) {
            throw Failures.protocol(new ProtocolViolation("not a JSON response"), reply.url);
        }
        try {
            return parser.apply(reply.body);
        } catch (ProtocolViolation v) {
            throw Failures.protocol(v, reply.url);
        }
    }

    void expectSuccess(Reply reply) {
        if (reply.isSuccessful()) {
            return;
        }
        if (reply.status >= 400) {
            Problem problem = reply.contentType != null
                    && reply.contentType.toLowerCase(Locale.ROOT).contains("json")
                    ? json.problem(reply.body, reply.status) : null;
            throw Failures.http(reply.status, problem);
        }
        throw Failures.unexpectedStatus(reply.status, reply.url);
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("This gateway client is closed");
        }
    }
}
