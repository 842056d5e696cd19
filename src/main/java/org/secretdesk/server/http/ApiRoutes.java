package org.secretdesk.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.secretdesk.model.Application;
import org.secretdesk.model.AuditEvent;
import org.secretdesk.model.CaInfo;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.ExpiryMode;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.GatewayEvent;
import org.secretdesk.model.IsoDurations;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.Notification;
import org.secretdesk.model.Page;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.model.Role;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.Validation;
import org.secretdesk.server.Actor;
import org.secretdesk.server.AdminKeySpec;
import org.secretdesk.server.ApiException;
import org.secretdesk.server.ExpiryRequest;
import org.secretdesk.server.GatewayService;
import org.secretdesk.server.Randoms;
import org.secretdesk.server.auth.AdminAuth;
import org.secretdesk.server.auth.FailedAuthLimiter;
import org.secretdesk.server.events.EventBus;
import org.secretdesk.server.store.Store;
import org.secretdesk.server.store.StoreException;
import org.secretdesk.server.token.TokenService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP contract of gateway-api.md on top of {@link GatewayService}. */
public final class ApiRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    private static final Logger REQUESTS = LoggerFactory.getLogger("org.secretdesk.server.requests");
    public static final int MAX_BODY = 64 * 1024;
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String JSON = "application/json";
    private static final String API = "/api/v1";
    private static final Set<String> PUBLIC = Set.of(API + "/health", API + "/ca", API + "/info",
            API + "/openapi.json");

    /** What the CA endpoints need from the node. */
    public interface CaOperations {
        String caPem();

        CaInfo caInfo();

        /** Rotates (when allowed) and returns the new info; throws ApiException when blocked. */
        CaInfo rotate(Actor actor, boolean force);
    }

    /** A documented route, for the OpenAPI drift test. */
    public record Route(String method, String path) {
    }

    private final GatewayService service;
    private final Store store;
    private final AdminAuth auth;
    private final FailedAuthLimiter limiter;
    private final TokenService tokens;
    private final EventBus events;
    private final CaOperations ca;
    private final Idempotency idempotency;
    private final String version;
    private final String nodeId;
    private final List<Route> routes = new ArrayList<>();
    /** The OpenAPI document with {@code servers} naming the configured public URL; null serves the file as is. */
    private final byte[] openApiWithPublicUrl;

    public ApiRoutes(GatewayService service, Store store, AdminAuth auth, FailedAuthLimiter limiter,
                     TokenService tokens, EventBus events, CaOperations ca, String version, String nodeId,
                     String publicUrl) {
        this.service = service;
        this.store = store;
        this.auth = auth;
        this.limiter = limiter;
        this.tokens = tokens;
        this.events = events;
        this.ca = ca;
        this.idempotency = new Idempotency(service, store);
        this.version = version;
        this.nodeId = nodeId;
        this.openApiWithPublicUrl = publicUrl == null ? null : openApiDocument(publicUrl);
    }

    public List<Route> routes() {
        return Collections.unmodifiableList(routes);
    }

    public void configure(JavalinConfig config) {
        config.http.maxRequestSize = MAX_BODY;
        config.http.prefer405over404 = true;
        config.http.generateEtags = false;
        config.routes.before(this::before);
        config.routes.exception(ApiException.class, (e, ctx) -> problem(ctx, e.code(), e.getMessage(), e.field()));
        config.routes.exception(Exception.class, this::unexpected);
        config.routes.error(404, ctx -> {
            if (!ctx.res().isCommitted() && !isProblem(ctx)) {
                problem(ctx, ProblemCode.NOT_FOUND, "There is no such resource: check the path.", null);
            }
        });
        config.routes.error(405, ctx -> {
            if (!isProblem(ctx)) {
                problem(ctx, ProblemCode.METHOD_NOT_ALLOWED, "This method is not allowed on this path.", null);
            }
        });
        config.requestLogger.http((ctx, ms) -> REQUESTS.info("{} {} {} {}ms rid={}", ctx.method().name(),
                ctx.path(), ctx.statusCode(), Math.round(ms), ctx.attribute("rid")));

        route(config, HandlerType.GET, API + "/health", ctx -> json(ctx, 200, "{\"status\":\"UP\"}"));
        route(config, HandlerType.GET, API + "/info", this::info);
        route(config, HandlerType.GET, API + "/openapi.json", this::openApi);

        route(config, HandlerType.GET, API + "/applications", this::listApplications);
        route(config, HandlerType.POST, API + "/applications", this::createApplication);
        route(config, HandlerType.GET, API + "/applications/{id}", this::getApplication);
        route(config, HandlerType.PATCH, API + "/applications/{id}", this::patchApplication);
        route(config, HandlerType.DELETE, API + "/applications/{id}", this::deleteApplication);

        route(config, HandlerType.GET, API + "/applications/{id}/secrets", this::listSecrets);
        route(config, HandlerType.POST, API + "/applications/{id}/secrets", this::createSecret);
        route(config, HandlerType.POST, API + "/applications/{id}/secrets/{secretId}/renew", this::renewSecret);
        route(config, HandlerType.DELETE, API + "/applications/{id}/secrets/{secretId}", this::deleteSecret);

        route(config, HandlerType.GET, API + "/settings/secret-policy", this::getPolicy);
        route(config, HandlerType.PUT, API + "/settings/secret-policy", this::putPolicy);
        route(config, HandlerType.GET, API + "/roles", this::getRoles);
        route(config, HandlerType.PUT, API + "/roles", this::putRoles);
        route(config, HandlerType.GET, API + "/notifications", this::notifications);
        route(config, HandlerType.GET, API + "/audit", this::audit);

        route(config, HandlerType.GET, API + "/ca", ctx -> {
            ctx.status(200).contentType("application/x-pem-file").result(ca.caPem());
        });
        route(config, HandlerType.GET, API + "/ca/info", ctx -> json(ctx, 200, caInfoJson(ca.caInfo())));
        route(config, HandlerType.POST, API + "/ca/rotate", this::rotateCa);

        route(config, HandlerType.POST, "/oauth/token", this::token);
        route(config, HandlerType.GET, "/.well-known/jwks.json", ctx -> json(ctx, 200, tokens.jwksJson()));

        routes.add(new Route("GET", API + "/events"));
        config.routes.sse(API + "/events", client -> {
            client.keepAlive();
            Runnable[] unsubscribe = new Runnable[1];
            unsubscribe[0] = events.subscribe(e -> {
                if (client.terminated()) {
                    throw new IllegalStateException("client gone");
                }
                client.sendEvent(e.type(), eventJson(e));
            });
            client.onClose(() -> unsubscribe[0].run());
            client.sendComment("connected");
        });
    }

    private void route(JavalinConfig config, HandlerType method, String path, Handler handler) {
        routes.add(new Route(method.name(), path));
        config.routes.addHttpHandler(method, path, handler);
    }

    // ---------------------------------------------------------------- cross-cutting

    private void before(Context ctx) {
        String rid = Randoms.id("", 12);
        ctx.attribute("rid", rid);
        ctx.header("X-Request-Id", rid);
        String path = ctx.path();
        if (path.startsWith(API) || path.startsWith("/oauth")) {
            ctx.header("Cache-Control", "no-store");
        }
        if (!path.startsWith(API) || PUBLIC.contains(path) && ctx.method() == HandlerType.GET) {
            return;
        }
        String address = ctx.ip();
        long retry = limiter.retryAfterSeconds(address);
        if (retry > 0) {
            ctx.header("Retry-After", String.valueOf(retry));
            throw new ApiException(ProblemCode.AUTH_RATE_LIMITED, "Too many failed authentication attempts from "
                    + "this address. Try again in " + retry + " s.");
        }
        List<String> headers = Collections.list(ctx.req().getHeaders("Authorization"));
        if (headers.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"secretdesk\"");
            throw new ApiException(ProblemCode.AUTH_MISSING_API_KEY, "This call needs an admin API key: send "
                    + "'Authorization: Bearer <key>'.");
        }
        Optional<AdminAuth.Identity> identity = Optional.empty();
        String h = headers.getFirst();
        if (headers.size() == 1 && h.length() > 7 && h.regionMatches(true, 0, "Bearer ", 0, 7) && h.length() < 512) {
            identity = auth.authenticate(h.substring(7).strip());
        }
        if (identity.isEmpty()) {
            limiter.recordFailure(address);
            service.auditFailure(new Actor("unknown", AdminKeySpec.Role.VIEWER, address), "auth.failed", null, null,
                    "REJECTED");
            ctx.header("WWW-Authenticate", "Bearer realm=\"secretdesk\", error=\"invalid_token\"");
            throw new ApiException(ProblemCode.AUTH_INVALID_API_KEY, "The admin API key is not valid.");
        }
        Actor actor = new Actor(identity.get().name(), identity.get().role(), address);
        ctx.attribute("actor", actor);
        boolean read = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD
                || ctx.method() == HandlerType.OPTIONS;
        if (!read && actor.role() != AdminKeySpec.Role.ADMIN) {
            throw new ApiException(ProblemCode.AUTH_FORBIDDEN, "The key '" + actor.name() + "' may only read.");
        }
    }

    private void unexpected(Exception e, Context ctx) {
        if (e instanceof io.javalin.http.HttpResponseException h) {
            ProblemCode code = switch (h.getStatus()) {
                case 413 -> ProblemCode.REQUEST_TOO_LARGE;
                case 415 -> ProblemCode.UNSUPPORTED_MEDIA_TYPE;
                case 404 -> ProblemCode.NOT_FOUND;
                case 405 -> ProblemCode.METHOD_NOT_ALLOWED;
                default -> h.getStatus() < 500 ? ProblemCode.REQUEST_MALFORMED : ProblemCode.INTERNAL;
            };
            if (code != ProblemCode.INTERNAL) {
                problem(ctx, code, code.title() + ".", null);
                return;
            }
        }
        String rid = ctx.attribute("rid");
        if (e instanceof StoreException se) {
            LOG.error("Request {} failed in the database: {} {}", rid, se.getMessage(), se.sqlException().getMessage());
        } else {
            LOG.error("Request {} failed", rid, e);
        }
        problem(ctx, ProblemCode.INTERNAL, "An internal error occurred. Request id " + rid
                + " (the gateway's log has the details).", null);
    }

    private static boolean isProblem(Context ctx) {
        String ct = ctx.res().getContentType();
        return ct != null && ct.startsWith(PROBLEM_JSON);
    }

    static void problem(Context ctx, ProblemCode code, String detail, String field) {
        byte[] body = Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "https://secretdesk.org/problems/" + code.code());
            g.writeStringField("title", code.title());
            g.writeNumberField("status", code.status());
            g.writeStringField("detail", detail);
            g.writeStringField("code", code.code());
            if (field != null) {
                g.writeStringField("field", field);
            }
            g.writeEndObject();
        });
        ctx.status(code.status()).contentType(PROBLEM_JSON).result(body);
    }

    private static void json(Context ctx, int status, String body) {
        ctx.status(status).contentType(JSON).result(body);
    }

    private static void send(Context ctx, ApiResponse r) {
        if (r.location() != null) {
            ctx.header("Location", r.location());
        }
        if (r.etag() != null) {
            ctx.header("ETag", r.etag());
        }
        ctx.status(r.status());
        if (r.body() != null) {
            ctx.contentType(JSON).result(r.body());
        }
    }

    private static Actor actor(Context ctx) {
        return ctx.attribute("actor");
    }

    /** The JSON body, at most 64 KiB, refused unless it is declared as JSON. */
    private static byte[] jsonBody(Context ctx) {
        if (!Json.isJsonContentType(ctx.contentType())) {
            throw new ApiException(ProblemCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.");
        }
        return body(ctx);
    }

    private static byte[] body(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared > MAX_BODY) {
                throw tooLarge(in, declared);
            }
            if (declared >= 0) {
                // The usual case: a declared length. Read exactly that (InputStream.readNBytes(int) would take a
                // 16 KiB buffer per request for a body of a few dozen bytes).
                byte[] data = new byte[(int) declared];
                if (in.readNBytes(data, 0, data.length) < data.length) {
                    throw new ApiException(ProblemCode.REQUEST_MALFORMED, "The request body ended early.");
                }
                return data;
            }
            byte[] data = in.readNBytes(MAX_BODY + 1);
            if (data.length > MAX_BODY) {
                throw tooLarge(in, declared);
            }
            return data;
        } catch (IOException e) {
            throw new ApiException(ProblemCode.REQUEST_MALFORMED, "The request body could not be read.");
        }
    }

    /** How much of a refused body is read and thrown away so that its 413 reaches the client. */
    static final int DRAIN_LIMIT = 1024 * 1024;

    /**
     * The 413 for a body over 64 KiB. Up to {@link #DRAIN_LIMIT} of the body is read first and thrown away: a
     * connection closed with the client's bytes unread is reset by TCP, and the reset can destroy the answer before
     * the client reads it (it then sees "connection reset" instead of the problem). Larger bodies are not read.
     */
    private static ApiException tooLarge(InputStream in, long declared) throws IOException {
        if (declared <= DRAIN_LIMIT) {
            byte[] sink = new byte[8192];
            long drained = 0;
            int n;
            while (drained < DRAIN_LIMIT && (n = in.read(sink)) > 0) {
                drained += n;
            }
        }
        return new ApiException(ProblemCode.REQUEST_TOO_LARGE, "The body is larger than 64 KiB.");
    }

    private static Long ifMatch(Context ctx) {
        String h = ctx.header("If-Match");
        if (h == null || h.strip().equals("*")) {
            return null;
        }
        String v = h.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ApiException(ProblemCode.PRECONDITION_FAILED, "If-Match must be an ETag such as \"3\".");
        }
    }

    private static int limit(Context ctx) {
        String v = ctx.queryParam("limit");
        if (v == null) {
            return 100;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ApiException.validation("limit", "limit must be a whole number from 1 to 1000.");
    }

    private static String decodeCursor(Context ctx) {
        String c = ctx.queryParam("cursor");
        if (c == null || c.isEmpty()) {
            return null;
        }
        try {
            if (c.length() > 2000) {
                throw new IllegalArgumentException();
            }
            String s = new String(Base64.getUrlDecoder().decode(c), StandardCharsets.UTF_8);
            if (!s.startsWith("v1:") || Validation.hasControlCharacters(s)) {
                throw new IllegalArgumentException();
            }
            return s.substring(3);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("cursor", "The cursor is not valid: use nextCursor from a previous page.");
        }
    }

    private static String encodeCursor(String raw) {
        return raw == null ? null : Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("v1:" + raw).getBytes(StandardCharsets.UTF_8));
    }

    private static <T> byte[] page(Page<T> page, Json.Writer itemsWriter) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("items");
            itemsWriter.write(g);
            g.writeEndArray();
            g.writeStringField("nextCursor", encodeCursor(page.nextCursor()));
            g.writeEndObject();
        });
    }

    private static String etag(long version) {
        return "\"" + version + "\"";
    }

    // ---------------------------------------------------------------- info

    private void info(Context ctx) {
        json(ctx, 200, new String(Json.write(g -> {
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
        }), StandardCharsets.UTF_8));
    }

    private void openApi(Context ctx) throws IOException {
        if (openApiWithPublicUrl != null) {
            ctx.status(200).contentType(JSON).result(openApiWithPublicUrl);
            return;
        }
        ctx.status(200).contentType(JSON).result(readOpenApi());
    }

    private static byte[] readOpenApi() throws IOException {
        try (InputStream in = ApiRoutes.class.getResourceAsStream("/org/secretdesk/server/openapi.json")) {
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

    // ---------------------------------------------------------------- applications

    private void listApplications(Context ctx) {
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

    private void createApplication(Context ctx) {
        byte[] body = jsonBody(ctx);
        ObjectNode obj = Json.object(body, Set.of("name", "description", "roles", "initialSecret"));
        String name = Json.requiredString(obj, "name");
        String description = Json.string(obj, "description").orElse("");
        List<String> roles = Json.stringList(obj, "roles", 50).orElse(List.of());
        Optional<ObjectNode> initial = Json.object(obj, "initialSecret", Set.of("description", "expiresAfter"));
        String initialDescription = initial.map(i -> Json.requiredString(i, "description")).orElse(null);
        ExpiryRequest initialExpiry = initial.map(i -> expiryRequest(i, "initialSecret.expiresAfter"))
                .orElse(new ExpiryRequest.PolicyDefault());
        ApiResponse r = idempotency.execute(actor(ctx), ctx.header("Idempotency-Key"), "POST", ctx.path(), body, tx -> {
            Application app = service.createApplication(tx, name, description, roles);
            IssuedSecret issued = initialDescription == null ? null
                    : service.createSecret(tx, app.id(), initialDescription, initialExpiry);
            Application fresh = issued == null ? app : store.findApplication(tx.connection(), app.id(),
                    tx.now().toEpochMilli()).orElseThrow();
            try {
                byte[] json = Json.write(g -> {
                    if (issued == null) {
                        Json.application(g, fresh);
                        return;
                    }
                    // The application's fields plus "issuedSecret".
                    byte[] appJson = Json.write(ag -> Json.application(ag, fresh));
                    g.writeRaw(new String(appJson, 0, appJson.length - 1, StandardCharsets.UTF_8));
                    g.writeRaw(",\"issuedSecret\":");
                    byte[] secretJson = Json.write(sg -> Json.issued(sg, issued));
                    g.writeRaw(new String(secretJson, StandardCharsets.UTF_8));
                    java.util.Arrays.fill(secretJson, (byte) 0);
                    g.writeRaw("}");
                });
                return new ApiResponse(201, json, API + "/applications/" + app.id(), etag(fresh.version()));
            } finally {
                if (issued != null) {
                    issued.value().destroy();
                }
            }
        });
        send(ctx, r);
    }

    private void getApplication(Context ctx) {
        Application a = service.getApplication(ctx.pathParam("id"));
        send(ctx, new ApiResponse(200, Json.write(g -> Json.application(g, a)), null, etag(a.version())));
    }

    private void patchApplication(Context ctx) {
        byte[] body = jsonBody(ctx);
        ObjectNode obj = Json.object(body, Set.of("description", "roles", "secretPolicy"));
        Optional<String> description = Json.string(obj, "description");
        Optional<List<String>> roles = Json.stringList(obj, "roles", 50);
        Optional<ExpiryPolicy> policy = Json.object(obj, "secretPolicy", Set.of("mode", "expiresAfter"))
                .map(ApiRoutes::policy);
        Long ifMatch = ifMatch(ctx);
        Application a = service.write(actor(ctx), tx -> service.updateApplication(tx, ctx.pathParam("id"), ifMatch,
                description, roles, policy));
        send(ctx, new ApiResponse(200, Json.write(g -> Json.application(g, a)), null, etag(a.version())));
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

    private void deleteApplication(Context ctx) {
        Long ifMatch = ifMatch(ctx);
        service.write(actor(ctx), tx -> {
            service.deleteApplication(tx, ctx.pathParam("id"), ifMatch);
            return null;
        });
        ctx.status(204);
    }

    // ---------------------------------------------------------------- secrets

    private void listSecrets(Context ctx) {
        int limit = limit(ctx);
        String cursor = decodeCursor(ctx);
        Long afterCreated = null;
        String afterId = null;
        if (cursor != null) {
            int colon = cursor.indexOf(':');
            try {
                afterCreated = Long.parseLong(cursor.substring(0, colon));
                afterId = cursor.substring(colon + 1);
            } catch (RuntimeException e) {
                throw ApiException.validation("cursor", "The cursor is not valid: use nextCursor from a previous page.");
            }
        }
        Page<SecretSummary> page = service.listSecrets(ctx.pathParam("id"), limit, afterCreated, afterId);
        send(ctx, new ApiResponse(200, page(page, g -> {
            for (SecretSummary s : page.items()) {
                Json.secret(g, s);
            }
        }), null, null));
    }

    private static ExpiryRequest expiryRequest(ObjectNode obj, String field) {
        return Json.string(obj, "expiresAfter").<ExpiryRequest>map(v -> v.equals("NEVER")
                ? new ExpiryRequest.Never() : new ExpiryRequest.After(Json.duration(field, v)))
                .orElse(new ExpiryRequest.PolicyDefault());
    }

    private void createSecret(Context ctx) {
        byte[] body = jsonBody(ctx);
        ObjectNode obj = Json.object(body, Set.of("description", "expiresAfter"));
        String description = Json.requiredString(obj, "description");
        ExpiryRequest expiry = expiryRequest(obj, "expiresAfter");
        String appId = ctx.pathParam("id");
        send(ctx, idempotency.execute(actor(ctx), ctx.header("Idempotency-Key"), "POST", ctx.path(), body, tx ->
                issuedResponse(201, service.createSecret(tx, appId, description, expiry), true)));
    }

    private void renewSecret(Context ctx) {
        byte[] body = body(ctx);
        Duration grace = null;
        if (body.length > 0) {
            if (!Json.isJsonContentType(ctx.contentType())) {
                throw new ApiException(ProblemCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.");
            }
            ObjectNode obj = Json.object(body, Set.of("gracePeriod"));
            Optional<String> g = Json.string(obj, "gracePeriod");
            if (g.isPresent()) {
                grace = Json.duration("gracePeriod", g.get());
            }
        }
        Duration gracePeriod = grace;
        Long ifMatch = ifMatch(ctx);
        String appId = ctx.pathParam("id");
        String secretId = ctx.pathParam("secretId");
        send(ctx, idempotency.execute(actor(ctx), ctx.header("Idempotency-Key"), "POST", ctx.path(), body, tx ->
                issuedResponse(200, service.renewSecret(tx, appId, secretId, ifMatch, gracePeriod), false)));
    }

    private static ApiResponse issuedResponse(int status, IssuedSecret issued, boolean location) {
        try {
            byte[] json = Json.write(g -> Json.issued(g, issued));
            SecretSummary s = issued.secret();
            return new ApiResponse(status, json, location ? API + "/applications/" + s.applicationId() + "/secrets/"
                    + s.id() : null, etag(s.version()));
        } finally {
            issued.value().destroy();
        }
    }

    private void deleteSecret(Context ctx) {
        Long ifMatch = ifMatch(ctx);
        service.write(actor(ctx), tx -> {
            service.deleteSecret(tx, ctx.pathParam("id"), ctx.pathParam("secretId"), ifMatch);
            return null;
        });
        ctx.status(204);
    }

    // ---------------------------------------------------------------- policy, roles, notifications, audit

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

    private void getPolicy(Context ctx) {
        send(ctx, new ApiResponse(200, policyJson(service.secretPolicy()), null, null));
    }

    private void putPolicy(Context ctx) {
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
        send(ctx, new ApiResponse(200, policyJson(p), null, null));
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

    private void getRoles(Context ctx) {
        send(ctx, new ApiResponse(200, rolesJson(service.roles()), null, null));
    }

    private void putRoles(Context ctx) {
        if (!Json.isJsonContentType(ctx.contentType())) {
            throw new ApiException(ProblemCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.");
        }
        com.fasterxml.jackson.databind.JsonNode node;
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
        send(ctx, new ApiResponse(200, rolesJson(result), null, null));
    }

    private static Instant timeParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiException.validation(name, "'" + name + "' must be an RFC 3339 time such as 2026-11-23T04:42:36Z.");
        }
    }

    private void notifications(Context ctx) {
        Instant since = Optional.ofNullable(timeParam(ctx, "since")).orElse(Instant.EPOCH);
        int limit = limit(ctx);
        List<Notification> list = service.notifications(since, limit);
        send(ctx, new ApiResponse(200, Json.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("items");
            for (Notification n : list) {
                g.writeStartObject();
                g.writeStringField("id", n.id());
                g.writeStringField("type", n.type().name());
                g.writeStringField("applicationId", n.applicationId());
                g.writeStringField("applicationName", n.applicationName());
                g.writeStringField("secretId", n.secretId());
                g.writeStringField("description", n.description());
                Json.time(g, "expiresAt", n.expiresAt());
                Json.time(g, "createdAt", n.createdAt());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }), null, null));
    }

    private void audit(Context ctx) {
        int limit = limit(ctx);
        String cursor = decodeCursor(ctx);
        Long before;
        try {
            before = cursor == null ? null : Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw ApiException.validation("cursor", "The cursor is not valid: use nextCursor from a previous page.");
        }
        Instant from = timeParam(ctx, "from");
        Instant to = timeParam(ctx, "to");
        Store.AuditFilter filter = new Store.AuditFilter(textParam(ctx, "applicationId"), textParam(ctx, "action"),
                textParam(ctx, "actor"),
                from == null ? null : from.toEpochMilli(), to == null ? null : to.toEpochMilli());
        Page<Map.Entry<Long, AuditEvent>> page = service.audit(filter, limit, before);
        send(ctx, new ApiResponse(200, page(page, g -> {
            for (Map.Entry<Long, AuditEvent> e : page.items()) {
                Json.audit(g, e.getValue());
            }
        }), null, null));
    }

    /**
     * A free-text query value, stripped; null when absent or blank. Control characters are refused here: they
     * mean nothing in a search or a filter, and PostgreSQL rejects a NUL in text with an error of its own.
     */
    private static String textParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        if (Validation.hasControlCharacters(v)) {
            throw ApiException.validation(name, "'" + name + "' must not contain control characters.");
        }
        return v.strip();
    }

    // ---------------------------------------------------------------- CA

    static String caInfoJson(CaInfo i) {
        return new String(Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("subject", i.subject());
            g.writeStringField("serialNumber", i.serialNumber());
            Json.time(g, "notBefore", i.notBefore());
            Json.time(g, "notAfter", i.notAfter());
            g.writeStringField("sha256Fingerprint", i.sha256Fingerprint());
            g.writeStringField("keyAlgorithm", i.keyAlgorithm());
            g.writeBooleanField("rotationBlocked", i.rotationBlocked());
            g.writeEndObject();
        }), StandardCharsets.UTF_8);
    }

    private void rotateCa(Context ctx) {
        byte[] body = body(ctx);
        boolean force = false;
        if (body.length > 0) {
            if (!Json.isJsonContentType(ctx.contentType())) {
                throw new ApiException(ProblemCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.");
            }
            force = Json.bool(Json.object(body, Set.of("force")), "force").orElse(false);
        }
        json(ctx, 200, caInfoJson(ca.rotate(actor(ctx), force)));
    }

    // ---------------------------------------------------------------- token endpoint

    private void token(Context ctx) {
        ctx.header("Pragma", "no-cache");
        String ct = ctx.contentType();
        if (ct == null || !ct.split(";", 2)[0].strip().equalsIgnoreCase("application/x-www-form-urlencoded")) {
            oauthError(ctx, 400, "invalid_request", "Send the request as application/x-www-form-urlencoded.");
            return;
        }
        Map<String, String> form;
        try {
            form = parseForm(body(ctx));
        } catch (IllegalArgumentException e) {
            oauthError(ctx, 400, "invalid_request", "The form body is malformed.");
            return;
        }
        if (form == null) {
            oauthError(ctx, 400, "invalid_request", "A form parameter was sent more than once.");
            return;
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            oauthError(ctx, 400, form.containsKey("grant_type") ? "unsupported_grant_type" : "invalid_request",
                    "Only grant_type=client_credentials is supported.");
            return;
        }
        String clientId = form.get("client_id");
        String secret = form.get("client_secret");
        String authorization = ctx.header("Authorization");
        boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
        if (basic) {
            if (secret != null) {
                oauthError(ctx, 400, "invalid_request", "Use one client authentication method, not two.");
                return;
            }
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException();
                }
                String basicId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
                if (clientId != null && !clientId.equals(basicId)) {
                    throw new IllegalArgumentException();
                }
                clientId = basicId;
                secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                invalidClient(ctx, true);
                return;
            }
        }
        if (clientId == null || secret == null) {
            invalidClient(ctx, basic);
            return;
        }
        Optional<TokenService.Token> token = tokens.issue(clientId, secret);
        if (token.isEmpty()) {
            invalidClient(ctx, basic);
            return;
        }
        TokenService.Token t = token.get();
        json(ctx, 200, "{\"access_token\":\"" + t.accessToken() + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                + t.expiresIn() + ",\"scope\":" + new String(Json.write(g -> g.writeString(t.scope())),
                StandardCharsets.UTF_8) + "}");
    }

    private static Map<String, String> parseForm(byte[] body) {
        Map<String, String> out = new HashMap<>();
        String s = new String(body, StandardCharsets.UTF_8);
        if (s.isEmpty()) {
            return out;
        }
        for (String pair : s.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (out.put(k, v) != null) {
                return null;
            }
        }
        return out;
    }

    private static void invalidClient(Context ctx, boolean basic) {
        if (basic) {
            ctx.header("WWW-Authenticate", "Basic realm=\"secretdesk\"");
        }
        oauthError(ctx, 401, "invalid_client", "Client authentication failed.");
    }

    private static void oauthError(Context ctx, int status, String error, String description) {
        json(ctx, status, "{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
    }

    private static String eventJson(GatewayEvent e) {
        return new String(Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("type", e.type());
            g.writeStringField("applicationId", e.applicationId());
            g.writeStringField("secretId", e.secretId());
            if (e.version() != null) {
                g.writeNumberField("version", e.version());
            }
            g.writeEndObject();
        }), StandardCharsets.UTF_8);
    }
}
