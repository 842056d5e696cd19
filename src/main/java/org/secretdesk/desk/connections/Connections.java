package org.secretdesk.desk.connections;

import java.io.IOException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.client.GatewayException;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.client.dataminer.DataMinerClient;
import org.secretdesk.client.gravitee.GraviteeClient;
import org.secretdesk.client.keycloak.KeycloakClient;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.model.GatewayInfo;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.CertificateDetails;
import org.secretdesk.pki.CertificateParseException;
import org.secretdesk.pki.ChainFetchException;
import org.secretdesk.pki.ChainFetcher;
import org.secretdesk.pki.Fingerprints;

/**
 * The console's saved connections and how to open them safely. Trust is the pinned CA only: a first connection
 * (nothing pinned) and a chain that does not lead to the pinned CA both end in an
 * {@link UntrustedChainException} for the operator to decide on; {@link #trust} pins after they accepted.
 * Methods that open or test connections block on the network: call them off the FX thread.
 */
public final class Connections {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final ConnectionProfileStore store;
    private final CredentialStore credentials;
    private final Duration timeout;
    private final List<ConnectionProfile> profiles = new ArrayList<>();
    private final SessionKeys sessionKeys = new SessionKeys();
    private String lastSelected;
    /** Set when the file could not be read nor moved aside: saving would destroy it. */
    private boolean readOnly;

