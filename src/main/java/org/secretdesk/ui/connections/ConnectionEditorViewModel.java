package org.secretdesk.ui.connections;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.secretdesk.desk.connections.ConnectionFailedException;
import org.secretdesk.desk.connections.ConnectionProfile;
import org.secretdesk.desk.connections.ConnectionReport;
import org.secretdesk.desk.connections.Connections;
import org.secretdesk.desk.connections.CredentialStore;
import org.secretdesk.desk.connections.GatewayKind;
import org.secretdesk.desk.connections.GatewaySettings;
import org.secretdesk.desk.connections.ProfileRules;
import org.secretdesk.desk.connections.UntrustedChainException;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.CertificateDetails;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.common.TypedSecret;

/**
 * Add or edit a connection: name, kind, URL, the kind's own fields (user, Keycloak realm, Gravitee
 * organization/environment/domain), the secret part of the credential (admin key, API key or password), "Test
 * connection" through the kind's real connector, and saving (profile to the profiles file, secret to the OS
 * keychain only). Typed input is kept whatever fails.
 */
public final class ConnectionEditorViewModel {

    /** Whether the OS keychain can hold the key; found out in the background when the dialog opens. */
    public enum KeychainState { CHECKING, AVAILABLE, UNAVAILABLE }

    private final Connections connections;
    private final Background background;
    /** The profile as saved: the one edited, or after a first save the new one (saving again updates it). */
    private ConnectionProfile original;

    private final StringProperty name = new SimpleStringProperty("");
    private final ObjectProperty<GatewayKind> kind = new SimpleObjectProperty<>(GatewayKind.SECRETDESK);
    private final StringProperty url = new SimpleStringProperty("https://");
    /** The secret part of the credential as typed: characters only, wiped on save and when the dialog closes. */
    private final TypedSecret adminKey = new TypedSecret();
    private final StringProperty user = new SimpleStringProperty("");
    private final StringProperty realm = new SimpleStringProperty("");
    private final StringProperty adminRealm = new SimpleStringProperty("master");
    private final StringProperty organization = new SimpleStringProperty("DEFAULT");
    private final StringProperty environment = new SimpleStringProperty("DEFAULT");
    private final StringProperty domain = new SimpleStringProperty("");
    /** Ticked once the keychain answered that it can keep the key (never while that is unknown or impossible). */
    private final BooleanProperty rememberKey = new SimpleBooleanProperty(false);
    private final ReadOnlyObjectWrapper<KeychainState> keychain = new ReadOnlyObjectWrapper<>(KeychainState.CHECKING);
    private final ReadOnlyStringWrapper keychainError = new ReadOnlyStringWrapper("");
    private final StringBinding keychainNote;
    private final ReadOnlyBooleanWrapper storedKeyPresent = new ReadOnlyBooleanWrapper();
    private final String id;
    /** The CA pinned for this draft (fingerprint and PEM): the saved one, or one accepted during a test. */
    private String pinnedSha256;
    private String pinnedPem;

    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<ConnectionReport> report = new ReadOnlyObjectWrapper<>();
    private final StringBinding nameProblem;
    private final StringBinding urlProblem;
    private final StringBinding settingsProblem;
    private final BooleanBinding canSave;
    private final BooleanBinding canTest;

