package org.secretdesk.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.TrustStores;

/**
 * The HTTP plumbing shared by the connectors to other vendors' gateways (DataMiner, Gravitee, Keycloak): one
 * OkHttp client with the trust the operator chose, no redirects, bounded bodies, and I/O failures turned into
 * {@link GatewayException}s whose messages name the product and host, never a header or a body.
 *
 * <p>Trust is either exactly the CAs of a {@link TlsTrust}, or — when {@code trust} is null and the operator
 * chose "system trust" — the JDK's default trust store. Hostname verification always stays on. Plain HTTP is
 * accepted only for a loopback host (a local Keycloak in dev mode, tests).
 */
public final class HttpTransport implements AutoCloseable {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(20);
    private static final long MAX_BODY_BYTES = 8L * 1024 * 1024;
    private static final JsonFactory JSON = new JsonFactory();

    private final String product;
    private final HttpUrl base;
    private final OkHttpClient http;
    private final OkHttpClient writes;

    /**
     * @param product what the gateway is called in messages, e.g. "DataMiner BrokerGateway"
     * @param trust   the CAs to trust, or null for the JDK's default trust store ("system trust")
     */
    public HttpTransport(String product, URI baseUrl, TlsTrust trust, Duration connectTimeout, Duration readTimeout) {
        this.product = Objects.requireNonNull(product, "product");
        this.base = baseUrl(product, baseUrl);
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .writeTimeout(readTimeout)
                // A redirect could carry a key or token somewhere unexpected; no API used here redirects.
                .followRedirects(false)
                .followSslRedirects(false)
                // OkHttp's own retry would replay writes behind our back (a generate could issue two secrets);
                // execute() retries instead, where that is safe.
                .retryOnConnectionFailure(false)
                .eventListenerFactory(call -> {
                    Exchange exchange = call.request().tag(Exchange.class);
                    return exchange != null ? exchange : EventListener.NONE;
                });
        if (base.isHttps()) {
            X509TrustManager trustManager = trust == null ? systemTrustManager() : TrustStores.trustManager(trust.anchors());
            builder.sslSocketFactory(sslContext(trustManager).getSocketFactory(), trustManager)
                    .connectionSpecs(List.of(ConnectionSpec.MODERN_TLS));
        } else {
            builder.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
        }
        this.http = builder.build();
        // Writes never take a pooled connection: one the server has closed meanwhile (after an HTTP/1.0 answer,
        // or for idleness) would fail after the request was sent, when it can no longer be told whether the server
        // acted on it. A new connection per write costs a handshake; writes are few.
        this.writes = http.newBuilder().connectionPool(new ConnectionPool(0, 1, TimeUnit.MILLISECONDS)).build();
    }

    /** An answer, its body read in full (bounded). {@link #wipe()} clears a body that held a secret. */
    public record Reply(HttpUrl url, int status, String contentType, byte[] body) {

        public boolean isSuccessful() {
            return status >= 200 && status < 300;
        }

        public boolean isJson() {
            return contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
        }

        /** Zeroes the body, and okio's recycled copy of it (call it on the thread that executed the call). */
        public void wipe() {
            Arrays.fill(body, (byte) 0);
            SegmentScrub.scrubThisThreadsSegments();
        }

        /** The body as text, for error bodies only (never call it on a body that may hold a secret). */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public String product() {
        return product;
    }

    public HttpUrl base() {
        return base;
    }

    /** The base URL with {@code segments} appended, each one encoded as a single path segment. */
    public HttpUrl url(String... segments) {
        HttpUrl.Builder b = base.newBuilder();
        // A base URL ending in "/" has an empty last segment; replace it rather than keep "//".
        List<String> existing = base.pathSegments();
        if (!existing.isEmpty() && existing.getLast().isEmpty()) {
            b.removePathSegment(existing.size() - 1);
        }
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b.build();
    }

