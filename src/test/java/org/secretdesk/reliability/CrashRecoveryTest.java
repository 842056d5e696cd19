package org.secretdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.server.store.Database;
import org.secretdesk.server.testing.GatewayFixture;

/**
 * Promise 2: no acknowledged write is lost and nothing is half-written. A real gateway process
 * ({@code secretdesk gateway}) gets concurrent creates, renews and deletes with Idempotency-Key and is killed
 * with SIGKILL at random moments, then restarted on the same data dir. After every restart: each request whose
 * answer was lost is retried with the same key and body and must succeed, and then every application has exactly the
 * secrets the acknowledged writes say; at the end every secret whose create or renew was acknowledged exists and
 * authenticates at /oauth/token, every retry of an acknowledged issuing request returns the same secret (never a
 * second one), every acknowledged write has its audit record, and the H2 file passes an integrity check (a full
 * SCRIPT, which reads every row and index, and the foreign keys hold).
 *
 * <p>The gateway's H2 runs with RETENTION_TIME=0 here (-Dreliability.crashH2Retention=MS to change, empty for H2's
 * 45 s default), so that H2 reuses the space of old chunks from the first round on, as a long-running gateway does
 * after 45 s: that is where H2 lost acknowledged commits (Database.H2Recovery).
 *
 * <p>Rounds: 3, or 20 with -Psoak (-Dreliability.crashRounds=N to choose). -Dreliability.crashKeep=DIR keeps the
 * data dir, the gateway log, a copy of the H2 file after each SIGKILL and a timeline of the run in DIR.
 */
class CrashRecoveryTest {

