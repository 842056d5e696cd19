package org.secretdesk.client.gravitee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.secretdesk.client.ApplicationPatch;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.client.GatewayException;
import org.secretdesk.client.HttpTransport;
import org.secretdesk.client.HttpTransport.Reply;
import org.secretdesk.client.LimitedGatewayClient;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.model.Application;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.ExpiryMode;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.GatewayInfo;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.Page;
import org.secretdesk.model.Problem;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.model.SecretStatus;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;

/**
 * The {@link org.secretdesk.client.GatewayClient} for Gravitee Access Management 4.8+ (connectors.md): the
 * applications of one security domain and their multiple client secrets.
 *
 * <p>The management API is reached with a token from {@code POST /management/auth/token} (HTTP Basic with the
 * operator's user and password); the token is fetched again when it expires or is refused. Neither the password
 * nor the token is ever logged or put in a message. Gravitee returns a secret's plaintext only when it is created
 * or renewed; lists carry no value at all.
 */
public final class GraviteeClient extends LimitedGatewayClient {

    public static final String PRODUCT = "Gravitee Access Management";
    public static final String DEFAULT_ORGANIZATION = "DEFAULT";
    public static final String DEFAULT_ENVIRONMENT = "DEFAULT";
    private static final MediaType JSON = MediaType.get("application/json");
    /** Fetch a new token a little before the old one expires, so a call never races its expiry. */
    private static final Duration TOKEN_MARGIN = Duration.ofSeconds(30);
    private static final Pattern DUPLICATE = Pattern.compile("(?i)^Secret with description .* already exists");
    private static final Pattern TOO_MANY = Pattern.compile("(?i)^Too many Client Secrets");
    private static final Pattern LAST_SECRET = Pattern.compile("(?i)^Cannot remove last secret");
    private static final Pattern SECRET_NOT_FOUND = Pattern.compile("(?i)^Secret \\[.*] can not be found");
    private static final Capabilities CAPABILITIES = capabilitiesOf();

    private final HttpTransport http;
    private final String user;
    private final SecretValue password;
    private final String organization;
    private final String environment;
    private final String domain;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Object tokenLock = new Object();
    private SecretValue token;
    private Instant tokenExpiresAt;

    /**
     * @param organization null for {@value #DEFAULT_ORGANIZATION}
     * @param environment  null for {@value #DEFAULT_ENVIRONMENT}
     * @param trust        the CAs to trust, or null for the JDK's default trust store (system trust)
     */
    public GraviteeClient(URI baseUrl, String organization, String environment, String domain, String user,
                          SecretValue password, TlsTrust trust) {
        this(baseUrl, organization, environment, domain, user, password, trust, Clock.systemUTC());
    }