    public Connections(ConnectionProfileStore store, CredentialStore credentials, Duration timeout) {
        this.store = Objects.requireNonNull(store, "store");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Reads the saved profiles; returns a warning for the operator when the file had to be set aside, else null. */
    public synchronized String load() {
        ConnectionProfileStore.Loaded loaded = store.load();
        profiles.clear();
        profiles.addAll(loaded.profiles());
        lastSelected = loaded.lastSelected();
        readOnly = loaded.warning() != null && java.nio.file.Files.exists(store.file());
        return loaded.warning();
    }

    public synchronized List<ConnectionProfile> profiles() {
        return List.copyOf(profiles);
    }

    public synchronized Optional<ConnectionProfile> find(String id) {
        return profiles.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public synchronized Optional<ConnectionProfile> lastSelected() {
        return lastSelected == null ? Optional.empty() : find(lastSelected);
    }

    public synchronized void select(ConnectionProfile profile) throws IOException {
        lastSelected = profile.id();
        save();
    }

    /** Remembers that the embedded local gateway (no profile) is the current choice. */
    public synchronized void selectLocal() throws IOException {
        lastSelected = null;
        save();
    }

    public synchronized void add(ConnectionProfile profile) throws IOException {
        check(profile);
        if (find(profile.id()).isPresent()) {
            throw new IllegalArgumentException("A profile with this id exists already");
        }
        profiles.add(profile);
        save();
    }

    public synchronized void update(ConnectionProfile profile) throws IOException {
        check(profile);
        int index = indexOf(profile.id());
        profiles.set(index, profile);
        save();
    }

    /** Removes the profile and, as far as the keychain allows, its stored key. */
    public synchronized void remove(ConnectionProfile profile) throws IOException {
        profiles.remove(indexOf(profile.id()));
        if (profile.id().equals(lastSelected)) {
            lastSelected = null;
        }
        save();
        sessionKeys.forget(profile.id());
        try {
            credentials.delete(profile.id());
        } catch (CredentialStore.UnavailableException e) {
            // No keychain: nothing was stored there.
        }
    }

    /** Pins {@code ca} (the certificate the operator compared) for the profile and saves it if it is saved. */
    public synchronized ConnectionProfile trust(ConnectionProfile profile, X509Certificate ca) throws IOException {
        ConnectionProfile pinned = profile.withPinnedCa(ca);
        if (find(profile.id()).isPresent()) {
            profiles.set(indexOf(profile.id()), pinned);
            save();
        }
        return pinned;
    }

    public CredentialStore credentials() {
        return credentials;
    }

    /** Keys typed this session for profiles without one in the keychain; wiped when the console quits. */
    public SessionKeys sessionKeys() {
        return sessionKeys;
    }

    /** The secret part of the profile's credential (admin key, API key or password) in the keychain, if any. */
    public Optional<SecretValue> storedKey(ConnectionProfile profile) throws CredentialStore.UnavailableException {
        return credentials.read(profile.id());
    }

    /**
     * Opens an authenticated client of the profile's kind: checks the TLS chain against the pinned CA (hostname
     * verification on) and the credential with an authenticated call.
     *
     * @param secret the admin key, API key or password, as the kind needs
     * @throws UntrustedChainException  nothing pinned yet, or the chain does not lead to the pinned CA
     * @throws ConnectionFailedException anything else, with a one-line message
     */
    public GatewayClient open(ConnectionProfile profile, SecretValue secret)
            throws UntrustedChainException, ConnectionFailedException {
        GatewayClient client = connect(profile, secret);
        try {
            client.info();
            probeCredential(profile, client);
            return client;
        } catch (GatewayException e) {
            client.close();
            throw classify(profile, e);
        } catch (RuntimeException e) {
            client.close();
            throw new ConnectionFailedException(ConnectionFailedException.Reason.OTHER,
                    "The gateway answered unexpectedly (" + e.getClass().getSimpleName() + ").", e);
        }
    }

    /**
     * "Test connection": what the gateway presents and whether the credential works. A gateway whose chain is not
     * (yet) trusted raises {@link UntrustedChainException} so the dialog can ask before anything else is sent.
     */
    public ConnectionReport test(ConnectionProfile profile, SecretValue secret)
            throws UntrustedChainException, ConnectionFailedException {
        List<CertificateDetails> chain = List.of();
        String fingerprint = null;
        if (isHttps(profile)) {
            List<X509Certificate> presented = fetchChain(profile.uri());
            X509Certificate pinnedCa = pinnedCa(profile);
            if (pinnedCa == null || !ChainCheck.leadsTo(presented, pinnedCa)) {
                throw new UntrustedChainException(presented, profile.pinnedCaSha256());
            }
            chain = presented.stream().map(CertificateDetails::of).toList();
            fingerprint = Fingerprints.sha256(pinnedCa);
        }
        GatewayClient client = connect(profile, secret);
        try (client) {
            GatewayInfo info;
            String keyProblem = null;
            try {
                info = client.info();
            } catch (GatewayException e) {
                // Other kinds than SecretDesk need the credential for their info: a refusal is a report, not a failure.
                ConnectionFailedException failure = classify(profile, e);
                if (failure.reason() != ConnectionFailedException.Reason.AUTHENTICATION) {
                    throw failure;
                }
                return new ConnectionReport(new GatewayInfo(profile.kind().displayName(), "", null, List.of()),
                        chain, fingerprint, failure.getMessage());
            }
            try {
                probeCredential(profile, client);
            } catch (GatewayException e) {
                ConnectionFailedException failure = classify(profile, e);
                if (failure.reason() != ConnectionFailedException.Reason.AUTHENTICATION) {
                    throw failure;
                }
                keyProblem = failure.getMessage();
            }
            return new ConnectionReport(info, chain, fingerprint, keyProblem);
        } catch (RuntimeException e) {
            if (e instanceof GatewayException) {
                throw e;
            }
            throw new ConnectionFailedException(ConnectionFailedException.Reason.OTHER,
                    "The gateway answered unexpectedly (" + e.getClass().getSimpleName() + ").", e);
        }
    }

    /** One call that needs the credential and what it may do: the secret policy, or the first applications. */
    private static void probeCredential(ConnectionProfile profile, GatewayClient client) {
        if (profile.kind() == GatewayKind.SECRETDESK) {
            client.getSecretPolicy();
        } else {
            client.listApplications(null, 1, null);
        }
    }

    /** The chain a URL presents, without trusting it (for the CA wizard and the prompts). */
    public List<X509Certificate> fetchChain(URI url) throws ConnectionFailedException {
        try {
            return ChainFetcher.fetch(url, timeout);
        } catch (ChainFetchException e) {
            throw new ConnectionFailedException(ConnectionFailedException.Reason.UNREACHABLE, e.getMessage(), e);
        }
    }

    private GatewayClient connect(ConnectionProfile profile, SecretValue secret)
            throws UntrustedChainException, ConnectionFailedException {
        Optional<String> urlProblem = ProfileRules.checkUrl(profile.url())
                .or(() -> ProfileRules.checkSettings(profile.kind(), profile.settings()));
        if (urlProblem.isPresent()) {
            throw new ConnectionFailedException(ConnectionFailedException.Reason.PROFILE, urlProblem.get(), null);
        }
        TlsTrust trust = null;
        if (isHttps(profile)) {
            X509Certificate ca = pinnedCa(profile);
            if (ca == null) {
                throw new UntrustedChainException(fetchChain(profile.uri()), null);
            }
            trust = TlsTrust.pinned(ca, profile.pinnedCaSha256());
        }
        try {
            GatewaySettings g = profile.settings();
            return switch (profile.kind()) {
                case SECRETDESK -> SecretDeskClient.builder(profile.uri(), secret, trust)
                        .connectTimeout(timeout).readTimeout(timeout).build();
                case DATAMINER -> new DataMinerClient(profile.uri(), secret, trust, timeout, timeout);
                case GRAVITEE -> new GraviteeClient(profile.uri(), g.organization(), g.environment(), g.domain(),
                        g.user(), secret, trust);
                case KEYCLOAK -> new KeycloakClient(profile.uri(), g.realm(),
                        KeycloakClient.AdminLogin.password(g.adminRealm(), g.user(), secret), trust);
            };
        } catch (IllegalArgumentException e) {
            throw new ConnectionFailedException(ConnectionFailedException.Reason.PROFILE, e.getMessage(), e);
        }
    }

    private X509Certificate pinnedCa(ConnectionProfile profile) throws ConnectionFailedException {
        try {
            return profile.pinnedCa().orElse(null);
        } catch (CertificateParseException e) {
            throw new ConnectionFailedException(ConnectionFailedException.Reason.PROFILE, e.getMessage(), e);
        }
    }

    /**
     * A TLS failure is looked at once more: if the chain the server presents does not lead to the pinned CA, the
     * certificate changed (and the operator decides); otherwise the client's message (hostname mismatch,
     * expired) stands.
     */
    private ConnectionFailedException classifyTls(ConnectionProfile profile, GatewayException e)
            throws UntrustedChainException {
        try {
            X509Certificate ca = pinnedCa(profile);
            List<X509Certificate> presented = fetchChain(profile.uri());
            if (ca != null && !ChainCheck.leadsTo(presented, ca)) {
                throw new UntrustedChainException(presented, profile.pinnedCaSha256());
            }
        } catch (ConnectionFailedException refetchFailed) {
            // fall back to the client's own explanation
        }
        return new ConnectionFailedException(ConnectionFailedException.Reason.TLS, e.getMessage(), e);
    }

    private ConnectionFailedException classify(ConnectionProfile profile, GatewayException e)
            throws UntrustedChainException {
        return switch (e.kind()) {
            case TLS -> classifyTls(profile, e);
            case OFFLINE, TIMEOUT -> new ConnectionFailedException(ConnectionFailedException.Reason.UNREACHABLE,
                    e.getMessage(), e);
            case HTTP -> e.status() == 401 || e.status() == 403
                    ? new ConnectionFailedException(ConnectionFailedException.Reason.AUTHENTICATION,
                    refusal(profile.kind(), e.status()), e)
                    : new ConnectionFailedException(ConnectionFailedException.Reason.OTHER, e.getMessage(), e);
            case PROTOCOL -> new ConnectionFailedException(ConnectionFailedException.Reason.OTHER, e.getMessage(), e);
        };
    }

    /** Names the credential the kind uses, so the operator knows what to check. */
    static String refusal(GatewayKind kind, int status) {
        return switch (kind) {
            case SECRETDESK -> "The gateway did not accept the admin key (HTTP " + status + "). Check the key.";
            case DATAMINER -> "The DataMiner BrokerGateway did not accept the API key (HTTP " + status
                    + "). Use the Administrator key of its appsettings.runtime.json.";
            case GRAVITEE -> "Gravitee AM did not accept the user name and password, or the user may not manage this"
                    + " domain (HTTP " + status + ").";
            case KEYCLOAK -> "Keycloak did not accept the user name and password, or the user may not manage the"
                    + " realm's clients (HTTP " + status + "). Check the user, password and admin realm.";
        };
    }

    private static boolean isHttps(ConnectionProfile profile) {
        return "https".equalsIgnoreCase(profile.uri().getScheme());
    }

    private void check(ConnectionProfile profile) {
        Optional<String> problem = ProfileRules.checkName(profile.name(), profile.id(), profiles)
                .or(() -> ProfileRules.checkUrl(profile.url()))
                .or(() -> ProfileRules.checkSettings(profile.kind(), profile.settings()));
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    private int indexOf(String id) {
        for (int i = 0; i < profiles.size(); i++) {
            if (profiles.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new IllegalArgumentException("No such connection profile");
    }

    private void save() throws IOException {
        if (readOnly) {
            throw new IOException("The connections file " + store.file() + " could not be read or moved aside, "
                    + "so it is not overwritten. Move it away and restart SecretDesk.");
        }
        store.save(profiles, lastSelected);
    }
}
