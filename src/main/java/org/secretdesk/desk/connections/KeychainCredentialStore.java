package org.secretdesk.desk.connections;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.PasswordAccessException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.secretdesk.model.SecretValue;

/**
 * Admin keys in the OS keychain through java-keyring: service {@value #SERVICE}, account
 * {@code profile:<id>}. Every failure (no backend, no D-Bus session, a locked keychain that never answers) becomes
 * an {@link CredentialStore.UnavailableException}, so the console can fall back to asking each session.
 */
public final class KeychainCredentialStore implements CredentialStore {

    public static final String SERVICE = "SecretDesk";
    /** A keychain that does not answer in time is treated as unusable (an unlock prompt nobody sees). */
    private static final long TIMEOUT_SECONDS = 5;

    static String account(String profileId) {
        return "profile:" + profileId;
    }

    @Override
    public Optional<SecretValue> read(String profileId) throws UnavailableException {
        return readAccount(account(profileId));
    }

    @Override
    public void write(String profileId, SecretValue key) throws UnavailableException {
        writeAccount(account(profileId), key);
    }

    /** The key under {@code account} of service {@value #SERVICE}, or empty when the keychain holds none. */
    public Optional<SecretValue> readAccount(String account) throws UnavailableException {
        String stored = call(k -> {
            try {
                return k.getPassword(SERVICE, account);
            } catch (PasswordAccessException e) {
                return null; // java-keyring reports "no such entry" this way
            }
        });
        return stored == null || stored.isEmpty() ? Optional.empty() : Optional.of(SecretValue.copyOf(stored));
    }

    /** Stores {@code key} under {@code account} of service {@value #SERVICE}, replacing what was there. */
    public void writeAccount(String account, SecretValue key) throws UnavailableException {
        char[] chars = key.copyChars();
        try {
            String value = new String(chars); // the keyring API takes a String; it lives for this call only
            call(k -> {
                k.setPassword(SERVICE, account, value);
                return null;
            });
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    @Override
    public void delete(String profileId) throws UnavailableException {
        call(k -> {
            try {
                k.deletePassword(SERVICE, account(profileId));
            } catch (PasswordAccessException e) {
                // nothing stored: nothing to delete
            }
            return null;
        });
    }

    @Override
    public String displayName() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return "Windows Credential Manager";
        }
        if (os.startsWith("mac")) {
            return "macOS Keychain";
        }
        return "Secret Service keyring";
    }

    private interface KeyringCall<T> {
        T apply(Keyring keyring) throws Exception;
    }

    private <T> T call(KeyringCall<T> call) throws UnavailableException {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "keychain");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<T> f = executor.submit(() -> {
                try (Keyring keyring = Keyring.create()) {
                    return call.apply(keyring);
                }
            });
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new UnavailableException("the OS keychain did not answer within " + TIMEOUT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new UnavailableException(describe(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while using the OS keychain", e);
        } catch (RuntimeException | LinkageError e) {
            throw new UnavailableException(describe(e), e);
        } finally {
            executor.shutdownNow();
        }
    }

    private static String describe(Throwable e) {
        if (e instanceof BackendNotSupportedException) {
            return "no supported OS keychain on this system";
        }
        // Keychain messages name the service and account at most; never the password.
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