    GraviteeClient(URI baseUrl, String organization, String environment, String domain, String user,
                   SecretValue password, TlsTrust trust, Clock clock) {
        this.organization = blankToDefault(organization, DEFAULT_ORGANIZATION);
        this.environment = blankToDefault(environment, DEFAULT_ENVIRONMENT);
        if (domain == null || domain.isBlank()) {
            throw new IllegalArgumentException("A Gravitee AM connection needs the security domain");
        }
        this.domain = domain.strip();
        this.user = Objects.requireNonNull(user, "user");
        if (user.isBlank() || user.contains(":")) {
            throw new IllegalArgumentException("The Gravitee AM user name must be non-empty and without ':'");
        }
        this.password = SecretValue.wrap(Objects.requireNonNull(password, "password").copyChars());
        this.clock = clock;
        this.http = new HttpTransport(PRODUCT, baseUrl, trust, HttpTransport.DEFAULT_CONNECT_TIMEOUT,
                HttpTransport.DEFAULT_READ_TIMEOUT);
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public GatewayInfo info() {
        JsonNode domainNode = json(send(() -> get(domainUrl())));
        return new GatewayInfo(PRODUCT + " (domain " + text(domainNode, "name", domain) + ")", "4.8+", null,
                CAPABILITIES.features().stream().map(f -> f.name().toLowerCase(Locale.ROOT)).sorted().toList());
    }

    // ================================================================ applications

    @Override
    public Page<Application> listApplications(String query, int limit, String cursor) {
        int page = cursor == null ? 0 : parsePage(cursor);
        int size = limit <= 0 ? 50 : limit;
        HttpUrl.Builder url = domainUrl("applications").newBuilder()
                .addQueryParameter("page", Integer.toString(page))
                .addQueryParameter("size", Integer.toString(size));
        if (query != null && !query.isBlank()) {
            url.addQueryParameter("q", query.strip());
        }
        HttpUrl built = url.build();
        Reply reply = send(() -> get(built));
        JsonNode root = json(reply);
        JsonNode data = root.isArray() ? root : root.path("data");
        if (!data.isArray()) {
            throw http.protocol("no application list", reply.url());
        }
        List<Application> apps = new ArrayList<>();
        for (JsonNode n : data) {
            apps.add(application(n, reply.url()));
        }
        boolean more;
        if (root.has("totalCount")) {
            more = (long) (page + 1) * size < root.path("totalCount").asLong();
        } else {
            more = data.size() == size;
        }
        return new Page<>(apps, more ? Integer.toString(page + 1) : null);
    }

    @Override
    public Application getApplication(String applicationId) {
        Reply reply = send(() -> get(domainUrl("applications", applicationId)));
        return application(json(reply), reply.url());
    }

    /** Only the secret expiry can be changed from SecretDesk; Gravitee's console owns the rest. */
    @Override
    public Application updateApplication(String applicationId, ApplicationPatch patch, long expectedVersion) {
        Objects.requireNonNull(patch, "patch");
        if (patch.description() != null || patch.roles() != null) {
            throw new UnsupportedOperationException(
                    "SecretDesk changes only the secret expiry of a Gravitee AM application; edit the rest in Gravitee AM's console.");
        }
        if (patch.secretPolicy() == null) {
            return getApplication(applicationId);
        }
        ObjectNode body = mapper.createObjectNode();
        body.putObject("settings").set("secretExpirationSettings", applicationExpiry(patch.secretPolicy()));
        Reply reply = send(() -> patch(domainUrl("applications", applicationId), body));
        return application(json(reply), reply.url());
    }

    // ================================================================ secrets

    @Override
    public Page<SecretSummary> listSecrets(String applicationId, int limit, String cursor) {
        Reply reply = send(() -> get(domainUrl("applications", applicationId, "secrets")));
        JsonNode root = json(reply);
        if (!root.isArray()) {
            throw http.protocol("the secret list is not an array", reply.url());
        }
        List<SecretSummary> out = new ArrayList<>();
        for (JsonNode n : root) {
            out.add(secret(applicationId, n, reply.url()));
        }
        return Page.ofWholeList(out, limit, cursor);
    }

    @Override
    public IssuedSecret createSecret(String applicationId, String description, Duration expiresAfter) {
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("A secret needs a description");
        }
        if (expiresAfter != null) {
            throw new UnsupportedOperationException("Gravitee AM gives a new secret the expiry of its application's or "
                    + "domain's settings; change the application's secret expiry instead of the secret's.");
        }
        ObjectNode body = mapper.createObjectNode().put("name", description);
        Reply reply = send(() -> post(domainUrl("applications", applicationId, "secrets"), body));
        return issued(applicationId, reply);
    }

    @Override
    public IssuedSecret renewSecret(String applicationId, String secretId, Duration gracePeriod, long expectedVersion) {
        if (gracePeriod != null && !gracePeriod.isZero()) {
            throw unsupported(Feature.RENEW_GRACE_PERIOD);
        }
        Reply reply = send(() -> new Request.Builder()
                .url(domainUrl("applications", applicationId, "secrets", secretId, "_renew"))
                .post(RequestBody.create(new byte[0], null)));
        return issued(applicationId, reply);
    }

    @Override
    public void deleteSecret(String applicationId, String secretId, long expectedVersion) {
        send(() -> new Request.Builder().url(domainUrl("applications", applicationId, "secrets", secretId)).delete());
    }

    // ================================================================ expiry policy

    @Override
    public DomainSecretPolicy getSecretPolicy() {
        Reply reply = send(() -> get(domainUrl()));
        return domainPolicy(json(reply).path("secretExpirationSettings"));
    }

    /** Gravitee reads the domain's setting as {@code secretExpirationSettings} but updates it as {@code secretSettings}. */
    @Override
    public DomainSecretPolicy updateSecretPolicy(DomainSecretPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        ObjectNode body = mapper.createObjectNode();
        ObjectNode settings = body.putObject("secretSettings").put("enabled", policy.expiryEnabled());
        if (policy.expiryEnabled()) {
            settings.put("expiryTimeSeconds", policy.expiresAfter().toSeconds());
        }
        Reply reply = send(() -> patch(domainUrl(), body));
        JsonNode answer = json(reply);
        return answer.has("secretExpirationSettings") ? domainPolicy(answer.path("secretExpirationSettings")) : policy;
    }

