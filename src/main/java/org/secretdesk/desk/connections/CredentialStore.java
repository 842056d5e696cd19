package org.secretdesk.desk.connections;

import java.util.Optional;
import org.secretdesk.model.SecretValue;

/**
 * Where a connection's admin key is kept between sessions: the OS keychain. There is deliberately no file-based
 * implementation; when no keychain is usable the console asks for the key each session instead.
 */
public interface CredentialStore {

    /** The keychain cannot be used; the message says why and never contains key material. */
    final class UnavailableException extends Exception {
        public UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The stored key for the profile, or empty when the keychain works but holds none. */
    Optional<SecretValue> read(String profileId) throws UnavailableException;

    void write(String profileId, SecretValue key) throws UnavailableException;

    /** Removes the key; no error when there is none. */
    void delete(String profileId) throws UnavailableException;

    /** Whether the keychain can be used at all: asks it for an entry that is never written. */
    default void probe() throws UnavailableException {
        read("secretdesk-availability-probe");
    }

    /** A short name of the keychain for the dialog, e.g. "Windows Credential Manager". */
    String displayName();
}
