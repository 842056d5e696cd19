package org.secretdesk.client.dataminer;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
import org.secretdesk.model.Problem;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.model.SecretStatus;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;

/**
 * The {@link org.secretdesk.client.GatewayClient} for a DataMiner BrokerGateway's client secrets (connectors.md).
 *
 * <p>The base URL is the BrokerGateway's, e.g. {@code https://agent.example.com/BrokerGateway}. Every call carries
 * {@code BrokerGateway-Api-Key} with the Administrator key, which is never logged nor put in a message. The
 * BrokerGateway keeps one flat list of named secrets: it is exposed as the single application
 * {@value #APPLICATION_NAME}; a secret's id and description are its (unique, case-sensitive) name.
 *
 * <p>Two route spellings exist in DataMiner's documentation; the current one is tried first and, on a 404, the
 * older one. The spelling that answered is remembered for the next calls.
 */
public final class DataMinerClient extends LimitedGatewayClient {

    public static final String PRODUCT = "DataMiner BrokerGateway";
    public static final String APPLICATION_ID = "brokergateway";
    public static final String APPLICATION_NAME = "BrokerGateway client secrets";
    static final String API_KEY_HEADER = "BrokerGateway-Api-Key";
    private static final MediaType TEXT_PLAIN = MediaType.get("text/plain");
    private static final Capabilities CAPABILITIES = capabilitiesOf();

    /** The two documented spellings of the client-secret routes. */
    enum Routes {
        CURRENT("clientSecret", "generate", "delete", "list"),
        LEGACY("ClientSecret", "generateclientsecret", "deleteclientsecret", "listclientsecrets");

        final String controller;
        final String generate;
        final String delete;
        final String list;

        Routes(String controller, String generate, String delete, String list) {
            this.controller = controller;
            this.generate = generate;
            this.delete = delete;
            this.list = list;
        }
    }

    private final HttpTransport http;
    /** Our own copy, wiped by {@link #close()}. */
    private final SecretValue apiKey;
    /** The spelling that answered last, or null before the first successful call. */
    private volatile Routes routes;

    /**
     * @param trust the CAs to trust, or null for the JDK's default trust store (the operator chose system trust)
     */
    public DataMinerClient(URI baseUrl, SecretValue apiKey, TlsTrust trust) {
        this(baseUrl, apiKey, trust, HttpTransport.DEFAULT_CONNECT_TIMEOUT, HttpTransport.DEFAULT_READ_TIMEOUT);
    }

    public DataMinerClient(URI baseUrl, SecretValue apiKey, TlsTrust trust, Duration connectTimeout,
                           Duration readTimeout) {
        this.apiKey = headerSafeCopy(Objects.requireNonNull(apiKey, "apiKey"));
        this.http = new HttpTransport(PRODUCT, baseUrl, trust, connectTimeout, readTimeout);
    }

