package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.TestDatabases;
import org.secretdesk.server.testing.Resp;
import org.slf4j.LoggerFactory;

/**
 * Issues secrets through every path (create, initial secret, renew with and without grace, idempotent replays),
 * uses them, fails with wrong ones, then stops the gateway and scans every file of its data dir (as UTF-8 and
 * UTF-16) and everything it logged or printed for each plaintext secret, API key and idempotency key: none may
 * be there. Logging runs at the application's configured levels with {@code org.secretdesk} forced to DEBUG.
 */
class SecretLeakScanTest {

    @TempDir
    Path dir;

    @Test
    void noPlaintextSecretInFilesOrLogs() throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%d %-5level [%thread] %logger %mdc - %msg%n%ex");
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(ctx);
        appender.setName("leak-scan");
        appender.setEncoder(encoder);
        appender.setOutputStream(synchronizedStream(logBytes));
        appender.start();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger app = ctx.getLogger("org.secretdesk");
        Level appLevel = app.getLevel();
        root.addAppender(appender);
        app.setLevel(Level.DEBUG);

        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new Tee(out, console), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, console), true, StandardCharsets.UTF_8));

        GatewayFixture gw = null;
        List<String> idempotencyKeys = new ArrayList<>();
        String marker = "leakscan" + GatewayFixture.randomToken(6).replace('-', 'x').replace('_', 'y');
        try {
            gw = GatewayFixture.start(dir);
            exercise(gw, marker, idempotencyKeys);
            // The asynchronous work, done now: the batched lastUsedAt writes (events are published at commit).
            gw.server().flushLastUse();
            gw.server().deliverNotificationsNow(); // every queued event attempted (and failed) once
        } finally {
            if (gw != null) {
                gw.close();
            }
            System.setOut(out);
            System.setErr(err);
            root.detachAppender(appender);
            appender.stop();
            app.setLevel(appLevel);
        }

        List<String> secrets = gw.seenSecrets();
        assertThat(secrets).as("the scan has something to look for").hasSizeGreaterThan(15);
        String adminKey = gw.adminKey();
        Map<String, String> findings = new LinkedHashMap<>();

        // On PostgreSQL the database is not a file in the data dir: scan a text dump of all its rows as well.
        TestDatabases.dumpDatabase(dir, gw.dataDir().resolve("postgresql-rows.txt"));
        // Files: everything under the data dir. The admin key may be in admin.key and nowhere else.
        List<Path> files;
        try (Stream<Path> walk = Files.walk(gw.dataDir())) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).as("data dir files").isNotEmpty();
        boolean markerFound = false;
        Path adminKeyFile = gw.server().adminKeyFile().toAbsolutePath().normalize();
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            markerFound |= contains(bytes, marker);
            boolean isAdminKeyFile = file.toAbsolutePath().normalize().equals(adminKeyFile);
            for (String s : secrets) {
                if (isAdminKeyFile && s.equals(adminKey)) {
                    continue;
                }
                if (contains(bytes, s)) {
                    findings.put(describe(s, adminKey) + " in file " + gw.dataDir().relativize(file), s);
                }
            }
            for (String key : idempotencyKeys) {
                if (contains(bytes, key)) {
                    findings.put("Idempotency-Key (decrypts the stored replay) in file " + gw.dataDir().relativize(file),
                            key);
                }
            }
        }
        List<String> hints = secrets.stream().filter(v -> v.startsWith("sds_")).map(v -> v.substring(0, 8)).toList();
        boolean hintFound = false;
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            hintFound |= hints.stream().anyMatch(h -> contains(bytes, h));
        }
        assertThat(hintFound).as("the scan sees secret columns: some stored hint is in a data file").isTrue();
        assertThat(markerFound).as("the scan can see stored text: the application name %s is in some data file",
                marker).isTrue();

        String logText = logBytes.toString(StandardCharsets.UTF_8);
        String consoleText = console.toString(StandardCharsets.UTF_8);
        assertThat(logText).as("log output was captured, with one line per request").contains("/oauth/token");
        for (String s : secrets) {
            if (logText.contains(s)) {
                findings.put(describe(s, adminKey) + " in the log", s);
            }
            if (consoleText.contains(s)) {
                findings.put(describe(s, adminKey) + " on stdout/stderr", s);
            }
        }
        for (String key : idempotencyKeys) {
            if (logText.contains(key) || consoleText.contains(key)) {
                findings.put("Idempotency-Key in the log or console", key);
            }
        }
        // Report where, never the values themselves.
        assertThat(findings.keySet()).as("places holding a plaintext secret or key").isEmpty();
    }

    private static String describe(String value, String adminKey) {
        if (value.equals(adminKey)) {
            return "the admin key";
        }
        return value.startsWith("sds_") ? "a client secret (hint " + value.substring(0, 8) + ")" : "an API key or probe value";
    }

    /** Every way a secret can be issued or presented. */
    private static int closedPort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void exercise(GatewayFixture gw, String marker, List<String> idempotencyKeys) {
        // Create with an initial secret, replayed with the same Idempotency-Key.
        String key1 = GatewayFixture.randomToken(16);
        idempotencyKeys.add(key1);
        JsonNode body = gw.obj("name", marker, "description", "leak scan", "initialSecret", gw.obj("description", "initial"));
        JsonNode app = expect(gw.call("POST", "/api/v1/applications").idempotencyKey(key1).json(body).send(), 201).json();
        expect(gw.call("POST", "/api/v1/applications").idempotencyKey(key1).json(body).send(), 201);
        String appId = app.path("id").asText();
        String clientId = app.path("clientId").asText();
        String secretsPath = "/api/v1/applications/" + appId + "/secrets";

        // Notification channels (issue 23) with credentials, to receivers that are down: every event below is
        // queued for them, attempted and recorded as failed. Their credentials and the calendar feed's token are
        // as secret as the client secrets.
        String signingKey = "whsec-" + GatewayFixture.randomToken(20);
        String smtpPassword = "smtp-" + GatewayFixture.randomToken(20);
        gw.recordSensitive(signingKey);
        gw.recordSensitive(smtpPassword);
        int down = closedPort();
        String hook = expect(gw.post("/api/v1/channels", gw.obj("name", marker + "-hook", "kind", "WEBHOOK",
                "events", List.of("SECRET_RENEWED", "AUDIT"), "credential", signingKey,
                "settings", gw.obj("url", "https://127.0.0.1:" + down + "/hook"))), 201).json().path("id").asText();
        expect(gw.post("/api/v1/channels", gw.obj("name", marker + "-mail", "kind", "EMAIL", "credential",
                smtpPassword, "settings", gw.obj("host", "127.0.0.1", "port", down, "username", "u@example.com",
                        "from", "sd@example.com", "to", List.of("ops@example.com")))), 201);
        expect(gw.patch("/api/v1/channels/" + hook, gw.obj("credential", signingKey + "-2")), 200);
        gw.recordSensitive(signingKey + "-2");
        expect(gw.post("/api/v1/channels/" + hook + "/test", gw.obj()), 200);
        JsonNode feed = expect(gw.post("/api/v1/calendar/tokens", gw.obj("name", marker)), 201).json();
        gw.recordSensitive(feed.path("token").asText());
        expect(gw.call("GET", "/api/v1/calendar.ics?token=" + feed.path("token").asText()).noAuth().send(), 200);

        // Plain creates, and an idempotent create with replay and mismatch.
        List<JsonNode> issued = new ArrayList<>();
        issued.add(app.path("issuedSecret"));
        for (int i = 0; i < 4; i++) {
            issued.add(gw.createSecret(appId, "plain " + i));
        }
        String key2 = GatewayFixture.randomToken(16);
        idempotencyKeys.add(key2);
        issued.add(expect(gw.call("POST", secretsPath).idempotencyKey(key2).json(gw.obj("description", "idem")).send(), 201)
                .json());
        expect(gw.call("POST", secretsPath).idempotencyKey(key2).json(gw.obj("description", "idem")).send(), 201);
        assertThat(gw.call("POST", secretsPath).idempotencyKey(key2).json(gw.obj("description", "other")).send().status())
                .isEqualTo(422);

        // Renew: at once, with grace, and idempotently.
        String s0 = issued.get(0).path("id").asText();
        String s1 = issued.get(1).path("id").asText();
        String s2 = issued.get(2).path("id").asText();
        String renewed0 = expect(gw.renew(appId, s0, null), 200).json().path("secret").asText();
        expect(gw.renew(appId, s1, gw.obj("gracePeriod", "PT1H")), 200);
        String key3 = GatewayFixture.randomToken(16);
        idempotencyKeys.add(key3);
        String renewPath = secretsPath + "/" + s2 + "/renew";
        expect(gw.call("POST", renewPath).idempotencyKey(key3).json(gw.obj()).send(), 200);
        expect(gw.call("POST", renewPath).idempotencyKey(key3).json(gw.obj()).send(), 200);

        // Use them: Basic, form fields, old values within grace, and wrong ones.
        assertThat(gw.token(clientId, renewed0).status()).isEqualTo(200);
        assertThat(gw.tokenWithForm(clientId, renewed0).status()).isEqualTo(200);
        assertThat(gw.token(clientId, issued.get(1).path("secret").asText()).status()).isEqualTo(200);
        assertThat(gw.token(clientId, issued.get(0).path("secret").asText()).status()).isEqualTo(401);
        String wrong = "sds_" + GatewayFixture.randomToken(40).replace('-', 'a').replace('_', 'b');
        gw.recordSensitive(wrong);
        assertThat(gw.token(clientId, wrong).status()).isEqualTo(401);
        assertThat(gw.tokenWithForm("sdc_unknownClient", renewed0).status()).isEqualTo(401);
        // A secret in the query string must not end up in the request log either.
        Resp query = gw.call("POST", "/oauth/token?client_id=" + clientId + "&client_secret=" + renewed0).noAuth()
                .form(Map.of("grant_type", "client_credentials")).send();
        assertThat(query.status()).isLessThan(500);

        // Admin keys: wrong, viewer, second admin.
        String wrongKey = GatewayFixture.randomToken(32);
        gw.recordSensitive(wrongKey);
        assertThat(gw.call("GET", "/api/v1/applications").auth(wrongKey).send().status()).isEqualTo(401);
        assertThat(gw.call("GET", "/api/v1/applications").auth(gw.viewerKey()).send().status()).isEqualTo(200);
        assertThat(gw.call("POST", "/api/v1/applications").auth(gw.viewerKey()).json(gw.obj("name", "x")).send().status())
                .isEqualTo(403);
        expect(gw.call("POST", "/api/v1/applications").auth(gw.opsKey())
                .json(gw.obj("name", unique("ops-app"), "initialSecret", gw.obj("description", "ops"))).send(), 201);

        // Leak response (issue 22): a value reported in plain (with itself in the URL), again (a replay), and one
        // identified by its hash; the gateway may keep only hashes and hints of them.
        String leaked = issued.get(4).path("secret").asText();
        String report = "[{\"token\":\"" + leaked + "\",\"url\":\"https://logs.example/?q=" + leaked
                + "\",\"source\":\"leak scan\"},{\"token\":\"" + wrong + "\"}]";
        expect(gw.call("POST", "/api/v1/leaks").json(report).send(), 200);
        expect(gw.call("POST", "/api/v1/leaks").json(report).send(), 200);
        expect(gw.post("/api/v1/secrets/identify", gw.obj("sha256", Randoms.sha256Hex(leaked))), 200);

        // Errors around secrets, a delete of a secret and of a whole application, and some clock movement.
        assertThat(gw.renew(appId, s0, gw.obj("gracePeriod", "P30D")).status()).isEqualTo(422);
        assertThat(gw.delete(secretsPath + "/" + issued.get(3).path("id").asText()).status()).isEqualTo(204);
        JsonNode doomed = gw.createAppWithSecret(unique("doomed"), "doomed");
        assertThat(gw.delete("/api/v1/applications/" + doomed.path("id").asText()).status()).isEqualTo(204);
        gw.clock().advance(Duration.ofMinutes(5));
        gw.server().runSchedulerNow();
        expect(gw.get("/api/v1/audit?limit=1000"), 200);
    }

    private static boolean contains(byte[] haystack, String needle) {
        for (Charset cs : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            if (indexOf(haystack, needle.getBytes(cs)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static OutputStream synchronizedStream(ByteArrayOutputStream target) {
        return new OutputStream() {
            @Override
            public synchronized void write(int b) {
                target.write(b);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                target.write(b, off, len);
            }
        };
    }

    /** Writes to the real console and to a capture buffer. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final ByteArrayOutputStream b;

        Tee(OutputStream a, ByteArrayOutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws IOException {
            a.write(x);
            synchronized (b) {
                b.write(x);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            synchronized (b) {
                b.write(buf, off, len);
            }
        }
    }
}
