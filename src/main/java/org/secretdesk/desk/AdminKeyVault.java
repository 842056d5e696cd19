package org.secretdesk.desk;

import java.util.Optional;
import org.secretdesk.desk.connections.CredentialStore;
import org.secretdesk.desk.connections.KeychainCredentialStore;
import org.secretdesk.model.SecretValue;

/**
 * The embedded gateway's admin key in the OS keychain: service "SecretDesk", account {@value #ACCOUNT}, through the
 * same {@link KeychainCredentialStore} that keeps the saved connections' keys. Any failure — no backend, no D-Bus
 * session on a headless Linux, a locked or hanging keychain — surfaces as
 * {@link CredentialStore.UnavailableException} so the caller can fall back to the gateway's owner-only key file and
 * say so.
 */
public final class AdminKeyVault {

    public static final String SERVICE = KeychainCredentialStore.SERVICE;
    public static final String ACCOUNT = "embedded-gateway-admin";

    private final KeychainCredentialStore keychain = new KeychainCredentialStore();

    /** The stored key, or empty when the keychain works but holds none. */
    public Optional<SecretValue> read() throws CredentialStore.UnavailableException {
        return keychain.readAccount(ACCOUNT);
    }

    public void write(SecretValue key) throws CredentialStore.UnavailableException {
        keychain.writeAccount(ACCOUNT, key);
    }

    /** A short name of the keychain in use, for the connection details. */
    public String backendName() {
        return keychain.displayName();
    }
}
