package org.secretdesk.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.client.dataminer.DataMinerClient;
import org.secretdesk.client.gravitee.GraviteeClient;
import org.secretdesk.client.keycloak.KeycloakClient;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.CertificateParseException;
import org.secretdesk.pki.Pem;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * How a CLI command reaches a gateway: its kind, URL, trust and credentials. Credentials are never taken as
 * command-line values (they would end up in the shell history and the process list): only from files or the
 * environment variables {@value #API_KEY_VARIABLE} and {@value #PASSWORD_VARIABLE}.
 */
final class ConnectionOptions {

    static final String API_KEY_VARIABLE = "SECRETDESK_API_KEY";
    static final String PASSWORD_VARIABLE = "SECRETDESK_PASSWORD";

    enum Kind { SECRETDESK, DATAMINER, GRAVITEE, KEYCLOAK }

    @Option(names = "--kind", paramLabel = "KIND", required = true,
            description = "secretdesk, dataminer, gravitee or keycloak.", converter = KindConverter.class)
    Kind kind;

    @Option(names = "--url", paramLabel = "URL", required = true,
            description = "The gateway's base URL, e.g. https://gw.example.com:8443, https://agent/BrokerGateway, "
                    + "https://am.example.com, https://sso.example.com.")
    URI url;

    @Option(names = "--api-key-file", paramLabel = "FILE",
            description = "secretdesk, dataminer: a file whose first line is the admin/API key "
                    + "(else the environment variable " + API_KEY_VARIABLE + ").")
    Path apiKeyFile;

    @Option(names = "--user", paramLabel = "USER",
            description = "gravitee, keycloak: the administrator's user name (password from --password-file or "
                    + PASSWORD_VARIABLE + ").")
    String user;

    @Option(names = "--client-id", paramLabel = "ID",
            description = "keycloak: instead of --user, a service-account client allowed to manage clients "
                    + "(its secret from --password-file or " + PASSWORD_VARIABLE + ").")
    String clientId;

    @Option(names = "--password-file", paramLabel = "FILE", description = "A file whose first line is the password.")
    Path passwordFile;

    @Option(names = "--ca-file", paramLabel = "FILE",
            description = "PEM file with the CA certificate(s) to trust; only these are trusted.")
    Path caFile;

    @Option(names = "--system-trust",
            description = "Trust the CAs of this Java runtime's default trust store instead of --ca-file.")
    boolean systemTrust;

    @Option(names = "--realm", paramLabel = "REALM", description = "keycloak: the realm whose clients to manage.")
    String realm;

    @Option(names = "--admin-realm", paramLabel = "REALM", defaultValue = "master",
            description = "keycloak: the realm the administrator signs in to (default: ${DEFAULT-VALUE}).")
    String adminRealm;

    @Option(names = "--org", paramLabel = "ORG", description = "gravitee: the organization (default: DEFAULT).")
    String organization;

    @Option(names = "--env", paramLabel = "ENV", description = "gravitee: the environment (default: DEFAULT).")
    String environment;

    @Option(names = "--domain", paramLabel = "DOMAIN", description = "gravitee: the security domain.")
    String domain;

    /** Opens a client; a missing or contradictory option is a usage error (exit code 2). */
    GatewayClient open(picocli.CommandLine cmd, Map<String, String> environmentVariables) {
        TlsTrust trust = trust(cmd);
        return switch (kind) {
            case SECRETDESK -> {
                SecretValue key = apiKey(cmd, environmentVariables);
                try {
                    TlsTrust sdTrust = trust != null || !"https".equalsIgnoreCase(url.getScheme()) ? trust
                            : TlsTrust.of(systemCertificates());
                    yield new SecretDeskClient(url, key, sdTrust);
                } finally {
                    key.destroy();
                }
            }
            case DATAMINER -> {
                SecretValue key = apiKey(cmd, environmentVariables);
                try {
                    yield new DataMinerClient(url, key, trust);
                } finally {
                    key.destroy();
                }
            }
            case GRAVITEE -> {
                require(cmd, user, "--user", "gravitee");
                require(cmd, domain, "--domain", "gravitee");
                SecretValue password = password(cmd, environmentVariables);
                try {
                    yield new GraviteeClient(url, organization, environment, domain, user, password, trust);
                } finally {
                    password.destroy();
                }
            }
            case KEYCLOAK -> {
                require(cmd, realm, "--realm", "keycloak");
                if ((user == null) == (clientId == null)) {
                    throw new ParameterException(cmd, "keycloak needs either --user (with a password) or --client-id "
                            + "(with its client secret)");
                }
                SecretValue password = password(cmd, environmentVariables);
                try {
                    KeycloakClient.AdminLogin login = user != null
                            ? KeycloakClient.AdminLogin.password(adminRealm, user, password)
                            : KeycloakClient.AdminLogin.clientCredentials(adminRealm, clientId, password);
                    yield new KeycloakClient(url, realm, login, trust);
                } finally {
                    password.destroy();
                }
            }
        };
    }

    private TlsTrust trust(picocli.CommandLine cmd) {
        if (caFile != null && systemTrust) {
            throw new ParameterException(cmd, "Use either --ca-file or --system-trust, not both");
        }
        if (caFile != null) {
            try {
                return TlsTrust.of(Pem.readCertificates(Files.readAllBytes(caFile)));
            } catch (IOException | CertificateParseException e) {
                throw new ParameterException(cmd, "Cannot read the CA certificates in " + caFile + ": " + e.getMessage());
            }
        }
        if ("https".equalsIgnoreCase(url.getScheme()) && !systemTrust) {
            throw new ParameterException(cmd, "An https gateway needs --ca-file FILE (the CA to trust) or "
                    + "--system-trust (this Java runtime's default CAs)");
        }
        return null;
    }

    private SecretValue apiKey(picocli.CommandLine cmd, Map<String, String> env) {
        if (kind == Kind.SECRETDESK || kind == Kind.DATAMINER) {
            return secret(cmd, apiKeyFile, "--api-key-file", API_KEY_VARIABLE, env);
        }
        throw new IllegalStateException("no API key for " + kind);
    }

    private SecretValue password(picocli.CommandLine cmd, Map<String, String> env) {
        return secret(cmd, passwordFile, "--password-file", PASSWORD_VARIABLE, env);
    }

    private static SecretValue secret(picocli.CommandLine cmd, Path file, String option, String variable,
                                      Map<String, String> env) {
        if (file != null) {
            try {
                return firstLine(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new ParameterException(cmd, "Cannot read " + option + " " + file + ": " + e.getMessage());
            }
        }
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            throw new ParameterException(cmd, "Missing credential: give " + option + " FILE or set " + variable);
        }
        return SecretValue.copyOf(value.strip());
    }

    /** The first line of a credential file, without keeping a String of it. */
    static SecretValue firstLine(byte[] bytes) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
            int end = 0;
            while (end < chars.limit() && chars.get(end) != '\n' && chars.get(end) != '\r') {
                end++;
            }
            int start = 0;
            while (start < end && Character.isWhitespace(chars.get(start))) {
                start++;
            }
            while (end > start && Character.isWhitespace(chars.get(end - 1))) {
                end--;
            }
            char[] out = new char[end - start];
            for (int i = 0; i < out.length; i++) {
                out[i] = chars.get(start + i);
            }
            if (chars.hasArray()) {
                Arrays.fill(chars.array(), '\0');
            }
            return SecretValue.wrap(out);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static void require(picocli.CommandLine cmd, String value, String option, String kind) {
        if (value == null || value.isBlank()) {
            throw new ParameterException(cmd, kind + " needs " + option);
        }
    }

    /** The JDK's default trust anchors, for a SecretDesk gateway whose certificate a public CA issued. */
    private static List<X509Certificate> systemCertificates() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager m : factory.getTrustManagers()) {
                if (m instanceof X509TrustManager x509) {
                    return List.of(x509.getAcceptedIssuers());
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot load the JDK's default trust store", e);
        }
        throw new IllegalStateException("No X509TrustManager in the JDK's default trust store");
    }

    static final class KindConverter implements picocli.CommandLine.ITypeConverter<Kind> {
        @Override
        public Kind convert(String value) {
            try {
                return Kind.valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not one of secretdesk, dataminer, gravitee, keycloak");
            }
        }
    }
}
