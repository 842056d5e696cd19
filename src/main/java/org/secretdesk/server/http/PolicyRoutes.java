package org.secretdesk.server.http;

import static org.secretdesk.server.http.Requests.actor;
import static org.secretdesk.server.http.Requests.jsonBody;
import static org.secretdesk.server.http.Responses.ok;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.IsoDurations;
import org.secretdesk.server.ApiException;
import org.secretdesk.server.GatewayService;

/** {@code /api/v1/settings/secret-policy}: the gateway-wide (domain) secret policy. */
final class PolicyRoutes implements RouteGroup {

    private final GatewayService service;

    PolicyRoutes(GatewayService service) {
        this.service = service;
    }

    @Override
    public void register(Router router) {
        router.add(HandlerType.GET, Router.API + "/settings/secret-policy", ctx -> ok(ctx,
                policyJson(service.secretPolicy())));
        router.write(HandlerType.PUT, Router.API + "/settings/secret-policy", "policy.update", this::put);
    }

    private static byte[] policyJson(DomainSecretPolicy p) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeBooleanField("expiryEnabled", p.expiryEnabled());
            g.writeStringField("expiresAfter", p.expiresAfter() == null ? null : IsoDurations.format(p.expiresAfter()));
            g.writeArrayFieldStart("notifyBefore");
            for (Duration d : p.notifyBefore()) {
                g.writeString(IsoDurations.format(d));
            }
            g.writeEndArray();
            g.writeNumberField("maxSecretsPerApplication", p.maxSecretsPerApplication());
            g.writeEndObject();
        });
    }

    private void put(Context ctx) {
        ObjectNode obj = Json.object(jsonBody(ctx), Set.of("expiryEnabled", "expiresAfter", "notifyBefore",
                "maxSecretsPerApplication"));
        boolean enabled = Json.bool(obj, "expiryEnabled").orElseThrow(() ->
                ApiException.validation("expiryEnabled", "'expiryEnabled' is required."));
        Duration after = Json.string(obj, "expiresAfter").map(v -> Json.duration("expiresAfter", v)).orElse(null);
        if (enabled && after == null) {
            throw ApiException.validation("expiresAfter", "expiresAfter is required when expiry is enabled.");
        }
        List<Duration> thresholds = new ArrayList<>();
        for (String t : Json.stringList(obj, "notifyBefore", 20).orElse(List.of())) {
            thresholds.add(Json.duration("notifyBefore", t));
        }
        if (obj.has("maxSecretsPerApplication")) {
            var n = obj.get("maxSecretsPerApplication");
            if (!n.isInt() || n.intValue() != service.secretPolicy().maxSecretsPerApplication()) {
                throw ApiException.validation("maxSecretsPerApplication", "maxSecretsPerApplication is read-only: it "
                        + "comes from the gateway's configuration.");
            }
        }
        DomainSecretPolicy p = service.write(actor(ctx), tx -> service.updateSecretPolicy(tx, enabled,
                after, thresholds));
        ok(ctx, policyJson(p));
    }
}
