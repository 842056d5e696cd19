package org.secretdesk.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.secretdesk.model.SecretValue;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.Randoms;
import org.secretdesk.server.store.Database;

/**
 * Fills a gateway data dir with many applications and secrets, fast: the schema comes from the real Flyway
 * migrations ({@link Database#open}), then rows go in with JDBC batch inserts on one connection, as the gateway
 * would have written them: random {@code app_}/{@code sec_}/{@code sdc_} ids, real {@code sds_} secret values
 * (SecureRandom, CRC checksum) of which only the SHA-256 hash and the 8-character hint are stored, a spread of
 * expiries (some expired, some never), and one audit row per application and per secret creation
 * ({@code application.create}, {@code secret.create}) like the HTTP path writes. Not through HTTP: a million
 * HTTP creates would measure the gateway's write path, not give us a big database.
 *
 * <p>A sample of applications is kept with the plaintext of their first secret (in memory only) so that the
 * benchmark can call the token endpoint for them; nothing plaintext is written to disk.
 */
public final class ScaleDataGenerator {

    /** An application the benchmark can use: ids, name, and the plaintext of its first secret. */
    public record Sample(String appId, String name, String clientId, String secretId, String secret) {
    }

    /** What was generated and how long it took. */
    public record Result(int applications, long secrets, long auditRows, List<Sample> samples, double seconds) {
    }

    private static final String[] WORDS = {"billing", "ingest", "reporting", "search", "notify", "portal", "audit",
        "payments", "catalog", "orders", "shipping", "identity", "analytics", "export", "import", "scheduler"};
    private static final String[] TEAMS = {"core", "edge", "data", "web", "ops", "mobile", "finance", "partner"};
    /** Applications (with their secrets and audit rows) per JDBC batch; a commit every few batches. */
    private static final int APPS_PER_CHUNK = 500;
    private static final int CHUNKS_PER_COMMIT = 10;

    private ScaleDataGenerator() {
    }

    /**
     * Creates {@code dataDir}'s database (if absent) through the real migrations and adds {@code apps}
     * applications with {@code secretsPerApp} secrets each; keeps about {@code sampleCount} samples.
     */
    public static Result generate(Path dataDir, int apps, int secretsPerApp, int sampleCount) throws Exception {
        Files.createDirectories(dataDir);
        long start = System.nanoTime();
        long now = System.currentTimeMillis();
        long day = Duration.ofDays(1).toMillis();
        int sampleEvery = Math.max(1, apps / Math.max(1, sampleCount));
        List<Sample> samples = new ArrayList<>();
        long secrets = 0;
        long audit = 0;
        // The gateway's own database URL plus a bigger page cache for this one bulk load: with the default one,
        // inserts with random ids into four secret indexes keep evicting and re-reading pages. The file written is
        // the same; the gateway later opens it with its defaults.
        String url = "jdbc:h2:file:" + dataDir.resolve("secretdesk").toAbsolutePath()
                + ";FILE_LOCK=FILE;DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=" + Integer.getInteger("bench.generatorCacheKb", 524_288);
        long lastReport = System.nanoTime();
        try (Database db = Database.open(GatewayConfig.defaults(dataDir).withDatabase(url, null, null));
             Connection c = db.dataSource().getConnection();
             Connection ca = db.dataSource().getConnection();
             ExecutorService auditWriter = Executors.newSingleThreadExecutor()) {
            // Bulk-load switch for these rows only (every secret's application is inserted just before it); the
            // constraint stays in the schema and is switched back on below.
            try (var st = c.createStatement()) {
                st.execute("SET REFERENTIAL_INTEGRITY FALSE");
            }
            c.setAutoCommit(false);
            ca.setAutoCommit(false);
            try (PreparedStatement app = c.prepareStatement("INSERT INTO applications (id, name, name_lower, "
                    + "description, client_id, roles, policy_mode, policy_seconds, created_at, updated_at, version) "
                    + "VALUES (?, ?, ?, ?, ?, ?, 'DOMAIN', NULL, ?, ?, 1)");
                 PreparedStatement sec = c.prepareStatement("INSERT INTO secrets (id, application_id, description, "
                    + "hint, secret_hash, prev_hash, grace_until, created_at, renewed_at, expires_at, last_used_at, "
                    + "version) VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, NULL, ?, NULL, 1)");
                 // Audit rows go in on a second connection and thread, next to the applications and secrets.
                 PreparedStatement aud = ca.prepareStatement("INSERT INTO audit_events (id, event_time, actor, "
                    + "action, application_id, secret_id, description, outcome, remote_address) "
                    + "VALUES (?, ?, 'admin', ?, ?, ?, ?, 'SUCCESS', '127.0.0.1')")) {
                for (int from = 0; from < apps; from += APPS_PER_CHUNK) {
                    int to = Math.min(apps, from + APPS_PER_CHUNK);
                    // The random values and hashes are the CPU-heavy part: make them on all cores, then insert
                    // on this thread (the database takes one writer at a time anyway).
                    List<GeneratedApp> chunk = IntStream.range(from, to).parallel()
                            .mapToObj(i -> GeneratedApp.make(i, secretsPerApp, now, day)).toList();
                    boolean commit = (from / APPS_PER_CHUNK) % CHUNKS_PER_COMMIT == CHUNKS_PER_COMMIT - 1 || to == apps;
                    Future<?> audits = auditWriter.submit(() -> {
                        for (GeneratedApp g : chunk) {
                            addAudit(aud, g.createdAt, "application.create", g.id, null, g.name);
                            for (int s = 0; s < secretsPerApp; s++) {
                                addAudit(aud, g.createdAt + s, "secret.create", g.id, g.secretIds[s],
                                        g.descriptions[s]);
                            }
                        }
                        aud.executeBatch();
                        if (commit) {
                            ca.commit();
                        }
                        return null;
                    });
                    for (GeneratedApp g : chunk) {
                        app.setString(1, g.id);
                        app.setString(2, g.name);
                        app.setString(3, g.name.toLowerCase(Locale.ROOT));
                        app.setString(4, g.description);
                        app.setString(5, g.clientId);
                        app.setString(6, g.index % 3 == 0 ? "reader" : "");
                        app.setLong(7, g.createdAt);
                        app.setLong(8, g.createdAt);
                        app.addBatch();
                        audit++;
                        for (int s = 0; s < secretsPerApp; s++) {
                            sec.setString(1, g.secretIds[s]);
                            sec.setString(2, g.id);
                            sec.setString(3, g.descriptions[s]);
                            sec.setString(4, g.hints[s]);
                            sec.setString(5, g.hashes[s]);
                            sec.setLong(6, g.createdAt + s);
                            if (g.expires[s] == null) {
                                sec.setNull(7, Types.BIGINT);
                            } else {
                                sec.setLong(7, g.expires[s]);
                            }
                            sec.addBatch();
                            audit++;
                            secrets++;
                        }
                        if (g.index % sampleEvery == 0 && samples.size() < sampleCount && secretsPerApp > 0) {
                            samples.add(new Sample(g.id, g.name, g.clientId, g.secretIds[0], g.firstSecret));
                        }
                    }
                    app.executeBatch();
                    sec.executeBatch();
                    audits.get();
                    if (commit) {
                        c.commit();
                    }
                    if (System.nanoTime() - lastReport > 10_000_000_000L) {
                        lastReport = System.nanoTime();
                        System.out.printf(Locale.ROOT, "    … %,d applications, %,d secrets after %.0f s%n", to, secrets,
                                (lastReport - start) / 1e9);
                    }
                }
            }
            c.setAutoCommit(true);
            ca.setAutoCommit(true);
            try (var st = c.createStatement()) {
                st.execute("SET REFERENTIAL_INTEGRITY TRUE");
            }
        }
        return new Result(apps, secrets, audit, List.copyOf(samples), (System.nanoTime() - start) / 1e9);
    }

