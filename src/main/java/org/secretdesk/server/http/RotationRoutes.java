package org.secretdesk.server.http;

import static org.secretdesk.server.http.Requests.actor;
import static org.secretdesk.server.http.Requests.body;
import static org.secretdesk.server.http.Requests.decodeCursor;
import static org.secretdesk.server.http.Requests.ifMatch;
import static org.secretdesk.server.http.Requests.jsonBody;
import static org.secretdesk.server.http.Requests.limit;
import static org.secretdesk.server.http.Requests.requireJson;
import static org.secretdesk.server.http.Requests.timeParam;
import static org.secretdesk.server.http.Responses.etag;
import static org.secretdesk.server.http.Responses.page;
import static org.secretdesk.server.http.Responses.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.secretdesk.model.IsoDurations;
import org.secretdesk.model.Page;
import org.secretdesk.model.RotationPolicy;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.server.ApiException;
import org.secretdesk.server.RotationService;

/**
 * Rotation without outages (issue 21): ending or extending a secret's grace period, an application's
 * retire-when-quiet policy, and the secrets of every application that have not been used for a while.
 */
final class RotationRoutes implements RouteGroup {

    private static final String API = Router.API;
    private static final String SECRET = API + "/applications/{id}/secrets/{secretId}";
    /** 9999-12-31T23:59:59Z: later times are no times a secret was used at (and overflow milliseconds). */
    private static final long MAX_SECOND = 253_402_300_799L;

    private final RotationService rotation;

    RotationRoutes(RotationService rotation) {
        this.rotation = rotation;
    }

    @Override
    public void register(Router router) {
        router.write(HandlerType.POST, SECRET + "/end-grace", "secret.end-grace", this::endGrace);
        router.write(HandlerType.POST, SECRET + "/extend-grace", "secret.extend-grace", this::extendGrace);
        router.add(HandlerType.GET, API + "/applications/{id}/rotation-policy", this::policy);
        router.write(HandlerType.PUT, API + "/applications/{id}/rotation-policy", "application.rotation-policy",
                this::updatePolicy);
        router.add(HandlerType.GET, API + "/secrets", this::unused);
    }

    private void endGrace(Context ctx) {
        byte[] body = body(ctx);
        if (body.length > 0) {
            requireJson(ctx);
            Json.object(body, Set.of());
        }
        Long ifMatch = ifMatch(ctx);
        String appId = ctx.pathParam("id");
        String secretId = ctx.pathParam("secretId");
        secret(ctx, rotation.endGrace(actor(ctx), appId, secretId, ifMatch));
    }

    private void extendGrace(Context ctx) {
        ObjectNode obj = Json.object(jsonBody(ctx), Set.of("gracePeriod"));
        Duration by = Json.duration("gracePeriod", Json.requiredString(obj, "gracePeriod"));
        Long ifMatch = ifMatch(ctx);
        String appId = ctx.pathParam("id");
        String secretId = ctx.pathParam("secretId");
        secret(ctx, rotation.extendGrace(actor(ctx), appId, secretId, ifMatch, by));
    }

    private static void secret(Context ctx, SecretSummary s) {
        send(ctx, new ApiResponse(200, Json.write(g -> Json.secret(g, s)), null, etag(s.version())));
    }

    private void policy(Context ctx) {
        sendPolicy(ctx, rotation.policy(ctx.pathParam("id")));
    }

    private void updatePolicy(Context ctx) {
        ObjectNode obj = Json.object(jsonBody(ctx), Set.of("retireAfterQuiet"));
        JsonNode quiet = obj.get("retireAfterQuiet");
        if (quiet == null) {
            throw ApiException.validation("retireAfterQuiet", "Send retireAfterQuiet: a duration such as PT1H, or "
                    + "null for none.");
        }
        RotationPolicy policy = new RotationPolicy(quiet.isNull() ? null
                : Json.duration("retireAfterQuiet", Json.requiredString(obj, "retireAfterQuiet")));
        String appId = ctx.pathParam("id");
        sendPolicy(ctx, rotation.updatePolicy(actor(ctx), appId, policy));
    }

    private static void sendPolicy(Context ctx, RotationPolicy policy) {
        send(ctx, new ApiResponse(200, Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("retireAfterQuiet", policy.retireAfterQuiet() == null ? null
                    : IsoDurations.format(policy.retireAfterQuiet()));
            g.writeEndObject();
        }), null, null));
    }

    /** {@code GET /api/v1/secrets?unusedSince=…}: stale secrets, across applications, in id order. */
    private void unused(Context ctx) {
        Instant since = timeParam(ctx, "unusedSince");
        if (since == null || since.getEpochSecond() < 0 || since.getEpochSecond() > MAX_SECOND) {
            throw ApiException.validation("unusedSince", "Give unusedSince, an RFC 3339 time from 1970 to 9999: "
                    + "the secrets not used since then are listed.");
        }
        int limit = limit(ctx);
        String cursor = decodeCursor(ctx);
        Page<SecretSummary> page = rotation.unusedSecrets(since, limit, cursor);
        send(ctx, new ApiResponse(200, page(page, g -> {
            for (SecretSummary s : page.items()) {
                Json.secret(g, s);
            }
        }), null, null));
    }
}
