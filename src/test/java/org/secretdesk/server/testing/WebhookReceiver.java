package org.secretdesk.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HTTPS webhook receiver (the JDK's HttpsServer with its own CA) that checks each request's HMAC-SHA256
 * signature as docs/notifications.md tells receivers to, answers 503 to the first {@code failFirst} requests, and
 * records what it received. It can be stopped and started again on the same port (a receiver down, then up).
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    public record Received(String eventId, String eventType, String signature, String body, JsonNode json,
                           boolean signatureValid, int status) {
    }

    private final ReceiverTls tls;
    private final byte[] key;
    private final Recording<Received> received = new Recording<>();
    private final Recording<String> held = new Recording<>();
    private final AtomicInteger failFirst = new AtomicInteger();
    private volatile CountDownLatch hold;
    private volatile HttpsServer server;
    private int port;

    public WebhookReceiver(ReceiverTls tls, String signingKey) {
        this.tls = tls;
        this.key = signingKey.getBytes(StandardCharsets.UTF_8);
        start(0);
    }

    private void start(int onPort) {
        try {
            HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
            s.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
            s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            s.createContext("/hook", this::handle);
            s.start();
            server = s;
            port = s.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "https://localhost:" + port + "/hook";
    }

    /** The next {@code n} requests are answered 503. */
    public void failNext(int n) {
        failFirst.set(n);
    }

    /**
     * Requests block until {@link #release()} and are then answered 503 (a delivery under way when its node
     * dies: the receiver took nothing).
     */
    public void holdRequests() {
        hold = new CountDownLatch(1);
    }

    public void release() {
        CountDownLatch h = hold;
        hold = null;
        if (h != null) {
            h.countDown();
        }
    }

    /** Down: nothing listens on the port any more (connections are refused). */
    public void stop() {
        server.stop(0);
    }

    /** Up again on the same port. */
    public void restart() {
        start(port);
    }

    private void handle(HttpExchange ex) throws IOException {
        CountDownLatch h = hold;
        if (h != null) {
            held.add(ex.getRequestURI().toString());
            try {
                h.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = ex.getRequestBody().readAllBytes();
        String body = new String(bytes, StandardCharsets.UTF_8);
        String signature = ex.getRequestHeaders().getFirst("X-SecretDesk-Signature");
        // A held request is answered 503 once released: its sender is gone, nothing was taken.
        int status = h != null || failFirst.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : 204;
        boolean valid = verify(signature, body);
        if (!valid) {
            status = 401;
        }
        JsonNode json = new ObjectMapper().readTree(body);
        received.add(new Received(ex.getRequestHeaders().getFirst("X-SecretDesk-Event-Id"),
                ex.getRequestHeaders().getFirst("X-SecretDesk-Event"), signature, body, json, valid, status));
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    /** The check a receiver does: t=...,v1=hex(HMAC-SHA256(key, t + "." + body)), compared in constant time. */
    boolean verify(String header, String body) {
        if (header == null || !header.matches("t=\\d+,v1=[0-9a-f]{64}")) {
            return false;
        }
        String t = header.substring(2, header.indexOf(','));
        String v1 = header.substring(header.indexOf("v1=") + 3);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code n} requests are being held. */
    public void awaitHeld(int n, Duration timeout) throws InterruptedException {
        held.awaitCount(n, timeout);
    }

    public List<Received> received() {
        return received.all();
    }

    /** Waits until a received request matches, or fails after {@code timeout}. */
    public Received await(Predicate<Received> match, Duration timeout) throws InterruptedException {
        return received.await(match, timeout);
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
