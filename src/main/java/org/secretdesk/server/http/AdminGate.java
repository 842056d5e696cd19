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
 * What runs before every route: a request id, the security headers, {@code Cache-Control: no-store} on the API,
 * the refusal of method overrides, and for the admin API the key: its identity (in {@link #ACTOR}) or a recorded,
 * counted failure. The viewer's read-only rule is applied by {@link Router#write}, which knows the action; a
 * reporter key is refused everywhere but where it reports leaks.
 */
final class AdminGate {

    static final String ACTOR = "actor";
    static final String REQUEST_ID = "rid";
    private static final String API = Router.API;
    /** GET without an admin key; the calendar feed checks its own token (CalendarRoutes). */
    private static final Set<String> PUBLIC = Set.of(API + "/health", API + "/ca", API + "/info",
            API + "/openapi.json", CalendarRoutes.FEED);

    /** The headers that would make Javalin run another method than the request's own. */
    private static final List<String> METHOD_OVERRIDES = List.of("X-HTTP-Method-Override", "X-HTTP-Method",
            "X-Method-Override");
    static final String HSTS = "max-age=31536000";

    private final GatewayService service;
    private final AdminAuth auth;
    private final FailedAuthLimiter limiter;
    private final boolean secure;

    AdminGate(GatewayService service, AdminAuth auth, FailedAuthLimiter limiter, boolean secure) {
        this.service = service;
        this.auth = auth;
        this.limiter = limiter;
        this.secure = secure;
    }

    void before(Context ctx) {
        String rid = Randoms.id("", 12);
        ctx.attribute(REQUEST_ID, rid);
        ctx.header("X-Request-Id", rid);
        securityHeaders(ctx, secure);
        String path = ctx.path();
        if (path.startsWith(API) || path.startsWith("/oauth")) {
            ctx.header("Cache-Control", "no-store");
        }
        for (String h : METHOD_OVERRIDES) {
            if (ctx.header(h) != null) {
                // Javalin would turn a POST carrying it into the named method: a proxy or a log that sees a POST
                // would then be wrong about what was done.
                throw new ApiException(ProblemCode.REQUEST_MALFORMED, "The gateway does not accept " + h
                        + ": send the request with its own method.");
            }
        }
        if (!path.startsWith(API) || PUBLIC.contains(path) && ctx.method() == HandlerType.GET
                || path.equals(LeakRoutes.GITHUB) && ctx.method() == HandlerType.POST) {
            return; // GitHub's leak reports carry a signature instead of a key: LeakRoutes checks it
        }
        String address = ctx.ip();
        List<String> headers = Collections.list(ctx.req().getHeaders("Authorization"));
        if (headers.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"secretdesk\"");
            // Recorded, not counted: no key is no guess, and its own 401 says best what to do.
            service.auditRefusal(unknown(address), "auth.failed", null, null, ProblemCode.AUTH_MISSING_API_KEY.code());
            throw new ApiException(ProblemCode.AUTH_MISSING_API_KEY, "This call needs an admin API key: send "
                    + "'Authorization: Bearer <key>'.");
        }
        Optional<AdminAuth.Identity> identity = Optional.empty();
        String h = headers.getFirst();
        if (headers.size() == 1 && h.length() > 7 && h.regionMatches(true, 0, "Bearer ", 0, 7) && h.length() < 512) {
            identity = auth.authenticate(h.substring(7).strip());
        }
        if (identity.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"secretdesk\", error=\"invalid_token\"");
            throw refused(ctx, address, ProblemCode.AUTH_INVALID_API_KEY, "The admin API key is not valid.");
        }
        // A valid key always passes: the limit below counts failures only, and only failures consult it.
        Actor actor = new Actor(identity.get().name(), identity.get().role(), address);
        ctx.attribute(ACTOR, actor);
        if (actor.role() == AdminKeySpec.Role.REPORTER
                && !(path.equals(LeakRoutes.REPORTS) && ctx.method() == HandlerType.POST)) {
            service.auditRefusal(actor, "auth.forbidden", null, null, ProblemCode.AUTH_FORBIDDEN.code());
            throw new ApiException(ProblemCode.AUTH_FORBIDDEN, "The key '" + actor.name() + "' may only report "
                    + "leaked secrets (POST " + LeakRoutes.REPORTS + ").");
        }
    }

    /**
     * A failed authentication: recorded in the audit trail and counted; the answer is the failure's own (401), or
     * 429 with {@code Retry-After} once the source has failed more than the limit allows.
     */
    private ApiException refused(Context ctx, String address, ProblemCode code, String detail) {
        long retry = limiter.recordFailure(address);
        service.auditRefusal(unknown(address), "auth.failed", null, null, code.code());
        if (retry > 0) {
            ctx.header("Retry-After", String.valueOf(retry));
            return new ApiException(ProblemCode.AUTH_RATE_LIMITED, "Too many failed authentication attempts from "
                    + "this address. Try again in " + retry + " s.");
        }
        return new ApiException(code, detail);
    }

    private static Actor unknown(String address) {
        return new Actor("unknown", AdminKeySpec.Role.VIEWER, address);
    }

    /** On every answer: no MIME sniffing, and over HTTPS a year of HTTPS only (RFC 6797). */
    static void securityHeaders(Context ctx, boolean secure) {
        ctx.header("X-Content-Type-Options", "nosniff");
        if (secure) {
            ctx.header("Strict-Transport-Security", HSTS);
        }
    }
}
