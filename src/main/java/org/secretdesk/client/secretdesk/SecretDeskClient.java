package org.secretdesk.client.secretdesk;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.ConnectionSpec;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.sse.EventSources;
import org.secretdesk.client.ApplicationPatch;
import org.secretdesk.client.AuditQuery;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.CreatedApplication;
import org.secretdesk.client.EventSubscription;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.client.GatewayException;
import org.secretdesk.client.IdempotencyKeys;
import org.secretdesk.client.NewApplication;
import org.secretdesk.client.SegmentScrub;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.client.ChannelSpec;
import org.secretdesk.client.secretdesk.SecretDeskCalls.Reply;
import org.secretdesk.model.Application;
import org.secretdesk.model.CalendarToken;
import org.secretdesk.model.Channel;
import org.secretdesk.model.ChannelDelivery;
import org.secretdesk.model.IssuedCalendarToken;
import org.secretdesk.model.AuditEvent;
import org.secretdesk.model.CaInfo;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.GatewayEvent;
import org.secretdesk.model.GatewayInfo;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.LeakReport;
import org.secretdesk.model.Notification;
import org.secretdesk.model.Page;
import org.secretdesk.model.Role;
import org.secretdesk.model.RotationPolicy;
import org.secretdesk.model.SecretIdentification;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link GatewayClient} for the SecretDesk gateway (gateway-api.md) over HTTPS.
 *
 * <p>TLS trusts only the certificates of the given {@link TlsTrust}; OkHttp's hostname verification stays on.
 * Plain HTTP is accepted only for a loopback host (tests, {@code --insecure-http}). The admin key is sent as
 * {@code Authorization: Bearer …} and never appears in a log line, an exception message or {@link #toString()}.
 *
 * <p>Calls that issue a secret (create application with a first secret, create secret, renew) carry an
 * {@code Idempotency-Key} and are retried, with the same key and body, up to twice when the request was sent but
 * the answer was lost (I/O error, timeout, 502/503/504): the gateway then replays the first result, so a secret
 * whose response was lost is recovered and never issued twice. Other writes are never retried.
 */
public final class SecretDeskClient implements GatewayClient {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);
    static final MediaType JSON = MediaType.get("application/json");
    private static final Logger LOG = LoggerFactory.getLogger(SecretDeskClient.class);

    private final HttpUrl base;
    /** Our own copy, wiped by {@link #close()}. */
    private final SecretValue adminKey;
    /** Reads: OkHttp may transparently recover a stale pooled connection. */
    private final OkHttpClient reads;
    /** Sends the requests on {@code reads} or a client without transparent retries, and reads the answers. */
    private final SecretDeskCalls calls;
    /** The event stream: no read timeout, the stream is quiet while nothing changes. */
    private final OkHttpClient events;
    private final SecretDeskJson json = new SecretDeskJson();
    /** Channels and the calendar's tokens (issue 23), through this client's requests. */
    private final SecretDeskChannels channels;
    private final Set<EventStream> subscriptions = ConcurrentHashMap.newKeySet();
    /** From the domain policy; 0 until the gateway told us. */
    private volatile int maxSecretsPerApplication;

    /** HTTPS to {@code baseUrl}, trusting only {@code trustedCas}, with the default timeouts. */
    public SecretDeskClient(URI baseUrl, SecretValue adminKey, List<X509Certificate> trustedCas) {
        this(builder(baseUrl, adminKey, TlsTrust.of(trustedCas)));
    }

    public SecretDeskClient(URI baseUrl, SecretValue adminKey, TlsTrust trust) {
        this(builder(baseUrl, adminKey, trust));
    }

    SecretDeskClient(SecretDeskClientBuilder b) {
        this.base = ClientSetup.baseUrl(b.baseUrl);
        boolean https = base.isHttps();
        if (https && b.trust == null) {
            throw new IllegalArgumentException("An https gateway needs the certificates to trust");
        }
        this.adminKey = ClientSetup.copyAdminKey(b.adminKey);

        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(b.connectTimeout)
                .readTimeout(b.readTimeout)
                .writeTimeout(b.readTimeout)
                // The API never redirects; following one could carry the admin key somewhere unexpected.
                .followRedirects(false)
                .followSslRedirects(false)
                .eventListenerFactory(SecretDeskCalls::listenerFor);
        if (https) {
            X509TrustManager trustManager = ClientSetup.trustManager(b.trust.anchors());
            builder.sslSocketFactory(ClientSetup.sslContext(trustManager).getSocketFactory(), trustManager)
                    .connectionSpecs(List.of(ConnectionSpec.MODERN_TLS));
        } else {
            builder.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
        }
        this.reads = builder.build();
        // newBuilder() shares the dispatcher and the connection pool, so close() releases all three.
        // Writes: no transparent retries; only issuing calls are retried, by SecretDeskCalls, with their key.
        this.channels = new SecretDeskChannels(this, json);
        this.calls = new SecretDeskCalls(reads, reads.newBuilder().retryOnConnectionFailure(false).build(),
                b.retryBackoff, json);
        this.events = reads.newBuilder().readTimeout(Duration.ZERO).build();
    }

    /** Optional settings (timeouts, the retry back-off); {@link SecretDeskClientBuilder#build()} makes the client. */
    public static SecretDeskClientBuilder builder(URI baseUrl, SecretValue adminKey, TlsTrust trust) {
        return new SecretDeskClientBuilder(baseUrl, adminKey, trust);
    }

    // ================================================================ GatewayClient

    @Override
    public Capabilities capabilities() {
        if (maxSecretsPerApplication == 0) {
            try {
                getSecretPolicy();
            } catch (GatewayException e) {
                // Still unknown (offline, viewer without access…): 0 means unknown, asked again next time.
                LOG.debug("Secret limit not known yet: {}", e.getMessage());
            }
        }
        // Everything but Keycloak's current-plus-rotated model: SecretDesk keeps several named secrets instead.
        return new Capabilities(EnumSet.complementOf(EnumSet.of(Capabilities.Feature.ROTATED_SECRET)),
                maxSecretsPerApplication, Map.of());
    }

    @Override
    public GatewayInfo info() {
        return read(get(url("api/v1/info")), json::info);
    }

    @Override
    public Page<Application> listApplications(String query, int limit, String cursor) {
        HttpUrl.Builder url = url("api/v1/applications").newBuilder();
        if (query != null && !query.isBlank()) {
            url.addQueryParameter("q", query);
        }
        paging(url, limit, cursor);
        return read(get(url.build()), n -> json.page(n, json::application));
    }

    @Override
    public Application getApplication(String applicationId) {
        return read(get(url("api/v1/applications", id(applicationId))), json::application);
    }

    @Override
    public CreatedApplication createApplication(NewApplication request) {
        Objects.requireNonNull(request, "request");
        Request.Builder post = post(url("api/v1/applications"), json.newApplication(request));
        boolean issuing = request.initialSecretDescription() != null;
        if (issuing) {
            post.header("Idempotency-Key", IdempotencyKeys.newKey());
        }
        Reply reply = call(post.build(), issuing);
        try {
            SecretDeskJson.ParsedCreatedApplication parsed = parse(reply, json::createdApplication);
            if (issuing && parsed.issuedSecret() == null) {
                throw Failures.protocol(new ProtocolViolation("no issuedSecret for the first secret"), reply.url());
            }
            return new CreatedApplication(parsed.application(), parsed.issuedSecret());
        } finally {
            reply.wipe();
            if (issuing) {
                SegmentScrub.scrubThisThreadsSegments();
            }
        }
    }

    @Override
    public Application updateApplication(String applicationId, ApplicationPatch patch, long expectedVersion) {
        Objects.requireNonNull(patch, "patch");
        Request request = request(url("api/v1/applications", id(applicationId)))
                .patch(RequestBody.create(json.applicationPatch(patch), JSON))
                .header("If-Match", ifMatch(expectedVersion))
                .build();
        return read(request, json::application);
    }

    @Override
    public void deleteApplication(String applicationId, long expectedVersion) {
        Request request = request(url("api/v1/applications", id(applicationId)))
                .delete()
                .header("If-Match", ifMatch(expectedVersion))
                .build();
        expectSuccess(call(request, false));
    }

    @Override
    public Page<SecretSummary> listSecrets(String applicationId, int limit, String cursor) {
        HttpUrl.Builder url = url("api/v1/applications", id(applicationId), "secrets").newBuilder();
        paging(url, limit, cursor);
        return read(get(url.build()), n -> json.page(n, json::secret));
    }

    @Override
    public IssuedSecret createSecret(String applicationId, String description, Duration expiresAfter) {
        return createSecret(applicationId, description, expiresAfter, IdempotencyKeys.newKey());
    }

    @Override
    public IssuedSecret createSecret(String applicationId, String description, Duration expiresAfter,
                                     String idempotencyKey) {
        Objects.requireNonNull(description, "description");
        Request request = post(url("api/v1/applications", id(applicationId), "secrets"),
                json.newSecret(description, expiresAfter))
                .header("Idempotency-Key", Objects.requireNonNull(idempotencyKey, "idempotencyKey"))
                .build();
        return issued(call(request, true));
    }

    @Override
    public IssuedSecret renewSecret(String applicationId, String secretId, Duration gracePeriod,
                                    long expectedVersion) {
        return renewSecret(applicationId, secretId, gracePeriod, expectedVersion, IdempotencyKeys.newKey());
    }

    @Override
    public IssuedSecret renewSecret(String applicationId, String secretId, Duration gracePeriod,
                                    long expectedVersion, String idempotencyKey) {
        return renewSecret(applicationId, secretId, gracePeriod, null, expectedVersion, idempotencyKey);
    }

    @Override
    public void deleteSecret(String applicationId, String secretId, long expectedVersion) {
        Request request = request(url("api/v1/applications", id(applicationId), "secrets", id(secretId)))
                .delete()
                .header("If-Match", ifMatch(expectedVersion))
                .build();
        expectSuccess(call(request, false));
    }

    @Override
    public IssuedSecret renewSecret(String applicationId, String secretId, Duration gracePeriod,
                                    Duration retireAfterQuiet, long expectedVersion, String idempotencyKey) {
        Request request = post(url("api/v1/applications", id(applicationId), "secrets", id(secretId), "renew"),
                json.renew(gracePeriod, retireAfterQuiet))
                .header("If-Match", ifMatch(expectedVersion))
                .header("Idempotency-Key", Objects.requireNonNull(idempotencyKey, "idempotencyKey"))
                .build();
        return issued(call(request, true));
    }

    @Override
    public SecretSummary endGrace(String applicationId, String secretId, long expectedVersion) {
        return grace(applicationId, secretId, "end-grace", json.empty(), expectedVersion);
    }

    @Override
    public SecretSummary extendGrace(String applicationId, String secretId, Duration by, long expectedVersion) {
        return grace(applicationId, secretId, "extend-grace", json.extendGrace(Objects.requireNonNull(by, "by")),
                expectedVersion);
    }

    private SecretSummary grace(String applicationId, String secretId, String action, byte[] body, long version) {
        HttpUrl url = url("api/v1/applications", id(applicationId), "secrets", id(secretId), action);
        return read(post(url, body).header("If-Match", ifMatch(version)).build(), json::secret);
    }

    @Override
    public RotationPolicy getRotationPolicy(String applicationId) {
        return read(get(url("api/v1/applications", id(applicationId), "rotation-policy")), json::rotationPolicy);
    }

    @Override
    public RotationPolicy updateRotationPolicy(String applicationId, RotationPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        Request request = request(url("api/v1/applications", id(applicationId), "rotation-policy"))
                .put(RequestBody.create(json.rotationPolicy(policy), JSON)).build();
        return read(request, json::rotationPolicy);
    }

    @Override
    public Page<SecretSummary> listUnusedSecrets(Instant unusedSince, int limit, String cursor) {
        Objects.requireNonNull(unusedSince, "unusedSince");
        HttpUrl.Builder url = url("api/v1/secrets").newBuilder()
                .addQueryParameter("unusedSince", unusedSince.toString());
        paging(url, limit, cursor);
        return read(get(url.build()), n -> json.page(n, json::secret));
    }

    @Override
    public DomainSecretPolicy getSecretPolicy() {
        return remember(read(get(url("api/v1/settings/secret-policy")), json::secretPolicy));
    }

    @Override
    public DomainSecretPolicy updateSecretPolicy(DomainSecretPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        Request request = request(url("api/v1/settings/secret-policy"))
                .put(RequestBody.create(json.secretPolicy(policy), JSON))
                .build();
        return remember(read(request, json::secretPolicy));
    }

    @Override
    public List<Role> listRoles() {
        return read(get(url("api/v1/roles")), json::roles);
    }

    @Override
    public List<Notification> listNotifications(Instant since, int limit) {
        HttpUrl.Builder url = url("api/v1/notifications").newBuilder();
        if (since != null) {
            url.addQueryParameter("since", since.toString());
        }
        paging(url, limit, null);
        return read(get(url.build()), json::notifications);
    }

    @Override
    public Page<AuditEvent> listAudit(AuditQuery query) {
        Objects.requireNonNull(query, "query");
        HttpUrl.Builder url = url("api/v1/audit").newBuilder();
        addIfPresent(url, "applicationId", query.applicationId());
        addIfPresent(url, "action", query.action());
        addIfPresent(url, "actor", query.actor());
        addIfPresent(url, "from", query.from() == null ? null : query.from().toString());
        addIfPresent(url, "to", query.to() == null ? null : query.to().toString());
        paging(url, query.limit(), query.cursor());
        Page<AuditEvent> page = read(get(url.build()), n -> json.page(n, json::auditEvent));
        // The contract only promises the applicationId filter; the others are also applied here so the console
        // never shows rows outside the operator's filter, whatever the gateway did with them.
        List<AuditEvent> matching = page.items().stream().filter(e -> matches(query, e)).toList();
        return matching.size() == page.items().size() ? page : new Page<>(matching, page.nextCursor());
    }

    @Override
    public String caCertificatePem() {
        Request request = request(url("api/v1/ca"), false)
                .header("Accept", "application/x-pem-file, text/plain")
                .get()
                .build();
        Reply reply = call(request, false);
        expectSuccess(reply);
        String pem = new String(reply.body(), StandardCharsets.US_ASCII);
        if (!pem.contains("-----BEGIN CERTIFICATE-----") || !pem.contains("-----END CERTIFICATE-----")) {
            throw Failures.protocol(new ProtocolViolation("the CA certificate is not PEM"), reply.url());
        }
        return pem;
    }

    @Override
    public CaInfo caInfo() {
        return read(get(url("api/v1/ca/info")), json::caInfo);
    }

    @Override
    public CaInfo rotateCa(boolean force) {
        return read(post(url("api/v1/ca/rotate"), json.rotateCa(force)).build(), json::caInfo);
    }

    @Override
    public SecretIdentification identifySecret(String sha256Hex) {
        Objects.requireNonNull(sha256Hex, "sha256Hex");
        return read(post(url("api/v1/secrets/identify"), json.identify(sha256Hex)).build(), json::identification);
    }

    @Override
    public List<LeakReport.Verdict> reportLeaks(List<LeakReport> reports) {
        Objects.requireNonNull(reports, "reports");
        return read(post(url("api/v1/leaks"), json.leakReports(reports)).build(), json::verdicts);
    }

    @Override
    public List<Channel> listChannels() {
        return channels.list();
    }

    @Override
    public Channel getChannel(String channelId) {
        return channels.get(channelId);
    }

    @Override
    public Channel createChannel(ChannelSpec spec, SecretValue credential) {
        return channels.create(spec, credential);
    }

    @Override
    public Channel updateChannel(String channelId, ChannelSpec spec, SecretValue credential, long expectedVersion) {
        return channels.update(channelId, spec, credential, expectedVersion);
    }

    @Override
    public void deleteChannel(String channelId) {
        channels.delete(channelId);
    }

    @Override
    public ChannelDelivery testChannel(String channelId) {
        return channels.test(channelId);
    }

    @Override
    public List<ChannelDelivery> listChannelDeliveries(String channelId, int limit) {
        return channels.deliveries(channelId, limit);
    }

    @Override
    public List<CalendarToken> listCalendarTokens() {
        return channels.calendarTokens();
    }

    @Override
    public IssuedCalendarToken issueCalendarToken(String name) {
        return channels.issueCalendarToken(name);
    }

    @Override
    public void revokeCalendarToken(String tokenId) {
        channels.revokeCalendarToken(tokenId);
    }

    @Override
    public EventSubscription subscribe(Consumer<GatewayEvent> onEvent, Consumer<Throwable> onFailure) {
        return subscribe(onEvent, onFailure, () -> { });
    }

    /** {@code onOpen} runs when the gateway's answer to the stream arrived: it subscribes before it answers. */
    @Override
    public EventSubscription subscribe(Consumer<GatewayEvent> onEvent, Consumer<Throwable> onFailure,
                                       Runnable onOpen) {
        Objects.requireNonNull(onEvent, "onEvent");
        Objects.requireNonNull(onFailure, "onFailure");
        Objects.requireNonNull(onOpen, "onOpen");
        ensureOpen();
        Request request = request(url("api/v1/events")).header("Accept", "text/event-stream").get().build();
        EventStream stream = new EventStream(json, request.url(), onEvent, onFailure, onOpen, subscriptions::remove);
        subscriptions.add(stream);
        stream.start(EventSources.createFactory(events), request);
        return stream;
    }

    @Override
    public void close() {
        if (!calls.close()) {
            return;
        }
        for (EventStream stream : List.copyOf(subscriptions)) {
            stream.close();
        }
        reads.dispatcher().cancelAll();
        reads.dispatcher().executorService().shutdown();
        reads.connectionPool().evictAll();
        adminKey.destroy();
    }

    /** The gateway's address only; never the key. */
    @Override
    public String toString() {
        return "SecretDeskClient[" + base + "]";
    }

    // ================================================================ requests

    HttpUrl url(String path, String... segments) {
        HttpUrl.Builder url = base.newBuilder().addPathSegments(path);
        for (String segment : segments) {
            url.addPathSegment(segment);
        }
        return url.build();
    }

    static String id(String id) {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("An id must not be blank");
        }
        return id;
    }

    static void paging(HttpUrl.Builder url, int limit, String cursor) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        if (limit > 0) {
            url.addQueryParameter("limit", Integer.toString(limit));
        }
        addIfPresent(url, "cursor", cursor);
    }

    private static void addIfPresent(HttpUrl.Builder url, String name, String value) {
        if (value != null && !value.isEmpty()) {
            url.addQueryParameter(name, value);
        }
    }

    static String ifMatch(long version) {
        return "\"" + version + "\"";
    }

    Request.Builder request(HttpUrl url) {
        return request(url, true);
    }

    private Request.Builder request(HttpUrl url, boolean authenticated) {
        Request.Builder builder = new Request.Builder().url(url)
                .header("Accept", "application/json, application/problem+json");
        if (authenticated) {
            builder.header("Authorization", bearer());
        }
        return builder;
    }

    Request get(HttpUrl url) {
        return request(url).get().build();
    }

    Request.Builder post(HttpUrl url, byte[] body) {
        return request(url).post(RequestBody.create(body, JSON));
    }

    /** A header needs a String; it is made per request so the client keeps no long-lived String copy. */
    private String bearer() {
        ensureOpen();
        char[] key = adminKey.copyChars();
        try {
            return "Bearer " + new String(key);
        } finally {
            Arrays.fill(key, '\0');
        }
    }

    // ================================================================ execution (SecretDeskCalls)

    Reply call(Request request, boolean issuing) {
        return calls.call(request, issuing);
    }

    <T> T read(Request request, Function<JsonNode, T> mapper) {
        return calls.read(request, mapper);
    }

    private IssuedSecret issued(Reply reply) {
        try {
            return parse(reply, json::issuedSecret);
        } finally {
            reply.wipe();
            SegmentScrub.scrubThisThreadsSegments(); // the body's bytes also passed through okio's segment pool
        }
    }

    <T> T parse(Reply reply, Function<byte[], T> parser) {
        return calls.parse(reply, parser);
    }

    void expectSuccess(Reply reply) {
        calls.expectSuccess(reply);
    }

    private DomainSecretPolicy remember(DomainSecretPolicy policy) {
        if (policy.maxSecretsPerApplication() > 0) {
            maxSecretsPerApplication = policy.maxSecretsPerApplication();
        }
        return policy;
    }

    private static boolean matches(AuditQuery query, AuditEvent event) {
        return (query.applicationId() == null || query.applicationId().equals(event.applicationId()))
                && (query.action() == null || query.action().equals(event.action()))
                && (query.actor() == null || query.actor().equals(event.actor()))
                // from inclusive, to exclusive, at the millisecond precision the gateway records times with
                && (query.from() == null || !event.time().isBefore(query.from().truncatedTo(ChronoUnit.MILLIS)))
                && (query.to() == null || event.time().isBefore(query.to().truncatedTo(ChronoUnit.MILLIS)));
    }

    private void ensureOpen() {
        calls.ensureOpen();
    }
}