    /** The route spelling that answered last, or null before any call succeeded. */
    Routes routes() {
        return routes;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public GatewayInfo info() {
        list(); // proves the URL and the key
        return new GatewayInfo(PRODUCT, null, null, // its API reports no version
                CAPABILITIES.features().stream().map(f -> f.name().toLowerCase(Locale.ROOT)).sorted().toList());
    }

    @Override
    public Page<Application> listApplications(String query, int limit, String cursor) {
        Application app = application(list().size());
        boolean matches = query == null || query.isBlank()
                || APPLICATION_NAME.toLowerCase(Locale.ROOT).contains(query.strip().toLowerCase(Locale.ROOT));
        return new Page<>(matches && cursor == null ? List.of(app) : List.of(), null);
    }

    @Override
    public Application getApplication(String applicationId) {
        requireApplication(applicationId);
        return application(list().size());
    }

    @Override
    public Page<SecretSummary> listSecrets(String applicationId, int limit, String cursor) {
        requireApplication(applicationId);
        return Page.ofWholeList(list(), limit, cursor);
    }

    @Override
    public IssuedSecret createSecret(String applicationId, String description, Duration expiresAfter) {
        requireApplication(applicationId);
        if (expiresAfter != null) {
            throw unsupported(Feature.EXPIRY);
        }
        String name = requireName(description);
        Reply reply = call(r -> new Request.Builder()
                .url(http.url("api", r.controller, r.generate).newBuilder().addQueryParameter("clientName", name).build())
                .post(RequestBody.create(new byte[0], TEXT_PLAIN)), false);
        try {
            expectSuccess(reply, name);
            SecretValue value = keyFromBody(reply);
            if (value.length() == 0) {
                value.destroy();
                throw http.protocol("an empty key", reply.url());
            }
            SecretSummary summary = summary(name, HttpTransport.redacted(value, 4));
            return new IssuedSecret(summary, name, value);
        } finally {
            reply.wipe();
        }
    }

    @Override
    public void deleteSecret(String applicationId, String secretId, long expectedVersion) {
        requireApplication(applicationId);
        String name = requireName(secretId);
        Reply reply = call(r -> new Request.Builder()
                .url(http.url("api", r.controller, r.delete).newBuilder().addQueryParameter("clientName", name).build())
                .delete(), true);
        expectSuccess(reply, name);
    }

    @Override
    public void close() {
        apiKey.destroy();
        http.close();
    }

    // ================================================================ internals

    private List<SecretSummary> list() {
        Reply reply = call(r -> new Request.Builder().url(http.url("api", r.controller, r.list)).get(), false);
        expectSuccess(reply, null);
        return parseList(reply);
    }

    /**
     * Sends the request built for the remembered spelling (or the current one first) and, while no spelling is
     * known, retries once with the older spelling on a 404.
     *
     * @param notFoundMeansMissing a 404 on a route known to exist means "no such secret", not "no such route"
     */
    private Reply call(java.util.function.Function<Routes, Request.Builder> build, boolean notFoundMeansMissing) {
        Routes known = routes;
        Routes first = known == null ? Routes.CURRENT : known;
        Reply reply = http.execute(authorized(build.apply(first)));
        if (reply.status() == 404 && known == null) {
            Reply legacy = http.execute(authorized(build.apply(Routes.LEGACY)));
            if (legacy.status() != 404) {
                routes = Routes.LEGACY;
                return legacy;
            }
            if (!notFoundMeansMissing) {
                throw GatewayException.http(Problem.of(ProblemCode.NOT_FOUND, "The " + PRODUCT + " at "
                        + HttpTransport.hostPort(reply.url()) + " knows neither /api/clientSecret nor "
                        + "/api/ClientSecret (HTTP 404). Does the URL end with /BrokerGateway?"));
            }
            return reply;
        }
        if (reply.status() != 404) {
            routes = first;
        }
        return reply;
    }

    private Request authorized(Request.Builder builder) {
        char[] key = apiKey.copyChars();
        try {
            return builder.header(API_KEY_HEADER, new String(key)).build();
        } finally {
            Arrays.fill(key, '\0');
        }
    }

    private void expectSuccess(Reply reply, String name) {
        if (reply.isSuccessful()) {
            return;
        }
        String where = "The " + PRODUCT + " at " + HttpTransport.hostPort(reply.url());
        Problem problem = switch (reply.status()) {
            case 401, 403 -> Problem.of(ProblemCode.AUTH_INVALID_API_KEY, where + " did not accept the API key (HTTP "
                    + reply.status() + "). Use the Administrator key from the BrokerGateway's appsettings.runtime.json.");
            case 404 -> Problem.of(ProblemCode.SECRET_NOT_FOUND, where + " has no client secret named \"" + name + "\".");
            case 400, 409 -> reply.status() == 409 || isDuplicate(reply)
                    ? Problem.of(ProblemCode.SECRET_DUPLICATE_DESCRIPTION, where + " already has a client secret named \""
                    + name + "\". A secret cannot be overwritten: delete it and generate a new one.")
                    : refused(reply, where);
            default -> refused(reply, where);
        };
        throw GatewayException.http(problem);
    }

    private static Problem refused(Reply reply, String where) {
        String reason = shortReason(reply);
        return new Problem("about:blank", reply.status() >= 500 ? "Server error" : "Request refused", reply.status(),
                where + " refused the request (HTTP " + reply.status() + ")" + reason + (reason.endsWith(".") ? "" : "."),
                null, null);
    }

    /** A 400 whose reason says the name exists (the documentation gives no status for a duplicate name). */
    private static boolean isDuplicate(Reply reply) {
        return DataMinerBodies.reason(reply.body()).toLowerCase(Locale.ROOT).contains("already exist");
    }

    /** The BrokerGateway's own error text, plain or in JSON, when it is short (it never contains a key). */
    private static String shortReason(Reply reply) {
        String reason = DataMinerBodies.reason(reply.body());
        return reason.isEmpty() ? "" : ": " + reason;
    }

    /** The new key, in whichever shape the BrokerGateway sent it ({@link DataMinerBodies#key}). */
    private SecretValue keyFromBody(Reply reply) {
        SecretValue key = DataMinerBodies.key(reply.body());
        if (key == null) {
            throw http.protocol("no key in the answer", reply.url());
        }
        return key;
    }

    /** The client secrets, in whichever shape the BrokerGateway sent them ({@link DataMinerBodies#list}). */
    List<SecretSummary> parseList(Reply reply) {
        List<DataMinerBodies.Listed> listed;
        try {
            listed = DataMinerBodies.list(reply.body());
        } catch (IOException e) {
            throw http.protocol("the client secret list is not a JSON list of names and keys", reply.url());
        }
        List<SecretSummary> out = new ArrayList<>();
        for (DataMinerBodies.Listed l : listed) {
            out.add(summary(l.name(), l.redactedKey()));
        }
        return out;
    }

    private static SecretSummary summary(String name, String redactedKey) {
        String hint = redactedKey == null ? null : redactedKey.substring(0, Math.min(4, redactedKey.length()));
        return new SecretSummary(name, APPLICATION_ID, name, hint, redactedKey, null, null, null, null,
                SecretStatus.ACTIVE, null, 0);
    }

    private static Application application(int secretCount) {
        return new Application(APPLICATION_ID, APPLICATION_NAME,
                "The BrokerGateway's named client secrets for external NATS clients", null, List.of(), null, null, 0,
                null, secretCount, null, 0);
    }

    private static void requireApplication(String applicationId) {
        if (!APPLICATION_ID.equals(applicationId)) {
            throw GatewayException.http(Problem.of(ProblemCode.APPLICATION_NOT_FOUND,
                    "A DataMiner BrokerGateway has one application, \"" + APPLICATION_NAME + "\" (id " + APPLICATION_ID + ")."));
        }
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A BrokerGateway client secret needs a name");
        }
        return name;
    }

