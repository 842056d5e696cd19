package org.secretdesk.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a gateway node needs to start. Build with {@link #defaults(Path)} and the {@code with…} methods,
 * or load a JSON file with {@link GatewayConfigFile#load(Path, GatewayConfig)}.
 *
 * @param dataDir                  database, CA, server certificate and {@code admin.key}
 * @param bind                     address to listen on (default 127.0.0.1)
 * @param port                     0 picks a free port
 * @param adminKeys                keys besides the generated {@code admin} key in {@code dataDir/admin.key}
 * @param maxSecretsPerApplication default 10
 * @param schedulerInterval        how often expiry notifications are computed (default 1 hour)
 * @param tokenLifetime            lifetime of access tokens from {@code /oauth/token} (default 1 hour)
 * @param insecureHttp             plain HTTP, only allowed on a loopback address
 * @param dbUrl                    JDBC URL; null means H2 in {@code dataDir}
 * @param clusterKeyFile           AES-256 key (base64, 32 bytes) that seals the CA, signing keys and admin key in a
 *                                 shared PostgreSQL database; required with PostgreSQL, unused with H2
 * @param tlsNames                 extra DNS names or IP addresses for this node's server certificate, e.g. the
 *                                 load balancer's name that clients connect to
 */
public record GatewayConfig(Path dataDir, String bind, int port, List<AdminKeySpec> adminKeys,
                            int maxSecretsPerApplication, Duration schedulerInterval, Duration tokenLifetime,
                            boolean insecureHttp, String dbUrl, String dbUser, Path dbPasswordFile,
                            Path clusterKeyFile, List<String> tlsNames) {

    public static final int DEFAULT_PORT = 8443;

    public GatewayConfig {
        adminKeys = adminKeys == null ? List.of() : List.copyOf(adminKeys);
        tlsNames = tlsNames == null ? List.of() : List.copyOf(tlsNames);
        if (maxSecretsPerApplication < 1 || maxSecretsPerApplication > 1000) {
            throw new IllegalArgumentException("maxSecretsPerApplication must be between 1 and 1000");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535");
        }
        if (schedulerInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("schedulerInterval must be at least 1 second");
        }
        if (tokenLifetime.compareTo(Duration.ofSeconds(10)) < 0 || tokenLifetime.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("tokenLifetime must be between 10 seconds and 1 day");
        }
    }

    public static GatewayConfig defaults(Path dataDir) {
        return new GatewayConfig(dataDir, "127.0.0.1", DEFAULT_PORT, List.of(), 10, Duration.ofHours(1),
                Duration.ofHours(1), false, null, null, null, null, List.of());
    }

    public GatewayConfig withBind(String value) {
        return new GatewayConfig(dataDir, value, port, adminKeys, maxSecretsPerApplication, schedulerInterval,
                tokenLifetime, insecureHttp, dbUrl, dbUser, dbPasswordFile, clusterKeyFile, tlsNames);
    }

    public GatewayConfig withPort(int value) {
        return new GatewayConfig(dataDir, bind, value, adminKeys, maxSecretsPerApplication, schedulerInterval,
                tokenLifetime, insecureHttp, dbUrl, dbUser, dbPasswordFile, clusterKeyFile, tlsNames);
    }

    public GatewayConfig withAdminKeys(List<AdminKeySpec> value) {
        return new GatewayConfig(dataDir, bind, port, value, maxSecretsPerApplication, schedulerInterval,
                tokenLifetime, insecureHttp, dbUrl, dbUser, dbPasswordFile, clusterKeyFile, tlsNames);
    }

    public GatewayConfig withMaxSecretsPerApplication(int value) {
        return new GatewayConfig(dataDir, bind, port, adminKeys, value, schedulerInterval, tokenLifetime,
                insecureHttp, dbUrl, dbUser, dbPasswordFile, clusterKeyFile, tlsNames);
    }

    public GatewayConfig withSchedulerInterval(Duration value) {
        return new GatewayConfig(dataDir, bind, port, adminKeys, maxSecretsPerApplication, value, tokenLifetime,
                insecureHttp, dbUrl, dbUser, dbPasswordFile, clusterKeyFile, tlsNames);
    }

    public GatewayConfig withTokenLifetime(Duration value) {
        return new GatewayConfig(dataDir, bind, port, adminKeys, maxSecretsPerApplication, schedulerInterval,
                value, insecureHttp, dbUrl, dbUser, dbPasswordFile, clusterKeyFile, tlsNames);
    }

    public GatewayConfig withInsecureHttp(boolean value) {
        return new GatewayConfig(dataDir, bind, port, adminKeys, maxSecretsPerApplication, schedulerInterval,
                tokenLifetime, value, dbUrl, dbUser, dbPasswordFile, clusterKeyFile, tlsNames);
    }

    public GatewayConfig withDatabase(String url, String user, Path passwordFile) {
        return new GatewayConfig(dataDir, bind, port, adminKeys, maxSecretsPerApplication, schedulerInterval,
                tokenLifetime, insecureHttp, url, user, passwordFile, clusterKeyFile, tlsNames);
    }

    public GatewayConfig withClusterKeyFile(Path value) {
        return new GatewayConfig(dataDir, bind, port, adminKeys, maxSecretsPerApplication, schedulerInterval,
                tokenLifetime, insecureHttp, dbUrl, dbUser, dbPasswordFile, value, tlsNames);
    }

    public GatewayConfig withTlsNames(List<String> value) {
        return new GatewayConfig(dataDir, bind, port, adminKeys, maxSecretsPerApplication, schedulerInterval,
                tokenLifetime, insecureHttp, dbUrl, dbUser, dbPasswordFile, clusterKeyFile, value);
    }

    /** True when the database is shared (PostgreSQL; several nodes may run on it), false for H2. */
    public boolean clustered() {
        return dbUrl != null && !dbUrl.startsWith("jdbc:h2:");
    }
}