    @Override
    public void close() {
        synchronized (tokenLock) {
            if (token != null) {
                token.destroy();
            }
            token = null;
        }
        password.destroy();
        http.close();
    }

    // ================================================================ token

    /** Sends the request with the current token; on 401 fetches a new token and tries once more. */
    private Reply send(java.util.function.Supplier<Request.Builder> build) {
        Reply reply = http.execute(withToken(build.get(), false));
        if (reply.status() == 401) {
            reply = http.execute(withToken(build.get(), true));
        }
        expectSuccess(reply);
        return reply;
    }

    private Request withToken(Request.Builder builder, boolean forceNew) {
        char[] value;
        synchronized (tokenLock) {
            if (forceNew || token == null || (tokenExpiresAt != null
                    && !clock.instant().plus(TOKEN_MARGIN).isBefore(tokenExpiresAt))) {
                fetchToken();
            }
            value = token.copyChars();
        }
        try {
            return builder.header("Authorization", "Bearer " + new String(value)).build();
        } finally {
            Arrays.fill(value, '\0');
        }
    }

    private void fetchToken() {
        char[] pw = password.copyChars();
        byte[] credentials = null;
        String basic;
        try {
            char[] joined = new char[user.length() + 1 + pw.length];
            user.getChars(0, user.length(), joined, 0);
            joined[user.length()] = ':';
            System.arraycopy(pw, 0, joined, user.length() + 1, pw.length);
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(joined));
            Arrays.fill(joined, '\0');
            credentials = new byte[bytes.remaining()];
            bytes.get(credentials);
            if (bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0);
            }
            basic = "Basic " + Base64.getEncoder().encodeToString(credentials);
        } finally {
            Arrays.fill(pw, '\0');
            if (credentials != null) {
                Arrays.fill(credentials, (byte) 0);
            }
        }
        Reply reply = http.execute(new Request.Builder()
                .url(http.url("management", "auth", "token"))
                .header("Authorization", basic)
                .post(RequestBody.create(new byte[0], null))
                .build());
        try {
            if (reply.status() == 401 || reply.status() == 403) {
                throw GatewayException.http(Problem.of(ProblemCode.AUTH_INVALID_API_KEY, "Gravitee AM at "
                        + HttpTransport.hostPort(reply.url()) + " did not accept the user name or password (HTTP "
                        + reply.status() + ")."));
            }
            expectSuccess(reply);
            SecretValue fresh = HttpTransport.secretField(reply.body(), "access_token");
            if (fresh == null || fresh.length() == 0) {
                throw http.protocol("no access_token", reply.url());
            }
            JsonNode expires = jsonWithout(reply, "access_token").path("expires_at");
            if (token != null) {
                token.destroy();
            }
            token = fresh;
            tokenExpiresAt = instant(expires);
        } finally {
            reply.wipe();
        }
    }

    // ================================================================ mapping

    private IssuedSecret issued(String applicationId, Reply reply) {
        try {
            SecretValue value = HttpTransport.secretField(reply.body(), "secret");
            if (value == null || value.length() == 0) {
                throw http.protocol("no secret value in the answer", reply.url());
            }
            SecretSummary summary = secret(applicationId, jsonWithout(reply, "secret"), reply.url());
            String redacted = HttpTransport.redacted(value, 4);
            summary = new SecretSummary(summary.id(), summary.applicationId(), summary.description(),
                    redacted.substring(0, redacted.indexOf('*')), redacted, summary.createdAt(), summary.renewedAt(),
                    summary.expiresAt(), null, summary.status(), null, 0);
            return new IssuedSecret(summary, null, value);
        } finally {
            reply.wipe();
        }
    }

    private SecretSummary secret(String applicationId, JsonNode n, HttpUrl url) {
        String id = text(n, "id", null);
        if (id == null) {
            throw http.protocol("a secret without an id", url);
        }
        Instant expiresAt = instant(n.path("expiresAt"));
        SecretStatus status = expiresAt != null && !expiresAt.isAfter(clock.instant()) ? SecretStatus.EXPIRED
                : SecretStatus.ACTIVE;
        return new SecretSummary(id, applicationId, text(n, "name", ""), null, null, instant(n.path("createdAt")),
                null, expiresAt, null, status, null, 0);
    }

    private Application application(JsonNode n, HttpUrl url) {
        String id = text(n, "id", null);
        if (id == null) {
            throw http.protocol("an application without an id", url);
        }
        JsonNode settings = n.path("settings");
        String clientId = text(n, "clientId", text(settings.path("oauth"), "clientId", null));
        JsonNode secrets = n.path("secrets");
        return new Application(id, text(n, "name", id), text(n, "description", ""), clientId, List.of(),
                instant(n.path("createdAt")), instant(n.path("updatedAt")), 0,
                applicationPolicy(settings.path("secretExpirationSettings")),
                secrets.isArray() ? secrets.size() : 0, null, 0);
    }

    /** Disabled or absent: the domain's; enabled with seconds ≤ 0: never; else that many seconds. */
    static ExpiryPolicy applicationPolicy(JsonNode s) {
        if (!s.path("enabled").asBoolean(false)) {
            return ExpiryPolicy.FOLLOW_DOMAIN;
        }
        long seconds = s.path("expiryTimeSeconds").asLong(0);
        return seconds <= 0 ? ExpiryPolicy.NEVER : ExpiryPolicy.custom(Duration.ofSeconds(seconds));
    }

    private ObjectNode applicationExpiry(ExpiryPolicy policy) {
        ObjectNode s = mapper.createObjectNode();
        switch (policy.mode()) {
            case DOMAIN -> s.put("enabled", false);
            case NEVER -> s.put("enabled", true).put("expiryTimeSeconds", 0);
            case CUSTOM -> s.put("enabled", true).put("expiryTimeSeconds", policy.expiresAfter().toSeconds());
        }
        return s;
    }

    private static DomainSecretPolicy domainPolicy(JsonNode s) {
        long seconds = s.path("expiryTimeSeconds").asLong(0);
        boolean enabled = s.path("enabled").asBoolean(false) && seconds > 0;
        return new DomainSecretPolicy(enabled, enabled ? Duration.ofSeconds(seconds) : null,
                DomainSecretPolicy.DEFAULT_THRESHOLDS, 0);
    }

    /** Gravitee sends dates as epoch milliseconds; an ISO-8601 string is tolerated. */
    private static Instant instant(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return Instant.ofEpochMilli(n.asLong());
        }
        try {
            return Instant.parse(n.asText());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private void expectSuccess(Reply reply) {
        if (reply.isSuccessful()) {
            return;
        }
        String message = null;
        if (reply.isJson()) {
            try {
                message = mapper.readTree(reply.body()).path("message").asText(null);
            } catch (IOException ignored) {
                // not the documented error body: fall back to the status
            }
        }
        throw GatewayException.http(problem(reply.status(), message, HttpTransport.hostPort(reply.url())));
    }

    /** Gravitee's {@code {"message","http_status"}} as one of our problems. */
    static Problem problem(int status, String message, String where) {
        String m = message == null ? "" : message.strip();
        if (DUPLICATE.matcher(m).find()) {
            return Problem.of(ProblemCode.SECRET_DUPLICATE_DESCRIPTION, m + ". Choose another description.", "description");
        }
        if (TOO_MANY.matcher(m).find()) {
            return Problem.of(ProblemCode.SECRET_LIMIT_REACHED, m + ". Delete a secret first.");
        }
        if (LAST_SECRET.matcher(m).find()) {
            return Problem.of(ProblemCode.SECRET_LAST_SECRET, "Gravitee AM does not allow deleting an application's "
                    + "last secret. Create a new secret first, then delete this one.");
        }
        if (SECRET_NOT_FOUND.matcher(m).find()) {
            return Problem.of(ProblemCode.SECRET_NOT_FOUND, m);
        }
        return switch (status) {
            case 401 -> Problem.of(ProblemCode.AUTH_INVALID_API_KEY, "Gravitee AM at " + where
                    + " did not accept the token (HTTP 401). Check the user name and password.");
            case 403 -> Problem.of(ProblemCode.AUTH_FORBIDDEN, "This Gravitee AM user may not do that (HTTP 403)"
                    + (m.isEmpty() ? "." : ": " + m));
            case 404 -> m.toLowerCase(Locale.ROOT).startsWith("application")
                    ? Problem.of(ProblemCode.APPLICATION_NOT_FOUND, m)
                    : Problem.of(ProblemCode.NOT_FOUND, m.isEmpty()
                    ? "Gravitee AM at " + where + " does not know this address (HTTP 404). Check the organization, "
                    + "environment and domain." : m);
            default -> new Problem("about:blank", status >= 500 ? "Server error" : "Request refused", status,
                    "Gravitee AM at " + where + " refused the request (HTTP " + status + ")" + (m.isEmpty() ? "." : ": " + m),
                    null, null);
        };
    }

    // ================================================================ helpers

    private HttpUrl domainUrl(String... more) {
        String[] segments = new String[7 + more.length];
        segments[0] = "management";
        segments[1] = "organizations";
        segments[2] = organization;
        segments[3] = "environments";
        segments[4] = environment;
        segments[5] = "domains";
        segments[6] = domain;
        System.arraycopy(more, 0, segments, 7, more.length);
        for (String s : more) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("An id must not be empty");
            }
        }
        return http.url(segments);
    }

    private static Request.Builder get(HttpUrl url) {
        return new Request.Builder().url(url).get();
    }

    private Request.Builder post(HttpUrl url, JsonNode body) {
        return new Request.Builder().url(url).post(RequestBody.create(body.toString(), JSON));
    }

    private Request.Builder patch(HttpUrl url, JsonNode body) {
        return new Request.Builder().url(url).patch(RequestBody.create(body.toString(), JSON));
    }

    private JsonNode json(Reply reply) {
        return http.json(mapper, reply);
    }

    /** The top-level object without {@code field}, whose value is skipped without ever becoming a String. */
    private JsonNode jsonWithout(Reply reply, String field) {
        try (com.fasterxml.jackson.core.JsonParser p = mapper.getFactory().createParser(reply.body())) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                throw http.protocol("not a JSON object", reply.url());
            }
            ObjectNode out = mapper.createObjectNode();
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (field.equals(name)) {
                    p.skipChildren();
                } else {
                    out.set(name, mapper.readTree(p));
                }
            }
            return out;
        } catch (IOException e) {
            throw http.protocol("not JSON", reply.url());
        }
    }

    private static String text(JsonNode n, String field, String fallback) {
        JsonNode v = n.path(field);
        return v.isTextual() ? v.asText() : fallback;
    }

    private static int parsePage(String cursor) {
        try {
            return Math.max(0, Integer.parseInt(cursor));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a cursor of this list: " + cursor);
        }
    }

    private static String blankToDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static Capabilities capabilitiesOf() {
        Map<Feature, String> why = new EnumMap<>(Feature.class);
        why.put(Feature.CREATE_APPLICATION, "Create applications in Gravitee AM's console; SecretDesk manages their secrets.");
        why.put(Feature.DELETE_APPLICATION, "Delete applications in Gravitee AM's console; SecretDesk manages their secrets.");
        why.put(Feature.ROLES, "Gravitee AM application roles are managed in Gravitee AM's console.");
        why.put(Feature.RENEW_GRACE_PERIOD, "Gravitee AM renews a secret in place: the old value stops working at "
                + "once. For an overlap, create a second secret, switch the clients, then delete the old one.");
        why.put(Feature.DELETE_LAST_SECRET, "Gravitee AM does not allow deleting an application's last secret: "
                + "create a new one first.");
        why.put(Feature.SECRET_EXPIRY_CHOICE, "Gravitee AM gives a new secret the expiry of its application's or "
                + "domain's settings; change the application's secret expiry instead of the secret's.");
        why.put(Feature.LAST_USED, "Gravitee AM does not record when a client secret was last used.");
        why.put(Feature.NOTIFICATIONS, "Gravitee AM sends its own expiry notifications (20, 15, 10, 5 and 1 days before).");
        why.put(Feature.LIVE_EVENTS, "Gravitee AM does not publish changes; refresh to see them.");
        why.put(Feature.AUDIT, "Read the audit log in Gravitee AM's console.");
        why.put(Feature.CA_EXPORT, "Gravitee AM does not serve a CA for its clients.");
        why.put(Feature.CA_ROTATION, "Gravitee AM does not serve a CA for its clients.");
        why.put(Feature.IDEMPOTENT_ISSUE, "Gravitee AM has no idempotency keys: after a lost answer, list the "
                + "secrets and delete the extra one.");
        why.put(Feature.OPTIMISTIC_CONCURRENCY, "Gravitee AM has no version checks on secrets.");
        return new Capabilities(EnumSet.of(Feature.APPLICATIONS, Feature.MULTIPLE_SECRETS, Feature.CREATE_SECRET,
                Feature.RENEW, Feature.DELETE_SECRET, Feature.EXPIRY, Feature.DOMAIN_POLICY,
                Feature.APPLICATION_POLICY), 0, why);
    }
}