    /**
     * Sends {@code request} and reads its answer. A call that fails on the connection is sent once more on a new
     * connection when that is safe: always when the request provably never reached the server whole (the failure
     * came before its last byte was written), and for reads (GET, HEAD, OPTIONS), which may use a pooled
     * connection the server has closed meanwhile, also after that. A write goes out on a new connection and, once
     * sent whole, is never repeated: the server may have carried it out. Timeouts, TLS failures and unknown hosts
     * are not retried.
     */
    public Reply execute(Request request) {
        Exchange first = new Exchange();
        try {
            return attempt(request, first);
        } catch (IOException e) {
            if (!retriable(e) || first.sent && !isRead(request.method())) {
                throw io(e, request.url());
            }
            // The failed connection was dropped; idle ones may be as stale (the same server closed them).
            http.connectionPool().evictAll();
            try {
                return attempt(request, new Exchange());
            } catch (IOException again) {
                throw io(again, request.url());
            }
        }
    }

    private Reply attempt(Request request, Exchange exchange) throws IOException {
        Request tagged = request.newBuilder().tag(Exchange.class, exchange).build();
        OkHttpClient client = isRead(request.method()) ? http : writes;
        try (Response response = client.newCall(tagged).execute()) {
            return new Reply(request.url(), response.code(), response.header("Content-Type"),
                    readLimited(response.body(), request.url()));
        }
    }

    private static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }

    /** A failure of the connection itself, which a new connection may not have. */
    private static boolean retriable(IOException e) {
        return !(e instanceof SocketTimeoutException || e instanceof InterruptedIOException
                || e instanceof SSLException || e instanceof java.net.UnknownHostException
                || e instanceof BodyTooLarge);
    }

    /** What one attempt got to: whether the request was written whole (then the server may have acted on it). */
    private static final class Exchange extends EventListener {
        private volatile boolean sent;

        @Override
        public void requestHeadersEnd(Call call, Request request) {
            if (request.body() == null) {
                sent = true;
            }
        }

        @Override
        public void requestBodyEnd(Call call, long byteCount) {
            sent = true;
        }
    }

    /** A body over the limit: the answer is refused, not the connection. */
    private static final class BodyTooLarge extends IOException {
        BodyTooLarge(String message) {
            super(message);
        }
    }

