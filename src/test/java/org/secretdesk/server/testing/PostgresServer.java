package org.secretdesk.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One throw-away PostgreSQL server per test JVM, from the distribution's binaries in
 * {@code /usr/lib/postgresql/<version>/bin} (Debian's {@code postgresql} package; no Docker). Its data dir is
 * under {@code target/} (as root under the system's temporary directory), it listens on a free loopback port with
 * trust authentication, and it is stopped by a JVM shutdown hook. PostgreSQL refuses to run as root, so as root it runs as the {@code postgres} user via
 * {@code runuser}. Each test class asks for a fresh database with {@link #newDatabase(String)}.
 */
public final class PostgresServer {

    /** System property that makes the gateway tests use PostgreSQL: {@code -Dsecretdesk.test.db=postgres}. */
    public static final String DB_PROPERTY = "secretdesk.test.db";

    private static final Object LOCK = new Object();
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer instance;

    private final Path bin;
    private final Path dataDir;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresServer(Path bin, Path dataDir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** True when the tests were asked to run on PostgreSQL. */
    public static boolean requested() {
        return "postgres".equalsIgnoreCase(System.getProperty(DB_PROPERTY, "h2").strip());
    }

    /** The JVM's server, started on first use. */
    public static PostgresServer get() {
        synchronized (LOCK) {
            if (instance == null) {
                instance = startNew();
                PostgresServer started = instance;
                Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "postgres-test-stop"));
            }
            return instance;
        }
    }

    /** A new empty database; returns its JDBC URL (user {@code postgres}, no password). */
    public String newDatabase(String hint) {
        String name = ("sd_" + hint.replaceAll("[^A-Za-z0-9]", "_") + "_" + DATABASES.incrementAndGet())
                .toLowerCase(Locale.ROOT);
        if (name.length() > 60) {
            name = name.substring(name.length() - 60);
            name = "d" + name;
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user(), "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return "postgres";
    }

    public int port() {
        return port;
    }

    /** The postmaster's process id (its backends are its children), e.g. to measure the server's CPU time. */
    public long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("data").resolve("postmaster.pid")).getFirst().strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether PostgreSQL's server binaries are installed here. */
    public static boolean installed() {
        try {
            findBinaries();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /**
     * A server of its own with production's durability (fsync, synchronous commit, full-page writes: the defaults
     * the shared test server turns off), for tests that crash it. The caller stops it.
     */
    public static PostgresServer startDurable() {
        return startNew(true);
    }

    /**
     * SIGKILL to the postmaster and to every backend at once, as in a crash of the machine's PostgreSQL (no
     * shutdown checkpoint, nothing flushed that was not already): returns when all of them are gone.
     */
    public void kill9() {
        ProcessHandle postmaster = ProcessHandle.of(postmasterPid()).orElseThrow();
        List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
        all.add(postmaster);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("PostgreSQL process " + p.pid() + " did not die", e);
            }
        }
    }

    /** Starts the server again on its data (after {@link #kill9}: PostgreSQL's crash recovery replays its WAL). */
    public void start() {
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.resolve("data").toString(),
                "-l", dataDir.resolve("server.log").toString(), "-w", "-t", "120", "start"));
    }

    private static PostgresServer startNew() {
        return startNew(false);
    }

    private static PostgresServer startNew(boolean durable) {
        Path bin = findBinaries();
        boolean root = isRoot();
        try {
            Path dataDir;
            if (root) {
                // As root the server runs as postgres, which cannot enter a checkout only its owner may (a clone
                // under /root, mode 0700): its files go to the system's temporary directory instead.
                dataDir = Files.createTempDirectory("secretdesk-pg-test-" + (durable ? "durable-" : ""));
            } else {
                Path base = Paths.get("target").toAbsolutePath();
                Files.createDirectories(base);
                dataDir = base.resolve("pg-test-" + ProcessHandle.current().pid() + (durable ? "-durable" : ""));
                deleteTree(dataDir);
                Files.createDirectories(dataDir);
            }
            if (root) {
                run(List.of("chown", "-R", "postgres:postgres", dataDir.toString()), false);
            }
            int port = freePort();
            PostgresServer server = new PostgresServer(bin, dataDir, port, root);
            List<String> initdb = new ArrayList<>(List.of(bin.resolve("initdb").toString(), "-D",
                    dataDir.resolve("data").toString(), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                    "--locale=C"));
            if (!durable) {
                initdb.add("--no-sync");
            }
            server.pg(initdb);
            Path conf = dataDir.resolve("data").resolve("postgresql.conf");
            // The shared server: speed over durability, a test database that is thrown away anyway. A durable
            // one keeps PostgreSQL's defaults, as production runs.
            String durability = durable ? "fsync = on\nsynchronous_commit = on\nfull_page_writes = on\n"
                    : "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n";
            Files.writeString(conf, "\nlisten_addresses = '127.0.0.1'\nport = " + port
                    + "\nunix_socket_directories = ''\n" + durability
                    + "max_connections = 300\nshared_buffers = 64MB\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the test PostgreSQL server", e);
        }
    }

    /** Stops the server (fast shutdown) and removes its data dir. */
    public void stop() {
        try {
            pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.resolve("data").toString(), "-m", "fast",
                    "-w", "-t", "30", "stop"));
        } catch (RuntimeException e) {
            System.err.println("Stopping the test PostgreSQL server failed: " + e.getMessage());
        }
        deleteTree(dataDir);
    }

    private void pg(List<String> command) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full, true);
    }

    private static void run(List<String> command, boolean quietOutput) {
        try {
            // Output to a file, not a pipe: the server started by pg_ctl must not hold our pipe open.
            Path out = Files.createTempFile("pg-cmd", ".log");
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("Timed out: " + String.join(" ", command));
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): "
                            + Files.readString(out, StandardCharsets.UTF_8));
                }
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path findBinaries() {
        Path root = Paths.get("/usr/lib/postgresql");
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
                for (Path d : dirs) {
                    if (Files.isExecutable(d.resolve("bin").resolve("initdb"))) {
                        candidates.add(d.resolve("bin"));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        // Highest major version first.
        candidates.sort(Comparator.comparingInt((Path p) -> major(p.getParent().getFileName().toString())).reversed());
        if (candidates.isEmpty()) {
            throw new IllegalStateException("No PostgreSQL server binaries in /usr/lib/postgresql/*/bin; install the "
                    + "Debian package 'postgresql' (.ci/run does) to run the tests with -D" + DB_PROPERTY + "=postgres");
        }
        return candidates.getFirst();
    }

    private static int major(String version) {
        try {
            return Integer.parseInt(version.replaceAll("[^0-9].*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isRoot() {
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(10, TimeUnit.SECONDS);
            return out.equals("0");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: target/ is cleaned by mvn clean anyway
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
