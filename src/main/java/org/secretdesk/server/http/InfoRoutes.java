package org.secretdesk.server.http;

import static org.secretdesk.server.http.Responses.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Health, the node's info and the OpenAPI document: no authentication. */
final class InfoRoutes implements RouteGroup {

    private static final String API = Router.API;

    private final String version;
    private final String nodeId;
    /** The OpenAPI document with {@code servers} naming the configured public URL; null serves the file as is. */
    private final byte[] openApiWithPublicUrl;

    InfoRoutes(String version, String nodeId, String publicUrl) {
        this.version = version;
        this.nodeId = nodeId;
        this.openApiWithPublicUrl = publicUrl == null ? null : openApiDocument(publicUrl);
    }

    @Override
    public void register(Router router) {
        router.add(HandlerType.GET, API + "/health", ctx -> json(ctx, 200, "{\"status\":\"UP\"}"));
        router.add(HandlerType.GET, API + "/info", this::info);
        router.add(HandlerType.GET, API + "/openapi.json", this::openApi);
    }

    private void info(Context ctx) {
        json(ctx, 200, Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("product", "SecretDesk gateway");
            g.writeStringField("version", version);
            g.writeStringField("nodeId", nodeId);
            g.writeArrayFieldStart("capabilities");
            for (String c : List.of("applications", "roles", "multipleSecrets", "renew", "renewGracePeriod", "expiry",
                    "domainPolicy", "applicationPolicy", "lastUsed", "notifications", "events", "audit", "caExport",
                    "caRotation", "idempotency", "ifMatch")) {
                g.writeString(c);
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    private void openApi(Context ctx) throws IOException {
        json(ctx, 200, openApiWithPublicUrl != null ? openApiWithPublicUrl : readOpenApi());
    }

    private static byte[] readOpenApi() throws IOException {
        try (InputStream in = InfoRoutes.class.getResourceAsStream("/org/secretdesk/server/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the build");
            }
            return in.readAllBytes();
        }
    }

    /** The document with its {@code servers} replaced by the public URL, so that clients are pointed there. */
    private static byte[] openApiDocument(String publicUrl) {
        try {
            // A plain mapper: the document is our own resource, not a request body, so no request limits apply.
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode doc = (ObjectNode) mapper.readTree(readOpenApi());
            doc.putArray("servers").addObject().put("url", publicUrl);
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException("openapi.json cannot be read", e);
        }
    }
}
