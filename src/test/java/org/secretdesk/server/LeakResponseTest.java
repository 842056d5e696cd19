package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;
import static org.secretdesk.server.testing.Problems.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.pki.Pem;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.MutableClock;
import org.secretdesk.server.testing.Resp;
import org.secretdesk.server.testing.SseReader;

/**
 * Issue 22 over HTTPS on loopback: a value identified by its hash; GitHub-format reports signed with keys made here
 * revoke, rotate or flag per the gateway's policy and answer the labels; forged and unsigned ones are refused and
 * audited; a replayed report changes nothing; reporter keys report and do nothing else.
 */
class LeakResponseTest {

    private static final String KEY_ID = "90a421169f0a406205f1563a953312f0be898d3c7b6c06b681aa86a874555f4a";

    @TempDir
    Path dir;

    private GatewayFixture gw;
    private KeyPair github;
    private String reporterKey;

    @AfterEach
    void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    /** A gateway with this leak policy, GitHub keys made here, and a reporter key named "scanner". */
    private void start(LeakPolicy.Action action) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        github = generator.generateKeyPair();
        KeyPair retired = generator.generateKeyPair();
        Path keys = Files.createDirectories(dir.resolve("config")).resolve("github-keys.json");
        Files.writeString(keys, "{\"public_keys\":[{\"key_identifier\":\"retired\",\"key\":"
                + gwJson(Pem.publicKey(retired.getPublic())) + ",\"is_current\":false},{\"key_identifier\":\""
                + KEY_ID + "\",\"key\":" + gwJson(Pem.publicKey(github.getPublic())) + ",\"is_current\":true}]}");
        reporterKey = GatewayFixture.randomToken(32);
        Path reporterFile = Files.writeString(dir.resolve("config").resolve("scanner.key"), reporterKey + "\n");
        gw = GatewayFixture.start(dir, MutableClock.startingNow(), c -> {
            List<AdminKeySpec> all = new ArrayList<>(c.adminKeys());
            all.add(new AdminKeySpec("scanner", AdminKeySpec.Role.REPORTER, reporterFile, null));
            return c.withAdminKeys(all).withLeaks(LeakPolicy.defaults().withAction(action)
                    .withGithubPublicKeys(keys));
        });
        gw.recordSensitive(reporterKey);
    }

    /** An application with one secret, as issued. */
    private record Issued(String appId, String name, String secretId, String clientId, String value) {
    }

    private Issued issue(String prefix, String description) {
        JsonNode app = gw.createAppWithSecret(unique(prefix), description);
        JsonNode secret = app.path("issuedSecret");
        return new Issued(app.path("id").asText(), app.path("name").asText(), secret.path("id").asText(),
                app.path("clientId").asText(), secret.path("secret").asText());
    }

    /** A report body in GitHub's format: token, url and source of each value, in threes. */
    private static byte[] reportBody(String... tokenUrlSource) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < tokenUrlSource.length; i += 3) {
            b.append(i == 0 ? "" : ",").append("{\"token\":\"").append(tokenUrlSource[i])
                    .append("\",\"type\":\"secretdesk_client_secret\",\"url\":\"").append(tokenUrlSource[i + 1])
                    .append("\",\"source\":\"").append(tokenUrlSource[i + 2]).append("\"}");
        }
        return b.append("]").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String gwJson(String text) {
        return "\"" + text.replace("\n", "\\n") + "\"";
    }

    // ------------------------------------------------------------------------------------------------- identify

    @Test
    void identifyNamesTheSecretAndItsStateAndAnswersEveryUnknownHashAlike() throws Exception {
        start(LeakPolicy.Action.ROTATE);
        Issued issued = issue("billing", "prod rollout");
        String first = issued.value();
        JsonNode active = identify(first, gw.viewerKey());
        assertThat(active.path("state").asText()).isEqualTo("ACTIVE");
        assertThat(active.path("applicationId").asText()).isEqualTo(issued.appId());
        assertThat(active.path("applicationName").asText()).isEqualTo(issued.name());
        assertThat(active.path("secretId").asText()).isEqualTo(issued.secretId());
        assertThat(active.path("description").asText()).isEqualTo("prod rollout");
        assertThat(active.path("leaked").asBoolean()).isFalse();

        String second = expect(gw.renew(issued.appId(), issued.secretId(), gw.obj("gracePeriod", "PT1H")), 200).json()
                .path("secret").asText();
        assertThat(identify(first, gw.adminKey()).path("state").asText()).isEqualTo("GRACE");
        assertThat(identify(second, gw.adminKey()).path("state").asText()).isEqualTo("ACTIVE");
        gw.clock().advance(Duration.ofHours(2));
        assertThat(identify(first, gw.adminKey()).path("state").asText()).isEqualTo("EXPIRED");

        JsonNode expiring = gw.createSecret(issued.appId(), "short");
        gw.clock().advance(Duration.ofDays(365));
        assertThat(identify(expiring.path("secret").asText(), gw.adminKey()).path("state").asText())
                .isEqualTo("EXPIRED");

        // Unknown: a well-formed value of no secret, and two random hashes, answered byte for byte alike.
        List<String> unknown = new ArrayList<>();
        for (String hash : List.of(Randoms.sha256Hex(Randoms.newClientSecret()), Randoms.sha256Hex("x"),
                "F".repeat(64))) {
            Resp r = gw.call("POST", "/api/v1/secrets/identify").json(gw.obj("sha256", hash)).send();
            unknown.add(expect(r, 200).body());
        }
        assertThat(unknown).containsOnly("{\"state\":\"UNKNOWN\",\"applicationId\":null,\"applicationName\":null,"
                + "\"secretId\":null,\"description\":null,\"expiresAt\":null,\"leaked\":false,\"leakedAt\":null}");

        // The value itself is refused and not repeated; a reporter key may not identify.
        Resp plain = gw.call("POST", "/api/v1/secrets/identify").json(gw.obj("sha256", second)).send();
        assertProblem(plain, 422, "validation.failed");
        assertThat(plain.body()).doesNotContain(second);
        assertProblem(gw.call("POST", "/api/v1/secrets/identify").json(gw.obj("secret", second)).send(), 422,
                "validation.failed");
        assertProblem(gw.call("POST", "/api/v1/secrets/identify").auth(reporterKey)
                .json(gw.obj("sha256", Randoms.sha256Hex(second))).send(), 403, "auth.forbidden");
    }

    private JsonNode identify(String value, String key) {
        return expect(gw.call("POST", "/api/v1/secrets/identify").auth(key)
                .json(gw.obj("sha256", Randoms.sha256Hex(value))).send(), 200).json();
    }

    // ---------------------------------------------------------------------------------------- GitHub's reports

    @Test
    void aSignedGithubReportRotatesAnswersTheLabelsAndItsReplayChangesNothing() throws Exception {
        start(LeakPolicy.Action.ROTATE);
        Issued issued = issue("billing", "prod rollout");
        String value = issued.value();
        String stranger = "sds_" + "A".repeat(43) + "000000"; // the shape, but not its checksum
        String otherGateways = valueOfNoSecret();
        String url = "https://github.com/octo/app/blob/1a2b3c/config/app.env";
        byte[] body = reportBody(value, url, "content", otherGateways, "https://github.com/a/b", "commit",
                stranger, "", "content");
        long auditBefore = auditCount();
        Instant reportedAt = gw.clock().instant();

        JsonNode answer;
        try (SseReader sse = new SseReader(gw.client(), gw.call("GET", "/api/v1/events")
                .header("Accept", "text/event-stream").build())) {
            sse.awaitHeaders(Duration.ofSeconds(30));
            Resp r = githubReport(body, sign(github.getPrivate(), body));
            answer = expect(r, 200).json();
            assertThat(r.body()).doesNotContain(value, otherGateways, stranger, "token_raw");
            SseReader.Event event = nextOfType(sse, "secret.leaked");
            assertThat(event.data()).contains(issued.secretId()).doesNotContain(value);
        }
        assertThat(answer).hasSize(3);
        assertThat(answer.get(0).path("token_hash").asText()).isEqualTo(Randoms.sha256Hex(value));
        assertThat(answer.get(0).path("token_type").asText()).isEqualTo("secretdesk_client_secret");
        assertThat(answer.get(0).path("label").asText()).isEqualTo("true_positive");
        assertThat(answer.get(1).path("token_hash").asText()).isEqualTo(Randoms.sha256Hex(otherGateways));
        assertThat(answer.get(1).path("label").asText()).isEqualTo("false_positive");
        assertThat(answer.get(2).path("label").asText()).isEqualTo("false_positive");

        // Rotate: marked leaked, and the value works for the grace period (PT1H) only.
        JsonNode secret = gw.secretById(issued.appId(), issued.secretId());
        assertThat(secret.path("leaked").asBoolean()).isTrue();
        assertThat(Instant.parse(secret.path("expiresAt").asText()))
                .isEqualTo(reportedAt.plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(gw.token(issued.clientId(), value).status()).isEqualTo(200);
        JsonNode audit = expect(gw.get("/api/v1/audit?applicationId=" + issued.appId()), 200).json().path("items");
        assertThat(audit.toString()).contains("leak.report", url, "rotated").doesNotContain(value);
        assertThat(auditCount()).isEqualTo(auditBefore + 3);
        List<JsonNode> notifications = leakNotifications(reportedAt);
        assertThat(notifications).hasSize(1);
        assertThat(notifications.get(0).path("secretId").asText()).isEqualTo(issued.secretId());
        assertThat(notifications.get(0).path("applicationName").asText()).isEqualTo(issued.name());
        assertThat(Instant.parse(notifications.get(0).path("expiresAt").asText()))
                .isEqualTo(Instant.parse(secret.path("expiresAt").asText()));
        long version = secret.path("version").asLong();

        // The same report again: the same answer, and nothing recorded, notified or changed a second time.
        Resp replay = githubReport(body, sign(github.getPrivate(), body));
        assertThat(expect(replay, 200).json()).isEqualTo(answer);
        assertThat(auditCount()).isEqualTo(auditBefore + 3);
        assertThat(leakNotifications(reportedAt)).hasSize(1);
        assertThat(gw.secretById(issued.appId(), issued.secretId()).path("version").asLong()).isEqualTo(version);

        // When the grace period ends the value stops; renewing (with a grace of its own) does not bring it back,
        // and clears the mark.
        gw.clock().advance(Duration.ofMinutes(30));
        JsonNode renewed = expect(gw.renew(issued.appId(), issued.secretId(), gw.obj("gracePeriod", "P1D")), 200).json();
        assertThat(renewed.path("leaked").asBoolean()).isFalse();
        assertThat(gw.token(issued.clientId(), value).status()).isEqualTo(200);
        gw.clock().advance(Duration.ofMinutes(31));
        assertThat(gw.token(issued.clientId(), value).status()).isEqualTo(401);
        assertThat(gw.token(issued.clientId(), renewed.path("secret").asText()).status()).isEqualTo(200);
    }

    @Test
    void aSignedGithubReportRevokesAtOnceAlsoAValueInItsGracePeriod() throws Exception {
        start(LeakPolicy.Action.REVOKE);
        Issued issued = issue("orders", "ci");
        String old = issued.value();
        String current = expect(gw.renew(issued.appId(), issued.secretId(), gw.obj("gracePeriod", "PT2H")), 200).json()
                .path("secret").asText();
        assertThat(gw.token(issued.clientId(), old).status()).isEqualTo(200);

        byte[] body = ("[{\"token\":\"" + old + "\",\"type\":\"t\",\"url\":\"https://gist.github.com/x\","
                + "\"source\":\"gist\",\"found_at\":{\"line\":3}}]").getBytes(StandardCharsets.UTF_8);
        JsonNode answer = expect(githubReport(body, sign(github.getPrivate(), body)), 200).json();
        assertThat(answer.get(0).path("label").asText()).isEqualTo("true_positive");
        assertThat(answer.get(0).path("token_type").asText()).isEqualTo("t");
        assertThat(gw.token(issued.clientId(), old).status()).isEqualTo(401);
        assertThat(gw.token(issued.clientId(), current).status()).isEqualTo(200);
        assertThat(identify(old, gw.adminKey()).path("state").asText()).isEqualTo("EXPIRED");

        body = reportBody(current, "https://gist.github.com/y", "gist");
        expect(githubReport(body, sign(github.getPrivate(), body)), 200);
        assertThat(gw.token(issued.clientId(), current).status()).isEqualTo(401);
        JsonNode secret = gw.secretById(issued.appId(), issued.secretId());
        assertThat(secret.path("status").asText()).isEqualTo("EXPIRED");
        assertThat(secret.path("leaked").asBoolean()).isTrue();
        JsonNode identified = identify(current, gw.viewerKey());
        assertThat(identified.path("state").asText()).isEqualTo("EXPIRED");
        assertThat(identified.path("leaked").asBoolean()).isTrue();
        // A renew with a grace period does not revive the revoked value.
        String fresh = expect(gw.renew(issued.appId(), issued.secretId(), gw.obj("gracePeriod", "PT1H")), 200).json().path("secret")
                .asText();
        assertThat(gw.token(issued.clientId(), current).status()).isEqualTo(401);
        assertThat(gw.token(issued.clientId(), fresh).status()).isEqualTo(200);
    }

    @Test
    void theSameReportArrivingFourTimesAtOnceIsAppliedOnce() throws Exception {
        start(LeakPolicy.Action.REVOKE);
        Issued issued = issue("inventory", "prod");
        byte[] body = reportBody(issued.value(), "https://github.com/o/r/blob/c/a.env", "content",
                valueOfNoSecret(), "https://github.com/o/r/blob/c/b.env", "content");
        String signature = sign(github.getPrivate(), body);
        Instant reportedAt = gw.clock().instant();
        long before = auditCount();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Resp>> sent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sent.add(pool.submit(() -> githubReport(body, signature)));
            }
            JsonNode first = null;
            for (var f : sent) {
                JsonNode answer = expect(f.get(), 200).json();
                assertThat(answer).isEqualTo(first == null ? answer : first);
                first = answer;
            }
            assertThat(first.get(0).path("label").asText()).isEqualTo("true_positive");
        } finally {
            pool.shutdownNow();
        }
        assertThat(auditCount()).isEqualTo(before + 2);
        assertThat(leakNotifications(reportedAt)).hasSize(1);
        assertThat(gw.secretById(issued.appId(), issued.secretId()).path("version").asLong()).isEqualTo(2);
    }

    @Test
    void unsignedOrForgedReportsAreRefusedWith401AndAuditedAndChangeNothing() throws Exception {
        start(LeakPolicy.Action.REVOKE);
        Issued issued = issue("payments", "prod");
        String value = issued.value();
        byte[] body = reportBody(value, "https://github.com/x", "content");
        KeyPair attacker = KeyPairGenerator.getInstance("EC").generateKeyPair();
        String good = sign(github.getPrivate(), body);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("github.com/x", "github.com/y")
                .getBytes(StandardCharsets.UTF_8);
        long before = auditCount();

        List<Resp> refused = List.of(
                gw.call("POST", "/api/v1/leaks/github").noAuth().raw(body, "application/json").send(),
                githubReport(body, sign(attacker.getPrivate(), body)),
                githubReport(tampered, good),
                githubReport(body, "not base64 !"),
                gw.call("POST", "/api/v1/leaks/github").noAuth().header("Github-Public-Key-Identifier", "retired")
                        .header("Github-Public-Key-Signature", good).raw(body, "application/json").send(),
                // An admin key is no signature.
                gw.call("POST", "/api/v1/leaks/github").raw(body, "application/json").send());
        for (Resp r : refused) {
            assertProblem(r, 401, "auth.invalid_signature");
            assertThat(r.body()).doesNotContain(value);
        }
        assertThat(gw.token(issued.clientId(), value).status()).isEqualTo(200);
        assertThat(identify(value, gw.adminKey()).path("leaked").asBoolean()).isFalse();
        JsonNode audit = expect(gw.get("/api/v1/audit?limit=100"), 200).json().path("items");
        long rejected = 0;
        for (JsonNode e : audit) {
            if (e.path("action").asText().equals("leak.report") && e.path("outcome").asText().equals("REJECTED")) {
                assertThat(e.path("actor").asText()).isEqualTo("github");
                assertThat(e.path("description").asText()).isEqualTo("auth.invalid_signature");
                rejected++;
            }
        }
        assertThat(rejected).isEqualTo(refused.size());
        assertThat(auditCount()).isEqualTo(before + refused.size());
    }

    // -------------------------------------------------------------------------------------- our own scanners

    @Test
    void aReporterKeyReportsLeaksAndDoesNothingElse() throws Exception {
        start(LeakPolicy.Action.FLAG);
        Issued issued = issue("search", "indexer");
        String value = issued.value();
        String hash = Randoms.sha256Hex(value);
        Resp r = gw.call("POST", "/api/v1/leaks").auth(reporterKey).json("[{\"sha256\":\"" + hash.toUpperCase()
                + "\",\"url\":\"https://ci.example/job/7 quoting " + value + "\",\"source\":\"secretdesk-scan\"}]")
                .send();
        JsonNode answer = expect(r, 200).json();
        assertThat(answer.get(0).path("token_hash").asText()).isEqualTo(hash);
        assertThat(answer.get(0).path("label").asText()).isEqualTo("true_positive");
        // Flag: marked, audited (the value in the URL cut to its hint), still working.
        assertThat(gw.token(issued.clientId(), value).status()).isEqualTo(200);
        assertThat(gw.secretsOf(issued.appId()).get(0).path("leaked").asBoolean()).isTrue();
        String audit = expect(gw.get("/api/v1/audit?applicationId=" + issued.appId()), 200).json().toString();
        assertThat(audit).contains("\"actor\":\"scanner\"", "flagged", "quoting " + value.substring(0, 8) + "…")
                .doesNotContain(value);

        // Every other documented route refuses the reporter key; a viewer may not report.
        JsonNode doc = OpenApiDriftTest.document();
        int checked = 0;
        for (var path : doc.path("paths").properties()) {
            for (var op : path.getValue().properties()) {
                JsonNode security = op.getValue().has("security") ? op.getValue().get("security")
                        : doc.path("security");
                if (op.getKey().equals("parameters") || path.getKey().equals("/api/v1/leaks")
                        || !security.toString().contains("adminKey")) {
                    continue;
                }
                String target = path.getKey().replace("{id}", issued.appId()).replace("{secretId}", "sec_x");
                Resp refused = gw.call(op.getKey().toUpperCase(java.util.Locale.ROOT), target).auth(reporterKey)
                        .json("{}").send();
                assertProblem(refused, 403, "auth.forbidden");
                checked++;
            }
        }
        assertThat(checked).as("documented routes that take an API key").isGreaterThan(15);
        assertProblem(gw.call("POST", "/api/v1/leaks").auth(gw.viewerKey()).json("[{\"sha256\":\"" + hash + "\"}]")
                .send(), 403, "auth.forbidden");
        // Our own scanners' reports are strict: unknown fields and bad hashes are refused, naming no value.
        assertProblem(gw.call("POST", "/api/v1/leaks").auth(reporterKey).json("[{\"sha256\":\"" + hash
                + "\",\"value\":\"x\"}]").send(), 422, "validation.failed");
        assertProblem(gw.call("POST", "/api/v1/leaks").auth(reporterKey).json("[{\"sha256\":\"abc\"}]").send(),
                422, "validation.failed");
        assertProblem(gw.call("POST", "/api/v1/leaks").auth(reporterKey).json("{\"sha256\":\"" + hash + "\"}")
                .send(), 400, "request.malformed");
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private Resp githubReport(byte[] body, String signature) {
        return gw.call("POST", "/api/v1/leaks/github").noAuth()
                .header("Github-Public-Key-Identifier", KEY_ID)
                .header("Github-Public-Key-Signature", signature)
                .raw(body, "application/json").send();
    }

    private static String sign(PrivateKey key, byte[] body) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key);
        s.update(body);
        return Base64.getEncoder().encodeToString(s.sign());
    }

    private static String valueOfNoSecret() {
        char[] c = Randoms.newClientSecret().copyChars();
        return new String(c);
    }

    /** The SECRET_LEAKED notifications since just before {@code since} (the expiry scheduler may add others). */
    private List<JsonNode> leakNotifications(Instant since) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : expect(gw.get("/api/v1/notifications?since=" + since.minusSeconds(1)), 200).json()
                .path("items")) {
            if (n.path("type").asText().equals("SECRET_LEAKED")) {
                out.add(n);
            }
        }
        return out;
    }

    private long auditCount() {
        return expect(gw.get("/api/v1/audit?limit=1000"), 200).json().path("items").size();
    }

    private static SseReader.Event nextOfType(SseReader sse, String type) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            SseReader.Event e = sse.next(Duration.ofSeconds(30));
            if (e == null) {
                break;
            }
            if (e.name().equals(type)) {
                return e;
            }
            seen.add(e.name());
        }
        throw new AssertionError("No " + type + " event; saw " + seen);
    }
}
