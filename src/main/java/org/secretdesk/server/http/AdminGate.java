package org.secretdesk.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.server.Actor;
import org.secretdesk.server.AdminKeySpec;
import org.secretdesk.server.ApiException;
import org.secretdesk.server.GatewayService;
import org.secretdesk.server.Randoms;
import org.secretdesk.server.auth.AdminAuth;
import org.secretdesk.server.auth.FailedAuthLimiter;

/**
 * What runs before every route: a request id, {@code Cache-Control: no-store} on the API, and for the admin API
 * the key: its identity (in {@link #ACTOR}), the failed-authentication limit and the viewer's read-only rule.
 */
final class AdminGate {

    static final String ACTOR = "actor";
    static final String REQUEST_ID = "rid";
    private static final String API = Router.API;
    private static final Set<String> PUBLIC = Set.of(API + "/health", API + "/ca", API + "/info",
            API + "/openapi.json");

    private final GatewayService service;
    private final AdminAuth auth;
    private final FailedAuthLimiter limiter;

    AdminGate(GatewayService service, AdminAuth auth, FailedAuthLimiter limiter) {
        this.service = service;
        this.auth = auth;
        this.limiter = limiter;
    }

    void before(Context ctx) {
        String rid = Randoms.id("", 12);
        ctx.attribute(REQUEST_ID, rid);
        ctx.header("X-Request-Id", rid);
        String path = ctx.path();
        if (path.startsWith(API) || path.startsWith("/oauth")) {
            ctx.header("Cache-Control", "no-store");
        }
        if (!path.startsWith(API) || PUBLIC.contains(path) && ctx.method() == HandlerType.GET) {
            return;
        }
        String address = ctx.ip();
        long retry = limiter.retryAfterSeconds(address);
        if (retry > 0) {
            ctx.header("Retry-After", String.valueOf(retry));
            throw new ApiException(ProblemCode.AUTH_RATE_LIMITED, "Too many failed authentication attempts from "
                    + "this address. Try again in " + retry + " s.");
        }
        List<String> headers = Collections.list(ctx.req().getHeaders("Authorization"));
        if (headers.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"secretdesk\"");
            throw new ApiException(ProblemCode.AUTH_MISSING_API_KEY, "This call needs an admin API key: send "
                    + "'Authorization: Bearer <key>'.");
        }
        Optional<AdminAuth.Identity> identity = Optional.empty();
        String h = headers.getFirst();
        if (headers.size() == 1 && h.length() > 7 && h.regionMatches(true, 0, "Bearer ", 0, 7) && h.length() < 512) {
            identity = auth.authenticate(h.substring(7).strip());
        }
        if (identity.isEmpty()) {
            limiter.recordFailure(address);
            service.auditFailure(new Actor("unknown", AdminKeySpec.Role.VIEWER, address), "auth.failed", null, null,
                    "REJECTED");
            ctx.header("WWW-Authenticate", "Bearer realm=\"secretdesk\", error=\"invalid_token\"");
            throw new ApiException(ProblemCode.AUTH_INVALID_API_KEY, "The admin API key is not valid.");
        }
        Actor actor = new Actor(identity.get().name(), identity.get().role(), address);
        ctx.attribute(ACTOR, actor);
        boolean read = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD
                || ctx.method() == HandlerType.OPTIONS;
        if (!read && actor.role() != AdminKeySpec.Role.ADMIN) {
            throw new ApiException(ProblemCode.AUTH_FORBIDDEN, "The key '" + actor.name() + "' may only read.");
        }
    }
}
