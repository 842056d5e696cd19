package org.secretdesk.server.http;

import static org.secretdesk.server.http.Requests.actor;
import static org.secretdesk.server.http.Requests.decodeCursor;
import static org.secretdesk.server.http.Requests.ifMatch;
import static org.secretdesk.server.http.Requests.jsonBody;
import static org.secretdesk.server.http.Requests.limit;
import static org.secretdesk.server.http.Requests.textParam;
import static org.secretdesk.server.http.Responses.etag;
import static org.secretdesk.server.http.Responses.page;
import static org.secretdesk.server.http.Responses.send;
import static org.secretdesk.server.http.Responses.sendSecret;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.secretdesk.model.Application;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.Owners;
import org.secretdesk.model.Validation;
import org.secretdesk.model.Page;
import org.secretdesk.server.ApiException;
import org.secretdesk.server.ExpiryRequest;
import org.secretdesk.server.GatewayService;
import org.secretdesk.server.Rules;
import org.secretdesk.server.store.Store;

/** {@code /api/v1/applications}: list, create (with an initial secret), read, change, delete. */
final class ApplicationRoutes implements RouteGroup {

    private static final String API = Router.API;

    private final GatewayService service;
    private final Store store;
    private final Idempotency idempotency;

    ApplicationRoutes(GatewayService service, Store store, Idempotency idempotency) {
        this.service = service;
        this.store = store;
        this.idempotency = idempotency;
    }

    @Override
    public void register(Router router) {
        router.add(HandlerType.GET, API + "/applications", this::list);
        router.write(HandlerType.POST, API + "/applications", "application.create", this::create);
        router.add(HandlerType.GET, API + "/applications/{id}", this::get);
        router.write(HandlerType.PATCH, API + "/applications/{id}", "application.update", this::patch);
        router.write(HandlerType.DELETE, API + "/applications/{id}", "application.delete", this::delete);
    }

    private void list(Context ctx) {
        int limit = limit(ctx);
        String after = decodeCursor(ctx);
        String q = textParam(ctx, "q");
        if (q != null && q.length() > 200) {
            throw ApiException.validation("q", "The search text must be at most 200 characters.");
        }
        Page<Application> page = service.listApplications(q, limit, after);
        send(ctx, new ApiResponse(200, page(page, g -> {
            for (Application a : page.items()) {
                Json.application(g, a);
            }
        }), null, null));
    }

    private void create(Context ctx) throws IOException {
        byte[] body = jsonBody(ctx);
        ObjectNode obj = Json.object(body, Set.of("name", "description", "roles", "initialSecret", "owners"));
        Owners owners = owners(obj).orElse(Owners.NONE);
        String name = Json.requiredString(obj, "name");
        String description = Json.string(obj, "description").orElse("");
        List<String> roles = Json.stringList(obj, "roles", 50).orElse(List.of());
        Optional<ObjectNode> initial = Json.object(obj, "initialSecret", Set.of("description", "expiresAfter"));
        String initialDescription = initial.map(i -> Json.requiredString(i, "description")).orElse(null);
        ExpiryRequest initialExpiry = initial.map(i -> SecretRoutes.expiryRequest(i, "initialSecret.expiresAfter"))
                .orElse(new ExpiryRequest.PolicyDefault());
        ApiResponse r = idempotency.execute(actor(ctx), ctx.header("Idempotency-Key"), "POST", ctx.path(), body, tx -> {
            Application app = service.createApplication(tx, name, description, roles, owners);
            IssuedSecret issued = initialDescription == null ? null
                    : service.createSecret(tx, app.id(), initialDescription, initialExpiry);
            Application fresh = issued == null ? app : store.applications().find(tx.connection(), app.id(),
                    tx.now().toEpochMilli()).orElseThrow();
            try {
                byte[] json = issued == null ? Json.write(g -> Json.application(g, fresh)) : Json.writeSecret(g -> {
                    // The application's fields plus "issuedSecret", written straight from the secret's chars.
                    g.writeStartObject();
                    Json.applicationFields(g, fresh);
                    g.writeFieldName("issuedSecret");
                    Json.issued(g, issued);
                    g.writeEndObject();
                });
                return new ApiResponse(201, json, API + "/applications/" + app.id(), etag(fresh.version()));
            } finally {
                if (issued != null) {
                    issued.value().destroy();
                }
            }
        });
        sendSecret(ctx, r);
    }

