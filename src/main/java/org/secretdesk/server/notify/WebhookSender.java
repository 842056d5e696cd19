package org.secretdesk.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.secretdesk.server.Version;

/**
 * HTTPS POST of the event's JSON. Signed with HMAC-SHA256 under the channel's signing key over
 * {@code "<timestamp>.<body>"}: header {@code X-SecretDesk-Signature: t=<timestamp>,v1=<hex>} (the timestamp in
 * epoch seconds lets receivers refuse old replays). {@code X-SecretDesk-Event-Id} is the same on every retry of the
 * event, so a receiver drops duplicates by it. A 2xx answer is a delivery; anything else is retried. Redirects are
 * not followed.
 */
final class WebhookSender implements Sender {

    static final String SIGNATURE = "X-SecretDesk-Signature";
    static final String EVENT_ID = "X-SecretDesk-Event-Id";
    static final String EVENT_TYPE = "X-SecretDesk-Event";

    private final Clock clock;

    WebhookSender(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void send(ObjectNode settings, JsonNode event, String payload, byte[] credential)
            throws DeliveryException {
        long timestamp = clock.millis() / 1000;
        String signature = "t=" + timestamp + ",v1=" + sign(credential, timestamp, payload);
        URI url = URI.create(settings.path("url").asText());
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "SecretDesk-Gateway/" + Version.current())
                .header(EVENT_ID, event.path("id").asText())
                .header(EVENT_TYPE, event.path("type").asText())
                .header(SIGNATURE, signature)
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8)).build();
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).sslContext(ChannelSettings.tls(settings)).build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new DeliveryException("The receiver answered HTTP " + response.statusCode());
            }
        } catch (HttpConnectTimeoutException e) {
            throw new DeliveryException("Could not connect to " + url.getHost() + ":" + port(url) + " in time");
        } catch (HttpTimeoutException e) {
            throw new DeliveryException("The receiver did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new DeliveryException("Could not connect to " + url.getHost() + ":" + port(url)
                    + " (connection refused)");
        } catch (javax.net.ssl.SSLException e) {
            throw new DeliveryException("TLS with " + url.getHost() + " failed: " + e.getMessage());
        } catch (IOException e) {
            throw new DeliveryException("Sending to " + url.getHost() + ":" + port(url) + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("Interrupted (the node is stopping)");
        } finally {
            client.shutdownNow(); // not close(): that would wait for an exchange the node is abandoning
        }
    }

    private static int port(URI url) {
        return url.getPort() < 0 ? 443 : url.getPort();
    }

    /** Hex HMAC-SHA256 of {@code "<timestamp>.<payload>"} under {@code key}. */
    static String sign(byte[] key, long timestamp, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
