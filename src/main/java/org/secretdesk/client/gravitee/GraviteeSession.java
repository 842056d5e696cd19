package org.secretdesk.client.gravitee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.secretdesk.client.GatewayException;
import org.secretdesk.client.HttpTransport;
import org.secretdesk.client.HttpTransport.Reply;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.client.gravitee.GraviteeProblems.Call;
import org.secretdesk.model.Problem;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.model.SecretValue;

/**
 * One operator's session with Gravitee AM's management API: where it is, the token, and the security domain's id.
 *
 * <p>The management API lives under Gravitee's {@code http.api.entrypoint}, {@code /management} by default. A URL
 * without a path means that default; a URL with a path is the entrypoint itself (a token endpoint that answers 404
 * there is tried once more under {@code <path>/management}, for a URL that names only a reverse proxy's prefix).
 *
 * <p>The token comes from {@code POST <entrypoint>/auth/token} with HTTP Basic; it is fetched again shortly before
 * its {@code expires_at} and whenever a call is refused with 401. Neither the password nor the token is ever logged
 * or put in a message.
 *
 * <p>Gravitee addresses a domain by its id, a random string; operators know its HRID ({@code my-domain}). The
 * domain given is resolved once with {@code GET …/domains/_hrid/{hrid}}; when that finds nothing (or the role may
 * not read domains) the value is used as the id.
 */
final class GraviteeSession implements AutoCloseable {

    private static final MediaType JSON = MediaType.get("application/json");
    /** Fetch a new token a little before the old one expires, so a call never races its expiry. */
    private static final Duration TOKEN_MARGIN = Duration.ofSeconds(30);
    static final String DEFAULT_ENTRYPOINT = "management";

    final HttpTransport http;
    final String organization;
    final String environment;
    final String domain;
    private final String user;
    private final SecretValue password;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Object tokenLock = new Object();
    private final Object domainLock = new Object();
    private SecretValue token;
    private Instant tokenExpiresAt;
    /** Counts the tokens fetched, so that callers refused with the same token fetch only one new one. */
    private long tokenGeneration;
    /** Segments added between the URL and the API's paths: none when the URL carries the entrypoint. */
    private volatile List<String> prefix;
    private final boolean urlHasPath;
    private volatile String domainId;

    GraviteeSession(URI baseUrl, String organization, String environment, String domain, String user,
                    SecretValue password, TlsTrust trust, Clock clock) {
        this.organization = organization;
        this.environment = environment;
        this.domain = domain;
        this.user = user;
        this.password = SecretValue.wrap(Objects.requireNonNull(password, "password").copyChars());
        this.clock = clock;
        this.http = new HttpTransport(GraviteeClient.PRODUCT, baseUrl, trust, HttpTransport.DEFAULT_CONNECT_TIMEOUT,
                HttpTransport.DEFAULT_READ_TIMEOUT);
        this.urlHasPath = http.base().pathSegments().stream().anyMatch(s -> !s.isEmpty());
        this.prefix = urlHasPath ? List.of() : List.of(DEFAULT_ENTRYPOINT);
    }