    private void get(Context ctx) {
        Application a = service.getApplication(ctx.pathParam("id"));
        send(ctx, new ApiResponse(200, Json.write(g -> Json.application(g, a)), null, etag(a.version())));
    }

    private void patch(Context ctx) {
        byte[] body = jsonBody(ctx);
        ObjectNode obj = Json.object(body, Set.of("description", "roles", "secretPolicy", "owners"));
        Optional<Owners> owners = owners(obj);
        Optional<String> description = Json.string(obj, "description");
        Optional<List<String>> roles = Json.stringList(obj, "roles", 50);
        Optional<ExpiryPolicy> policy = Json.object(obj, "secretPolicy", Set.of("mode", "expiresAfter"))
                .map(ApplicationRoutes::policy);
        Long ifMatch = ifMatch(ctx);
        Application a = service.write(actor(ctx), tx -> service.updateApplication(tx, ctx.pathParam("id"), ifMatch,
                description, roles, policy, owners));
        send(ctx, new ApiResponse(200, Json.write(g -> Json.application(g, a)), null, etag(a.version())));
    }

    /** {@code "owners": {"emails": [...], "team": "..."}}: absent leaves them as they are. */
    private static Optional<Owners> owners(ObjectNode obj) {
        return Json.object(obj, "owners", Set.of("emails", "team")).map(o -> {
            List<String> emails = Json.stringList(o, "emails", Owners.MAX_EMAILS).orElse(List.of());
            for (String e : emails) {
                if (!Owners.isEmail(e)) {
                    throw ApiException.validation("owners.emails", "'" + Rules.printable(e) + "' is not an e-mail "
                            + "address (name@example.com).");
                }
            }
            String team = Json.string(o, "team").orElse(null);
            if (team != null && (team.length() > Owners.MAX_TEAM_LENGTH || Validation.hasControlCharacters(team))) {
                throw ApiException.validation("owners.team", "The team is at most " + Owners.MAX_TEAM_LENGTH
                        + " characters without control characters.");
            }
            return new Owners(emails, team);
        });
    }

    private static ExpiryPolicy policy(ObjectNode p) {
        String mode = Json.requiredString(p, "mode");
        Optional<String> after = Json.string(p, "expiresAfter");
        return switch (mode) {
            case "DOMAIN" -> {
                if (after.isPresent()) {
                    throw ApiException.validation("secretPolicy.expiresAfter", "Only mode CUSTOM takes expiresAfter.");
                }
                yield ExpiryPolicy.FOLLOW_DOMAIN;
            }
            case "NEVER" -> {
                if (after.isPresent()) {
                    throw ApiException.validation("secretPolicy.expiresAfter", "Only mode CUSTOM takes expiresAfter.");
                }
                yield ExpiryPolicy.NEVER;
            }
            case "CUSTOM" -> ExpiryPolicy.custom(Json.duration("secretPolicy.expiresAfter", after.orElseThrow(() ->
                    ApiException.validation("secretPolicy.expiresAfter", "Mode CUSTOM needs expiresAfter."))));
            default -> throw ApiException.validation("secretPolicy.mode", "mode must be DOMAIN, CUSTOM or NEVER.");
        };
    }

    private void delete(Context ctx) {
        Long ifMatch = ifMatch(ctx);
        service.write(actor(ctx), tx -> {
            service.deleteApplication(tx, ctx.pathParam("id"), ifMatch);
            return null;
        });
        ctx.status(204);
    }
}
