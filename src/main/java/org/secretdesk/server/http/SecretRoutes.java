package org.secretdesk.server.http;

import static org.secretdesk.server.http.Requests.actor;
import static org.secretdesk.server.http.Requests.body;
import static org.secretdesk.server.http.Requests.decodeCursor;
import static org.secretdesk.server.http.Requests.ifMatch;
import static org.secretdesk.server.http.Requests.jsonBody;
import static org.secretdesk.server.http.Requests.limit;
import static org.secretdesk.server.http.Requests.requireJson;
import static org.secretdesk.server.http.Responses.etag;
import static org.secretdesk.server.http.Responses.page;
import static org.secretdesk.server.http.Responses.send;
import static org.secretdesk.server.http.Responses.sendSecret;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.Page;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.server.ExpiryRequest;
import org.secretdesk.server.GatewayService;

/** {@code /api/v1/applications/{id}/secrets}: list, create, renew, delete. */
final class SecretRoutes implements RouteGroup {

    private static final String API = Router.API;

    private final GatewayService service;
    private final Idempotency idempotency;

    SecretRoutes(GatewayService service, Idempotency idempotency) {
        this.service = service;
        this.idempotency = idempotency;
    }

    @Override
    public void register(Router router) {
        router.add(HandlerType.GET, API + "/applications/{id}/secrets", this::list);
        router.write(HandlerType.POST, API + "/applications/{id}/secrets", "secret.create", this::create);
        router.write(HandlerType.POST, API + "/applications/{id}/secrets/{secretId}/renew", "secret.renew",
                this::renew);
        router.write(HandlerType.DELETE, API + "/applications/{id}/secrets/{secretId}", "secret.delete",
                this::delete);
    }

    private void list(Context ctx) {
        int limit = limit(ctx);
        String cursor = decodeCursor(ctx);
        Long afterCreated = null;
        String afterId = null;
        if (cursor != null) {
            int colon = cursor.indexOf(':');
            try {
                afterCreated = Long.parseLong(cursor.substring(0, colon));
                afterId = cursor.substring(colon + 1);
            } catch (RuntimeException e) {
                throw Requests.invalidCursor();
            }
        }
        Page<SecretSummary> page = service.listSecrets(ctx.pathParam("id"), limit, afterCreated, afterId);
        send(ctx, new ApiResponse(200, page(page, g -> {
            for (SecretSummary s : page.items()) {
                Json.secret(g, s);
            }
        }), null, null));
    }

    static ExpiryRequest expiryRequest(ObjectNode obj, String field) {
        return Json.string(obj, "expiresAfter").<ExpiryRequest>map(v -> v.equals("NEVER")
                ? new ExpiryRequest.Never() : new ExpiryRequest.After(Json.duration(field, v)))
                .orElse(new ExpiryRequest.PolicyDefault());
    }

    private void create(Context ctx) throws IOException {
        byte[] body = jsonBody(ctx);
        ObjectNode obj = Json.object(body, Set.of("description", "expiresAfter"));
        String description = Json.requiredString(obj, "description");
        ExpiryRequest expiry = expiryRequest(obj, "expiresAfter");
        String appId = ctx.pathParam("id");
        sendSecret(ctx, idempotency.execute(actor(ctx), ctx.header("Idempotency-Key"), "POST", ctx.path(), body, tx ->
                issuedResponse(201, service.createSecret(tx, appId, description, expiry), true)));
    }

    private void renew(Context ctx) throws IOException {
        byte[] body = body(ctx);
        Duration grace = null;
        if (body.length > 0) {
            requireJson(ctx);
            ObjectNode obj = Json.object(body, Set.of("gracePeriod"));
            Optional<String> g = Json.string(obj, "gracePeriod");
            if (g.isPresent()) {
                grace = Json.duration("gracePeriod", g.get());
            }
        }
        Duration gracePeriod = grace;
        Long ifMatch = ifMatch(ctx);
        String appId = ctx.pathParam("id");
        String secretId = ctx.pathParam("secretId");
        sendSecret(ctx, idempotency.execute(actor(ctx), ctx.header("Idempotency-Key"), "POST", ctx.path(), body, tx ->
                issuedResponse(200, service.renewSecret(tx, appId, secretId, ifMatch, gracePeriod), false)));
    }

    private static ApiResponse issuedResponse(int status, IssuedSecret issued, boolean location) {
        try {
            byte[] json = Json.writeSecret(g -> Json.issued(g, issued));
            SecretSummary s = issued.secret();
            return new ApiResponse(status, json, location ? API + "/applications/" + s.applicationId() + "/secrets/"
                    + s.id() : null, etag(s.version()));
        } finally {
            issued.value().destroy();
        }
    }

    private void delete(Context ctx) {
        Long ifMatch = ifMatch(ctx);
        service.write(actor(ctx), tx -> {
            service.deleteSecret(tx, ctx.pathParam("id"), ctx.pathParam("secretId"), ifMatch);
            return null;
        });
        ctx.status(204);
    }
}
