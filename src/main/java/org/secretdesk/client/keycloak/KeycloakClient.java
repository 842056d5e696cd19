package org.secretdesk.client.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.client.GatewayException;
import org.secretdesk.client.HttpTransport;
import org.secretdesk.client.HttpTransport.Reply;
import org.secretdesk.client.LimitedGatewayClient;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.model.Application;
import org.secretdesk.model.GatewayInfo;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.Page;
import org.secretdesk.model.PreviousValue;
import org.secretdesk.model.Problem;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.model.SecretStatus;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link org.secretdesk.client.GatewayClient} for Keycloak 26 (connectors.md): the confidential clients of
 * one realm as applications, each with its current secret and, while secret rotation keeps one, its rotated
 * secret.
 *
 * <p>Keycloak stores client secrets in plaintext and returns them on every GET. This connector reads them only
 * to derive a hint and a redacted form and wipes the value at once: the plaintext reaches a caller only as the
 * {@link IssuedSecret} of a regeneration, shown once. The secrets' ids are {@value #CURRENT} and
 * {@value #ROTATED}.
 */
public final class KeycloakClient extends LimitedGatewayClient {

    public static final String PRODUCT = "Keycloak";
    public static final String CURRENT = "current";
    public static final String ROTATED = Capabilities.ROTATED_SECRET_ID;
    /** What the reveal says Keycloak keeps of a client secret ({@link Capabilities#custody()}). */
    public static final String CUSTODY = KeycloakCapabilities.CUSTODY;
    static final String EXPIRATION_ATTRIBUTE = "client.secret.expiration.time";
    static final String ROTATED_EXPIRATION_ATTRIBUTE = "client.secret.rotated.expiration.time";
    static final String CREATION_ATTRIBUTE = "client.secret.creation.time";
    static final String ROTATED_CREATION_ATTRIBUTE = "client.secret.rotated.creation.time";
    private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");
    private static final Duration TOKEN_MARGIN = Duration.ofSeconds(10);
    private static final Capabilities CAPABILITIES = KeycloakCapabilities.CAPABILITIES;
    private static final Logger LOG = LoggerFactory.getLogger(KeycloakClient.class);

    /** How the connector signs in to Keycloak's admin API. Holds its own copy of the secret. */
    public static final class AdminLogin {
        final String realm;
        final boolean passwordGrant;
        final String name;
        final SecretValue secret;

        private AdminLogin(String realm, boolean passwordGrant, String name, SecretValue secret) {
            this.realm = realm == null || realm.isBlank() ? "master" : realm.strip();
            this.passwordGrant = passwordGrant;
            this.name = Objects.requireNonNull(name, "name");
            this.secret = SecretValue.wrap(Objects.requireNonNull(secret, "secret").copyChars());
        }

        /** An administrator's user name and password, with the {@code admin-cli} client. */
        public static AdminLogin password(String realm, String user, SecretValue password) {
            return new AdminLogin(realm, true, user, password);
        }

        /** A service account's client id and secret (it needs the {@code manage-clients} role). */
        public static AdminLogin clientCredentials(String realm, String clientId, SecretValue clientSecret) {
            return new AdminLogin(realm, false, clientId, clientSecret);
        }

        @Override
        public String toString() {
            return "AdminLogin[" + realm + ", " + (passwordGrant ? "password" : "client_credentials") + ", " + name + "]";
        }
    }

    private final HttpTransport http;
    /** The capabilities last read ({@link #capabilities()}), for explaining refusals without a request. */
    private volatile Capabilities known = CAPABILITIES;
    private final String realm;
    private final AdminLogin login;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Object tokenLock = new Object();
    private SecretValue token;
    private Instant tokenExpiresAt;

    /** @param trust the CAs to trust, or null for the JDK's default trust store (system trust) */
    public KeycloakClient(URI baseUrl, String realm, AdminLogin login, TlsTrust trust) {
        this(baseUrl, realm, login, trust, Clock.systemUTC());
    }

    KeycloakClient(URI baseUrl, String realm, AdminLogin login, TlsTrust trust, Clock clock) {
        if (realm == null || realm.isBlank()) {
            throw new IllegalArgumentException("A Keycloak connection needs the realm of the clients");
        }
        this.realm = realm.strip();
        this.login = new AdminLogin(login.realm, login.passwordGrant, login.name, login.secret);
        this.clock = clock;
        this.http = new HttpTransport(PRODUCT, baseUrl, trust, HttpTransport.DEFAULT_CONNECT_TIMEOUT,
                HttpTransport.DEFAULT_READ_TIMEOUT);
    }

    /**
     * Keycloak's capabilities, saying what a regenerate does to the previous value in this realm: read from its
     * client policies each time (they change in Keycloak's admin console), or said unknown when they cannot be read.
     */
    @Override
    public Capabilities capabilities() {
        try {
            JsonNode policies = json(send(() -> get(http.url("admin", "realms", realm, "client-policies", "policies")
                    .newBuilder().addQueryParameter("include-global-policies", "true").build())));
            JsonNode profiles = json(send(() -> get(http.url("admin", "realms", realm, "client-policies", "profiles")
                    .newBuilder().addQueryParameter("include-global-profiles", "true").build())));
            known = KeycloakCapabilities.capabilities(KeycloakCapabilities.rotation(policies, profiles));
        } catch (GatewayException e) {
            LOG.debug("The realm's client policies could not be read: {}", e.getMessage());
            known = CAPABILITIES;
        }
        return known;
    }

    /** What this client cannot do, in the words of the capabilities last read: no request for a refusal. */
    @Override
    protected UnsupportedOperationException unsupported(Feature feature) {
        return new UnsupportedOperationException(known.explain(feature));
    }

    @Override
    public GatewayInfo info() {
        JsonNode r = json(send(() -> get(http.url("admin", "realms", realm))));
        return new GatewayInfo(PRODUCT + " (realm " + r.path("realm").asText(realm) + ")", version(), null,
                CAPABILITIES.features().stream().map(f -> f.name().toLowerCase(Locale.ROOT)).sorted().toList());
    }

    /** The server's whole version ("26.5.6"), or null where this account may not read the server's info. */
    private String version() {
        Reply reply = sendRaw(() -> get(http.url("admin", "serverinfo")));
        if (!reply.isSuccessful()) {
            return null;
        }
        String v = json(reply).path("systemInfo").path("version").asText("");
        return v.isBlank() ? null : v;
    }

    // ================================================================ applications = confidential clients

    @Override
    public Page<Application> listApplications(String query, int limit, String cursor) {
        int first = parseOffset(cursor);
        int max = limit <= 0 ? 100 : limit;
        HttpUrl.Builder url = http.url("admin", "realms", realm, "clients").newBuilder()
                .addQueryParameter("first", Integer.toString(first))
                .addQueryParameter("max", Integer.toString(max))
                .addQueryParameter("search", "true");
        if (query != null && !query.isBlank()) {
            url.addQueryParameter("clientId", query.strip());
        }
        HttpUrl built = url.build();
        Reply reply = send(() -> get(built));
        JsonNode root = json(reply);
        if (!root.isArray()) {
            throw http.protocol("the client list is not an array", reply.url());
        }
        List<Application> apps = new ArrayList<>();
        for (JsonNode c : root) {
            if (isConfidentialWithSecret(c)) {
                apps.add(application(c, reply.url()));
            }
        }
        // Filtering happens after paging, so a page may hold fewer than max; more exist while Keycloak filled it.
        return new Page<>(apps, root.size() >= max ? Integer.toString(first + max) : null);
    }

    @Override
    public Application getApplication(String applicationId) {
        Reply reply = send(() -> get(clientUrl(applicationId)));
        JsonNode c = json(reply);
        if (!isConfidentialWithSecret(c)) {
            throw GatewayException.http(Problem.of(ProblemCode.APPLICATION_NOT_FOUND, "The Keycloak client "
                    + c.path("clientId").asText(applicationId) + " is public or bearer-only: it has no client secret."));
        }
        return application(c, reply.url());
    }

    static boolean isConfidentialWithSecret(JsonNode c) {
        if (c.path("publicClient").asBoolean(false) || c.path("bearerOnly").asBoolean(false)) {
            return false;
        }
        String authenticator = c.path("clientAuthenticatorType").asText("client-secret");
        return authenticator.equals("client-secret") || authenticator.equals("client-secret-jwt");
    }

    // ================================================================ secrets

    @Override
    public Page<SecretSummary> listSecrets(String applicationId, int limit, String cursor) {
        JsonNode client = json(send(() -> get(clientUrl(applicationId))));
        JsonNode attributes = client.path("attributes");
        List<SecretSummary> out = new ArrayList<>();
        String currentRedacted = redactedValue(send(() -> get(clientUrl(applicationId, "client-secret"))));
        out.add(summary(applicationId, CURRENT, currentRedacted, attributes.path(CREATION_ATTRIBUTE),
                attributes.path(EXPIRATION_ATTRIBUTE)));
        Reply rotated = sendAllowing404(() -> get(clientUrl(applicationId, "client-secret", "rotated")));
        if (rotated != null) {
            String rotatedRedacted = redactedValue(rotated);
            if (rotatedRedacted != null) {
                SecretSummary old = summary(applicationId, ROTATED, rotatedRedacted,
                        attributes.path(ROTATED_CREATION_ATTRIBUTE), attributes.path(ROTATED_EXPIRATION_ATTRIBUTE));
                out.add(old);
                // The realm's secret-rotation policy keeps the old secret working until its expiry: to the console
                // it is the current secret's previous value (no usage: Keycloak records none).
                if (old.expiresAt() != null && old.status() == SecretStatus.ACTIVE) {
                    out.set(0, out.getFirst().withUsage(null, new PreviousValue(old.expiresAt(), null, null)));
                }
            }
        }
        return new Page<>(cursor == null ? out : List.of(), null);
    }

    @Override
    public IssuedSecret createSecret(String applicationId, String description, Duration expiresAfter) {
        throw unsupported(Feature.CREATE_SECRET);
    }

    /** Regenerates the current secret; with secret rotation on, Keycloak keeps the old one as the rotated secret. */
    @Override
    public IssuedSecret renewSecret(String applicationId, String secretId, Duration gracePeriod, long expectedVersion) {
        if (!CURRENT.equals(secretId)) {
            throw new UnsupportedOperationException("Keycloak regenerates only the current secret; the rotated one "
                    + "can only be invalidated.");
        }
        if (gracePeriod != null && !gracePeriod.isZero()) {
            throw unsupported(Feature.RENEW_GRACE_PERIOD);
        }
        Reply reply = send(() -> new Request.Builder().url(clientUrl(applicationId, "client-secret"))
                .post(RequestBody.create(new byte[0], null)));
        try {
            SecretValue value = HttpTransport.secretField(reply.body(), "value");
            if (value == null || value.length() == 0) {
                throw http.protocol("no secret value in the answer", reply.url());
            }
            String redacted = HttpTransport.redacted(value, 4);
            SecretSummary summary = new SecretSummary(CURRENT, applicationId, CURRENT,
                    redacted.substring(0, redacted.indexOf('*')), redacted, clock.instant(), clock.instant(), null, null,
                    SecretStatus.ACTIVE, null, 0);
            return new IssuedSecret(summary, clientIdOf(applicationId), value);
        } finally {
            reply.wipe();
        }
    }

    /** Invalidates the rotated secret; the current one cannot be deleted, only regenerated. */
    @Override
    public void deleteSecret(String applicationId, String secretId, long expectedVersion) {
        if (!ROTATED.equals(secretId)) {
            throw unsupported(Feature.DELETE_LAST_SECRET);
        }
        send(() -> new Request.Builder().url(clientUrl(applicationId, "client-secret", "rotated")).delete());
    }

    @Override
    public void close() {
        synchronized (tokenLock) {
            if (token != null) {
                token.destroy();
                token = null;
            }
        }
        login.secret.destroy();
        http.close();
    }

    // ================================================================ mapping

    private String clientIdOf(String applicationId) {
        try {
            return json(send(() -> get(clientUrl(applicationId)))).path("clientId").asText(null);
        } catch (GatewayException e) {
            return null; // only a label for the issued secret; the value must still reach the caller
        }
    }

    /** The redacted form of {@code {"type":"secret","value":…}}; the value is wiped at once and never kept. */
    private String redactedValue(Reply reply) {
        try {
            SecretValue value = HttpTransport.secretField(reply.body(), "value");
            if (value == null || value.length() == 0) {
                return null;
            }
            try {
                return HttpTransport.redacted(value, 4);
            } finally {
                value.destroy();
            }
        } finally {
            reply.wipe();
        }
    }

    private SecretSummary summary(String applicationId, String id, String redacted, JsonNode created, JsonNode expires) {
        Instant expiresAt = epochSeconds(expires);
        SecretStatus status = expiresAt != null && !expiresAt.isAfter(clock.instant()) ? SecretStatus.EXPIRED
                : SecretStatus.ACTIVE;
        String hint = redacted == null ? null : redacted.substring(0, Math.max(0, redacted.indexOf('*')));
        return new SecretSummary(id, applicationId, id, hint, redacted, epochSeconds(created), null, expiresAt, null,
                status, null, 0);
    }

    /** Keycloak keeps client attributes as strings (or, in some versions, single-element arrays) of epoch seconds. */
    static Instant epochSeconds(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        JsonNode v = n.isArray() ? n.path(0) : n;
        try {
            long seconds = v.isNumber() ? v.asLong() : Long.parseLong(v.asText().strip());
            return seconds <= 0 ? null : Instant.ofEpochSecond(seconds);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Application application(JsonNode c, HttpUrl url) {
        String id = c.path("id").asText(null);
        String clientId = c.path("clientId").asText(null);
        if (id == null || clientId == null) {
            throw http.protocol("a client without id or clientId", url);
        }
        String description = c.path("description").asText("");
        if (description.isEmpty()) {
            description = c.path("name").asText("");
        }
        // The rotated secret counts while its expiry (kept in the attributes, so no extra call) is ahead.
        Instant current = epochSeconds(c.path("attributes").path(EXPIRATION_ATTRIBUTE));
        Instant rotated = epochSeconds(c.path("attributes").path(ROTATED_EXPIRATION_ATTRIBUTE));
        boolean hasRotated = rotated != null && rotated.isAfter(clock.instant());
        Instant next = !hasRotated ? current : current == null || rotated.isBefore(current) ? rotated : current;
        return new Application(id, clientId, description, clientId, List.of(), null, null, 0, null,
                hasRotated ? 2 : 1, next, 0);
    }

    // ================================================================ transport

    private Reply send(Supplier<Request.Builder> build) {
        Reply reply = sendRaw(build);
        expectSuccess(reply);
        return reply;
    }

    /** Null on 404 (e.g. no rotated secret). */
    private Reply sendAllowing404(Supplier<Request.Builder> build) {
        Reply reply = sendRaw(build);
        if (reply.status() == 404) {
            return null;
        }
        expectSuccess(reply);
        return reply;
    }

    private Reply sendRaw(Supplier<Request.Builder> build) {
        Reply reply = http.execute(withToken(build.get(), false));
        if (reply.status() == 401) {
            reply = http.execute(withToken(build.get(), true));
        }
        return reply;
    }

    private Request withToken(Request.Builder builder, boolean forceNew) {
        char[] value;
        synchronized (tokenLock) {
            if (forceNew || token == null
                    || (tokenExpiresAt != null && !clock.instant().plus(TOKEN_MARGIN).isBefore(tokenExpiresAt))) {
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
        byte[] form = loginForm();
        Reply reply;
        try {
            reply = http.execute(new Request.Builder()
                    .url(http.url("realms", login.realm, "protocol", "openid-connect", "token"))
                    .post(RequestBody.create(form, FORM))
                    .build());
        } finally {
            Arrays.fill(form, (byte) 0);
        }
        try {
            if (reply.status() == 400 || reply.status() == 401) {
                throw GatewayException.http(Problem.of(ProblemCode.AUTH_INVALID_API_KEY, "Keycloak at "
                        + HttpTransport.hostPort(reply.url()) + " did not accept the "
                        + (login.passwordGrant ? "user name or password" : "client id or secret")
                        + " for the realm " + login.realm + " (HTTP " + reply.status() + ")."));
            }
            expectSuccess(reply);
            SecretValue fresh = HttpTransport.secretField(reply.body(), "access_token");
            if (fresh == null || fresh.length() == 0) {
                throw http.protocol("no access_token", reply.url());
            }
            long expiresIn = json(reply, "expires_in").path("expires_in").asLong(0);
            if (token != null) {
                token.destroy();
            }
            token = fresh;
            tokenExpiresAt = expiresIn > 0 ? clock.instant().plusSeconds(expiresIn) : null;
        } finally {
            reply.wipe();
        }
    }

    /** The token request's form, encoded straight from the secret's characters. */
    private byte[] loginForm() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (login.passwordGrant) {
            appendField(out, "grant_type", "password".toCharArray(), false);
            appendField(out, "client_id", "admin-cli".toCharArray(), true);
            appendField(out, "username", login.name.toCharArray(), true);
            char[] pw = login.secret.copyChars();
            try {
                appendField(out, "password", pw, true);
            } finally {
                Arrays.fill(pw, '\0');
            }
        } else {
            appendField(out, "grant_type", "client_credentials".toCharArray(), false);
            appendField(out, "client_id", login.name.toCharArray(), true);
            char[] secret = login.secret.copyChars();
            try {
                appendField(out, "client_secret", secret, true);
            } finally {
                Arrays.fill(secret, '\0');
            }
        }
        return out.toByteArray();
    }

    static void appendField(ByteArrayOutputStream out, String name, char[] value, boolean separator) {
        if (separator) {
            out.write('&');
        }
        out.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
        out.write('=');
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(value));
        while (bytes.hasRemaining()) {
            int b = bytes.get() & 0xff;
            if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                    || b == '-' || b == '.' || b == '_' || b == '*') {
                out.write(b);
            } else {
                out.write('%');
                out.write(Character.toUpperCase(Character.forDigit(b >> 4, 16)));
                out.write(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        if (bytes.hasArray()) {
            Arrays.fill(bytes.array(), (byte) 0);
        }
    }

    private void expectSuccess(Reply reply) {
        if (reply.isSuccessful()) {
            return;
        }
        String where = HttpTransport.hostPort(reply.url());
        String message = null;
        if (reply.isJson()) {
            try {
                JsonNode n = mapper.readTree(reply.body());
                message = n.path("errorMessage").asText(n.path("error_description").asText(n.path("error").asText(null)));
            } catch (IOException ignored) {
                // not a Keycloak error body: the status says enough
            }
        }
        String m = message == null ? "" : ": " + message;
        Problem problem = switch (reply.status()) {
            case 401 -> Problem.of(ProblemCode.AUTH_INVALID_API_KEY, "Keycloak at " + where + " refused the admin token (HTTP 401).");
            case 403 -> Problem.of(ProblemCode.AUTH_FORBIDDEN, "This Keycloak account may not manage the clients of the realm "
                    + realm + " (HTTP 403); it needs the manage-clients role.");
            case 404 -> reply.url().encodedPath().contains("/clients/")
                    ? Problem.of(ProblemCode.APPLICATION_NOT_FOUND, "Keycloak has no such client in the realm " + realm + m + ".")
                    : Problem.of(ProblemCode.NOT_FOUND, "Keycloak at " + where + " does not know this address (HTTP 404)"
                    + m + ". Check the URL and the realm.");
            case 409 -> new Problem("about:blank", "Conflict", 409, "Keycloak reports a conflict" + m + ".", "conflict", null);
            default -> new Problem("about:blank", reply.status() >= 500 ? "Server error" : "Request refused",
                    reply.status(), "Keycloak at " + where + " refused the request (HTTP " + reply.status() + ")" + m + ".",
                    null, null);
        };
        throw GatewayException.http(problem);
    }

    private HttpUrl clientUrl(String id, String... more) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("A client id must not be empty");
        }
        String[] segments = new String[5 + more.length];
        segments[0] = "admin";
        segments[1] = "realms";
        segments[2] = realm;
        segments[3] = "clients";
        segments[4] = id;
        System.arraycopy(more, 0, segments, 5, more.length);
        return http.url(segments);
    }

    private static Request.Builder get(HttpUrl url) {
        return new Request.Builder().url(url).get();
    }

    private JsonNode json(Reply reply) {
        return http.json(mapper, reply);
    }

    /** Only the named field of a body that also holds a token: parsed from a copy with no other string values. */
    private JsonNode json(Reply reply, String field) {
        try (var p = mapper.getFactory().createParser(reply.body())) {
            var out = mapper.createObjectNode();
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return out;
            }
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (field.equals(name)) {
                    out.set(name, mapper.readTree(p));
                } else {
                    p.skipChildren();
                }
            }
            return out;
        } catch (IOException e) {
            throw http.protocol("not JSON", reply.url());
        }
    }

    private static int parseOffset(String cursor) {
        if (cursor == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(cursor));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a cursor of this list: " + cursor);
        }
    }
}
