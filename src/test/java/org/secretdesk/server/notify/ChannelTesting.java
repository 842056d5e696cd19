package org.secretdesk.server.notify;

import static org.secretdesk.server.testing.GatewayFixture.expect;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.secretdesk.server.testing.GatewayFixture;

/** Helpers of the channel tests: waiting on a channel's deliveries record through the API. */
final class ChannelTesting {

    static final Duration WAIT = Duration.ofSeconds(30);

    private ChannelTesting() {
    }

    /**
     * Delivers what is due on {@code gw}'s node and reads the channel's deliveries until one matches (the node's
     * own dispatcher may be the one delivering: either way the record tells).
     */
    static JsonNode awaitDelivery(GatewayFixture gw, String channelId, Predicate<JsonNode> match) {
        long end = System.nanoTime() + WAIT.toNanos();
        JsonNode items = null;
        while (System.nanoTime() < end) {
            gw.server().deliverNotificationsNow();
            items = expect(gw.get("/api/v1/channels/" + channelId + "/deliveries?limit=200"), 200).json()
                    .path("items");
            for (JsonNode d : items) {
                if (match.test(d)) {
                    return d;
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // poll interval, not a synchronisation
        }
        throw new AssertionError("No matching delivery within " + WAIT + "; deliveries: " + items);
    }

    static Predicate<JsonNode> ofType(String type, String state) {
        return d -> type.equals(d.path("eventType").asText()) && state.equals(d.path("state").asText());
    }
}