    Clock clock() {
        return clock;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    // ================================================================ addresses

    HttpUrl url(String... segments) {
        List<String> all = new ArrayList<>(prefix);
        for (String s : segments) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("An id must not be empty");
            }
            all.add(s);
        }
        return http.url(all.toArray(String[]::new));
    }

    HttpUrl environmentUrl(String... more) {
        String[] segments = new String[4 + more.length];
        segments[0] = "organizations";
        segments[1] = organization;
        segments[2] = "environments";
        segments[3] = environment;
        System.arraycopy(more, 0, segments, 4, more.length);
        return url(segments);
    }

    /** {@code …/domains/{id}/more}, resolving the domain's HRID first (once). */
    HttpUrl domainUrl(String... more) {
        String[] segments = new String[2 + more.length];
        segments[0] = "domains";
        segments[1] = domainId();
        System.arraycopy(more, 0, segments, 2, more.length);
        return environmentUrl(segments);
    }

    String domainId() {
        String id = domainId;
        if (id != null) {
            return id;
        }
        synchronized (domainLock) {
            if (domainId == null) {
                Reply reply = exchange(() -> get(environmentUrl("domains", "_hrid", domain)));
                if (reply.isSuccessful()) {
                    domainId = GraviteeJson.text(json(reply), "id", domain);
                } else if (reply.status() == 403
                        || reply.status() == 404 && GraviteeProblems.isDomainNotFound(message(reply))) {
                    domainId = domain; // not an HRID of this environment, or no DOMAIN[READ]: the id itself
                } else {
                    throw failure(Call.DOMAIN, reply);
                }
            }
            return domainId;
        }
    }

    // ================================================================ calls

    static Request.Builder get(HttpUrl url) {
        return new Request.Builder().url(url).get();
    }

    static Request.Builder post(HttpUrl url, JsonNode body) {
        return new Request.Builder().url(url).post(RequestBody.create(body.toString(), JSON));
    }

    static Request.Builder patch(HttpUrl url, JsonNode body) {
        return new Request.Builder().url(url).patch(RequestBody.create(body.toString(), JSON));
    }

    /** Sends the request; a refusal becomes a {@link GatewayException} worded for {@code call}. */
    Reply send(Call call, Supplier<Request.Builder> build) {
        Reply reply = exchange(build);
        if (!reply.isSuccessful()) {
            throw failure(call, reply);
        }
        return reply;
    }

    /** Sends the request with the current token; on 401 fetches a new token (once for all callers) and retries. */
    Reply exchange(Supplier<Request.Builder> build) {
        Authorized first = authorized(build, -1);
        Reply reply = http.execute(first.request());
        if (reply.status() == 401) {
            reply = http.execute(authorized(build, first.generation()).request());
        }
        return reply;
    }

    GatewayException failure(Call call, Reply reply) {
        return GatewayException.http(GraviteeProblems.of(call, reply.status(), message(reply),
                HttpTransport.hostPort(reply.url())));
    }

    /** The {@code message} of Gravitee's error body, or null. */
    private String message(Reply reply) {
        if (reply.isJson()) {
            try {
                return mapper.readTree(reply.body()).path("message").asText(null);
            } catch (IOException ignored) {
                // not Gravitee's error body: the status alone
            }
        }
        return null;
    }

    /** The body as JSON, never materialising a secret field; the body is wiped afterwards. */
    JsonNode json(Reply reply) {
        try {
            JsonNode n = GraviteeJson.treeWithoutSecrets(reply.body());
            if (n == null) {
                throw http.protocol("an empty answer", reply.url());
            }
            return n;
        } catch (IOException e) {
            throw http.protocol("not JSON", reply.url());
        } finally {
            reply.wipe();
        }
    }

    // ================================================================ token

    private record Authorized(Request request, long generation) {
    }

    /**
     * The request with a valid token: the current one, or a new one when it expires soon or when {@code refused}
     * is the generation of the current token (one new token however many callers were refused at once). The
     * request is built once the token is there: the first token call settles the entrypoint.
     */
    private Authorized authorized(Supplier<Request.Builder> build, long refused) {
        char[] value;
        long generation;
        synchronized (tokenLock) {
            boolean expiring = tokenExpiresAt != null && !clock.instant().plus(TOKEN_MARGIN).isBefore(tokenExpiresAt);
            if (token == null || expiring || refused == tokenGeneration) {
                fetchToken();
            }
            value = token.copyChars();
            generation = tokenGeneration;
        }
        try {
            return new Authorized(build.get().header("Authorization", "Bearer " + new String(value)).build(), generation);
        } finally {
            Arrays.fill(value, '\0');
        }
    }

    private void fetchToken() {
        String basic = basicCredentials();
        Reply reply = http.execute(tokenRequest(basic));
        if (reply.status() == 404 && urlHasPath && prefix.isEmpty()) {
            // The URL named a proxy prefix rather than the entrypoint: try <path>/management once.
            prefix = List.of(DEFAULT_ENTRYPOINT);
            Reply retry = http.execute(tokenRequest(basic));
            if (retry.status() == 404) {
                prefix = List.of();
            } else {
                reply = retry;
            }
        }
        try {
            if (reply.status() == 401 || reply.status() == 403) {
                throw GatewayException.http(Problem.of(ProblemCode.AUTH_INVALID_API_KEY, "Gravitee AM at "
                        + HttpTransport.hostPort(reply.url()) + " did not accept the user name or password (HTTP "
                        + reply.status() + ")."));
            }
            if (reply.status() == 404) {
                throw GatewayException.http(Problem.of(ProblemCode.NOT_FOUND, "Gravitee AM's management API is not at "
                        + reply.url().encodedPath() + " on " + HttpTransport.hostPort(reply.url()) + " (HTTP 404). Give "
                        + "the URL of the management API's entrypoint (http.api.entrypoint, /management by default)."));
            }
            if (!reply.isSuccessful()) {
                throw failure(Call.DOMAIN, reply);
            }
            SecretValue fresh = HttpTransport.secretField(reply.body(), "access_token");
            if (fresh == null || fresh.length() == 0) {
                throw http.protocol("no access_token", reply.url());
            }
            Instant expiresAt = null;
            try {
                JsonNode answer = GraviteeJson.treeWithoutSecrets(reply.body());
                expiresAt = answer == null ? null : GraviteeJson.instant(answer.path("expires_at"));
            } catch (IOException unreadable) {
                // no expiry known: the token is replaced when a call is refused with 401
            }
            if (token != null) {
                token.destroy();
            }
            token = fresh;
            tokenExpiresAt = expiresAt;
            tokenGeneration++;
        } finally {
            reply.wipe();
        }
    }

    private Request tokenRequest(String basic) {
        return new Request.Builder()
                .url(url("auth", "token"))
                .header("Authorization", basic)
                .post(RequestBody.create(new byte[0], null))
                .build();
    }

    private String basicCredentials() {
        char[] pw = password.copyChars();
        char[] joined = new char[user.length() + 1 + pw.length];
        byte[] credentials = null;
        try {
            user.getChars(0, user.length(), joined, 0);
            joined[user.length()] = ':';
            System.arraycopy(pw, 0, joined, user.length() + 1, pw.length);
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(joined));
            credentials = new byte[bytes.remaining()];
            bytes.get(credentials);
            if (bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0);
            }
            return "Basic " + Base64.getEncoder().encodeToString(credentials);
        } finally {
            Arrays.fill(pw, '\0');
            Arrays.fill(joined, '\0');
            if (credentials != null) {
                Arrays.fill(credentials, (byte) 0);
            }
        }
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
}
