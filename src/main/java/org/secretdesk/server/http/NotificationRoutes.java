package org.secretdesk.server.http;

import static org.secretdesk.server.http.Requests.limit;
import static org.secretdesk.server.http.Requests.timeParam;
import static org.secretdesk.server.http.Responses.ok;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.secretdesk.model.Notification;
import org.secretdesk.server.GatewayService;

/** {@code /api/v1/notifications}: expiry notifications the scheduler recorded. */
final class NotificationRoutes implements RouteGroup {

    private final GatewayService service;

    NotificationRoutes(GatewayService service) {
        this.service = service;
    }

    @Override
    public void register(Router router) {
        router.add(HandlerType.GET, Router.API + "/notifications", this::list);
    }

    private void list(Context ctx) {
        Instant since = Optional.ofNullable(timeParam(ctx, "since")).orElse(Instant.EPOCH);
        int limit = limit(ctx);
        List<Notification> list = service.notifications(since, limit);
        ok(ctx, Json.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("items");
            for (Notification n : list) {
                g.writeStartObject();
                g.writeStringField("id", n.id());
                g.writeStringField("type", n.type().name());
                g.writeStringField("applicationId", n.applicationId());
                g.writeStringField("applicationName", n.applicationName());
                g.writeStringField("secretId", n.secretId());
                g.writeStringField("description", n.description());
                Json.time(g, "expiresAt", n.expiresAt());
                Json.time(g, "createdAt", n.createdAt());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }
}