    /** The reply's body as a JSON tree; an empty or non-JSON body is a protocol error naming the gateway. */
    public com.fasterxml.jackson.databind.JsonNode json(com.fasterxml.jackson.databind.ObjectMapper mapper,
                                                        Reply reply) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = mapper.readTree(reply.body());
            if (n == null) {
                throw protocol("an empty answer", reply.url());
            }
            return n;
        } catch (IOException e) {
            throw protocol("not JSON", reply.url());
        }
    }

    public GatewayException protocol(String what, HttpUrl url) {
        return new GatewayException(GatewayException.Kind.PROTOCOL, "The " + product + " at " + hostPort(url)
                + " sent a response SecretDesk cannot read (" + what + ").", null, null);
    }

    public GatewayException io(IOException e, HttpUrl url) {
        String where = product + " at " + hostPort(url);
        if (e instanceof java.net.UnknownHostException || e instanceof ConnectException
                || e instanceof NoRouteToHostException) {
            return new GatewayException(GatewayException.Kind.OFFLINE, "Cannot reach the " + where + ". Is it running?", null, e);
        }
        if (e instanceof SSLPeerUnverifiedException) {
            return new GatewayException(GatewayException.Kind.TLS, "The certificate of the " + where
                    + " does not match the host name " + url.host() + " (hostname mismatch).", null, e);
        }
        if (e instanceof SSLHandshakeException) {
            return new GatewayException(GatewayException.Kind.TLS, "The certificate of the " + where
                    + " is not trusted, or has expired. Trust its CA certificate, or check this computer's clock.", null, e);
        }
        if (e instanceof SSLException) {
            return new GatewayException(GatewayException.Kind.TLS, "The secure connection to the " + where
                    + " failed. Is it serving HTTPS on this port?", null, e);
        }
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            return new GatewayException(GatewayException.Kind.TIMEOUT, "The " + where + " did not answer in time.", null, e);
        }
        return new GatewayException(GatewayException.Kind.OFFLINE, "The connection to the " + where
                + " was interrupted. Try again.", null, e);
    }

    public static String hostPort(HttpUrl url) {
        String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
        return host + ":" + url.port();
    }

    /**
     * Reads the string field {@code field} of the top-level JSON object in {@code body} into a {@link SecretValue}
     * without making a {@code String} of it; null when the field is absent or null.
     */
    public static SecretValue secretField(byte[] body, String field) {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals(name) && value == JsonToken.VALUE_STRING) {
                    char[] chars = Arrays.copyOfRange(p.getTextCharacters(), p.getTextOffset(),
                            p.getTextOffset() + p.getTextLength());
                    return SecretValue.wrap(chars);
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** UTF-8 bytes to a {@link SecretValue}, without an intermediate {@code String}; surrounding white space dropped. */
    public static SecretValue utf8Secret(byte[] bytes) {
        CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
        int start = decoded.position();
        int end = decoded.limit();
        while (start < end && Character.isWhitespace(decoded.get(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(decoded.get(end - 1))) {
            end--;
        }
        char[] chars = new char[end - start];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = decoded.get(start + i);
        }
        if (decoded.hasArray()) {
            Arrays.fill(decoded.array(), '\0');
        }
        return SecretValue.wrap(chars);
    }

    /** The first {@code n} characters of a secret followed by a mask, for display ("abcd********"). */
    public static String redacted(SecretValue value, int n) {
        int shown = Math.min(n, value.length() / 2);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shown; i++) {
            sb.append(value.charAt(i));
        }
        // A fixed number of stars, whatever the value's length: the mask must not give the length away (issue 25).
        return sb.append("*".repeat(16)).toString();
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        writes.connectionPool().evictAll();
    }

    private static byte[] readLimited(ResponseBody body, HttpUrl url) throws IOException {
        if (body.contentLength() > MAX_BODY_BYTES) {
            throw new BodyTooLarge("response body too large from " + hostPort(url));
        }
        okio.BufferedSource source = body.source();
        okio.Buffer buffer = new okio.Buffer();
        long total = 0;
        long n;
        while ((n = source.read(buffer, 8192)) != -1) {
            total += n;
            if (total > MAX_BODY_BYTES) {
                buffer.clear();
                throw new BodyTooLarge("response body too large from " + hostPort(url));
            }
        }
        return buffer.readByteArray();
    }

    /** {@code uri} checked: https (http only on loopback), no credentials, query or fragment. */
    public static HttpUrl baseUrl(String product, URI uri) {
        Objects.requireNonNull(uri, "baseUrl");
        // Messages do not echo the URL: it could carry credentials in its user-info part.
        HttpUrl url = HttpUrl.parse(uri.toString());
        if (url == null) {
            throw new IllegalArgumentException("The " + product + " URL must be an https URL");
        }
        if (!url.username().isEmpty() || !url.password().isEmpty()) {
            throw new IllegalArgumentException("The " + product + " URL must not contain credentials");
        }
        if (url.query() != null || url.fragment() != null) {
            throw new IllegalArgumentException("The " + product + " URL must not have a query or fragment");
        }
        if (!url.isHttps() && !isLoopback(url.host())) {
            throw new IllegalArgumentException("The " + product
                    + " URL must use https; plain http is allowed only on a loopback address");
        }
        return url;
    }

    static boolean isLoopback(String host) {
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        try {
            return InetAddress.ofLiteral(host).isLoopbackAddress();
        } catch (IllegalArgumentException notAnIpLiteral) {
            return false;
        }
    }

    /** The JDK's default trust store (cacerts), chosen explicitly by the operator as "system trust". */
    private static X509TrustManager systemTrustManager() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager m : factory.getTrustManagers()) {
                if (m instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("No X509TrustManager in the JDK's default trust store");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot load the JDK's default trust store", e);
        }
    }

    /** A TLS context that trusts what {@code trustManager} trusts, and nothing else. */
    public static SSLContext sslContext(X509TrustManager trustManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create a TLS context", e);
        }
    }
}
