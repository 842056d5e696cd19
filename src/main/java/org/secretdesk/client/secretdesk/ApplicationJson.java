package org.secretdesk.client.secretdesk;

import static org.secretdesk.client.secretdesk.JsonFields.instant;
import static org.secretdesk.client.secretdesk.JsonFields.optDuration;
import static org.secretdesk.client.secretdesk.JsonFields.optInstant;
import static org.secretdesk.client.secretdesk.JsonFields.optInt;
import static org.secretdesk.client.secretdesk.JsonFields.optText;
import static org.secretdesk.client.secretdesk.JsonFields.putDuration;
import static org.secretdesk.client.secretdesk.JsonFields.requireObject;
import static org.secretdesk.client.secretdesk.JsonFields.stringList;
import static org.secretdesk.client.secretdesk.JsonFields.text;
import static org.secretdesk.client.secretdesk.JsonFields.version;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.secretdesk.client.ApplicationPatch;
import org.secretdesk.client.NewApplication;
import org.secretdesk.model.Application;
import org.secretdesk.model.ExpiryMode;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.Owners;

/** The JSON of an application (gateway-api.md, {@code /api/v1/applications}): its requests and its answers. */
final class ApplicationJson {

    private ApplicationJson() {
    }

    static ObjectNode newApplication(ObjectNode body, NewApplication request) {
        body.put("name", request.name());
        if (request.description() != null) {
            body.put("description", request.description());
        }
        if (!request.roles().isEmpty()) {
            ArrayNode roles = body.putArray("roles");
            request.roles().forEach(roles::add);
        }
        if (request.initialSecretDescription() != null) {
            body.putObject("initialSecret").put("description", request.initialSecretDescription());
        }
        if (!request.owners().isEmpty()) {
            owners(body, request.owners());
        }
        return body;
    }

    static ObjectNode applicationPatch(ObjectNode body, ApplicationPatch patch) {
        if (patch.description() != null) {
            body.put("description", patch.description());
        }
        if (patch.roles() != null) {
            ArrayNode roles = body.putArray("roles");
            patch.roles().forEach(roles::add);
        }
        if (patch.secretPolicy() != null) {
            ObjectNode policy = body.putObject("secretPolicy");
            policy.put("mode", patch.secretPolicy().mode().name());
            putDuration(policy, "expiresAfter", patch.secretPolicy().expiresAfter());
        }
        if (patch.owners() != null) {
            owners(body, patch.owners());
        }
        return body;
    }

    /** {@code owners}: replaced whole (the addresses, possibly none, and the team). */
    private static void owners(ObjectNode body, Owners owners) {
        ObjectNode node = body.putObject("owners");
        ArrayNode emails = node.putArray("emails");
        owners.emails().forEach(emails::add);
        if (owners.team() != null) {
            node.put("team", owners.team()); // absent: no team
        }
    }

    static Application application(JsonNode n) {
        requireObject(n, "application");
        JsonNode policy = n.get("secretPolicy");
        return new Application(text(n, "id"), text(n, "name"), optText(n, "description"), text(n, "clientId"),
                stringList(n, "roles"), instant(n, "createdAt"), optInstant(n, "updatedAt"), version(n),
                policy == null || policy.isNull() ? null : expiryPolicy(policy), optInt(n, "secretCount"),
                optInstant(n, "nextExpiry"), optInt(n, "expiredCount"), owners(n.get("owners")));
    }

    /** An application's owners (issue 23); a gateway before them sends none. */
    private static Owners owners(JsonNode n) {
        if (n == null || n.isNull()) {
            return Owners.NONE;
        }
        requireObject(n, "owners");
        return new Owners(stringList(n, "emails"), optText(n, "team"));
    }

    static ExpiryPolicy expiryPolicy(JsonNode n) {
        requireObject(n, "secretPolicy");
        String mode = text(n, "mode");
        ExpiryMode parsed;
        try {
            parsed = ExpiryMode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ProtocolViolation("unknown secretPolicy.mode");
        }
        try {
            return new ExpiryPolicy(parsed, optDuration(n, "expiresAfter"));
        } catch (IllegalArgumentException e) {
            throw new ProtocolViolation("inconsistent secretPolicy");
        }
    }
}
