package org.secretdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.MutableClock;
import org.secretdesk.server.testing.Resp;

/**
 * Promise 1: no bad request breaks the gateway. jqwik generates malformed and hostile requests for every route
 * of the OpenAPI document (wrong JSON types, huge and deeply nested JSON, invalid UTF-8, control and bidi
 * characters, SQL and path fragments, oversized headers, bad durations, cursors, ids, If-Match and idempotency
 * keys, missing, duplicated and mangled Authorization headers) and sends them byte for byte. Every answer must
 * be a success or a 4xx problem+json whose code is in the contract's table (the token endpoint answers with
 * OAuth errors instead); never a 5xx, never a dropped connection. How long the answers took is reported (the
 * slowest, and how many took over 2 s), not asserted: a wall-clock bound fails on a busy machine and proves
 * nothing on a quiet one. An answer that does not come within 30 s counts as a hang and fails.
 *
 * <p>Tries per property: jqwik.tries.default (junit-platform.properties: 1000; the soak profile raises it).
 */
class HostileRequestsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long SLOW_NANOS = Duration.ofSeconds(2).toNanos();
    /** An exchange with no answer for this long is a hang, not a slow answer. */
    private static final int HANG_MILLIS = 30_000;
    private static final AtomicLong SLOWEST_NANOS = new AtomicLong();
    private static final AtomicLong SLOW_ANSWERS = new AtomicLong();
    private static final Set<String> CODES = Arrays.stream(ProblemCode.values())
            .filter(c -> c.status() < 500).map(ProblemCode::code).collect(Collectors.toSet());
    private static final Set<String> OAUTH_ERRORS = Set.of("invalid_request", "invalid_client",
            "unsupported_grant_type", "invalid_scope");
    private static final DocumentedRoutes ROUTES = DocumentedRoutes.load();
    static final AtomicLong REQUESTS = new AtomicLong();
    /** Stands for the real admin key in generated values (jqwik prints failing samples; the key stays out). */
    private static final String ADMIN = "@ADMIN_KEY@";

    private static Path root;
    private static GatewayFixture gw;
    private static RawHttps http;
    private static volatile String appId;
    private static volatile String secretId;

    @BeforeContainer
    static void start() throws IOException {
        root = Files.createTempDirectory("hostile-requests");
        gw = GatewayFixture.start(root, MutableClock.startingNow(), 10);
        http = new RawHttps("localhost", gw.server().port(), () -> gw.server().caCertificate(), HANG_MILLIS);
        victims();
    }

    @AfterContainer
    static void stop() throws IOException {
        http.close();
        gw.close();
        ReliabilityFiles.deleteTree(root);
        ReliabilityFiles.report("hostile-requests", "requests=" + REQUESTS.get() + " slowest="
                + SLOWEST_NANOS.get() / 1_000_000 + "ms over2s=" + SLOW_ANSWERS.get());
    }

    /** An application with a secret whose ids the generators use, recreated when a case deleted them. */
    private static void victims() {
        Resp r = gw.post("/api/v1/applications", gw.obj("name", GatewayFixture.unique("victim"),
                "initialSecret", gw.obj("description", "Default")));
        appId = r.json().path("id").asText();
        secretId = r.json().path("issuedSecret").path("id").asText();
    }

    /**
     * A request Jetty cannot parse (here a URI over its limit) ends the connection; the answer must say so, or a
     * client that reuses the connection loses its next request (found by this test's soak run).
     */
    @Example
    void anUnparseableRequestIsAnsweredWithConnectionClose() throws IOException {
        String target = "/api/v1/info?q=" + "a".repeat(20_000);
        byte[] request = ("GET " + target + " HTTP/1.1\r\nHost: localhost:" + gw.server().port() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        RawHttps.Response r = http.exchange(request, false);
        assertThat(r.status()).isEqualTo(414);
        assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
        // the next request, on a new connection, is answered
        RawHttps.Response next = http.exchange(("GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII), false);
        assertThat(next.status()).isEqualTo(200);
    }

    // ------------------------------------------------------------------------------------------------ properties

    /** Hostile JSON (and non-JSON) bodies on every documented write route, with a valid admin key. */
    @Property(shrinking = ShrinkingMode.BOUNDED)
    void hostileBodiesNeverBreakTheGateway(@ForAll("writeRoutes") DocumentedRoutes.Route route,
                                           @ForAll("bodies") byte[] body, @ForAll("contentTypes") String contentType,
                                           @ForAll("optionalHeaders") List<String> headers) throws IOException {
        List<String> all = new ArrayList<>(headers);
        if (contentType != null) {
            all.add("Content-Type: " + contentType);
        }
        all.add("Authorization: Bearer " + gw.adminKey());
        check(route, route.fill(appId, secretId), all, body);
    }

    /** Hostile ids, query parameters and headers on every documented route, with a valid admin key. */
    @Property(shrinking = ShrinkingMode.BOUNDED)
    void hostileTargetsAndHeadersNeverBreakTheGateway(@ForAll("routes") DocumentedRoutes.Route route,
                                                      @ForAll("segments") String id, @ForAll("segments") String sid,
                                                      @ForAll("queries") String query,
                                                      @ForAll("optionalHeaders") List<String> headers)
            throws IOException {
        List<String> all = new ArrayList<>(headers);
        all.add("Authorization: Bearer " + gw.adminKey());
        byte[] body = route.write() ? "{}".getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (route.write()) {
            all.add("Content-Type: application/json");
        }
        check(route, route.fill(id, sid) + query, all, body);
    }

    /** Missing, duplicated, malformed and wrong credentials on every route that needs an admin key. */
    @Property(shrinking = ShrinkingMode.BOUNDED)
    void badCredentialsAreRefusedCleanly(@ForAll("securedRoutes") DocumentedRoutes.Route route,
                                         @ForAll("badAuthorization") List<String> authHeaders) throws IOException {
        List<String> all = new ArrayList<>(authHeaders);
        byte[] body = route.write() ? "{}".getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (route.write()) {
            all.add("Content-Type: application/json");
        }
        RawHttps.Response r = check(route, route.fill(appId, secretId), all, body);
        // Rate limiting is tested on its own (AdminAuthTest); here every case should reach the key check.
        gw.clock().advance(Duration.ofMinutes(2));
        if (r == null) {
            return;
        }
        // 400 and 431: Jetty refuses a header with a control character or over 8 KiB before anything else
        assertThat(r.status()).as("%s with %s", route, authHeaders).isIn(400, 401, 429, 431);
    }

    // ------------------------------------------------------------------------------------------------ the check

    private RawHttps.Response check(DocumentedRoutes.Route route, String target, List<String> headers, byte[] body)
            throws IOException {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        req.writeBytes((route.method() + " " + asciiTarget(target) + " HTTP/1.1\r\n").getBytes(StandardCharsets.UTF_8));
        req.writeBytes(("Host: localhost:" + gw.server().port() + "\r\n").getBytes(StandardCharsets.UTF_8));
        req.writeBytes("Accept: application/json, application/problem+json\r\n".getBytes(StandardCharsets.UTF_8));
        for (String h : headers) {
            h = h.replace(ADMIN, gw.adminKey());
            req.writeBytes(h.getBytes(StandardCharsets.UTF_8));
            req.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        req.writeBytes(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        req.writeBytes(body);
        REQUESTS.incrementAndGet();
        RawHttps.Response r;
        try {
            r = http.exchange(req.toByteArray(), false);
        } catch (IOException e) {
            if (oversized(target, headers, body)) {
                // The gateway refuses a request over its limits (431, 414, 413) and closes while the client is
                // still sending; the unread bytes make TCP reset the connection, which can destroy the refusal
                // before the client reads it. That is TCP, not the gateway; anything smaller must be answered.
                Statistics.label("status").collect("closed while oversized");
                return null;
            }
            throw new AssertionError(route + " " + abbreviate(target) + ": no answer (" + e + "); the exchange before "
                    + "on this connection: " + http.previousExchange(), e);
        }
        String what = route + " " + abbreviate(target) + " -> " + r.status() + " " + abbreviate(r.bodyText());
        Statistics.label("status").collect(r.status());
        SLOWEST_NANOS.accumulateAndGet(r.nanos(), Math::max);
        if (r.nanos() > SLOW_NANOS) {
            SLOW_ANSWERS.incrementAndGet();
        }
        assertThat(r.status()).as(what).isLessThan(500);
        if (r.status() >= 400) {
            if (route.path().equals("/oauth/token") && !isProblem(r)) {
                JsonNode json = MAPPER.readTree(r.body());
                assertThat(json.path("error").asText()).as(what).isIn(OAUTH_ERRORS);
            } else {
                assertThat(isProblem(r)).as("problem+json: %s [%s]", what, r.header("content-type")).isTrue();
                JsonNode p = MAPPER.readTree(r.body());
                assertThat(p.path("code").asText()).as(what).isIn(CODES);
                assertThat(p.path("status").asInt()).as(what).isEqualTo(r.status());
                assertThat(p.path("detail").asText()).as(what).doesNotContain("Exception", "SQL", "org.h2");
            }
        }
        if (r.status() == 204 && route.method().equals("DELETE")) {
            victims(); // the case deleted the shared application or secret: give the next cases new ones
        }
        return r;
    }

    /** Over Jetty's 8 KiB header limit or the 64 KiB body limit. */
    private static boolean oversized(String target, List<String> headers, byte[] body) {
        int headerBytes = target.length();
        for (String h : headers) {
            headerBytes += h.length() + 2;
        }
        return headerBytes > 8 * 1024 - 512 || body.length > 64 * 1024;
    }

    private static boolean isProblem(RawHttps.Response r) {
        String ct = r.header("content-type");
        return ct != null && ct.toLowerCase(Locale.ROOT).startsWith("application/problem+json");
    }

    /** Request targets must be bytes without spaces or line breaks; everything else goes as it is. */
    private static String asciiTarget(String target) {
        StringBuilder b = new StringBuilder();
        for (byte x : target.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c <= 0x20 || c >= 0x7f || c == '#') {
                b.append('%').append(String.format("%02X", c));
            } else {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…(" + s.length() + " chars)";
    }

    // ------------------------------------------------------------------------------------------------ generators

    @Provide
    Arbitrary<DocumentedRoutes.Route> routes() {
        // The event stream answers a valid request by streaming forever; its bad requests are covered below.
        return Arbitraries.of(ROUTES.all().stream().filter(r -> !r.path().endsWith("/events")).toList());
    }

    @Provide
    Arbitrary<DocumentedRoutes.Route> writeRoutes() {
        return Arbitraries.of(ROUTES.writes());
    }

    @Provide
    Arbitrary<DocumentedRoutes.Route> securedRoutes() {
        return Arbitraries.of(ROUTES.secured());
    }

    /** Strings an attacker or a broken client sends. */
    static Arbitrary<String> hostileText() {
        Arbitrary<String> fragments = Arbitraries.of(
                "'; DROP TABLE applications; --", "\" OR \"1\"=\"1", "1 OR 1=1", "%' --", "../../etc/passwd",
                "..\\..\\windows\\win.ini", "/", "%2e%2e%2f", "\u0000", "\r\nX-Injected: 1", "\u202Eevil\u202C",
                "\u2066rtl\u2069", "\uFEFF", "\uD800", "\uDC00x", "${jndi:ldap://127.0.0.1/a}", "<script>x</script>",
                "\u00e9\u0301", "😀", "NaN", "-1", "9223372036854775808", "1e309", "null", "true", "[]", "{}",
                " ", "", "\t", "P-1D", "PT0S", "P99999999999D", "P1Y", "p90d", "PT1H-", "2026-13-45T99:99:99Z");
        Arbitrary<String> random = Arbitraries.strings().all().ofMaxLength(40);
        Arbitrary<String> controls = Arbitraries.strings().withCharRange('\u0000', '\u001f')
                .withChars('\u007f', '\u0085', '\u2028', '\u2029', '\u202e', '\u200b').ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> huge = Arbitraries.integers().between(101, 70_000).map("a"::repeat);
        return Arbitraries.frequencyOf(Tuple.of(5, fragments), Tuple.of(4, random), Tuple.of(2, controls),
                Tuple.of(1, huge));
    }

    @Provide
    Arbitrary<String> segments() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just("valid").map(v -> appId)),
                Tuple.of(2, Arbitraries.just("valid").map(v -> secretId)),
                Tuple.of(1, Arbitraries.of("app_0000000000000000", "sec_0000000000000000", "%ff%fe", "%c0%af",
                        "%ED%A0%80", "%00", "%2F", "..", ".", "%252e")),
                Tuple.of(4, hostileText().map(s -> s.length() > 3000 ? s.substring(0, 3000) : s)
                        .map(s -> java.net.URLEncoder.encode(s, StandardCharsets.UTF_8))));
    }

    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> name = Arbitraries.of("limit", "cursor", "q", "since", "from", "to", "applicationId",
                "action", "actor", "x", "limit[]");
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(3, hostileText().map(s -> s.length() > 3000 ? s.substring(0, 3000) : s)),
                Tuple.of(2, Arbitraries.of("0", "1", "1000", "1001", "-5", "abc", "2147483648", "1.5")),
                Tuple.of(2, Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")
                        .ofMaxLength(60)),
                Tuple.of(1, hostileText().map(s -> java.util.Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(("v1:" + s).getBytes(StandardCharsets.UTF_8)))));
        Arbitrary<String> pair = Combinators.combine(name, value, Arbitraries.of(true, false))
                .as((n, v, encode) -> n + "=" + (encode ? java.net.URLEncoder.encode(v, StandardCharsets.UTF_8) : v));
        return pair.list().ofMaxSize(4).map(l -> l.isEmpty() ? "" : "?" + String.join("&", l));
    }

    @Provide
    Arbitrary<List<String>> optionalHeaders() {
        Arbitrary<String> header = Arbitraries.oneOf(
                hostileText().map(v -> "If-Match: " + headerSafe(v)),
                Arbitraries.of("If-Match: \"1\"", "If-Match: *", "If-Match: W/\"2\"", "If-Match: \"99999999999999999999\""),
                hostileText().map(v -> "Idempotency-Key: " + headerSafe(v)),
                Arbitraries.of("Idempotency-Key: AAAAAAAAAAAAAAAAAAAAAA", "Idempotency-Key: ",
                        "Idempotency-Key: " + "k".repeat(5000)),
                Arbitraries.integers().between(1, 40).map(kb -> "X-Padding: " + "p".repeat(kb * 1024)),
                Arbitraries.of("Transfer-Encoding: identity", "Expect: 100-continue", "Content-Encoding: gzip",
                        "Accept: text/html", "Accept-Charset: utf-7", "X-Forwarded-For: 10.0.0.1",
                        "Range: bytes=0-1", "Cookie: a=b"));
        return header.list().ofMaxSize(3);
    }

    /** Header values may hold anything but CR and LF (those would end the header; tested as injection apart). */
    private static String headerSafe(String v) {
        String s = v.replace('\r', ' ').replace('\n', ' ');
        return s.length() > 20_000 ? s.substring(0, 20_000) : s;
    }

    @Provide
    Arbitrary<List<String>> badAuthorization() {
        Arbitrary<String> wrongKey = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(80);
        Arbitrary<String> one = Arbitraries.oneOf(
                wrongKey.map(k -> "Authorization: Bearer " + k),
                hostileText().map(k -> "Authorization: Bearer " + headerSafe(k)),
                wrongKey.map(k -> "Authorization: Basic " + k),
                Arbitraries.just("x").map(x -> "Authorization: Bearer " + ADMIN + "x"),
                Arbitraries.just("x").map(x -> "Authorization: Bearer " + ADMIN.substring(1)),
                Arbitraries.just("x").map(x -> "Authorization: bearer" + ADMIN),
                Arbitraries.just("x").map(x -> "Authorization: Bearer " + ADMIN + " extra"),
                Arbitraries.of("Authorization: Bearer", "Authorization: Bearer ", "Authorization:", "Authorization: ",
                        "Authorization: Bearer " + "a".repeat(600), "Authorization: Negotiate abc"));
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(List.<String>of())),
                Tuple.of(4, one.list().ofMinSize(1).ofMaxSize(2)),
                // the right key twice, or right and wrong: two credentials are refused, never merged
                Tuple.of(1, one.map(o -> List.of("Authorization: Bearer " + ADMIN, o))),
                Tuple.of(1, Arbitraries.just("x").map(x -> List.of("Authorization: Bearer " + ADMIN,
                        "Authorization: Bearer " + ADMIN))));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of(null, "application/json", "application/json; charset=utf-8",
                "application/json; charset=iso-8859-1", "application/problem+json", "text/plain",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml",
                "application/json\u0001", "*/*", "", "application/json, text/plain", "APPLICATION/JSON");
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<String> json = jsonValue(4).map(HostileRequestsTest::toJson);
        Arbitrary<String> fieldNames = Arbitraries.of("name", "description", "roles", "initialSecret",
                "expiresAfter", "gracePeriod", "secretPolicy", "mode", "force", "expiryEnabled", "notifyBefore",
                "maxSecretsPerApplication", "grant_type", "client_id", "client_secret", "__proto__", "");
        Arbitrary<String> objectOfKnownFields = Combinators.combine(fieldNames, jsonValue(2)).as((k, v) ->
                Tuple.of(k, v)).list().ofMaxSize(5).map(entries -> {
                    StringBuilder b = new StringBuilder("{");
                    for (int i = 0; i < entries.size(); i++) {
                        b.append(i == 0 ? "" : ",").append(toJson(entries.get(i).get1())).append(':')
                                .append(toJson(entries.get(i).get2()));
                    }
                    return b.append('}').toString();
                });
        Arbitrary<String> deep = Arbitraries.integers().between(33, 200_000).map(n -> "[".repeat(n) + "]".repeat(n));
        Arbitrary<String> deepObject = Arbitraries.integers().between(33, 20_000)
                .map(n -> "{\"name\":".repeat(n) + "1" + "}".repeat(n));
        Arbitrary<String> huge = Arbitraries.integers().between(60_000, 300_000)
                .map(n -> "{\"name\":\"" + "x".repeat(n) + "\"}");
        Arbitrary<String> manyKeys = Arbitraries.integers().between(1, 8000).map(n -> {
            StringBuilder b = new StringBuilder("{");
            for (int i = 0; i < n; i++) {
                b.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
            }
            return b.append('}').toString();
        });
        Arbitrary<String> broken = Arbitraries.of("{", "}", "{\"name\":", "{\"name\":\"a\",}", "{\"name\":'a'}",
                "{\"name\":\"a\",\"name\":\"b\"}", "[1,2", "\"unterminated", "{\"description\":1e999999}",
                "{\"name\":\"\\ud800\"}", "{\"name\":\"\\u0000\"}", "NaN", "{\"a\":1}garbage", "\uFEFF{}", "{}{}",
                "{\"expiresAfter\":\"P10000000000D\"}", "{\"gracePeriod\":\"P8D\"}", "{\"gracePeriod\":\"-P1D\"}");
        Arbitrary<byte[]> text = Arbitraries.frequencyOf(Tuple.of(6, json), Tuple.of(8, objectOfKnownFields),
                Tuple.of(1, deep), Tuple.of(1, deepObject), Tuple.of(1, huge), Tuple.of(1, manyKeys),
                Tuple.of(3, broken)).map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> invalidUtf8 = objectOfKnownFields.map(s -> {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            byte[] withBad = Arrays.copyOf(b, b.length + 4);
            int at = Math.max(0, b.length - 2);
            System.arraycopy(new byte[] {(byte) 0xC0, (byte) 0xAF, (byte) 0xFF, (byte) 0xED}, 0, withBad, at, 4);
            System.arraycopy(b, at, withBad, at + 4, b.length - at);
            return withBad;
        });
        Arbitrary<byte[]> randomBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(512);
        return Arbitraries.frequencyOf(Tuple.of(10, text), Tuple.of(2, invalidUtf8), Tuple.of(1, randomBytes),
                Tuple.of(1, Arbitraries.just(new byte[0])));
    }

    /** A JSON value (as Java objects) with any type where the API expects another. */
    private static Arbitrary<Object> jsonValue(int depth) {
        Arbitrary<Object> scalar = Arbitraries.oneOf(hostileText().map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i), Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d), Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<Object> inner = jsonValue(depth - 1);
        return Arbitraries.oneOf(scalar,
                inner.list().ofMaxSize(4).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.of("name", "description", "roles", "mode", "expiresAfter",
                        "description ", "Name", "x"), inner).ofMaxSize(4).map(m -> (Object) m));
    }

    private static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
