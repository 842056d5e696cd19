package org.secretdesk.ui;

import com.github.javakeyring.Keyring;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.secretdesk.model.SecretValue;

/**
 * The embedded gateway's admin key in the OS keychain (service "SecretDesk", account "embedded-gateway-admin")
 * through java-keyring. Any failure — no backend, no D-Bus session on a headless Linux, a locked or hanging
 * keychain — surfaces as {@link KeychainUnavailableException} so the caller can fall back to the gateway's
 * owner-only key file and say so.
 */
public final class AdminKeyVault {

    public static final String SERVICE = "SecretDesk";
    public static final String ACCOUNT = "embedded-gateway-admin";
    /** A keychain that does not answer in this time is treated as unusable (e.g. an unlock prompt nobody sees). */
    private static final long TIMEOUT_SECONDS = 5;

    /** The keychain cannot be used; the message says why, without any key material. */
    public static final class KeychainUnavailableException extends Exception {
        public KeychainUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The stored key, or empty when the keychain works but holds none. */
    public Optional<SecretValue> read() throws KeychainUnavailableException {
        String stored = withKeyring(k -> {
            try {
                return k.getPassword(SERVICE, ACCOUNT);
            } catch (com.github.javakeyring.PasswordAccessException e) {
                // java-keyring reports "no such entry" as an access failure; a usable keychain without our entry.
                return null;
            }
        });
        if (stored == null || stored.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(SecretValue.copyOf(stored));
    }

    public void write(SecretValue key) throws KeychainUnavailableException {
        char[] chars = key.copyChars();
        try {
            // The keyring API takes a String; it lives only for this call.
            String value = new String(chars);
            withKeyring(k -> {
                k.setPassword(SERVICE, ACCOUNT, value);
                return null;
            });
        } finally {
            java.util.Arrays.fill(chars, '\0');
        }
    }

    /** A short name of the keychain in use, for the connection details. */
    public String backendName() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
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

    private static <T> T withKeyring(KeyringCall<T> call) throws KeychainUnavailableException {
        ThreadFactory daemon = r -> {
            Thread t = new Thread(r, "keychain");
            t.setDaemon(true);
            return t;
        };
        var executor = Executors.newSingleThreadExecutor(daemon);
        try {
            Future<T> f = executor.submit(() -> {
                Keyring keyring = Keyring.create();
                try {
                    return call.apply(keyring);
                } finally {
                    keyring.close();
                }
            });
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new KeychainUnavailableException("the OS keychain did not answer within " + TIMEOUT_SECONDS
                    + " s", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new KeychainUnavailableException(describe(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeychainUnavailableException("interrupted while using the OS keychain", e);
        } catch (RuntimeException | LinkageError e) {
            throw new KeychainUnavailableException(describe(e), e);
        } finally {
            executor.shutdownNow();
        }
    }

    private static String describe(Throwable e) {
        if (e instanceof com.github.javakeyring.BackendNotSupportedException) {
            return "no supported OS keychain on this system";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
