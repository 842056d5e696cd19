package org.secretdesk.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.secretdesk.model.SecretFormat;
import org.secretdesk.model.SecretValue;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.Randoms;
import org.secretdesk.server.store.Database;
import org.secretdesk.server.store.SecretExpiries;

/**
 * Fills a gateway data dir (H2) with many applications and secrets, fast and set-based: the schema comes from the
 * real Flyway migrations ({@link Database#open}), then each chunk of applications is one {@code INSERT … SELECT}
 * from H2's {@code SYSTEM_RANGE} per table (applications, secrets, audit rows, search trigrams), not a statement
 * per row. Rows are what the gateway would have written: random {@code app_}/{@code sec_}/{@code sdc_}/{@code aud_}
 * base62 ids (from {@link Randoms}, called by H2 through a Java function alias), an {@code sds_} hint and the
 * SHA-256 of a real {@code sds_} secret value per secret, a spread of expiries (some expired, some never), one audit
 * row per application and per secret creation ({@code application.create}, {@code secret.create}) and the search
 * trigrams of each application (as {@code store/SearchGrams} writes them). Not through HTTP: a million HTTP creates
 * would measure the gateway's write path, not give us a big database.
 *
 * <p>A sample of applications gets a first secret whose plaintext is kept (in memory only) so that the benchmark
 * can call the token endpoint for them; nothing plaintext is written to disk.
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
    /** Applications per chunk: one transaction, one statement per table. */
    private static final int APPS_PER_CHUNK = 10_000;
    /** Applications per trigram statement. */
    private static final int GRAM_GROUP = 100;

    /** {drop, create} of the indexes built after the load (as in migrations V2, V4, V5). */
    private static final String[][] DEFERRED_INDEXES = {
        {"DROP INDEX secrets_expires_id_ix", "CREATE INDEX secrets_expires_id_ix ON secrets (expires_at, id)"},
        {"DROP INDEX secrets_app_expires_ix", "CREATE INDEX secrets_app_expires_ix ON secrets (application_id, expires_at)"},
        {"ALTER TABLE application_grams DROP CONSTRAINT application_grams_pk",
            "ALTER TABLE application_grams ADD CONSTRAINT application_grams_pk PRIMARY KEY (gram, name)"},
    };

    private ScaleDataGenerator() {
    }

    /** H2 function alias: {@code prefix} + {@code n} random base62 characters. */
    public static String randomId(String prefix, int n) {
        return Randoms.id(prefix, n);
    }

    /** H2 function alias: the SHA-256 (hex) of a new real client secret value, which is then wiped. */
    public static String newSecretHash() {
        SecretValue value = Randoms.newClientSecret();
        try {
            return Randoms.sha256Hex(value);
        } finally {
            value.destroy();
        }
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
        // The gateway's own file and locking. The bigger page cache for the load is set below and put back after
        // it: H2 stores CACHE_SIZE in the database, and the gateway must later run with its default.
        String url = "jdbc:h2:file:" + dataDir.resolve("secretdesk").toAbsolutePath()
                + ";FILE_LOCK=FILE;DB_CLOSE_ON_EXIT=FALSE";
        java.util.Map<String, Double> times = new java.util.LinkedHashMap<>();
        List<Sample> samples;
        long secrets;
        long audit;
        long lastReport = System.nanoTime();
        try (Database db = Database.open(GatewayConfig.defaults(dataDir).withDatabase(url, null, null));
             Connection c = db.dataSource().getConnection();
             Statement st = c.createStatement()) {
            long defaultCacheKb = count(st, "SELECT CAST(SETTING_VALUE AS BIGINT) * 1024 FROM INFORMATION_SCHEMA.SETTINGS "
                    + "WHERE SETTING_NAME = 'info.CACHE_MAX_SIZE'");
            st.execute("SET CACHE_SIZE " + Integer.getInteger("bench.generatorCacheKb", 262_144));
            String self = ScaleDataGenerator.class.getName();
            st.execute("CREATE ALIAS IF NOT EXISTS SD_ID FOR '" + self + ".randomId'");
            st.execute("CREATE ALIAS IF NOT EXISTS SD_SECRET_HASH FOR '" + self + ".newSecretHash'");
            st.execute("CREATE ALIAS IF NOT EXISTS SD_EXPIRY FOR '" + SecretExpiries.class.getName() + ".entry'");
            st.execute("CREATE TABLE gen_words (k INT PRIMARY KEY, w VARCHAR(40))");
            st.execute("CREATE TABLE gen_teams (k INT PRIMARY KEY, w VARCHAR(40))");
            st.execute("CREATE TABLE gen_apps (i INT PRIMARY KEY, id VARCHAR(40), created_at BIGINT)");
            // Positions 1..4000 for the trigram windows (descriptions are at most 4,000 characters).
            st.execute("CREATE TABLE gen_positions (n INT PRIMARY KEY)");
            st.execute("CREATE TABLE gen_texts (name VARCHAR(400), txt VARCHAR(4000))");
            st.execute("INSERT INTO gen_positions SELECT X FROM SYSTEM_RANGE(1, 4000)");
            fill(c, "gen_words", WORDS);
            fill(c, "gen_teams", TEAMS);
            // Bulk-load switch for these rows only (every secret's application is inserted just before it); the
            // constraint stays in the schema and is switched back on below.
            st.execute("SET REFERENTIAL_INTEGRITY FALSE");
            // Indexes that only speed up reads are built once after the load (H2 sorts the entries then) instead
            // of taking millions of random inserts; rebuilt below with the migrations' exact names and columns.
            for (String[] ix : DEFERRED_INDEXES) {
                st.execute(ix[0]);
            }
            c.setAutoCommit(false);
            for (int from = 0; from < apps; from += APPS_PER_CHUNK) {
                int to = Math.min(apps, from + APPS_PER_CHUNK) - 1;
                // Created over the last 400 days, so times, like real ones, are not all equal.
                timed(times, "gen_apps", st, "INSERT INTO gen_apps (i, id, created_at) SELECT X, SD_ID('app_', 20), "
                        + now + " - CAST(MOD(X, 400) AS BIGINT) * " + day + " - CAST(MOD(X, 86400) AS BIGINT) * 1000 FROM SYSTEM_RANGE(" + from + ", "
                        + to + ")");
                timed(times, "applications", st, "INSERT INTO applications (id, name, name_lower, description, client_id, roles, "
                        + "policy_mode, policy_seconds, created_at, updated_at, version) "
                        + "SELECT g.id, n.name, LOWER(n.name), n.description, SD_ID('sdc_', 22), "
                        + "CASE WHEN MOD(g.i, 3) = 0 THEN 'reader' ELSE '' END, 'DOMAIN', NULL, g.created_at, "
                        + "g.created_at, 1 FROM gen_apps g JOIN ("
                        + " SELECT a.i, w.w || '-' || t.w || '-' || LPAD(CAST(a.i AS VARCHAR), 6, '0') AS name,"
                        + " 'Service account of the ' || t2.w || ' team for ' || w2.w || ' (benchmark data)' AS description"
                        + " FROM gen_apps a JOIN gen_words w ON w.k = MOD(a.i, 16)"
                        + " JOIN gen_teams t ON t.k = MOD(a.i / 16, 8)"
                        + " JOIN gen_teams t2 ON t2.k = MOD(a.i, 8)"
                        + " JOIN gen_words w2 ON w2.k = MOD(a.i * 7, 16)) n ON n.i = g.i");
                // Secret 0 never expires (so a sample can always get a token with it); of the others about 1 in 12
                // already expired, the rest within 110 days, every 5th never.
                timed(times, "secrets", st, "INSERT INTO secrets (id, application_id, description, hint, secret_hash, prev_hash, "
                        + "grace_until, created_at, renewed_at, expires_at, last_used_at, version) "
                        + "SELECT SD_ID('sec_', 20), g.id, CASE WHEN s.X = 0 THEN 'primary' ELSE 'rollout ' || s.X END, "
                        + "SD_ID('" + SecretFormat.PREFIX + "', " + (SecretFormat.HINT_LENGTH - SecretFormat.PREFIX.length())
                        + "), SD_SECRET_HASH(), NULL, NULL, g.created_at + s.X, NULL, "
                        + "CASE WHEN s.X = 0 OR MOD(s.X, 5) = 4 THEN NULL ELSE " + now + " + CAST(MOD(g.i * 31 + s.X * 7, 120)"
                        + " - 10 AS BIGINT) * " + day + " END, NULL, 1 "
                        + "FROM gen_apps g CROSS JOIN SYSTEM_RANGE(0, " + (secretsPerApp - 1) + ") s");
                // What Store.refreshSecretExpiries writes with each secret: the application's expiry list.
                timed(times, "secret expiries", st, "MERGE INTO applications (id, secret_expiries) KEY (id) "
                        + "SELECT g.id, LISTAGG(SD_EXPIRY(s.expires_at), ',') FROM gen_apps g "
                        + "JOIN secrets s ON s.application_id = g.id GROUP BY g.id");
                timed(times, "audit apps", st, "INSERT INTO audit_events (id, event_time, actor, action, application_id, secret_id, "
                        + "description, outcome, remote_address) SELECT SD_ID('aud_', 20), a.created_at, 'admin', "
                        + "'application.create', a.id, NULL, a.name, 'SUCCESS', '127.0.0.1' "
                        + "FROM gen_apps g JOIN applications a ON a.id = g.id");
                timed(times, "audit secrets", st, "INSERT INTO audit_events (id, event_time, actor, action, application_id, secret_id, "
                        + "description, outcome, remote_address) SELECT SD_ID('aud_', 20), s.created_at, 'admin', "
                        + "'secret.create', s.application_id, s.id, s.description, 'SUCCESS', '127.0.0.1' "
                        + "FROM gen_apps g JOIN secrets s ON s.application_id = g.id");
                // The trigrams store/SearchGrams writes with an application: each lower-cased field's windows.
                // The trigrams store/SearchGrams writes with an application: each lower-cased field's windows. In
                // groups of 100 applications, so that H2 keeps each DISTINCT in memory (its default limit is a few
                // ten thousand rows; raising it would be persisted in the database).
                for (int g0 = from; g0 <= to; g0 += GRAM_GROUP) {
                    String group = " WHERE g.i BETWEEN " + g0 + " AND " + Math.min(to, g0 + GRAM_GROUP - 1);
                    timed(times, "grams", st, "INSERT INTO gen_texts (name, txt) "
                            + "SELECT a.name, a.name_lower FROM gen_apps g JOIN applications a ON a.id = g.id" + group
                            + " UNION ALL SELECT a.name, LOWER(a.description) FROM gen_apps g JOIN applications a ON a.id = g.id" + group
                            + " UNION ALL SELECT a.name, LOWER(a.client_id) FROM gen_apps g JOIN applications a ON a.id = g.id" + group);
                    timed(times, "grams", st, "INSERT INTO application_grams (gram, name) "
                            + "SELECT DISTINCT SUBSTRING(t.txt, p.n, 3), t.name FROM gen_texts t "
                            + "JOIN gen_positions p ON p.n BETWEEN 1 AND CHAR_LENGTH(t.txt) - 2");
                    st.execute("DELETE FROM gen_texts");
                }
                st.execute("DELETE FROM gen_apps");
                c.commit();
                if (System.nanoTime() - lastReport > 10_000_000_000L) {
                    lastReport = System.nanoTime();
                    System.out.printf(Locale.ROOT, "    … %,d applications after %.0f s%n", to + 1,
                            (lastReport - start) / 1e9);
                }
            }
            samples = samples(c, apps, secretsPerApp, sampleCount);
            c.commit();
            c.setAutoCommit(true);
            long indexStart = System.nanoTime();
            for (String[] ix : DEFERRED_INDEXES) {
                st.execute(ix[1]);
            }
            times.put("indexes", (System.nanoTime() - indexStart) / 1e9);
            st.execute("SET REFERENTIAL_INTEGRITY TRUE");
            for (String t : List.of("gen_apps", "gen_words", "gen_teams", "gen_positions", "gen_texts")) {
                st.execute("DROP TABLE " + t);
            }
            st.execute("SET CACHE_SIZE " + defaultCacheKb);
            st.execute("DROP ALIAS SD_ID");
            st.execute("DROP ALIAS SD_SECRET_HASH");
            st.execute("DROP ALIAS SD_EXPIRY");
            System.out.println("    seconds per statement kind: " + times.entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue())).toList());
            secrets = count(st, "SELECT COUNT(*) FROM secrets");
            audit = count(st, "SELECT COUNT(*) FROM audit_events");
        }
        return new Result(apps, secrets, audit, List.copyOf(samples), (System.nanoTime() - start) / 1e9);
    }

    /**
     * Gives about {@code sampleCount} applications' first secret a value whose plaintext is kept (in memory), so the
     * benchmark can authenticate with it.
     */
    private static List<Sample> samples(Connection c, int apps, int secretsPerApp, int sampleCount) throws SQLException {
        List<Sample> samples = new ArrayList<>();
        if (sampleCount <= 0 || secretsPerApp <= 0) {
            return samples;
        }
        int every = Math.max(1, apps / sampleCount);
        try (PreparedStatement find = c.prepareStatement("SELECT a.id, a.name, a.client_id, s.id FROM applications a "
                + "JOIN secrets s ON s.application_id = a.id AND s.description = 'primary' WHERE a.name_lower LIKE ?");
             PreparedStatement set = c.prepareStatement("UPDATE secrets SET secret_hash = ?, hint = ? WHERE id = ?")) {
            for (int i = 0; i < apps && samples.size() < sampleCount; i += every) {
                find.setString(1, "%-" + String.format(Locale.ROOT, "%06d", i));
                try (ResultSet rs = find.executeQuery()) {
                    if (!rs.next()) {
                        continue;
                    }
                    SecretValue value = Randoms.newClientSecret();
                    String plain = new String(value.copyChars());
                    set.setString(1, Randoms.sha256Hex(value));
                    set.setString(2, plain.substring(0, SecretFormat.HINT_LENGTH));
                    set.setString(3, rs.getString(4));
                    set.addBatch();
                    value.destroy();
                    samples.add(new Sample(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), plain));
                }
            }
            set.executeBatch();
        }
        return samples;
    }

    private static void timed(java.util.Map<String, Double> times, String label, Statement st, String sql)
            throws SQLException {
        long t = System.nanoTime();
        st.execute(sql);
        times.merge(label, (System.nanoTime() - t) / 1e9, Double::sum);
    }

    private static void fill(Connection c, String table, String[] values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (k, w) VALUES (?, ?)")) {
            for (int k = 0; k < values.length; k++) {
                ps.setInt(1, k);
                ps.setString(2, values[k]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@code java … ScaleDataGenerator DIR [apps] [secretsPerApp]}: fills DIR and prints the time and size. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int apps = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int perApp = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Result r = generate(dir, apps, perApp, 0);
        long bytes = Files.size(dir.resolve("secretdesk.mv.db"));
        System.out.printf(Locale.ROOT, "Generated %,d applications, %,d secrets, %,d audit rows in %.1f s; "
                        + "database %,.0f MB, %,.0f bytes per secret%n", r.applications(), r.secrets(), r.auditRows(),
                r.seconds(), bytes / 1048576.0, (double) bytes / Math.max(1, r.secrets()));
    }
}
