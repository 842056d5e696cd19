package org.secretdesk.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.GatewayConfigFile;
import org.secretdesk.server.GatewayServer;
import org.secretdesk.server.cluster.ClusterKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code secretdesk gateway}: runs a gateway node headless until Ctrl+C or SIGTERM. Settings come from the
 * defaults, then the configuration file, then the flags (the flags win).
 */
@Command(name = "gateway",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
                "Runs a SecretDesk gateway headless until Ctrl+C or SIGTERM.",
                "On first start it creates DIR with the database, the CA, the server certificate and admin.key.",
                "Prints 'Listening on https://HOST:PORT' once it accepts connections."},
        footer = {"", "Settings: defaults, then --config FILE, then these flags (the flags win)."})
final class GatewayCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", required = true,
            description = "Folder for the database, CA, certificates and admin.key (created if missing).")
    Path dataDir;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on (default 127.0.0.1).")
    String bind;

    @Option(names = "--port", paramLabel = "N",
            description = "Port to listen on (default " + GatewayConfig.DEFAULT_PORT + "; 0 picks a free port).")
    Integer port;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON configuration file (see README).")
    Path configFile;

    @Option(names = "--insecure-http",
            description = "Serve plain HTTP instead of HTTPS; only allowed on a loopback address.")
    boolean insecureHttp;

    @Option(names = "--max-secrets-per-application", paramLabel = "N",
            description = "Most secrets one application may have (default 10).")
    Integer maxSecretsPerApplication;

    @Option(names = "--scheduler-interval", paramLabel = "ISO", converter = IsoDurationConverter.class,
            description = "How often expiry notifications are computed, e.g. PT1H (default PT1H).")
    Duration schedulerInterval;

    @Option(names = "--token-lifetime", paramLabel = "ISO", converter = IsoDurationConverter.class,
            description = "Lifetime of access tokens from /oauth/token, e.g. PT1H (default PT1H).")
    Duration tokenLifetime;

    @Option(names = "--db-url", paramLabel = "JDBC",
            description = "Shared database, e.g. jdbc:postgresql://db.example/secretdesk (default: H2 in DIR).")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user.")
    String dbUser;

    @Option(names = "--db-password-file", paramLabel = "FILE", description = "File holding the database password.")
    Path dbPasswordFile;

    @Option(names = "--cluster-key-file", paramLabel = "FILE",
            description = {"With PostgreSQL: the key (32 bytes, base64) that seals the shared CA and signing keys;",
                    "every node gets the same file (default: $" + ClusterKey.ENV + ")."})
    Path clusterKeyFile;

    @Option(names = "--tls-name", paramLabel = "NAME", split = ",",
            description = "Extra DNS name or IP for the server certificate, e.g. the load balancer's (repeatable).")
    java.util.List<String> tlsNames;

    @Option(names = "--public-url", paramLabel = "URL",
            description = {"The https URL clients use to reach the gateway, e.g. the load balancer's;",
                    "used as the token issuer (iss) so that every node names itself the same",
                    "(default: each node's own https://HOST:PORT)."})
    String publicUrl;

    @Option(names = "--token-audience", paramLabel = "AUD",
            description = "The aud claim of access tokens from /oauth/token (default: none).")
    String tokenAudience;

    /** The environment, replaceable in tests. */
    Function<String, String> environment = System::getenv;

    @Override
    public Integer call() throws Exception {
        GatewayConfig config = buildConfig();
        AtomicReference<GatewayServer> running = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        // Installed before starting so that a signal during a slow first start still closes what was started.
        Thread hook = new Thread(() -> stop(running, stopped), "secretdesk-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        GatewayServer server;
        try {
            server = GatewayServer.start(config);
        } catch (RuntimeException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            throw e;
        }
        running.set(server);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Listening on " + origin(server.baseUri(), server.port()));
        out.flush();
        // The JVM exits once the shutdown hook has closed the server; this thread only keeps the process alive.
        stopped.await();
        return Main.EXIT_OK;
    }

    /** Defaults, then the configuration file, then the flags that were given. */
    GatewayConfig buildConfig() throws GatewayConfigFile.ConfigFileException {
        CommandLine cmd = spec.commandLine();
        if (port != null && (port < 0 || port > 65535)) {
            throw new CommandLine.ParameterException(cmd, "--port must be between 0 and 65535, not " + port);
        }
        GatewayConfig config = GatewayConfig.defaults(dataDir.toAbsolutePath().normalize());
        if (configFile != null) {
            config = GatewayConfigFile.load(configFile, config);
        }
        if (bind != null) {
            if (bind.isBlank()) {
                throw new CommandLine.ParameterException(cmd, "--bind must not be empty");
            }
            config = config.withBind(bind.strip());
        }
        if (port != null) {
            config = config.withPort(port);
        }
        if (maxSecretsPerApplication != null) {
            config = flag(cmd, "--max-secrets-per-application", config::withMaxSecretsPerApplication,
                    maxSecretsPerApplication);
        }
        if (schedulerInterval != null) {
            config = flag(cmd, "--scheduler-interval", config::withSchedulerInterval, schedulerInterval);
        }
        if (tokenLifetime != null) {
            config = flag(cmd, "--token-lifetime", config::withTokenLifetime, tokenLifetime);
        }
        if (insecureHttp) {
            config = config.withInsecureHttp(true);
        }
        if (dbUrl != null) {
            if (!dbUrl.startsWith("jdbc:")) {
                throw new CommandLine.ParameterException(cmd, "--db-url must be a JDBC URL (jdbc:postgresql://HOST/DB)");
            }
            config = config.withDatabase(dbUrl, dbUser != null ? dbUser : config.dbUser(),
                    dbPasswordFile != null ? dbPasswordFile : config.dbPasswordFile());
        } else if (dbUser != null || dbPasswordFile != null) {
            config = config.withDatabase(config.dbUrl(), dbUser != null ? dbUser : config.dbUser(),
                    dbPasswordFile != null ? dbPasswordFile : config.dbPasswordFile());
        }
        if (config.dbPasswordFile() != null && !java.nio.file.Files.isReadable(config.dbPasswordFile())) {
            throw new CommandLine.ParameterException(cmd, "The database password file " + config.dbPasswordFile()
                    + " does not exist or is not readable");
        }
        if (tlsNames != null && !tlsNames.isEmpty()) {
            config = config.withTlsNames(tlsNames.stream().map(String::strip).filter(n -> !n.isEmpty()).toList());
        }
        if (publicUrl != null) {
            config = flag(cmd, "--public-url", config::withPublicUrl, publicUrl);
        }
        if (tokenAudience != null) {
            config = flag(cmd, "--token-audience", config::withTokenAudience, tokenAudience);
        }
        if (clusterKeyFile != null) {
            config = config.withClusterKeyFile(clusterKeyFile.toAbsolutePath());
        } else if (config.clusterKeyFile() == null) {
            String fromEnv = environment.apply(ClusterKey.ENV);
            if (fromEnv != null && !fromEnv.isBlank()) {
                config = config.withClusterKeyFile(Path.of(fromEnv.strip()).toAbsolutePath());
            }
        }
        if (config.insecureHttp() && !isLoopback(config.bind())) {
            throw new CommandLine.ParameterException(cmd, "--insecure-http is only allowed on a loopback address"
                    + " (127.0.0.1, ::1 or localhost), not " + config.bind());
        }
        return config;
    }

    /** Applies one flag; GatewayConfig's range check becomes a usage error that names the flag. */
    private static <T> GatewayConfig flag(CommandLine cmd, String name, Function<T, GatewayConfig> with, T value) {
        try {
            return with.apply(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, name + ": " + e.getMessage(), e);
        }
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code scheme://host:port}, whatever path the server's base URI may carry. */
    private static String origin(URI base, int port) {
        return base.getScheme() + "://" + base.getHost() + ":" + port;
    }

    private static void stop(AtomicReference<GatewayServer> running, CountDownLatch stopped) {
        try {
            GatewayServer server = running.getAndSet(null);
            if (server != null) {
                LOG.info("Stopping the gateway");
                server.close();
                LOG.info("Gateway stopped");
            }
        } catch (RuntimeException e) {
            LOG.error("The gateway did not stop cleanly: {}", Main.describe(e));
        } finally {
            stopped.countDown();
        }
    }
}
