package org.secretdesk.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.sse.SseClient;
import java.util.List;
import java.util.function.Consumer;

/** Adds routes to Javalin and records each one for the OpenAPI drift test ({@link ApiRoutes#routes()}). */
final class Router {

    static final String API = "/api/v1";

    private final JavalinConfig config;
    private final List<ApiRoutes.Route> routes;

    Router(JavalinConfig config, List<ApiRoutes.Route> routes) {
        this.config = config;
        this.routes = routes;
    }

    void add(HandlerType method, String path, Handler handler) {
        routes.add(new ApiRoutes.Route(method.name(), path));
        config.routes.addHttpHandler(method, path, handler);
    }

    void sse(String path, Consumer<SseClient> client) {
        routes.add(new ApiRoutes.Route("GET", path));
        config.routes.sse(path, client);
    }
}