    static boolean enabled() {
        return Soak.enabled() || Boolean.getBoolean("reliability.crash");
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("Listening on (https://\\S+)");
    private static final int WORKERS = 6;

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();
    private final List<String> failures = new ArrayList<>();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();
    private Path dataDir;
    private Path log;
    private Process process;
    private HttpClient http;
    private URI base;
    private String adminKey;
    private final long t0 = System.nanoTime();
    /** -Dreliability.crashKeep=DIR: where this run's files go (outside {@code dir}, which the leak scan reads). */
    private final Path keep = System.getProperty("reliability.crashKeep") == null ? null
            : Path.of(System.getProperty("reliability.crashKeep")).resolve("run-" + System.currentTimeMillis());
    private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
    private int incarnation;

    private void event(String what) {
        events.add(String.format("%8.3f #%d %s", (System.nanoTime() - t0) / 1e9, incarnation, what));
    }

    /** One issuing or deleting request, kept so that it can be retried and checked. */
    private record Write(String kind, String method, String path, String key, String body) {
    }

    /** A write and what the gateway answered (secret id and value for create and renew). */
    private record Acked(Write write, String secretId, String value) {
    }

    /** The state one worker knows for certain: its application's live secrets (from acknowledged writes). */
    private static final class Worker {
        String appId;
        String clientId;
        final Map<String, String> live = new LinkedHashMap<>();
        final List<Acked> acked = new ArrayList<>();
        Write pending;
        int counter;
    }

    /** A failed check must not leave the gateway process running. */
    @AfterEach
    void killGateway() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        if (keep != null) {
            Files.createDirectories(keep);
            Files.write(keep.resolve("events.txt"), events);
            try (var files = Files.walk(dir)) {
                for (Path f : files.toList()) {
                    Path target = keep.resolve(dir.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target);
                    }
                }
            }
        }
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // a hang guard for the build, not a timing assertion
    void acknowledgedWritesSurviveSigkill() throws Exception {
        int rounds = Soak.count("reliability.crashRounds", 3, 20);
        dataDir = dir.resolve("data");
        log = dir.resolve("gateway.log");
        start();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            Worker w = new Worker();
            JsonNode app = send("POST", "/api/v1/applications", null, "{\"name\":\"crash-" + i + "\"}").json;
            w.appId = app.path("id").asText();
            w.clientId = app.path("clientId").asText();
            workers.add(w);
        }
        for (int round = 1; round <= rounds; round++) {
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            for (Worker w : workers) {
                threads.add(Thread.ofVirtual().start(() -> drive(w, stop)));
            }
            Thread.sleep(300 + random.nextInt(1500));
            event("kill pid " + process.pid());
            process.destroyForcibly(); // SIGKILL on Linux and macOS: no shutdown hook, no flush
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            event("dead pid " + process.pid());
            snapshot();
            stop.set(true);
            for (Thread t : threads) {
                t.join(30_000);
            }
            start();
            for (Worker w : workers) {
                resolvePending(w);
            }
            for (Worker w : workers) {
                checkRecovered(w, round);
            }
        }
        for (Worker w : workers) {
            verify(w);
        }
        // Each start checks every application's expiry list against its secrets and logs what it had to rewrite:
        // after a crash nothing may be out of step, since both are written in one transaction.
        for (String line : Files.readAllLines(log)) {
            check(!line.contains("Rewrote the secret counts"), "after a restart: " + line);
        }
        assertThat(failures).as("failures").isEmpty();
        event("final kill pid " + process.pid());
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        snapshot();
        checkDatabaseIntegrity(workers);
        ReliabilityFiles.report("crash-recovery", "rounds=" + rounds + " sigkills=" + rounds + " acknowledgedWrites="
                + acknowledged.get() + " answersLostInCrash=" + lost.get() + " liveSecretsChecked="
                + workers.stream().mapToInt(w -> w.live.size()).sum());
        LeakScan.scanTree(dir, secretsAndKeys(workers));
    }

    private List<String> secretsAndKeys(List<Worker> workers) {
        List<String> values = new ArrayList<>();
        values.add(adminKey);
        for (Worker w : workers) {
            for (Acked a : w.acked) {
                if (a.value() != null) {
                    values.add(a.value());
                }
            }
        }
        return values;
    }

    /** Issues writes until the gateway dies under it; a request whose answer was lost becomes pending. */
    private void drive(Worker w, AtomicBoolean stop) {
        while (!stop.get()) {
            Write write = next(w);
            try {
                Reply r = send(write);
                record(w, write, r);
            } catch (IOException e) {
                event("lost " + write.kind() + " " + w.appId + " " + write.path() + " " + e);
                w.pending = write; // sent or not, committed or not: unknown until retried
                lost.incrementAndGet();
                return;
            } catch (RuntimeException | AssertionError e) {
                event("FAIL " + write + ": " + e);
                synchronized (failures) {
                    failures.add(write + ": " + e);
                }
                return;
            }
        }
    }

    private Write next(Worker w) {
        String key = randomKey();
        int choice = random.nextInt(10);
        if (w.live.size() < 3 || (choice < 5 && w.live.size() < 8)) {
            return new Write("create", "POST", "/api/v1/applications/" + w.appId + "/secrets", key,
                    "{\"description\":\"s-" + (++w.counter) + "\"}");
        }
        String secretId = new ArrayList<>(w.live.keySet()).get(random.nextInt(w.live.size()));
        if (choice < 8) {
            return new Write("renew", "POST", "/api/v1/applications/" + w.appId + "/secrets/" + secretId + "/renew",
                    key, "{}");
        }
        return new Write("delete", "DELETE", "/api/v1/applications/" + w.appId + "/secrets/" + secretId, null, null);
    }

    /** The gateway log's ERROR entries with their stack traces (the log lives in the temp dir, gone after the test). */
    private static final Pattern LOG_ENTRY = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ");

    private String gatewayErrors() {
        try {
            List<String> lines = Files.readAllLines(log);
            StringBuilder sb = new StringBuilder();
            boolean inError = false;
            for (String line : lines) {
                // an entry starts with its time (HH:mm:ss.SSS); the lines up to the next one are its message's
                // continuation (an SQL statement) and its stack trace
                if (LOG_ENTRY.matcher(line).lookingAt()) {
                    inError = line.contains(" ERROR ");
                }
                if (inError && sb.length() < 20_000) {
                    sb.append(line).append('\n');
                }
            }
            return sb.isEmpty() ? "" : "\nThe gateway's log, its errors:\n" + sb;
        } catch (IOException e) {
            return "\n(the gateway's log could not be read: " + e + ")";
        }
    }

    private void record(Worker w, Write write, Reply r) {
        switch (write.kind()) {
            case "create", "renew" -> {
                if (r.status / 100 != 2) {
                    throw new AssertionError(write.kind() + " " + write.path() + ": HTTP " + r.status + " " + r.body
                            + gatewayErrors());
                }
                String id = r.json.path("id").asText();
                String value = r.json.path("secret").asText();
                w.live.put(id, value);
                w.acked.add(new Acked(write, id, value));
                event("ack " + write.kind() + " " + w.appId + " " + id);
            }
            default -> {
                // A delete retried after a crash may find the secret already gone: that delete had committed.
                if (r.status != 204 && r.status != 404) {
                    throw new AssertionError("HTTP " + r.status + " " + r.body);
                }
                String id = write.path().substring(write.path().lastIndexOf('/') + 1);
                w.live.remove(id);
                w.acked.add(new Acked(write, id, null));
                event("ack delete(" + r.status + ") " + w.appId + " " + id);
            }
        }
        acknowledged.incrementAndGet();
    }

    /** The answer to {@code w.pending} was lost in a crash: the same request again must now be answered. */
    private void resolvePending(Worker w) throws IOException {
        if (w.pending != null) {
            Write write = w.pending;
            w.pending = null;
            Reply r;
            try {
                r = send(write);
            } catch (java.net.http.HttpTimeoutException e) {
                throw new AssertionError(write.kind() + " " + write.path() + ": no answer in 20 s after a restart"
                        + gatewayErrors() + "\nThe gateway's threads:\n" + gatewayThreads(), e);
            }
            if (r.status / 100 == 5) {
                throw new AssertionError(write.kind() + " " + write.path() + ": HTTP " + r.status + " " + r.body
                        + gatewayErrors() + "\nThe gateway's threads:\n" + gatewayThreads());
            }
            record(w, write, r);
        }
    }

    /** A thread dump of the running gateway ({@code jcmd PID Thread.print}), kept in the keep dir too. */
    private String gatewayThreads() {
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            if (keep != null) {
                Files.createDirectories(keep);
                Files.writeString(keep.resolve("threads-" + incarnation + ".txt"), dump);
            }
            return dump.length() > 60_000 ? dump.substring(0, 60_000) + "\n…" : dump;
        } catch (IOException | InterruptedException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    private void snapshot() throws IOException {
        if (keep != null) {
            Files.createDirectories(keep);
            Files.copy(dataDir.resolve("secretdesk.mv.db"), keep.resolve("after-sigkill-" + incarnation + ".mv.db"));
        }
    }

    /** After a SIGKILL, a restart and the retries: the application has exactly the acknowledged secrets. */
    private void checkRecovered(Worker w, int round) throws IOException {
        Set<String> listed = listed(w);
        Set<String> missing = new HashSet<>(w.live.keySet());
        missing.removeAll(listed);
        Set<String> extra = new HashSet<>(listed);
        extra.removeAll(w.live.keySet());
        check(missing.isEmpty() && extra.isEmpty(), "after SIGKILL " + round + ", " + w.appId
                + " lost acknowledged secrets " + missing + " and has unacknowledged or deleted ones " + extra);
    }

    private Set<String> listed(Worker w) throws IOException {
        Set<String> listed = new HashSet<>();
        for (JsonNode s : send("GET", "/api/v1/applications/" + w.appId + "/secrets?limit=1000", null, null)
                .json.path("items")) {
            listed.add(s.path("id").asText());
        }
        return listed;
    }

    private void verify(Worker w) throws IOException {
        Set<String> listed = listed(w);
        check(listed.equals(w.live.keySet()), w.appId + ": secrets " + listed + " but acknowledged " + w.live.keySet());
        for (Map.Entry<String, String> s : w.live.entrySet()) {
            check(tokenStatus(w.clientId, s.getValue()) == 200, s.getKey() + " does not authenticate");
        }
        // Every acknowledged issuing request, retried with its key: the same secret, never a second one.
        for (Acked a : w.acked) {
            if (a.write().key() != null) {
                Reply again = send(a.write());
                check(again.status / 100 == 2 && a.secretId().equals(again.json.path("id").asText())
                                && a.value().equals(again.json.path("secret").asText()),
                        "retry of " + a.write().kind() + " " + a.secretId() + " answered " + again.status);
            }
        }
        int after = send("GET", "/api/v1/applications/" + w.appId + "/secrets?limit=1000", null, null).json
                .path("items").size();
        check(after == w.live.size(), w.appId + ": retries created secrets (" + after + " != " + w.live.size() + ")");
        // The application's own figure (kept on its row since schema 6, written in the same transaction).
        int shown = send("GET", "/api/v1/applications/" + w.appId, null, null).json.path("secretCount").asInt();
        check(shown == w.live.size(), w.appId + ": secretCount " + shown + " but " + w.live.size() + " secrets");
        // Audit: a record of each acknowledged write.
        Set<String> audited = new HashSet<>();
        String cursor = null;
        do {
            JsonNode page = send("GET", "/api/v1/audit?limit=1000&applicationId=" + w.appId
                    + (cursor == null ? "" : "&cursor=" + cursor), null, null).json;
            for (JsonNode e : page.path("items")) {
                // Refused attempts are audited too (REJECTED, e.g. a retried delete's 404): only done writes count.
                if (e.path("outcome").asText().equals("SUCCESS")) {
                    audited.add(e.path("action").asText() + " " + e.path("secretId").asText());
                }
            }
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null);
        for (Acked a : w.acked) {
            if (a.write().kind().equals("delete") && !audited.contains("secret.delete " + a.secretId())) {
                continue; // an acknowledged 404 retry: the delete's own audit record is checked below by count
            }
            check(audited.contains("secret." + a.write().kind() + " " + a.secretId()),
                    "no audit record for " + a.write().kind() + " " + a.secretId());
        }
        long deletes = w.acked.stream().filter(a -> a.write().kind().equals("delete")).map(Acked::secretId)
                .distinct().count();
        long auditedDeletes = audited.stream().filter(s -> s.startsWith("secret.delete ")).count();
        List<String> unaudited = w.acked.stream().filter(a -> a.write().kind().equals("delete"))
                .map(Acked::secretId).distinct().filter(id -> !audited.contains("secret.delete " + id)).toList();
        check(auditedDeletes == deletes, w.appId + ": " + deletes + " deletes, " + auditedDeletes + " audited; "
                + "the history of each deleted secret without a delete record: " + unaudited.stream()
                .map(id -> id + " " + events.stream().filter(e -> e.contains(id)).toList()
                        + " audited as " + audited.stream().filter(x -> x.endsWith(" " + id)).toList()).toList());
    }

    /**
     * H2 integrity after the last SIGKILL: opening the file recovers it; SCRIPT reads every table and index
     * page (a corrupt page fails it); the foreign keys and the secret counts must agree with what the API said.
     */
    private void checkDatabaseIntegrity(List<Worker> workers) throws Exception {
        String url = "jdbc:h2:file:" + dataDir.resolve("secretdesk").toAbsolutePath() + ";FILE_LOCK=FILE";
        try (Connection c = DriverManager.getConnection(url, "", ""); Statement s = c.createStatement()) {
            long lines = 0;
            try (ResultSet rs = s.executeQuery("SCRIPT")) {
                while (rs.next()) {
                    lines++;
                }
            }
            assertThat(lines).as("SCRIPT lines").isPositive();
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM secrets s LEFT JOIN applications a "
                    + "ON a.id = s.application_id WHERE a.id IS NULL")) {
                rs.next();
                assertThat(rs.getLong(1)).as("secrets without an application").isZero();
            }
            for (Worker w : workers) {
                // Each index agrees with its table: the API reads audit records and secrets through these.
                for (String[] q : new String[][] {
                        {"audit_events", "audit_events_app_ix"}, {"secrets", "secrets_app_expires_ix"}}) {
                    long viaIndex = count(s, "SELECT COUNT(*) FROM " + q[0] + " USE INDEX (" + q[1]
                            + ") WHERE application_id = '" + w.appId + "'");
                    long viaTable = count(s, "SELECT COUNT(*) FROM " + q[0] + " USE INDEX () WHERE application_id = '"
                            + w.appId + "'");
                    assertThat(viaIndex).as("%s rows of %s through %s", q[0], w.appId, q[1]).isEqualTo(viaTable);
                }
                Set<String> rows = new HashSet<>();
                try (ResultSet rs = s.executeQuery("SELECT id FROM secrets WHERE application_id = '"
                        + w.appId + "'")) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
                List<String> history = w.acked.stream().filter(a -> !w.live.containsKey(a.secretId())
                        && rows.contains(a.secretId())).map(a -> a.write().kind() + " " + a.secretId()).toList();
                assertThat(rows).as("rows of %s after the last SIGKILL (history of the extra ones: %s)", w.appId,
                        history).isEqualTo(w.live.keySet());
            }
        }
    }

    private static long count(Statement s, String sql) throws java.sql.SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void check(boolean ok, String failure) {
        if (!ok) {
            event("FAIL " + failure);
            synchronized (failures) {
                failures.add(failure);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ process

    private void start() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String retention = System.getProperty("reliability.crashH2Retention", "0");
        String dbUrl = Database.h2FileUrl(dataDir) + (retention.isEmpty() ? "" : ";RETENTION_TIME=" + retention);
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "org.secretdesk.cli.Main", "gateway", "--data-dir", dataDir.toString(), "--port", "0",
                "--db-url", dbUrl)
                .redirectErrorStream(true);
        process = pb.start();
        incarnation++;
        event("started pid " + process.pid());
        BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        OutputStream logFile = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        String line;
        while ((line = out.readLine()) != null) {
            logFile.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                base = URI.create(m.group(1));
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the gateway did not start");
            }
        }
        if (base == null || line == null) {
            logFile.close();
            throw new AssertionError("the gateway exited before listening; see " + log);
        }
        Process p = process;
        Thread.ofVirtual().start(() -> {
            try (logFile; InputStream in = p.getInputStream()) {
                in.transferTo(logFile);
            } catch (IOException e) {
                // the process was killed
            }
        });
        adminKey = Files.readString(dataDir.resolve("admin.key")).strip();
        try (InputStream in = Files.newInputStream(dataDir.resolve("ca.pem"))) {
            X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            http = GatewayFixture.httpClientTrusting(ca);
        }
    }

    private record Reply(int status, String body, JsonNode json) {
    }

    private Reply send(Write w) throws IOException {
        return send(w.method(), w.path(), w.key(), w.body());
    }

    private Reply send(String method, String path, String idempotencyKey, String body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + adminKey)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() ? MAPPER.nullNode() : MAPPER.readTree(r.body());
            return new Reply(r.statusCode(), r.body(), json);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private int tokenStatus(String clientId, String secret) throws IOException {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        try {
            return http.send(HttpRequest.newBuilder(base.resolve("/oauth/token"))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private String randomKey() {
        byte[] b = new byte[18];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
