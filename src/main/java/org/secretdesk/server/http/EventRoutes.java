package org.secretdesk.server.http;

import java.nio.charset.StandardCharsets;
import org.secretdesk.model.GatewayEvent;
import org.secretdesk.server.events.EventBus;

/** {@code /api/v1/events}: every change as a server-sent event, never a secret. */
final class EventRoutes implements RouteGroup {

    private final EventBus events;

    EventRoutes(EventBus events) {
        this.events = events;
    }

    @Override
    public void register(Router router) {
        router.sse(Router.API + "/events", client -> {
            client.keepAlive();
            Runnable[] unsubscribe = new Runnable[1];
            unsubscribe[0] = events.subscribe(e -> {
                if (client.terminated()) {
                    throw new IllegalStateException("client gone");
                }
                client.sendEvent(e.type(), eventJson(e));
            });
            client.onClose(() -> unsubscribe[0].run());
            client.sendComment("connected");
        });
    }

    private static String eventJson(GatewayEvent e) {
        return new String(Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("type", e.type());
            g.writeStringField("applicationId", e.applicationId());
            g.writeStringField("secretId", e.secretId());
            if (e.version() != null) {
                g.writeNumberField("version", e.version());
            }
            g.writeEndObject();
        }), StandardCharsets.UTF_8);
    }
}
