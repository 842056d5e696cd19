package org.secretdesk.desk.connections;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.secretdesk.model.SecretValue;

/**
 * Credentials typed in this session for connections whose key is not in the keychain (there is none, or the
 * operator chose not to store it): kept in memory as characters, so switching back to a connection does not ask
 * again, and wiped when the console quits ({@link #wipe}). Never written anywhere.
 */
public final class SessionKeys {

    private final Map<String, SecretValue> keys = new HashMap<>();

    /** Keeps a copy of {@code key} for the profile (the caller keeps and wipes its own). */
    public synchronized void remember(String profileId, SecretValue key) {
        SecretValue old = keys.put(profileId, SecretValue.wrap(key.copyChars()));
        if (old != null) {
            old.destroy();
        }
    }

    /** A copy of the profile's key for the caller to use and wipe, if one was typed this session. */
    public synchronized Optional<SecretValue> get(String profileId) {
        SecretValue k = keys.get(profileId);
        return k == null ? Optional.empty() : Optional.of(SecretValue.wrap(k.copyChars()));
    }

    public synchronized boolean holds(String profileId) {
        return keys.containsKey(profileId);
    }

    /** Forgets the profile's key (it was refused, or the profile removed). */
    public synchronized void forget(String profileId) {
        SecretValue old = keys.remove(profileId);
        if (old != null) {
            old.destroy();
        }
    }

    /** Wipes every key (quitting). */
    public synchronized void wipe() {
        keys.values().forEach(SecretValue::destroy);
        keys.clear();
    }
}