    public ConnectionEditorViewModel(Connections connections, Background background, ConnectionProfile existing) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.background = Objects.requireNonNull(background, "background");
        this.original = existing;
        if (existing != null) {
            name.set(existing.name());
            kind.set(existing.kind());
            url.set(existing.url());
            GatewaySettings g = existing.settings();
            user.set(Objects.requireNonNullElse(g.user(), ""));
            realm.set(Objects.requireNonNullElse(g.realm(), ""));
            adminRealm.set(Objects.requireNonNullElse(g.adminRealm(), "master"));
            organization.set(Objects.requireNonNullElse(g.organization(), "DEFAULT"));
            environment.set(Objects.requireNonNullElse(g.environment(), "DEFAULT"));
            domain.set(Objects.requireNonNullElse(g.domain(), ""));
        }
        id = existing != null ? existing.id() : java.util.UUID.randomUUID().toString();
        if (existing != null) {
            pinnedSha256 = existing.pinnedCaSha256();
            pinnedPem = existing.pinnedCaPem();
        }
        nameProblem = Bindings.createStringBinding(() -> ProfileRules.checkName(name.get(),
                existing == null ? null : existing.id(), connections.profiles()).orElse(""), name);
        urlProblem = Bindings.createStringBinding(() -> ProfileRules.checkUrl(url.get()).orElse(""), url);
        settingsProblem = Bindings.createStringBinding(() -> ProfileRules.checkSettings(kind.get(), settings())
                .orElse(""), kind, user, realm, adminRealm, organization, environment, domain);
        canTest = Bindings.createBooleanBinding(() -> urlProblem.get().isEmpty() && settingsProblem.get().isEmpty()
                        && !busy.get() && (!adminKey.isEmpty() || storedKeyPresent.get()),
                urlProblem, settingsProblem, busy, adminKey.lengthProperty(), storedKeyPresent);
        canSave = Bindings.createBooleanBinding(() -> nameProblem.get().isEmpty() && urlProblem.get().isEmpty()
                && settingsProblem.get().isEmpty() && !busy.get(), nameProblem, urlProblem, settingsProblem, busy);
        keychainNote = Bindings.createStringBinding(() -> {
            String what = kind.get().credentialName().toLowerCase(java.util.Locale.ROOT);
            String display = connections.credentials().displayName();
            return switch (keychain.get()) {
                case CHECKING -> "Checking the OS keychain…";
                case AVAILABLE -> storedKeyPresent.get()
                        ? "The " + what + " is stored in the " + display + ". Leave the field empty to keep it."
                        : "The " + what + " will be stored in the " + display + ", never in a file.";
                case UNAVAILABLE -> "No OS keychain can be used here (" + keychainError.get() + "). SecretDesk will"
                        + " ask for the " + what + " each session; it is never written to a file.";
            };
        }, kind, keychain, storedKeyPresent, keychainError);
        // Another kind means another credential: a report for the old one no longer says anything.
        kind.addListener((o, a, b) -> report.set(null));
        // A different address is a different server: a CA accepted for the old one no longer applies.
        url.addListener((o, a, b) -> {
            report.set(null);
            String pinnedFor = existing == null ? null : existing.url();
            if (!Objects.equals(b == null ? null : b.strip(), pinnedFor)) {
                pinnedSha256 = null;
                pinnedPem = null;
            } else if (existing != null) {
                pinnedSha256 = existing.pinnedCaSha256();
                pinnedPem = existing.pinnedCaPem();
            }
        });
    }

    public boolean editing() {
        return original != null;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public ObjectProperty<GatewayKind> kindProperty() {
        return kind;
    }

    /** Every kind has a connector. */
    public List<GatewayKind> kinds() {
        return List.of(GatewayKind.values());
    }

    /** Gravitee AM and Keycloak: the administrator's user name. */
    public StringProperty userProperty() {
        return user;
    }

    /** Keycloak: the realm of the clients. */
    public StringProperty realmProperty() {
        return realm;
    }

    /** Keycloak: where the administrator signs in (master by default). */
    public StringProperty adminRealmProperty() {
        return adminRealm;
    }

    public StringProperty organizationProperty() {
        return organization;
    }

    public StringProperty environmentProperty() {
        return environment;
    }

    /** Gravitee AM: the security domain. */
    public StringProperty domainProperty() {
        return domain;
    }

    public StringBinding settingsProblem() {
        return settingsProblem;
    }

    private GatewaySettings settings() {
        return new GatewaySettings(user.get(), realm.get(), adminRealm.get(), organization.get(), environment.get(),
                domain.get()).forKind(kind.get());
    }

    public StringProperty urlProperty() {
        return url;
    }

    /** The admin key, API key or password as typed. */
    public TypedSecret adminKey() {
        return adminKey;
    }

    /** The dialog closed: the typed key is wiped. */
    public void close() {
        adminKey.wipe();
    }

    public BooleanProperty rememberKeyProperty() {
        return rememberKey;
    }

    public ReadOnlyObjectProperty<KeychainState> keychainProperty() {
        return keychain.getReadOnlyProperty();
    }

    public StringBinding keychainNoteProperty() {
        return keychainNote;
    }

    public ReadOnlyBooleanProperty storedKeyPresentProperty() {
        return storedKeyPresent.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ConnectionReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    public StringBinding nameProblem() {
        return nameProblem;
    }

    public StringBinding urlProblem() {
        return urlProblem;
    }

    public BooleanBinding canSave() {
        return canSave;
    }

    public BooleanBinding canTest() {
        return canTest;
    }

    /** The fingerprint of the CA this draft trusts, or null. */
    public String pinnedFingerprint() {
        return pinnedSha256;
    }

    /**
     * Asks the keychain (in the background) whether it works and holds a key for this profile. For a new profile
     * it is asked too: "Remember in the keychain" is ticked only once the keychain answered.
     */
    public void checkKeychain() {
        ConnectionProfile existing = original;
        background.call(() -> {
            if (existing == null) {
                connections.credentials().probe();
                return Optional.<SecretValue>empty();
            }
            return connections.storedKey(existing);
        }, stored -> {
            storedKeyPresent.set(stored.isPresent());
            stored.ifPresent(SecretValue::destroy);
            rememberKey.set(true);
            keychain.set(KeychainState.AVAILABLE);
        }, e -> {
            keychainError.set(String.valueOf(e.getMessage()));
            rememberKey.set(false);
            keychain.set(KeychainState.UNAVAILABLE);
        });
    }

    /** The draft as a profile, keeping the id and any accepted CA. */
    public ConnectionProfile draft() {
        return new ConnectionProfile(id, name.get().strip(), kind.get(), url.get().strip(), pinnedSha256, pinnedPem,
                settings());
    }

    /**
     * Runs "Test connection". When the chain is not trusted yet, {@code onUntrusted} gets it (on the UI thread)
     * to ask the operator; {@link #trust} then pins it and tests again.
     */
    public void test(Consumer<UntrustedChainException> onUntrusted) {
        ConnectionProfile profile = draft();
        error.set("");
        report.set(null);
        busy.set(true);
        SecretValue typed = adminKey.isEmpty() ? null : adminKey.copy();
        background.call(() -> {
            SecretValue key = typed != null ? typed
                    : connections.storedKey(profile).orElseThrow(() -> new ConnectionFailedException(
                    ConnectionFailedException.Reason.AUTHENTICATION,
                    "Enter the " + profile.kind().credentialName().toLowerCase(java.util.Locale.ROOT) + ".", null));
            try {
                return connections.test(profile, key);
            } finally {
                key.destroy();
            }
        }, r -> {
            busy.set(false);
            report.set(r);
        }, e -> {
            busy.set(false);
            if (e instanceof UntrustedChainException u) {
                onUntrusted.accept(u);
            } else {
                error.set(describe(e));
            }
        });
    }

    /** The operator accepted this CA in the fingerprint prompt. */
    public void trust(X509Certificate ca) {
        ConnectionProfile pinned = draft().withPinnedCa(ca);
        pinnedSha256 = pinned.pinnedCaSha256();
        pinnedPem = pinned.pinnedCaPem();
    }

    /** The operator declined the certificate: nothing is pinned, and the dialog says why it stopped. */
    public void declined() {
        error.set("The certificate was not trusted, so nothing was sent to the gateway.");
    }

    /**
     * Saves the profile and the key: in the keychain when asked and possible, else (or when the keychain refuses
     * it) in memory for this session, so connecting does not ask for it again; {@code onSaved} gets the profile.
     * A profile saved once is updated by the next save (a failed keychain write never leaves "exists already").
     */
    public void save(Consumer<ConnectionProfile> onSaved) {
        ConnectionProfile profile = draft();
        SecretValue typed = adminKey.isEmpty() ? null : adminKey.copy();
        boolean storeKey = rememberKey.get() && keychain.get() == KeychainState.AVAILABLE && typed != null;
        boolean isNew = original == null;
        error.set("");
        busy.set(true);
        background.call(() -> {
            try {
                if (isNew) {
                    connections.add(profile);
                } else {
                    connections.update(profile);
                }
                if (typed != null) {
                    keepKey(profile, typed, storeKey);
                }
                return profile;
            } finally {
                if (typed != null) {
                    typed.destroy();
                }
            }
        }, p -> {
            busy.set(false);
            original = p;
            adminKey.wipe();
            onSaved.accept(p);
        }, e -> {
            busy.set(false);
            if (connections.find(profile.id()).isPresent()) {
                original = profile; // saved before the failure: the next Save updates it
            }
            error.set(describe(e));
        });
    }

    /** In the keychain if asked, else for this session; a keychain that refuses it leaves it for the session. */
    private void keepKey(ConnectionProfile profile, SecretValue key, boolean inKeychain) {
        if (inKeychain) {
            try {
                connections.credentials().write(profile.id(), key);
                connections.sessionKeys().forget(profile.id());
                return;
            } catch (CredentialStore.UnavailableException e) {
                // Kept for the session below; the connection details say where the key is.
            }
        }
        connections.sessionKeys().remember(profile.id(), key);
    }

    /** The chain summary line for the report, e.g. "CN=gw (server) ← CN=Root (root CA)". */
    public static String chainSummary(List<CertificateDetails> chain) {
        StringBuilder s = new StringBuilder();
        for (CertificateDetails d : chain) {
            if (!s.isEmpty()) {
                s.append("  ←  ");
            }
            s.append(d.subject());
        }
        return s.toString();
    }

    static String describe(Throwable e) {
        return switch (e) {
            case ConnectionFailedException c -> c.getMessage();
            case CredentialStore.UnavailableException u -> "The OS keychain cannot be used: " + u.getMessage();
            case IllegalArgumentException i -> i.getMessage();
            case java.io.IOException io -> "The connection could not be saved: " + io.getMessage();
            default -> "Something went wrong (" + e.getClass().getSimpleName() + ").";
        };
    }
}
