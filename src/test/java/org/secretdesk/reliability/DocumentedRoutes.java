package org.secretdesk.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The routes of the OpenAPI document in src/main/resources, so that a new route is covered by the reliability
 * tests without anyone editing them (OpenApiDriftTest keeps the document and the code together).
 */
record DocumentedRoutes(List<Route> all) {

    /** One documented operation; {@code path} has {@code {id}} and {@code {secretId}} placeholders. */
    record Route(String method, String path, boolean secured, Set<String> roles) {
        boolean write() {
            return !method.equals("GET") && !method.equals("HEAD");
        }

        /**
         * Whether a key of this role may call it: the operation's {@code x-allowed-roles} (issue 22: identify is a
         * POST viewers may call, leak reports are for reporters); else admin everywhere, viewer for reads.
         */
        boolean allows(String role) {
            return roles.isEmpty() ? role.equals("admin") || role.equals("viewer") && !write() : roles.contains(role);
        }

        String fill(String id, String secretId) {
            return path.replace("{id}", id).replace("{secretId}", secretId);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    static DocumentedRoutes load() {
        try (InputStream in = DocumentedRoutes.class.getResourceAsStream("/org/secretdesk/server/openapi.json")) {
            JsonNode doc = new ObjectMapper().readTree(in);
            JsonNode global = doc.path("security");
            List<Route> routes = new ArrayList<>();
            doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
                if (METHODS.contains(op.getKey())) {
                    JsonNode security = op.getValue().has("security") ? op.getValue().get("security") : global;
                    boolean secured = false;
                    for (JsonNode requirement : security) {
                        secured |= requirement.has("adminKey");
                    }
                    Set<String> roles = new java.util.TreeSet<>();
                    op.getValue().path("x-allowed-roles").forEach(r -> roles.add(r.asText()));
                    routes.add(new Route(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), secured,
                            Set.copyOf(roles)));
                }
            }));
            return new DocumentedRoutes(List.copyOf(routes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Route> writes() {
        return all.stream().filter(Route::write).toList();
    }

    /** Routes under /api/v1 that need an admin key (by the document). */
    List<Route> secured() {
        return all.stream().filter(Route::secured).toList();
    }
}
