package org.secretdesk.server.http;

import static org.secretdesk.server.http.Responses.isProblem;
import static org.secretdesk.server.http.Responses.problem;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.secretdesk.model.CaInfo;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.server.Actor;
import org.secretdesk.server.ApiException;
import org.secretdesk.server.GatewayService;
import org.secretdesk.server.RotationService;
import org.secretdesk.server.LeakResponse;
import org.secretdesk.server.auth.AdminAuth;
import org.secretdesk.server.auth.FailedAuthLimiter;
import org.secretdesk.server.events.EventBus;
import org.secretdesk.server.notify.Notifications;
import org.secretdesk.server.store.Store;
import org.secretdesk.server.store.StoreException;
import org.secretdesk.server.token.TokenService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP contract of gateway-api.md on top of {@link GatewayService}: the one place that composes the route
 * groups (one per resource), the gate before them and the error mapping after them.
 */
public final class ApiRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    private static final Logger REQUESTS = LoggerFactory.getLogger("org.secretdesk.server.requests");

    /** What the CA endpoints need from the node. */
    public interface CaOperations {
        String caPem();

        CaInfo caInfo();

        /** Rotates (when allowed) and returns the new info; throws ApiException when blocked. */
        CaInfo rotate(Actor actor, boolean force);
    }

    /** A documented route, for the OpenAPI drift test. */
    public record Route(String method, String path) {
    }

    private final GatewayService service;
    private final AdminGate gate;
    private final List<RouteGroup> groups;
    private final List<Route> routes = new ArrayList<>();

    /**
     * What the routes need to know of the node.
     *
     * @param url    the address clients use: the configured public URL, else the node's own (known once it listens)
     * @param secure served over HTTPS (adds {@code Strict-Transport-Security})
     */
    public record Node(String version, String nodeId, Supplier<String> url, boolean secure) {
    }

    /** The failed-authentication limits: admin keys per address; the token endpoint per address and client_id. */
    public record Limits(FailedAuthLimiter admin, FailedAuthLimiter tokenAddresses, FailedAuthLimiter tokenClients) {
    }

    public ApiRoutes(GatewayService service, Store store, AdminAuth auth, Limits limits, TokenService tokens,
                     EventBus events, CaOperations ca, Node node, LeakResponse leaks, Notifications notifications) {
        Idempotency idempotency = new Idempotency(service, store);
        this.service = service;
        this.gate = new AdminGate(service, auth, limits.admin(), node.secure());
        this.groups = List.of(
                new InfoRoutes(node.version(), node.nodeId(), node.url()),
                new ApplicationRoutes(service, store, idempotency),
                new SecretRoutes(service, idempotency),
                new PolicyRoutes(service),
                new RoleRoutes(service),
                new NotificationRoutes(service),
                new AuditRoutes(service),
                new CaRoutes(ca),
                new TokenRoutes(tokens, limits.tokenAddresses(), limits.tokenClients()),
                new EventRoutes(events),
                new RotationRoutes(new RotationService(service, store)),
                new LeakRoutes(leaks, service, limits.admin()),
                new ChannelRoutes(service, notifications.channels()),
                new CalendarRoutes(service, notifications.calendar(), limits.admin(), node.url()));
    }

    public List<Route> routes() {
        return Collections.unmodifiableList(routes);
    }

    public void configure(JavalinConfig config) {
        config.http.maxRequestSize = Requests.MAX_BODY;
        config.http.prefer405over404 = true;
        config.http.generateEtags = false;
        config.routes.before(gate::before);
        config.routes.exception(ApiException.class, (e, ctx) -> problem(ctx, e.code(), e.getMessage(), e.field()));
        config.routes.exception(Exception.class, ApiRoutes::unexpected);
        config.routes.error(404, ctx -> {
            if (!ctx.res().isCommitted() && !isProblem(ctx)) {
                problem(ctx, ProblemCode.NOT_FOUND, "There is no such resource: check the path.", null);
            }
        });
        config.routes.error(405, ctx -> {
            if (!isProblem(ctx)) {
                problem(ctx, ProblemCode.METHOD_NOT_ALLOWED, "This method is not allowed on this path.", null);
            }
        });
        config.requestLogger.http((ctx, ms) -> REQUESTS.info("{} {} {} {}ms rid={}", ctx.method().name(),
                ctx.path(), ctx.statusCode(), Math.round(ms), ctx.attribute(AdminGate.REQUEST_ID)));
        Router router = new Router(config, routes, service);
        groups.forEach(g -> g.register(router));
    }

    private static void unexpected(Exception e, Context ctx) {
        if (e instanceof HttpResponseException h) {
            ProblemCode code = switch (h.getStatus()) {
                case 413 -> ProblemCode.REQUEST_TOO_LARGE;
                case 415 -> ProblemCode.UNSUPPORTED_MEDIA_TYPE;
                case 404 -> ProblemCode.NOT_FOUND;
                case 405 -> ProblemCode.METHOD_NOT_ALLOWED;
                default -> h.getStatus() < 500 ? ProblemCode.REQUEST_MALFORMED : ProblemCode.INTERNAL;
            };
            if (code != ProblemCode.INTERNAL) {
                problem(ctx, code, code.title() + ".", null);
                return;
            }
        }
        String rid = ctx.attribute(AdminGate.REQUEST_ID);
        if (e instanceof StoreException se) {
            LOG.error("Request {} failed in the database: {} {}", rid, se.getMessage(), se.sqlException().getMessage());
        } else {
            LOG.error("Request {} failed", rid, e);
        }
        problem(ctx, ProblemCode.INTERNAL, "An internal error occurred. Request id " + rid
                + " (the gateway's log has the details).", null);
    }
}
