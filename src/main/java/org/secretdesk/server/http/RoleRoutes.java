package org.secretdesk.server.http;

import static org.secretdesk.server.http.Requests.actor;
import static org.secretdesk.server.http.Requests.body;
import static org.secretdesk.server.http.Requests.requireJson;
import static org.secretdesk.server.http.Responses.ok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.model.Role;
import org.secretdesk.model.Validation;
import org.secretdesk.server.ApiException;
import org.secretdesk.server.GatewayService;

/** {@code /api/v1/roles}: the role catalog. */
final class RoleRoutes implements RouteGroup {

    private final GatewayService service;

    RoleRoutes(GatewayService service) {
        this.service = service;
    }

    @Override
    public void register(Router router) {
        router.add(HandlerType.GET, Router.API + "/roles", ctx -> ok(ctx, rolesJson(service.roles())));
        router.write(HandlerType.PUT, Router.API + "/roles", "roles.update", this::put);
    }

    private static byte[] rolesJson(List<Role> roles) {
        return Json.write(g -> {
            g.writeStartArray();
            for (Role r : roles) {
                g.writeStartObject();
                g.writeStringField("name", r.name());
                g.writeStringField("description", r.description());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    private void put(Context ctx) {
        requireJson(ctx);
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body(ctx));
        } catch (IOException e) {
            throw new ApiException(ProblemCode.REQUEST_MALFORMED, "The request body is not valid JSON.");
        }
        if (node == null || !node.isArray() || node.size() > 200) {
            throw ApiException.validation("roles", "The body must be an array of at most 200 {name, description}.");
        }
        List<Role> roles = new ArrayList<>();
        for (var n : node) {
            if (!n.isObject()) {
                throw ApiException.validation("roles", "Each role must be an object {name, description}.");
            }
            ObjectNode o = Json.object(n.toString().getBytes(StandardCharsets.UTF_8), Set.of("name", "description"));
            String name = Json.requiredString(o, "name");
            if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")) {
                throw ApiException.validation("roles", "Role names are 1-64 letters, digits, '.', '_', ':' or '-'.");
            }
            String description = Json.string(o, "description").orElse("");
            if (description.length() > 400 || Validation.hasControlCharacters(description)) {
                throw ApiException.validation("roles", "Role descriptions are at most 400 characters without "
                        + "control characters.");
            }
            roles.add(new Role(name, description.strip()));
        }
        List<Role> result = service.write(actor(ctx), tx -> service.replaceRoles(tx, roles));
        ok(ctx, rolesJson(result));
    }
}
