package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.testing.GatewayFixture.expect;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.GatewayPerClass;
import org.secretdesk.server.testing.Resp;

/** Health, info, and the OpenAPI document against both the contract and the routes the server answers. */
class InfoAndOpenApiTest {

    /** The contract's routes (gateway-api.md), path parameters written as {}. */
    static final Map<String, Set<String>> CONTRACT = new LinkedHashMap<>();

    static {
        CONTRACT.put("/api/v1/applications", Set.of("get", "post"));
        CONTRACT.put("/api/v1/applications/{}", Set.of("get", "patch", "delete"));
        CONTRACT.put("/api/v1/applications/{}/secrets", Set.of("get", "post"));
        CONTRACT.put("/api/v1/applications/{}/secrets/{}/renew", Set.of("post"));
        CONTRACT.put("/api/v1/applications/{}/secrets/{}", Set.of("delete"));
        CONTRACT.put("/api/v1/settings/secret-policy", Set.of("get", "put"));
        CONTRACT.put("/api/v1/roles", Set.of("get", "put"));
        CONTRACT.put("/api/v1/notifications", Set.of("get"));
        CONTRACT.put("/api/v1/events", Set.of("get"));
        CONTRACT.put("/api/v1/audit", Set.of("get"));
        CONTRACT.put("/api/v1/ca", Set.of("get"));
        CONTRACT.put("/api/v1/ca/info", Set.of("get"));
        CONTRACT.put("/api/v1/ca/rotate", Set.of("post"));
        CONTRACT.put("/oauth/token", Set.of("post"));
        CONTRACT.put("/.well-known/jwks.json", Set.of("get"));
        CONTRACT.put("/api/v1/health", Set.of("get"));
        CONTRACT.put("/api/v1/info", Set.of("get"));
    }

    static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    static GatewayFixture gw;
    @RegisterExtension
    static final GatewayPerClass GATEWAY = new GatewayPerClass(started -> gw = started);

    @Test
    void healthIsPublic() {
        Resp r = expect(gw.call("GET", "/api/v1/health").noAuth().send(), 200);
        assertThat(r.json().path("status").asText()).isEqualTo("UP");
    }

    @Test
    void infoDescribesTheGateway() {
        JsonNode info = expect(gw.get("/api/v1/info"), 200).json();
        assertThat(info.path("product").asText()).isEqualTo("SecretDesk gateway");
        assertThat(info.path("version").asText()).isNotBlank();
        assertThat(info.path("nodeId").asText()).isNotBlank();
        assertThat(info.path("capabilities").isArray()).isTrue();
    }

    /** The document's paths with parameter names replaced by {}, each with its lower-case methods. */
    static Map<String, Set<String>> documented(JsonNode doc) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        doc.path("paths").properties().forEach(e -> {
            Set<String> methods = new LinkedHashSet<>();
            e.getValue().fieldNames().forEachRemaining(m -> {
                if (METHODS.contains(m.toLowerCase(Locale.ROOT))) {
                    methods.add(m.toLowerCase(Locale.ROOT));
                }
            });
            out.merge(e.getKey().replaceAll("\\{[^}]*}", "{}"), methods, (a, b) -> {
                a.addAll(b);
                return a;
            });
        });
        return out;
    }

    private static JsonNode openApi() {
        Resp r = expect(gw.get("/api/v1/openapi.json"), 200);
        assertThat(r.contentType()).startsWith("application/json");
        return r.json();
    }

    @Test
    void openApiDocumentIsValidAndListsEveryContractRoute() {
        JsonNode doc = openApi();
        assertThat(doc.path("openapi").asText()).startsWith("3.1");
        assertThat(doc.path("info").path("title").asText()).isNotBlank();
        Map<String, Set<String>> documented = documented(doc);
        List<String> missing = new ArrayList<>();
        CONTRACT.forEach((path, methods) -> methods.forEach(m -> {
            if (!documented.getOrDefault(path, Set.of()).contains(m)) {
                missing.add(m.toUpperCase(Locale.ROOT) + " " + path);
            }
        }));
        assertThat(missing).as("contract routes missing from openapi.json").isEmpty();
        // Every operation that can fail says so with problem responses, and every $ref resolves.
        assertRefsResolve(doc, doc);
    }

    private static void assertRefsResolve(JsonNode root, JsonNode node) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#/")) {
                JsonNode target = root.at(ref.asText().substring(1));
                assertThat(target.isMissingNode()).as("$ref %s resolves", ref.asText()).isFalse();
            }
            node.forEach(child -> assertRefsResolve(root, child));
        } else if (node.isArray()) {
            node.forEach(child -> assertRefsResolve(root, child));
        }
    }

    /**
     * Drift check, both ways at the level of method and path: every documented operation is answered by a route
     * (never 404-for-no-route nor 405), and on every documented path the undocumented methods are not answered.
     * Ids are made up, so a 404 is fine only with a resource code (application/secret not found).
     */
    @Test
    void serverRoutesMatchTheDocument() throws Exception {
        Map<String, Set<String>> documented = documented(openApi());
        Set<String> paths = new LinkedHashSet<>(CONTRACT.keySet());
        paths.addAll(documented.keySet());
        List<String> drift = new ArrayList<>();
        for (String template : paths) {
            Set<String> inDoc = documented.getOrDefault(template, Set.of());
            Set<String> inContract = CONTRACT.getOrDefault(template, Set.of());
            String path = template.replace("{}", "zz_unknown");
            for (String method : METHODS) {
                int status = probe(method, path);
                boolean answered = status != 405 && !(status == 404 && !isResourceNotFound(method, path));
                String op = method.toUpperCase(Locale.ROOT) + " " + template + " -> " + status;
                if ((inDoc.contains(method) || inContract.contains(method)) && !answered) {
                    drift.add((inDoc.contains(method) ? "documented" : "in the contract") + " but not served: " + op);
                }
                if (!inDoc.contains(method) && answered && status != 404) {
                    drift.add("served but not documented: " + op);
                }
            }
        }
        assertThat(drift).isEmpty();
    }

    private String lastCode;

    private boolean isResourceNotFound(String method, String path) {
        return lastCode != null && lastCode.endsWith(".not_found");
    }

    /** Sends one request (admin key, a harmless invalid body for writes) and returns the status; never waits
     * for the end of a stream. */
    private int probe(String method, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + gw.adminKey())
                .header("Accept", "application/json, application/problem+json, text/event-stream, */*");
        String body = path.equals("/oauth/token") ? "grant_type=none"
                : path.endsWith("/roles") ? "{\"not\":\"a list\"}" : "{\"force\":\"not a boolean\",\"name\":\"\",\"description\":\"\"}";
        String type = path.equals("/oauth/token") ? "application/x-www-form-urlencoded" : "application/json";
        if (method.equals("get") || method.equals("delete")) {
            b.method(method.toUpperCase(Locale.ROOT), HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", type).method(method.toUpperCase(Locale.ROOT), HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<InputStream> r = gw.client().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        lastCode = null;
        try (InputStream in = r.body()) {
            if (!r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
                byte[] bytes = in.readNBytes(1 << 20);
                try {
                    lastCode = gw.mapper().readTree(bytes).path("code").asText(null);
                } catch (Exception ignored) {
                    lastCode = null;
                }
            }
        }
        return r.statusCode();
    }
}
