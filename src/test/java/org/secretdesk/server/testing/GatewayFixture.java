package org.secretdesk.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.secretdesk.server.AdminKeySpec;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.GatewayServer;

/**
 * A real gateway on a free loopback port over HTTPS, a client that trusts only that gateway's CA, and small
 * request helpers. It records every plaintext secret and API key the tests see, so a test can scan for them.
 *
 * <p>Besides the generated {@code admin} key it configures a {@code viewer} key (role VIEWER) and a second admin
 * key named {@code ops}, both written to files in the temp dir by the fixture.
 */
public final class GatewayFixture implements AutoCloseable {

    public static final String VIEWER_NAME = "viewer";
    public static final String OPS_NAME = "ops";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    private final ObjectMapper mapper = new ObjectMapper();
    private final Path dataDir;
    private final MutableClock clock;
    private final GatewayServer server;
    private final String adminKey;
    private final String viewerKey;
    private final String opsKey;
    private final Set<String> seenSecrets = Collections.synchronizedSet(new LinkedHashSet<>());
    private volatile HttpClient client;

    private GatewayFixture(Path root, MutableClock clock, int maxSecrets, Duration schedulerInterval,
                           UnaryOperator<GatewayConfig> customize) {
        this.clock = clock;
        this.dataDir = root.resolve("data");
        try {
            Path keys = Files.createDirectories(root.resolve("keys"));
            viewerKey = randomToken(32);
            opsKey = randomToken(32);
            Path viewerFile = Files.writeString(keys.resolve("viewer.key"), viewerKey + "\n");
            Path opsFile = Files.writeString(keys.resolve("ops.key"), opsKey + "\n");
            GatewayConfig config = GatewayConfig.defaults(dataDir)
                    .withPort(0)
                    .withMaxSecretsPerApplication(maxSecrets)
                    .withSchedulerInterval(schedulerInterval)
                    .withAdminKeys(List.of(
                            new AdminKeySpec(VIEWER_NAME, AdminKeySpec.Role.VIEWER, viewerFile, null),
                            new AdminKeySpec(OPS_NAME, AdminKeySpec.Role.ADMIN, opsFile, null)));
            server = GatewayServer.start(TestDatabases.apply(customize.apply(config), root), clock);
            adminKey = readKeyFile(server.adminKeyFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        seenSecrets.add(adminKey);
        seenSecrets.add(viewerKey);
        seenSecrets.add(opsKey);
        client = httpClientTrusting(server.caCertificate());
    }

    /** A gateway with default settings (limit 10) and a scheduler that never fires on its own during a test. */
    public static GatewayFixture start(Path tempDir) {
        return start(tempDir, MutableClock.startingNow(), 10);
    }

    public static GatewayFixture start(Path tempDir, MutableClock clock, int maxSecretsPerApplication) {
        return new GatewayFixture(tempDir, clock, maxSecretsPerApplication, Duration.ofDays(1), c -> c);
    }

    /** As {@link #start(Path)}, with the configuration changed by {@code customize} (e.g. a token lifetime). */
    public static GatewayFixture start(Path tempDir, MutableClock clock, UnaryOperator<GatewayConfig> customize) {
        return new GatewayFixture(tempDir, clock, 10, Duration.ofDays(1), customize);
    }

    // ---- accessors -------------------------------------------------------------------------------------------

    public GatewayServer server() {
        return server;
    }

    public MutableClock clock() {
        return clock;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String adminKey() {
        return adminKey;
    }

    public String viewerKey() {
        return viewerKey;
    }

    public String opsKey() {
        return opsKey;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public HttpClient client() {
        return client;
    }

    /** Every plaintext client secret, admin/viewer key and probe value seen so far. */
    public List<String> seenSecrets() {
        synchronized (seenSecrets) {
            return new ArrayList<>(seenSecrets);
        }
    }

    /** Adds a value that must never be found in files or logs (e.g. a wrong secret a test sent). */
    public void recordSensitive(String value) {
        seenSecrets.add(value);
    }

    public URI uri(String pathAndQuery) {
        String base = server.baseUri().toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + pathAndQuery);
    }

    /** After a CA rotation: a fresh client (fresh connections) trusting only the current CA. */
    public void retrust() {
        client = httpClientTrusting(server.caCertificate());
    }

    @Override
    public void close() {
        server.close();
    }

    // ---- requests --------------------------------------------------------------------------------------------

    public Call call(String method, String path) {
        return new Call(method, path).auth(adminKey);
    }

    public Resp get(String path) {
        return call("GET", path).send();
    }

    public Resp post(String path, Object json) {
        return call("POST", path).json(json).send();
    }

    public Resp put(String path, Object json) {
        return call("PUT", path).json(json).send();
    }

    public Resp patch(String path, Object json) {
        return call("PATCH", path).json(json).send();
    }

    public Resp delete(String path) {
        return call("DELETE", path).send();
    }

    /** One request being built: method, path, auth, headers, body. */
    public final class Call {
        private final String method;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String bearer;
        private byte[] body;

        private Call(String method, String path) {
            this.method = method;
            this.path = path;
            headers.put("Accept", "application/json, application/problem+json");
        }

        /** Bearer key, or null for no Authorization header. */
        public Call auth(String key) {
            this.bearer = key;
            return this;
        }

        public Call noAuth() {
            return auth(null);
        }

        public Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Call ifMatch(long version) {
            return header("If-Match", "\"" + version + "\"");
        }

        public Call idempotencyKey(String key) {
            return header("Idempotency-Key", key);
        }

        /** A Jackson node, a Map, or a raw JSON String. */
        public Call json(Object json) {
            String text;
            if (json instanceof String s) {
                text = s;
            } else {
                try {
                    text = mapper.writeValueAsString(json);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return raw(text.getBytes(StandardCharsets.UTF_8), "application/json");
        }

        public Call raw(byte[] bytes, String contentType) {
            this.body = bytes;
            if (contentType != null) {
                headers.put("Content-Type", contentType);
            } else {
                headers.remove("Content-Type");
            }
            return this;
        }

        public Call form(Map<String, String> fields) {
            StringJoiner sj = new StringJoiner("&");
            fields.forEach((k, v) -> sj.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8)));
            return raw(sj.toString().getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
        }

        public HttpRequest build() {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
            headers.forEach(b::header);
            if (bearer != null) {
                b.header("Authorization", "Bearer " + bearer);
            }
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
            return b.build();
        }

        public Resp send() {
            return sendWith(client);
        }

        public Resp sendWith(HttpClient httpClient) {
            try {
                HttpResponse<String> r = httpClient.send(build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                Resp resp = new Resp(r, mapper);
                recordSecretsIn(resp);
                return resp;
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + path + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private void recordSecretsIn(Resp resp) {
        JsonNode json = resp.jsonOrNull();
        if (json != null) {
            collectSecrets(json);
        }
    }

    private void collectSecrets(JsonNode node) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("secret") && e.getValue().isTextual()) {
                    seenSecrets.add(e.getValue().asText());
                } else {
                    collectSecrets(e.getValue());
                }
            });
        } else if (node.isArray()) {
            node.forEach(this::collectSecrets);
        }
    }

    // ---- domain helpers --------------------------------------------------------------------------------------

    /** A name no other test in this JVM uses. */
    public static String unique(String prefix) {
        return prefix + "-" + UNIQUE.incrementAndGet() + "-" + randomToken(4);
    }

    public ObjectNode obj() {
        return mapper.createObjectNode();
    }

    public ObjectNode obj(Object... keyValues) {
        ObjectNode n = mapper.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            n.set((String) keyValues[i], mapper.valueToTree(keyValues[i + 1]));
        }
        return n;
    }

    public ArrayNode arr(Object... values) {
        ArrayNode a = mapper.createArrayNode();
        for (Object v : values) {
            a.add(mapper.valueToTree(v));
        }
        return a;
    }

    /** Creates an application (201 asserted) and returns its JSON. */
    public JsonNode createApp(String name) {
        return expect(post("/api/v1/applications", obj("name", name)), 201).json();
    }

    /** Creates an application with an initial secret; returns the whole 201 body (with issuedSecret). */
    public JsonNode createAppWithSecret(String name, String secretDescription) {
        return expect(post("/api/v1/applications",
                obj("name", name, "initialSecret", obj("description", secretDescription))), 201).json();
    }

    public JsonNode createSecret(String appId, String description) {
        return expect(post("/api/v1/applications/" + appId + "/secrets", obj("description", description)), 201).json();
    }

    public Resp renew(String appId, String secretId, Object body) {
        return post("/api/v1/applications/" + appId + "/secrets/" + secretId + "/renew", body == null ? obj() : body);
    }

    public JsonNode secretsOf(String appId) {
        return expect(get("/api/v1/applications/" + appId + "/secrets"), 200).json().get("items");
    }

    public JsonNode secretById(String appId, String secretId) {
        for (JsonNode s : secretsOf(appId)) {
            if (secretId.equals(s.path("id").asText())) {
                return s;
            }
        }
        return null;
    }

    /**
     * Follows {@code nextCursor} from {@code path} (which may already have a query) with {@code limit}, asserting
     * every page has at most {@code limit} items; returns the pages.
     */
    public List<JsonNode> pages(String path, int limit) {
        List<JsonNode> pages = new ArrayList<>();
        String sep = path.contains("?") ? "&" : "?";
        String cursor = null;
        for (int i = 0; i < 10_000; i++) {
            String url = path + sep + "limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode page = expect(get(url), 200).json();
            if (page.path("items").size() > limit) {
                throw new AssertionError("Page larger than limit " + limit + ": " + page);
            }
            pages.add(page);
            JsonNode next = page.get("nextCursor");
            if (next == null) {
                throw new AssertionError("Page without a nextCursor member: " + page);
            }
            if (next.isNull()) {
                return pages;
            }
            cursor = next.asText();
        }
        throw new AssertionError("Paging did not end");
    }

    /** POST /oauth/token with HTTP Basic client authentication. */
    public Resp token(String clientId, String secret) {
        return tokenFrom(client, clientId, secret);
    }

    /** POST /oauth/token with HTTP Basic over {@code from} (e.g. {@link #httpClientFrom}: another address). */
    public Resp tokenFrom(HttpClient from, String clientId, String secret) {
        String basic = Base64.getEncoder().encodeToString(
                (URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                        + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        return call("POST", "/oauth/token").noAuth()
                .header("Authorization", "Basic " + basic)
                .form(Map.of("grant_type", "client_credentials"))
                .sendWith(from);
    }

    /** POST /oauth/token with client_id/client_secret form fields. */
    public Resp tokenWithForm(String clientId, String secret) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", secret);
        return call("POST", "/oauth/token").noAuth().form(form).send();
    }

    public static Resp expect(Resp resp, int status) {
        if (resp.status() != status) {
            throw new AssertionError("Expected HTTP " + status + " but got " + resp.status() + ": " + resp.body());
        }
        return resp;
    }

    // ---- TLS and keys ----------------------------------------------------------------------------------------

    /** A client whose only trust anchor is {@code ca}; HTTP/1.1, hostname verification on (JDK default). */
    public static HttpClient httpClientTrusting(X509Certificate ca) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(sslContextTrusting(ca))
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Like {@link #httpClientTrusting} but connecting from {@code localAddress} (e.g. 127.0.0.2). */
    public HttpClient httpClientFrom(java.net.InetAddress localAddress) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(sslContextTrusting(server.caCertificate()))
                .connectTimeout(Duration.ofSeconds(10))
                .localAddress(localAddress)
                .build();
    }

    public static SSLContext sslContextTrusting(X509Certificate ca) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("secretdesk-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build a TLS context trusting the gateway CA", e);
        }
    }

    /** The key in a key file: the first non-blank line that is not a {@code #} comment. */
    public static String readKeyFile(Path file) throws IOException {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                return t;
            }
        }
        throw new IllegalStateException("No key in " + file);
    }

    /** {@code bytes} random bytes, base64url without padding (an Idempotency-Key is 16 bytes = 128 bits). */
    public static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