    private static void addAudit(PreparedStatement aud, long time, String action, String appId, String secretId,
                                 String description) throws SQLException {
        aud.setString(1, Randoms.id("aud_", 20));
        aud.setLong(2, time);
        aud.setString(3, action);
        aud.setString(4, appId);
        aud.setString(5, secretId);
        aud.setString(6, description);
        aud.addBatch();
    }

    /** One application's rows, made off the inserting thread. */
    private static final class GeneratedApp {
        int index;
        String id;
        String name;
        String description;
        String clientId;
        long createdAt;
        String[] secretIds;
        String[] descriptions;
        String[] hints;
        String[] hashes;
        Long[] expires;
        String firstSecret;

        static GeneratedApp make(int i, int perApp, long now, long day) {
            GeneratedApp g = new GeneratedApp();
            g.index = i;
            g.id = Randoms.id("app_", 20);
            g.name = String.format(Locale.ROOT, "%s-%s-%06d", WORDS[i % WORDS.length],
                    TEAMS[(i / WORDS.length) % TEAMS.length], i);
            g.description = "Service account of the " + TEAMS[i % TEAMS.length] + " team for "
                    + WORDS[(i * 7) % WORDS.length] + " (benchmark data)";
            g.clientId = Randoms.id("sdc_", 22);
            // Created over the last 400 days, so times, like real ones, are not all equal.
            g.createdAt = now - (i % 400) * day - (i % 86_400) * 1000L;
            g.secretIds = new String[perApp];
            g.descriptions = new String[perApp];
            g.hints = new String[perApp];
            g.hashes = new String[perApp];
            g.expires = new Long[perApp];
            for (int s = 0; s < perApp; s++) {
                SecretValue value = Randoms.newClientSecret();
                g.secretIds[s] = Randoms.id("sec_", 20);
                g.descriptions[s] = s == 0 ? "primary" : "rollout " + s;
                char[] hint = new char[8];
                for (int k = 0; k < hint.length; k++) {
                    hint[k] = value.charAt(k);
                }
                g.hints[s] = new String(hint);
                g.hashes[s] = Randoms.sha256Hex(value);
                if (s == 0) {
                    // The first secret never expires, so a sample can always get a token with it.
                    g.firstSecret = new String(value.copyChars());
                    g.expires[s] = null;
                } else {
                    // A spread: about 1 in 12 already expired, the rest within 110 days, every 5th never.
                    long offsetDays = ((i * 31L + s * 7L) % 120) - 10;
                    g.expires[s] = s % 5 == 4 ? null : now + offsetDays * day;
                }
                value.destroy();
            }
            return g;
        }
    }

    /** {@code java … ScaleDataGenerator DIR [apps] [secretsPerApp]}: fills DIR and prints the time. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int apps = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int perApp = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Result r = generate(dir, apps, perApp, 0);
        System.out.printf(Locale.ROOT, "Generated %,d applications, %,d secrets, %,d audit rows in %.1f s%n",
                r.applications(), r.secrets(), r.auditRows(), r.seconds());
    }
}
