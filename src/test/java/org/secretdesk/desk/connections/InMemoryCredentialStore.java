package org.secretdesk.desk.connections;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.secretdesk.model.SecretValue;

/** The keychain, for tests only: in memory, or "unavailable" to exercise the ask-each-session path. */
public final class InMemoryCredentialStore implements CredentialStore {

    private final Map<String, char[]> keys = new HashMap<>();
    private boolean available = true;
    private boolean refuseWrites;

    public InMemoryCredentialStore unavailable() {
        available = false;
        return this;
    }

    /** Reads work (nothing stored), writes are refused: a keychain that is there but will not keep a key. */
    public InMemoryCredentialStore refusingWrites() {
        refuseWrites = true;
        return this;
    }

    public boolean holds(String profileId) {
        return keys.containsKey(profileId);
    }

    @Override
    public Optional<SecretValue> read(String profileId) throws UnavailableException {
        check();
        char[] k = keys.get(profileId);
        return k == null ? Optional.empty() : Optional.of(SecretValue.wrap(k.clone()));
    }

    @Override
    public void write(String profileId, SecretValue key) throws UnavailableException {
        check();
        if (refuseWrites) {
            throw new UnavailableException("the keychain is locked", null);
        }
        keys.put(profileId, key.copyChars());
    }

    @Override
    public void delete(String profileId) throws UnavailableException {
        check();
        keys.remove(profileId);
    }

    @Override
    public String displayName() {
        return "test keychain";
    }

    private void check() throws UnavailableException {
        if (!available) {
            throw new UnavailableException("no supported OS keychain on this system", null);
        }
    }
}
