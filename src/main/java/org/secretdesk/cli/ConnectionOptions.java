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
import java.time.Clock;
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
import org.secretdesk.desk.DataDirectory;
import org.secretdesk.desk.connections.ConnectionProfile;
import org.secretdesk.desk.connections.ConnectionProfileStore;
import org.secretdesk.desk.connections.Connections;
import org.secretdesk.desk.connections.CredentialStore;
import org.secretdesk.desk.connections.GatewaySettings;
import org.secretdesk.desk.connections.KeychainCredentialStore;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.CertificateParseException;
import org.secretdesk.pki.Pem;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * How a CLI command reaches a gateway: its kind, URL, trust and credentials, given as options or taken from a
 * connection saved in the console ({@code --profile}, same profiles file and keychain). Credentials are never taken as
 * command-line values (they would end up in the shell history and the process list): only from files or the
 * environment variables {@value #API_KEY_VARIABLE} and {@value #PASSWORD_VARIABLE}.
 */
final class ConnectionOptions {

    static final String API_KEY_VARIABLE = "SECRETDESK_API_KEY";
    static final String PASSWORD_VARIABLE = "SECRETDESK_PASSWORD";

    enum Kind { SECRETDESK, DATAMINER, GRAVITEE, KEYCLOAK }

    @Option(names = "--profile", paramLabel = "NAME",
            description = "A connection saved in the console: its kind, URL, trusted CA and settings, and the secret "
                    + "from the OS keychain (or --api-key-file / --password-file / the environment). Other options "
                    + "given as well override the profile's.")
    String profile;

    @Option(names = "--kind", paramLabel = "KIND",
            description = "secretdesk, dataminer, gravitee or keycloak (required without --profile).",
            converter = KindConverter.class)
    Kind kind;

    @Option(names = "--url", paramLabel = "URL",
            description = "The gateway's base URL, e.g. https://gw.example.com:8443, https://agent/BrokerGateway, "
                    + "https://am.example.com, https://sso.example.com (required without --profile).")
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

    @Option(names = "--admin-realm", paramLabel = "REALM",
            description = "keycloak: the realm the administrator signs in to (default: master).")
    String adminRealm;

    @Option(names = "--org", paramLabel = "ORG", description = "gravitee: the organization (default: DEFAULT).")
    String organization;

    @Option(names = "--env", paramLabel = "ENV", description = "gravitee: the environment (default: DEFAULT).")
    String environment;

    @Option(names = "--domain", paramLabel = "DOMAIN", description = "gravitee: the security domain.")
    String domain;

    /** Where {@code --profile} finds the console's keychain entries (tests replace it). */
    CredentialStore keychain = new KeychainCredentialStore();
    /** The profile's pinned CA, when it is used for trust. */
    private TlsTrust profileTrust;
    /** The profile's secret from the keychain, when no file or variable gave one. */
    private SecretValue profileSecret;
    private ConnectionProfile chosen;

    /** Opens a client; a missing or contradictory option is a usage error (exit code 2). */
    GatewayClient open(picocli.CommandLine cmd, Map<String, String> environmentVariables) {
        try {
            if (profile != null) {
                applyProfile(cmd, environmentVariables);
            }
            if (kind == null || url == null) {
                throw new ParameterException(cmd, "Give --profile NAME, or --kind and --url");
            }
            return openClient(cmd, environmentVariables);
        } finally {
            if (profileSecret != null) {
                profileSecret.destroy();
                profileSecret = null;
            }
        }
    }

    /**
     * Takes kind, URL, settings and trust from the console's saved profile (options given explicitly win), and
     * the secret from the keychain unless a file or variable gives one.
     */
    private void applyProfile(picocli.CommandLine cmd, Map<String, String> env) {
        Connections connections = new Connections(new ConnectionProfileStore(DataDirectory.forCurrentUser(),
                Clock.systemUTC()), keychain, Connections.DEFAULT_TIMEOUT);
        String warning = connections.load();
        chosen = connections.profiles().stream().filter(p -> p.name().strip().equalsIgnoreCase(profile.strip()))
                .findFirst().orElseThrow(() -> new ParameterException(cmd, "No saved connection named \"" + profile
                        + "\"" + (warning != null ? " (" + warning + ")" : "") + ". Saved: "
                        + (connections.profiles().isEmpty() ? "none" : String.join(", ",
                        connections.profiles().stream().map(ConnectionProfile::name).toList()))));
        if (kind == null) {
            kind = Kind.valueOf(chosen.kind().name());
        }
        if (url == null) {
            url = chosen.uri();
        }
        GatewaySettings g = chosen.settings();
        user = user != null ? user : g.user();
        realm = realm != null ? realm : g.realm();
        adminRealm = adminRealm != null ? adminRealm : g.adminRealm();
        organization = organization != null ? organization : g.organization();
        environment = environment != null ? environment : g.environment();
        domain = domain != null ? domain : g.domain();
        if (caFile == null && !systemTrust && chosen.pinned()) {
            try {
                profileTrust = TlsTrust.pinned(chosen.pinnedCa().orElseThrow(), chosen.pinnedCaSha256());
            } catch (CertificateParseException e) {
                throw new ParameterException(cmd, e.getMessage());
            }
        }
        boolean secretGiven = kind == Kind.SECRETDESK || kind == Kind.DATAMINER
                ? apiKeyFile != null || present(env.get(API_KEY_VARIABLE))
                : passwordFile != null || present(env.get(PASSWORD_VARIABLE));
        if (!secretGiven) {
            String what = chosen.kind().credentialName().toLowerCase(Locale.ROOT);
            String how = kind == Kind.SECRETDESK || kind == Kind.DATAMINER
                    ? "--api-key-file FILE or set " + API_KEY_VARIABLE
                    : "--password-file FILE or set " + PASSWORD_VARIABLE;
            try {
                profileSecret = keychain.read(chosen.id()).orElseThrow(() -> new ParameterException(cmd,
                        "The OS keychain holds no " + what + " for the connection \"" + chosen.name() + "\": give "
                                + how + " (the console stores it when you tick \"Remember\")"));
            } catch (CredentialStore.UnavailableException e) {
                throw new ParameterException(cmd, "The " + what + " of \"" + chosen.name() + "\" cannot be read from"
                        + " the OS keychain (" + e.getMessage() + "): give " + how);
            }
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private GatewayClient openClient(picocli.CommandLine cmd, Map<String, String> environmentVariables) {
        TlsTrust trust = profileTrust != null ? profileTrust : trust(cmd);
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
            if (profileSecret != null && apiKeyFile == null && !present(env.get(API_KEY_VARIABLE))) {
                return SecretValue.wrap(profileSecret.copyChars());
            }
            return secret(cmd, apiKeyFile, "--api-key-file", API_KEY_VARIABLE, env);
        }
        throw new IllegalStateException("no API key for " + kind);
    }

    private SecretValue password(picocli.CommandLine cmd, Map<String, String> env) {
        if (profileSecret != null && passwordFile == null && !present(env.get(PASSWORD_VARIABLE))) {
            return SecretValue.wrap(profileSecret.copyChars());
        }
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
