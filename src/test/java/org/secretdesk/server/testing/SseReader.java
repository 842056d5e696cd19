package org.secretdesk.server.testing;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Flow;

/**
 * Reads a Server-Sent Events stream in the background and hands over complete events. {@link #close()} cancels
 * the subscription, which closes the connection.
 */
public final class SseReader implements AutoCloseable {

    /** One event: its {@code event:} name (or "message"), {@code id:} and joined {@code data:} lines. */
    public record Event(String name, String id, String data) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final StringBuilder raw = new StringBuilder();
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    private final CompletableFuture<HttpResponse<Void>> response;
    private final CompletableFuture<HttpResponse.ResponseInfo> head = new CompletableFuture<>();

    public SseReader(HttpClient client, HttpRequest request) {
        Flow.Subscriber<String> lines = new Flow.Subscriber<>() {
            private String name;
            private String id;
            private final List<String> data = new ArrayList<>();

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription.set(s);
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String line) {
                synchronized (raw) {
                    raw.append(line).append('\n');
                }
                if (line.isEmpty()) {
                    if (!data.isEmpty() || name != null) {
                        events.add(new Event(name == null ? "message" : name, id, String.join("\n", data)));
                    }
                    name = null;
                    id = null;
                    data.clear();
                } else if (line.startsWith(":")) {
                    // comment / keep-alive
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    switch (field) {
                        case "event" -> name = value;
                        case "id" -> id = value;
                        case "data" -> data.add(value);
                        default -> { }
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        };
        response = client.sendAsync(request, info -> {
            head.complete(info);
            return HttpResponse.BodySubscribers.fromLineSubscriber(lines);
        });
    }

    /** Status and headers, as soon as they arrive. */
    public HttpResponse.ResponseInfo awaitHeaders(Duration timeout) throws Exception {
        return head.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean ended() {
        return response.isDone();
    }

    /** The next event, or null after {@code timeout}. */
    public Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Everything received so far, verbatim. */
    public String rawText() {
        synchronized (raw) {
            return raw.toString();
        }
    }

    @Override
    public void close() {
        Flow.Subscription s = subscription.get();
        if (s != null) {
            s.cancel();
        }
        response.cancel(true);
    }
}
