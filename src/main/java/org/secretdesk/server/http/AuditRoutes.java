package org.secretdesk.server.http;

import static org.secretdesk.server.http.Requests.decodeCursor;
import static org.secretdesk.server.http.Requests.limit;
import static org.secretdesk.server.http.Requests.textParam;
import static org.secretdesk.server.http.Requests.timeParam;
import static org.secretdesk.server.http.Responses.ok;
import static org.secretdesk.server.http.Responses.page;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Instant;
import java.util.Map;
import org.secretdesk.model.AuditEvent;
import org.secretdesk.model.Page;
import org.secretdesk.server.GatewayService;
import org.secretdesk.server.store.AuditStore;

/** {@code /api/v1/audit}: the audit trail, newest first, filtered. */
final class AuditRoutes implements RouteGroup {

    private final GatewayService service;

    AuditRoutes(GatewayService service) {
        this.service = service;
    }

    @Override
    public void register(Router router) {
        router.add(HandlerType.GET, Router.API + "/audit", this::list);
    }

    private void list(Context ctx) {
        int limit = limit(ctx);
        String cursor = decodeCursor(ctx);
        Long before;
        try {
            before = cursor == null ? null : Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw Requests.invalidCursor();
        }
        Instant from = timeParam(ctx, "from");
        Instant to = timeParam(ctx, "to");
        AuditStore.AuditFilter filter = new AuditStore.AuditFilter(textParam(ctx, "applicationId"),
                textParam(ctx, "action"), textParam(ctx, "actor"),
                from == null ? null : from.toEpochMilli(), to == null ? null : to.toEpochMilli());
        Page<Map.Entry<Long, AuditEvent>> page = service.audit(filter, limit, before);
        ok(ctx, page(page, g -> {
            for (Map.Entry<Long, AuditEvent> e : page.items()) {
                Json.audit(g, e.getValue());
            }
        }));
    }
}
