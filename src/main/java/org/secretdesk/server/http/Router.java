package org.secretdesk.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.sse.SseClient;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.server.Actor;
import org.secretdesk.server.AdminKeySpec;
import org.secretdesk.server.ApiException;
import org.secretdesk.server.GatewayService;

/** Adds routes to Javalin and records each one for the OpenAPI drift test ({@link ApiRoutes#routes()}). */
final class Router {

    static final String API = "/api/v1";
    /** A path id worth recording in the audit trail (the columns hold 40 characters). */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_]{1,40}");

    private final JavalinConfig config;
    private final List<ApiRoutes.Route> routes;
    private final GatewayService service;

    Router(JavalinConfig config, List<ApiRoutes.Route> routes, GatewayService service) {
        this.config = config;
        this.routes = routes;
        this.service = service;
    }

    void add(HandlerType method, String path, Handler handler) {
        routes.add(new ApiRoutes.Route(method.name(), path));
        config.routes.addHttpHandler(method, path, handler);
    }

    /**
     * A write of the admin API, recorded as {@code action}: it needs an admin key (a viewer gets 403), and a
     * refused attempt (403, 404, 409, 412, 422, a malformed body…) is recorded with outcome {@code REJECTED} and
     * its problem code; a successful one records itself in its transaction.
     */
    void write(HandlerType method, String path, String action, Handler handler) {
        add(method, path, ctx -> {
            Actor actor = Requests.actor(ctx);
            try {
                if (actor.role() != AdminKeySpec.Role.ADMIN) {
                    throw new ApiException(ProblemCode.AUTH_FORBIDDEN, "The key '" + actor.name()
                            + "' may only read.");
                }
                handler.handle(ctx);
            } catch (ApiException e) {
                service.auditRefusal(actor, action, pathId(ctx.pathParamMap().get("id")),
                        pathId(ctx.pathParamMap().get("secretId")), e.code().code());
                throw e;
            }
        });
    }

    void sse(String path, Consumer<SseClient> client) {
        routes.add(new ApiRoutes.Route("GET", path));
        config.routes.sse(path, client);
    }

    private static String pathId(String value) {
        return value != null && ID.matcher(value).matches() ? value : null;
    }
}
