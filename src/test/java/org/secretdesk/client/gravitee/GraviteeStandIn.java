package org.secretdesk.client.gravitee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.secretdesk.client.gravitee.GraviteeFixtures.App;
import org.secretdesk.client.gravitee.GraviteeFixtures.Secret;

/**
 * A stand-in Gravitee AM management API on loopback HTTP that behaves as its source does (the resources, services
 * and repositories named in {@link GraviteeFixtures}, at the two commits there): the token endpoint under the
 * entrypoint; domains by id and by HRID; applications paged by skipping {@code page × size} items, newest
 * {@code updatedAt} first, thin items ({@code expand=clientId} from 4.12), {@code q} exact and case-insensitive
 * unless it holds {@code *} (4.8: case-sensitive, and its pattern unescaped); the application's resource filtered by
 * permission; secrets created with trimmed names, at most {@link #SECRETS_MAX}, expiring as
 * {@code SecretService#determinateExpireDate} says, renewed in place, and not deleted when the last one; and each
 * call's permission checked first, as {@code checkAnyPermission} does.
 */
public final class GraviteeStandIn implements AutoCloseable {

    public enum Version { V4_8, CURRENT }

    public static final String USER = "admin";
    public static final String PASSWORD = "adminadmin-Stand-In";
    public static final String DOMAIN_ID = "d-5f1c0a3e";
    public static final String HRID = "my-domain";
    public static final int SECRETS_MAX = 10;
    public static final Set<String> ALL = Set.of("DOMAIN[READ]", "DOMAIN_SETTINGS[UPDATE]", "APPLICATION[LIST]",
            "APPLICATION[READ]", "APPLICATION_SETTINGS[READ]", "APPLICATION_SETTINGS[UPDATE]",
            "APPLICATION_OPENID[LIST]", "APPLICATION_OPENID[READ]", "APPLICATION_OPENID[CREATE]",
            "APPLICATION_OPENID[UPDATE]", "APPLICATION_FORM[DELETE]");
    /** A role that manages OpenID settings and secrets but has no APPLICATION_FORM permission. */
    public static final Set<String> OPENID_ONLY = Set.of("DOMAIN[READ]", "APPLICATION[LIST]", "APPLICATION[READ]",
            "APPLICATION_SETTINGS[READ]", "APPLICATION_OPENID[LIST]", "APPLICATION_OPENID[READ]",
            "APPLICATION_OPENID[CREATE]", "APPLICATION_OPENID[UPDATE]");

    private static final String NOT_AUTHENTICATED = "Full authentication is required to access this resource";
    private final ObjectMapper mapper = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final MockWebServer server = new MockWebServer();
    private final Version version;
    private final String entrypoint;
    private final Map<String, App> apps = new LinkedHashMap<>();
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> permissions = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, String> issued = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicLong lastMillis = new AtomicLong();
    private Boolean domainExpiryEnabled;
    private Long domainExpirySeconds;

    /** The default entrypoint {@code /management}. */
    public GraviteeStandIn(Version version) throws IOException {
        this(version, "/management");
    }