    private static SecretValue headerSafeCopy(SecretValue key) {
        char[] chars = key.copyChars();
        boolean valid = chars.length > 0;
        for (char c : chars) {
            valid &= c > 0x20 && c < 0x7f;
        }
        if (!valid) {
            Arrays.fill(chars, '\0');
            throw new IllegalArgumentException("The API key must be non-empty visible ASCII");
        }
        return SecretValue.wrap(chars);
    }

    static final String CA_NOT_SERVED = "The BrokerGateway API does not serve its root CA: copy ca.pem from "
            + "C:\\ProgramData\\Skyline Communications\\DataMiner Security\\ on an agent.";

    /** What the BrokerGateway keeps of a generated key, as the reveal says it (issue 25). */
    public static final String CUSTODY = "This is the only time SecretDesk shows this secret. DataMiner BrokerGateway "
            + "stores it; its list shows only the first four characters.";

    /** One sentence per fact: features that follow from the same fact share its sentence (issue 25). */
    private static Capabilities capabilitiesOf() {
        Map<Feature, String> why = new EnumMap<>(Feature.class);
        String oneList = "A DataMiner BrokerGateway keeps one flat list of named client secrets, shown as one application.";
        Capabilities.explainAll(why, oneList,
                Feature.APPLICATIONS, Feature.CREATE_APPLICATION, Feature.DELETE_APPLICATION, Feature.EDIT_APPLICATION);
        why.put(Feature.ROLES, "DataMiner BrokerGateway client secrets have no roles.");
        String noRenew = "DataMiner BrokerGateway cannot renew in place: delete and generate a new one.";
        Capabilities.explainAll(why, noRenew,
                Feature.RENEW, Feature.RENEW_GRACE_PERIOD, Feature.PREVIOUS_VALUE, Feature.GRACE_CONTROL);
        String noExpiry = "DataMiner BrokerGateway client secrets never expire and are never revoked automatically: "
                + "there is no expiry policy and nothing to notify.";
        Capabilities.explainAll(why, noExpiry,
                Feature.EXPIRY, Feature.DOMAIN_POLICY, Feature.APPLICATION_POLICY, Feature.NOTIFICATIONS,
                Feature.CHANNELS, Feature.CALENDAR, Feature.OWNERS);
        String noUse = "DataMiner BrokerGateway does not record when or from where a client secret is used: no last "
                + "use, and no usage data to find or retire unused secrets by.";
        Capabilities.explainAll(why, noUse, Feature.LAST_USED, Feature.USAGE, Feature.RETIRE_WHEN_QUIET);
        why.put(Feature.LIVE_EVENTS, "DataMiner BrokerGateway does not publish changes; refresh to see them.");
        why.put(Feature.AUDIT, "DataMiner BrokerGateway keeps no audit log of its client secrets.");
        why.put(Feature.CA_EXPORT, CA_NOT_SERVED);
        why.put(Feature.CA_ROTATION, "DataMiner manages the cluster's root CA itself.");
        why.put(Feature.IDEMPOTENT_ISSUE, "DataMiner BrokerGateway has no idempotency keys: a lost answer means "
                + "delete the name and generate again.");
        why.put(Feature.OPTIMISTIC_CONCURRENCY, "DataMiner BrokerGateway has no version checks.");
        return new Capabilities(EnumSet.of(Feature.MULTIPLE_SECRETS, Feature.CREATE_SECRET, Feature.DELETE_SECRET,
                Feature.DELETE_LAST_SECRET), 0, why, CUSTODY);
    }
}
