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
import java.util.Map;
import java.util.function.Supplier;

/** Health, the node's info and the OpenAPI document: no authentication. */
final class InfoRoutes implements RouteGroup {

    private static final String API = Router.API;

    private final String version;
    private final String nodeId;
    private final Supplier<String> url;
    /** The OpenAPI document with {@code servers} naming {@link #url}, made at the first request for that URL. */
    private volatile Map.Entry<String, byte[]> openApi;

    InfoRoutes(String version, String nodeId, Supplier<String> url) {
        this.version = version;
        this.nodeId = nodeId;
        this.url = url;
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

    /** The document, its {@code servers} naming this node's address: the public URL, else where it listens. */
    private void openApi(Context ctx) {
        String current = url.get();
        Map.Entry<String, byte[]> doc = openApi;
        if (doc == null || !doc.getKey().equals(current)) {
            doc = Map.entry(current, openApiDocument(current));
            openApi = doc;
        }
        json(ctx, 200, doc.getValue());
    }

    private static byte[] readOpenApi() throws IOException {
        try (InputStream in = InfoRoutes.class.getResourceAsStream("/org/secretdesk/server/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the build");
            }
            return in.readAllBytes();
        }
    }

    /** The document with its {@code servers} replaced by {@code publicUrl}, so that clients are pointed there. */
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