    /** @param entrypoint Gravitee's {@code http.api.entrypoint} */
    public GraviteeStandIn(Version version, String entrypoint) throws IOException {
        this.version = version;
        this.entrypoint = entrypoint;
        passwords.put(USER, PASSWORD);
        permissions.put(USER, ALL);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                int now = inFlight.incrementAndGet();
                maxInFlight.accumulateAndGet(now, Math::max);
                try {
                    return route(request);
                } finally {
                    inFlight.decrementAndGet();
                }
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    /** The URL an operator gives: the bare host for the default entrypoint, else the entrypoint's URL. */
    public URI url() {
        return server.url(entrypoint.equals("/management") ? "/" : entrypoint).uri();
    }

    public void addUser(String name, String password, Set<String> granted) {
        passwords.put(name, password);
        permissions.put(name, Set.copyOf(granted));
    }

    public synchronized void domainExpiry(Boolean enabled, Long seconds) {
        domainExpiryEnabled = enabled;
        domainExpirySeconds = seconds;
    }

    /** Adds an application with one secret per name; returns its id. */
    public synchronized String addApplication(String name, String clientId, Boolean expiryEnabled, Long expirySeconds,
                                              String... secretNames) {
        String id = UUID.randomUUID().toString();
        long now = tick();
        List<Secret> secrets = new ArrayList<>();
        for (String s : secretNames) {
            secrets.add(new Secret(UUID.randomUUID().toString(), "set-1", s, now, expiry(expiryEnabled, expirySeconds, now)));
        }
        apps.put(id, new App(id, name, null, "service", clientId, now, now, expiryEnabled, expirySeconds, secrets));
        return id;
    }

    public synchronized App application(String id) {
        return apps.get(id);
    }

    public synchronized String idOf(String name) {
        return apps.values().stream().filter(a -> a.name().equals(name)).map(App::id).findFirst().orElseThrow();
    }

    /** The plaintext the stand-in last issued for a secret (test code only). */
    public String issuedValue(String secretId) {
        return issued.get(secretId);
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    public long count(String methodAndPathPrefix) {
        return requests.stream().filter(r -> r.startsWith(methodAndPathPrefix)).count();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public void clearRequests() {
        requests.clear();
        maxInFlight.set(0);
    }

    /** The base path of the domain's resources, for assertions. */
    public String domainPath() {
        return entrypoint + "/organizations/DEFAULT/environments/DEFAULT/domains/" + DOMAIN_ID;
    }

    @Override
    public void close() {
        server.close();
    }

    // ================================================================ routing

    private MockResponse route(RecordedRequest r) {
        String path = r.getUrl().encodedPath();
        String method = r.getMethod();
        requests.add(method + " " + path + (r.getUrl().query() == null ? "" : "?" + r.getUrl().query()));
        if (!path.startsWith(entrypoint + "/")) {
            return error(404, "HTTP 404 Not Found");
        }
        List<String> seg = r.getUrl().pathSegments().subList(entrypoint.split("/").length - 1, r.getUrl().pathSize());
        if (seg.equals(List.of("auth", "token")) && method.equals("POST")) {
            return token(r);
        }
        String user = bearer(r);
        if (user == null) {
            return error(401, NOT_AUTHENTICATED);
        }
        Set<String> granted = permissions.get(user);
        if (seg.size() < 6 || !seg.get(0).equals("organizations") || !seg.get(2).equals("environments")
                || !seg.get(4).equals("domains")) {
            return error(404, "HTTP 404 Not Found");
        }
        boolean ourEnvironment = seg.get(1).equals("DEFAULT") && seg.get(3).equals("DEFAULT");
        synchronized (this) {
            if (seg.size() == 7 && seg.get(5).equals("_hrid") && method.equals("GET")) {
                // DomainsResource#get(hrid): the domain is looked up first, then DOMAIN[READ] checked.
                if (!ourEnvironment || !seg.get(6).equals(HRID)) {
                    return error(404, "Domain [" + seg.get(6) + "] can not be found.");
                }
                return granted.contains("DOMAIN[READ]") ? json(200, domainJson()) : error(403, "Permission denied");
            }
            return domainRoute(r, method, seg.subList(5, seg.size()), granted, ourEnvironment);
        }
    }

    private MockResponse domainRoute(RecordedRequest r, String method, List<String> seg, Set<String> granted,
                                     boolean ourEnvironment) {
        boolean domainExists = ourEnvironment && seg.get(0).equals(DOMAIN_ID);
        String notFound = "Domain [" + seg.get(0) + "] can not be found.";
        if (seg.size() == 1) {
            String needed = method.equals("GET") ? "DOMAIN[READ]" : "DOMAIN_SETTINGS[UPDATE]";
            if (!granted.contains(needed)) {
                return error(403, "Permission denied");
            }
            if (!domainExists) {
                return error(404, notFound);
            }
            if (method.equals("PATCH")) {
                JsonNode s = body(r).path("secretSettings");
                domainExpiryEnabled = s.has("enabled") ? s.path("enabled").asBoolean() : null;
                domainExpirySeconds = s.has("expiryTimeSeconds") ? s.path("expiryTimeSeconds").asLong() : null;
            }
            return json(200, domainJson());
        }
        if (!seg.get(1).equals("applications")) {
            return error(404, "HTTP 404 Not Found");
        }
        if (seg.size() == 2 && method.equals("GET")) {
            if (!granted.contains("APPLICATION[LIST]")) {
                return error(403, "Permission denied");
            }
            return domainExists ? list(r, granted.contains("APPLICATION[READ]")) : error(404, notFound);
        }
        String permission = permissionFor(method, seg);
        if (permission == null) {
            return error(405, "HTTP 405 Method Not Allowed");
        }
        if (!granted.contains(permission)) {
            return error(403, "Permission denied");
        }
        if (!domainExists) {
            return error(404, notFound);
        }
        App app = apps.get(seg.get(2));
        if (app == null) {
            return error(404, "Application [" + seg.get(2) + "] can not be found.");
        }
        return switch (seg.size()) {
            case 3 -> method.equals("GET") ? json(200, applicationJson(app, granted)) : patchApplication(r, app, granted);
            case 4 -> method.equals("GET") ? json(200, secretsJson(app)) : createSecret(r, app);
            case 5 -> deleteSecret(app, seg.get(4));
            default -> renewSecret(app, seg.get(4));
        };
    }

    /** The permission each resource method checks (ApplicationResource, ApplicationSecret(s)Resource). */
    private String permissionFor(String method, List<String> seg) {
        if (seg.size() == 3) {
            return method.equals("GET") ? "APPLICATION[READ]" : method.equals("PATCH") ? "APPLICATION_SETTINGS[UPDATE]" : null;
        }
        if (seg.size() < 4 || !seg.get(3).equals("secrets")) {
            return null;
        }
        if (seg.size() == 4) {
            return method.equals("GET") ? "APPLICATION_OPENID[LIST]" : method.equals("POST") ? "APPLICATION_OPENID[CREATE]" : null;
        }
        if (seg.size() == 5) {
            return method.equals("DELETE") ? "APPLICATION_FORM[DELETE]" : null;
        }
        if (seg.size() == 6 && seg.get(5).equals("_renew") && method.equals("POST")) {
            // 4.8 to 4.11 check APPLICATION_OPENID[READ]; 4.12 and later APPLICATION_OPENID[UPDATE].
            return version == Version.V4_8 ? "APPLICATION_OPENID[READ]" : "APPLICATION_OPENID[UPDATE]";
        }
        return null;
    }

    // ================================================================ handlers

    private MockResponse token(RecordedRequest r) {
        String auth = r.getHeaders().get("Authorization");
        if (auth == null || !auth.startsWith("Basic ")) {
            return error(401, NOT_AUTHENTICATED);
        }
        String pair = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        String user = colon < 0 ? pair : pair.substring(0, colon);
        if (colon < 0 || !pair.substring(colon + 1).equals(passwords.get(user))) {
            return error(401, "Bad credentials");
        }
        String token = "standin." + HexFormat.of().formatHex(random.generateSeed(12));
        tokens.put(token, user);
        return json(200, GraviteeFixtures.token(token, Instant.now().plusSeconds(604_800)));
    }

    private String bearer(RecordedRequest r) {
        String auth = r.getHeaders().get("Authorization");
        return auth != null && auth.startsWith("Bearer ") ? tokens.get(auth.substring(7)) : null;
    }

    /**
     * ApplicationsResource#list and the repository's search and paging for this version. A role without
     * APPLICATION[READ] on the domain sees only the applications it may read one by one: none here.
     */
    private MockResponse list(RecordedRequest r, boolean readAll) {
        int page = intParam(r, "page", 0);
        int size = intParam(r, "size", 50);
        String q = r.getUrl().queryParameter("q");
        boolean expand = version == Version.CURRENT && r.getUrl().queryParameterValues("expand").contains("clientId");
        List<App> matching = new ArrayList<>();
        try {
            for (App a : readAll ? apps.values() : List.<App>of()) {
                if (q == null || matches(q, a)) {
                    matching.add(a);
                }
            }
        } catch (PatternSyntaxException e) {
            return error(500, "Internal server error"); // 4.8 compiles the operator's text as a pattern
        }
        matching.sort(Comparator.comparingLong(App::updatedAt).reversed().thenComparing(App::id));
        List<ObjectNode> items = matching.stream().skip((long) page * size).limit(size)
                .map(a -> GraviteeFixtures.listItem(version == Version.V4_8, a, expand)).toList();
        return json(200, GraviteeFixtures.page(items, page, matching.size()).toString());
    }

    private boolean matches(String q, App a) {
        if (!q.contains("*")) {
            return version == Version.V4_8 ? q.equals(a.name()) || q.equals(a.clientId())
                    : q.equalsIgnoreCase(a.name()) || q.equalsIgnoreCase(a.clientId());
        }
        String escaped = version == Version.V4_8 ? q : q.replaceAll("([\\\\^$.|?+()\\[\\]{}])", "\\\\$1");
        Pattern p = Pattern.compile("^" + escaped.replaceAll("\\*+", ".*"), Pattern.CASE_INSENSITIVE);
        return p.matcher(a.name()).find() || (a.clientId() != null && p.matcher(a.clientId()).find());
    }

    private MockResponse patchApplication(RecordedRequest r, App app, Set<String> granted) {
        JsonNode s = body(r).path("settings").path("secretExpirationSettings");
        if (s.isMissingNode()) {
            return error(400, "You need to specify at least one value to update.");
        }
        App updated = new App(app.id(), app.name(), app.description(), app.type(), app.clientId(), app.createdAt(),
                tick(), s.has("enabled") ? s.path("enabled").asBoolean() : null,
                s.has("expiryTimeSeconds") ? s.path("expiryTimeSeconds").asLong() : null, app.secrets());
        apps.put(app.id(), updated);
        return json(200, applicationJson(updated, granted));
    }

    /** ApplicationSecretServiceImpl#create. */
    private MockResponse createSecret(RecordedRequest r, App app) {
        String name = body(r).path("name").asText("");
        if (name.isEmpty()) {
            return error(400, "[name: must not be empty]");
        }
        String trimmed = name.trim();
        if (app.secrets().stream().anyMatch(s -> s.name().equals(trimmed))) {
            return error(400, "Secret with description " + trimmed + " already exists");
        }
        if (app.secrets().size() == SECRETS_MAX) {
            return error(400, "Too many Client Secrets. Cannot create more than " + SECRETS_MAX + " secrets");
        }
        long now = tick();
        Secret s = new Secret(UUID.randomUUID().toString(), "set-1", trimmed, now,
                expiry(app.expiryEnabled(), app.expirySeconds(), now));
        List<Secret> secrets = new ArrayList<>(app.secrets());
        secrets.add(s);
        store(app, secrets, now);
        String raw = raw();
        issued.put(s.id(), raw);
        return json(201, GraviteeFixtures.secret(s, raw).toString());
    }

    /** ApplicationSecretServiceImpl#renew: same id, name and creation; a new value and expiry. */
    private MockResponse renewSecret(App app, String secretId) {
        List<Secret> secrets = new ArrayList<>(app.secrets());
        for (int i = 0; i < secrets.size(); i++) {
            Secret old = secrets.get(i);
            if (old.id().equals(secretId)) {
                long now = tick();
                Secret renewed = new Secret(old.id(), old.settingsId(), old.name(), old.createdAt(),
                        expiry(app.expiryEnabled(), app.expirySeconds(), now));
                secrets.set(i, renewed);
                store(app, secrets, now);
                String raw = raw();
                issued.put(secretId, raw);
                return json(200, GraviteeFixtures.secret(renewed, raw).toString());
            }
        }
        return error(404, "Secret [" + secretId + "] can not be found.");
    }

    /** ApplicationSecretServiceImpl#delete: the last secret is refused before the secret is looked up. */
    private MockResponse deleteSecret(App app, String secretId) {
        if (app.secrets().size() == 1) {
            return error(400, "Cannot remove last secret");
        }
        List<Secret> secrets = new ArrayList<>(app.secrets());
        if (!secrets.removeIf(s -> s.id().equals(secretId))) {
            return error(404, "Secret [" + secretId + "] can not be found.");
        }
        store(app, secrets, tick());
        return new MockResponse.Builder().code(204).build();
    }

    private void store(App app, List<Secret> secrets, long updatedAt) {
        apps.put(app.id(), new App(app.id(), app.name(), app.description(), app.type(), app.clientId(),
                app.createdAt(), updatedAt, app.expiryEnabled(), app.expirySeconds(), List.copyOf(secrets)));
    }

    /** SecretService#determinateExpireDate: the application's setting when enabled with seconds, else the domain's. */
    private Long expiry(Boolean appEnabled, Long appSeconds, long now) {
        if (Boolean.TRUE.equals(appEnabled) && appSeconds != null) {
            return appSeconds > 0 ? now + appSeconds * 1000 : null;
        }
        if (Boolean.TRUE.equals(domainExpiryEnabled) && domainExpirySeconds != null && domainExpirySeconds > 0) {
            return now + domainExpirySeconds * 1000;
        }
        return null;
    }

    // ================================================================ JSON

    private String domainJson() {
        return GraviteeFixtures.domain(DOMAIN_ID, HRID, "My domain", domainExpiryEnabled, domainExpirySeconds).toString();
    }

    private String applicationJson(App app, Set<String> granted) {
        return GraviteeFixtures.application(app, DOMAIN_ID, granted.contains("APPLICATION_SETTINGS[READ]"),
                granted.contains("APPLICATION_OPENID[READ]")).toString();
    }

    private String secretsJson(App app) {
        var array = mapper.createArrayNode();
        app.secrets().forEach(s -> array.add(GraviteeFixtures.secret(s, null)));
        return array.toString();
    }

    private JsonNode body(RecordedRequest r) {
        try {
            return mapper.readTree(r.getBody() == null ? "{}" : r.getBody().utf8());
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }

    private static int intParam(RecordedRequest r, String name, int fallback) {
        String v = r.getUrl().queryParameter(name);
        return v == null ? fallback : Integer.parseInt(v);
    }

    private String raw() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Distinct, increasing milliseconds, so "newest first" is one order. */
    private long tick() {
        return lastMillis.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    private static MockResponse error(int code, String message) {
        return json(code, GraviteeFixtures.error(code, message));
    }
}
