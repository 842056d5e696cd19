package org.secretdesk.client.secretdesk;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import org.secretdesk.client.EventSubscription;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.GatewayEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription to {@code GET /api/v1/events}. Callbacks run on OkHttp's thread (the console hands them to
 * the FX thread). {@code onOpen} is called once the gateway answered; {@code onFailure} at most once, when the stream
 * breaks or the gateway ends it, and never after {@link #close()}.
 */
final class EventStream extends EventSourceListener implements EventSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private final SecretDeskJson json;
    private final HttpUrl url;
    private final Consumer<GatewayEvent> onEvent;
    private final Consumer<Throwable> onFailure;
    private final Runnable onOpen;
    private final Consumer<EventStream> onEnd;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile EventSource source;

    EventStream(SecretDeskJson json, HttpUrl url, Consumer<GatewayEvent> onEvent, Consumer<Throwable> onFailure,
                Runnable onOpen, Consumer<EventStream> onEnd) {
        this.json = json;
        this.url = url;
        this.onEvent = onEvent;
        this.onFailure = onFailure;
        this.onOpen = onOpen;
        this.onEnd = onEnd;
    }

    void start(EventSource.Factory factory, Request request) {
        source = factory.newEventSource(request, this);
    }

    /** The gateway answered the subscription: it registered the stream before answering (ApiRoutes). */
    @Override
    public void onOpen(EventSource eventSource, Response response) {
        if (ended.get()) {
            return;
        }
        try {
            onOpen.run();
        } catch (RuntimeException e) {
            LOG.warn("Stream-open consumer failed", e);
        }
    }

    @Override
    public void onEvent(EventSource eventSource, String id, String type, String data) {
        if (ended.get()) {
            return;
        }
        // SSE: an event without an "event:" line is a "message".
        GatewayEvent event = json.event(type == null ? "message" : type, data);
        try {
            onEvent.accept(event);
        } catch (RuntimeException e) {
            // A faulty consumer must not tear the stream down for the next events.
            LOG.warn("Event consumer failed on a {} event", event.type(), e);
        }
    }

    @Override
    public void onClosed(EventSource eventSource) {
        fail(new GatewayException(GatewayException.Kind.OFFLINE,
                "The gateway at " + Failures.hostPort(url) + " ended the event stream.", null, null));
    }

    @Override
    public void onFailure(EventSource eventSource, Throwable t, Response response) {
        if (ended.get()) {
            return; // our own cancel() ends here too
        }
        fail(toGatewayException(t, response));
    }

    private GatewayException toGatewayException(Throwable t, Response response) {
        if (response != null && !response.isSuccessful()) {
            int status = response.code();
            if (status >= 400) {
                String type = response.header("Content-Type");
                byte[] body = new byte[0];
                try {
                    ResponseBody b = response.body();
                    body = b.bytes();
                } catch (IOException | IllegalStateException e) {
                    // The status alone still says what happened.
                }
                boolean isJson = type != null && type.toLowerCase(java.util.Locale.ROOT).contains("json");
                return Failures.http(status, isJson ? json.problem(body, status) : null);
            }
            return Failures.unexpectedStatus(status, url);
        }
        if (t instanceof IOException io) {
            return Failures.io(io, url);
        }
        // A successful answer that is not an event stream (wrong content type), or a broken event.
        return Failures.protocol(new ProtocolViolation("not an event stream", t), url);
    }

    private void fail(GatewayException failure) {
        if (ended.compareAndSet(false, true)) {
            onEnd.accept(this);
            onFailure.accept(failure);
        }
    }

    @Override
    public void close() {
        if (ended.compareAndSet(false, true)) {
            onEnd.accept(this);
        }
        EventSource s = source;
        if (s != null) {
            s.cancel();
        }
    }
}
