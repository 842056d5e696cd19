package org.secretdesk.server;

import java.net.URI;
import java.net.URISyntaxException;
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
 * @param publicUrl                the base URL clients use to reach the gateway (e.g. the load balancer's
 *                                 {@code https://gateway.example.com}); when set, the gateway names itself by it
 *                                 (JWT {@code iss}, the served OpenAPI {@code servers}) so every node of a cluster
 *                                 says the same; null means each node names its own {@code https://HOST:PORT}
 * @param tokenAudience            the {@code aud} claim of access tokens (what the resource servers that accept
 *                                 them check), 1-200 printable characters; null: tokens carry no {@code aud}
 */
public record GatewayConfig(Path dataDir, String bind, int port, List<AdminKeySpec> adminKeys,
                            int maxSecretsPerApplication, Duration schedulerInterval, Duration tokenLifetime,
                            boolean insecureHttp, String dbUrl, String dbUser, Path dbPasswordFile,
                            Path clusterKeyFile, List<String> tlsNames, String publicUrl, String tokenAudience) {

    public static final int DEFAULT_PORT = 8443;

    public GatewayConfig {
        adminKeys = adminKeys == null ? List.of() : List.copyOf(adminKeys);
        tlsNames = tlsNames == null ? List.of() : List.copyOf(tlsNames);
        publicUrl = publicUrl == null ? null : normalizePublicUrl(publicUrl);
        if (tokenAudience != null && (tokenAudience.isBlank() || tokenAudience.length() > 200
                || !tokenAudience.chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
            throw new IllegalArgumentException("tokenAudience must be 1-200 printable ASCII characters");
        }
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
                Duration.ofHours(1), false, null, null, null, null, List.of(), null, null);
    }

    public GatewayConfig withBind(String value) {
        return new GatewayConfig(dataDir, value, port, adminKeys, maxSecretsPerApplication, schedulerInterval,
                tokenLifetime, insecureHttp, dbUrl, dbUser, dbPasswordFile, clusterKeyFile, tlsNames, publicUrl, tokenAudience);
    }

    public GatewayConfig withPort(int value) {
        return new GatewayConfig(dataDir, bind, value, adminKeys, maxSecretsPerApplication, schedulerInterval,
                tokenLifetime, insecureHttp, dbUrl, dbUser, dbPasswordFile, clusterKeyFile, tlsNames, publicUrl, tokenAudience);
    }

    public GatewayConfig withAdminKeys(List<AdminKeySpec> value) {
        return new GatewayConfig(dataDir, bind, port, value, maxSecretsPerApplication, schedulerInterval,
                tokenLifetime, insecureHttp, dbUrl, dbUser, dbPasswordFile, clusterKeyFile, tlsNames, publicUrl, tokenAudience);
    }

    public GatewayConfig withMaxSecretsPerApplication(int value) {
        return new GatewayConfig(dataDir, bind, port, adminKeys, value, schedulerInterval, tokenLifetime,
                insecureHttp, dbUrl, dbUser, dbPasswordFile, clusterKeyFile, tlsNames, publicUrl, tokenAudience);
    }

    public GatewayConfig withSchedulerInterval(Duration value) {
        return new GatewayConfig(dataDir, bind, port, adminKeys, maxSecretsPerApplication, value, tokenLifetime,
                insecureHttp, dbUrl, dbUser, dbPasswordFile, clusterKeyFile, tlsNames, publicUrl, tokenAudience);
    }

    public GatewayConfig withTokenLifetime(Duration value) {
        return new GatewayConfig(dataDir, bind, port, adminKeys, maxSecretsPerApplication, schedulerInterval,
                value, insecureHttp, dbUrl, dbUser, dbPasswordFile, clusterKeyFile, tlsNames, publicUrl, tokenAudience);
    }

    public GatewayConfig withInsecureHttp(boolean value) {
        return new GatewayConfig(dataDir, bind, port, adminKeys, maxSecretsPerApplication, schedulerInterval,
                tokenLifetime, value, dbUrl, dbUser, dbPasswordFile, clusterKeyFile, tlsNames, publicUrl, tokenAudience);
    }

    public GatewayConfig withDatabase(String url, String user, Path passwordFile) {
        return new GatewayConfig(dataDir, bind, port, adminKeys, maxSecretsPerApplication, schedulerInterval,
                tokenLifetime, insecureHttp, url, user, passwordFile, clusterKeyFile, tlsNames, publicUrl, tokenAudience);
    }

    public GatewayConfig withClusterKeyFile(Path value) {
        return new GatewayConfig(dataDir, bind, port, adminKeys, maxSecretsPerApplication, schedulerInterval,
                tokenLifetime, insecureHttp, dbUrl, dbUser, dbPasswordFile, value, tlsNames, publicUrl, tokenAudience);
    }

    public GatewayConfig withTlsNames(List<String> value) {
        return new GatewayConfig(dataDir, bind, port, adminKeys, maxSecretsPerApplication, schedulerInterval,
                tokenLifetime, insecureHttp, dbUrl, dbUser, dbPasswordFile, clusterKeyFile, value, publicUrl, tokenAudience);
    }

    public GatewayConfig withPublicUrl(String value) {
        return new GatewayConfig(dataDir, bind, port, adminKeys, maxSecretsPerApplication, schedulerInterval,
                tokenLifetime, insecureHttp, dbUrl, dbUser, dbPasswordFile, clusterKeyFile, tlsNames, value, tokenAudience);
    }

    public GatewayConfig withTokenAudience(String value) {
        return new GatewayConfig(dataDir, bind, port, adminKeys, maxSecretsPerApplication, schedulerInterval,
                tokenLifetime, insecureHttp, dbUrl, dbUser, dbPasswordFile, clusterKeyFile, tlsNames, publicUrl, value);
    }

    /**
     * Checks a public URL and drops trailing slashes, so that {@code https://gw.example.com/} and
     * {@code https://gw.example.com} give the same issuer. The value is never repeated in the message: a URL
     * with user info may carry a password.
     *
     * @throws IllegalArgumentException when it is not an absolute https URL with a host and without user info,
     *                                  query or fragment
     */
    static String normalizePublicUrl(String value) {
        String v = value.strip();
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(PUBLIC_URL_FORM + "; it is not a valid URL");
        }
        if (!uri.isAbsolute() || uri.isOpaque()) {
            throw new IllegalArgumentException(PUBLIC_URL_FORM + "; it is not an absolute URL");
        }
        if (!uri.getScheme().equalsIgnoreCase("https")) {
            throw new IllegalArgumentException(PUBLIC_URL_FORM + "; the scheme must be https, not "
                    + uri.getScheme());
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(PUBLIC_URL_FORM + "; it must not contain a user name or password");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException(PUBLIC_URL_FORM + "; it has no valid host name");
        }
        if (uri.getRawQuery() != null) {
            throw new IllegalArgumentException(PUBLIC_URL_FORM + "; it must not have a query (?…)");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException(PUBLIC_URL_FORM + "; it must not have a fragment (#…)");
        }
        String normalized = "https" + v.substring(uri.getScheme().length());
        while (normalized.endsWith("/")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        return normalized;
    }

    private static final String PUBLIC_URL_FORM = "publicUrl must be an absolute https URL such as"
            + " https://gateway.example.com or https://gateway.example.com:8443/secretdesk";

    /** True when the database is shared (PostgreSQL; several nodes may run on it), false for H2. */
    public boolean clustered() {
        return dbUrl != null && !dbUrl.startsWith("jdbc:h2:");
    }
}
