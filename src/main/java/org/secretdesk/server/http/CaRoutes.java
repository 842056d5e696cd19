package org.secretdesk.server.http;

import static org.secretdesk.server.http.Requests.actor;
import static org.secretdesk.server.http.Requests.body;
import static org.secretdesk.server.http.Requests.requireJson;
import static org.secretdesk.server.http.Responses.json;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Set;
import org.secretdesk.model.CaInfo;

/** {@code /api/v1/ca}: the root CA certificate (no authentication), its info, and rotation. */
final class CaRoutes implements RouteGroup {

    private final ApiRoutes.CaOperations ca;

    CaRoutes(ApiRoutes.CaOperations ca) {
        this.ca = ca;
    }

    @Override
    public void register(Router router) {
        router.add(HandlerType.GET, Router.API + "/ca", ctx -> {
            ctx.status(200).contentType("application/x-pem-file").result(ca.caPem());
        });
        router.add(HandlerType.GET, Router.API + "/ca/info", ctx -> json(ctx, 200, caInfoJson(ca.caInfo())));
        router.write(HandlerType.POST, Router.API + "/ca/rotate", "ca.rotate", this::rotate);
    }

    private static byte[] caInfoJson(CaInfo i) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("subject", i.subject());
            g.writeStringField("serialNumber", i.serialNumber());
            Json.time(g, "notBefore", i.notBefore());
            Json.time(g, "notAfter", i.notAfter());
            g.writeStringField("sha256Fingerprint", i.sha256Fingerprint());
            g.writeStringField("keyAlgorithm", i.keyAlgorithm());
            g.writeBooleanField("rotationBlocked", i.rotationBlocked());
            g.writeEndObject();
        });
    }

    private void rotate(Context ctx) {
        byte[] body = body(ctx);
        boolean force = false;
        if (body.length > 0) {
            requireJson(ctx);
            force = Json.bool(Json.object(body, Set.of("force")), "force").orElse(false);
        }
        json(ctx, 200, caInfoJson(ca.rotate(actor(ctx), force)));
    }
}
