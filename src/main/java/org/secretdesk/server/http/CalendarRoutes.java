package org.secretdesk.server.http;

import static org.secretdesk.server.http.Requests.actor;
import static org.secretdesk.server.http.Responses.ok;
import static org.secretdesk.server.http.Responses.send;

import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.server.Actor;
import org.secretdesk.server.AdminKeySpec;
import org.secretdesk.server.ApiException;
import org.secretdesk.server.GatewayService;
import org.secretdesk.server.auth.FailedAuthLimiter;
import org.secretdesk.server.notify.CalendarFeed;
import org.secretdesk.server.store.CalendarStore;

/**
 * The expiry calendar: {@code GET /api/v1/calendar.ics?token=…} (the feed token instead of an admin key; a wrong
 * token is a failed authentication, recorded and counted like a wrong admin key) and its tokens under
 * {@code /api/v1/calendar/tokens} (admin keys only). Re-issuing is a revoke and a new token.
 */
final class CalendarRoutes implements RouteGroup {

    static final String FEED = Router.API + "/calendar.ics";
    private static final String TOKENS = Router.API + "/calendar/tokens";

    private final GatewayService service;
    private final CalendarFeed calendar;
    private final FailedAuthLimiter limiter;
    private final Supplier<String> url;

    CalendarRoutes(GatewayService service, CalendarFeed calendar, FailedAuthLimiter limiter, Supplier<String> url) {
        this.service = service;
        this.calendar = calendar;
        this.limiter = limiter;
        this.url = url;
    }

    @Override
    public void register(Router router) {
        router.add(HandlerType.GET, FEED, this::feed);
        router.add(HandlerType.GET, TOKENS, this::list);
        router.write(HandlerType.POST, TOKENS, "calendar.token.create", this::create);
        router.write(HandlerType.DELETE, TOKENS + "/{id}", "calendar.token.revoke", this::revoke);
    }

    private void feed(Context ctx) {
        String address = ctx.ip();
        String body = calendar.feed(ctx.queryParam("token")).orElse(null);
        if (body == null) {
            long retry = limiter.recordFailure(address);
            service.auditRefusal(new Actor("unknown", AdminKeySpec.Role.VIEWER, address), "auth.failed", null, null,
                    ProblemCode.AUTH_INVALID_API_KEY.code());
            if (retry > 0) {
                ctx.header("Retry-After", String.valueOf(retry));
                throw new ApiException(ProblemCode.AUTH_RATE_LIMITED, "Too many failed authentication attempts from "
                        + "this address. Try again in " + retry + " s.");
            }
            throw new ApiException(ProblemCode.AUTH_INVALID_API_KEY, "The calendar feed token is missing, wrong or "
                    + "revoked: ask an admin for the feed's current link.");
        }
        ctx.status(200).contentType("text/calendar; charset=utf-8").result(body.getBytes(StandardCharsets.UTF_8));
    }

    private static void adminOnly(Context ctx) {
        if (actor(ctx).role() != AdminKeySpec.Role.ADMIN) {
            throw new ApiException(ProblemCode.AUTH_FORBIDDEN, "Calendar feed tokens are for admin keys only.");
        }
    }

    private void list(Context ctx) {
        adminOnly(ctx);
        List<CalendarStore.TokenRow> rows = calendar.tokens();
        ok(ctx, Json.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("items");
            for (CalendarStore.TokenRow r : rows) {
                token(g, r, null);
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    private void create(Context ctx) {
        byte[] body = Requests.body(ctx);
        String name = null;
        if (body.length > 0) {
            Requests.requireJson(ctx);
            name = Json.string(Json.object(body, Set.of("name")), "name").orElse(null);
        }
        String given = name;
        CalendarFeed.IssuedToken issued = service.write(actor(ctx), tx -> calendar.issue(tx, given));
        send(ctx, new ApiResponse(201, Json.write(g -> token(g, issued.row(), issued.token())),
                TOKENS + "/" + issued.row().id(), null));
    }

    private void revoke(Context ctx) {
        service.write(actor(ctx), tx -> {
            calendar.revoke(tx, ctx.pathParam("id"));
            return null;
        });
        ctx.status(204);
    }

    /** A token's record; with {@code token} (only when issued) also the token and the feed's full URL. */
    private void token(JsonGenerator g, CalendarStore.TokenRow r, String token) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", r.id());
        g.writeStringField("name", r.name());
        g.writeStringField("createdBy", r.createdBy());
        Json.time(g, "createdAt", Instant.ofEpochMilli(r.createdAt()));
        Json.time(g, "lastUsedAt", r.lastUsedAt() == null ? null : Instant.ofEpochMilli(r.lastUsedAt()));
        if (token != null) {
            g.writeStringField("token", token);
            g.writeStringField("url", url.get() + FEED + "?token=" + token);
        }
        g.writeEndObject();
    }
}
