package org.secretdesk.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEParameterSpec;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * PKCS#12 files written with the JDK's own PKCS12 key store, so that keytool, Java's
 * {@code KeyStore.getInstance("PKCS12")} and OpenSSL 1.1.1+ read them.
 */
public final class Pkcs12 {

    /** Alias of the single key entry in {@link #keystore}. */
    public static final String SERVER_KEY_ALIAS = "server";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Pkcs12() {
    }

    /**
     * A truststore file: one trustedCertEntry per certificate, aliased after the certificate's
     * common name (made unique). The JDK marks such entries as trusted for any purpose, which is
     * what makes Java clients treat them as trust anchors.
     */
    public static byte[] truststore(List<X509Certificate> certs, char[] password) {
        Objects.requireNonNull(password, "password");
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("A truststore needs at least one certificate");
        }
        try {
            KeyStore store = emptyStore();
            Set<String> aliases = new HashSet<>();
            for (X509Certificate certificate : certs) {
                store.setCertificateEntry(uniqueAlias(aliasFor(certificate), aliases), certificate);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot write the PKCS#12 truststore", e);
        }
    }

    /** An in-memory key store with one PrivateKeyEntry ({@value #SERVER_KEY_ALIAS}) for a TLS server. */
    public static KeyStore keystore(KeyAndCertificate kc, char[] password) {
        Objects.requireNonNull(password, "password");
        try {
            KeyStore store = emptyStore();
            store.setKeyEntry(SERVER_KEY_ALIAS, kc.privateKey(), password, kc.chain().toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build the PKCS#12 key store", e);
        }
    }

    /**
     * As {@link #keystore}, for a TLS server's key that never leaves memory: the key is wrapped with one PBKDF2
     * iteration instead of the JDK's 10,000. Those iterations protect a file against guessing; in memory the
     * password protects nothing, and the 20,000 HMACs of wrapping and unwrapping it were a measurable part of a
     * gateway's start-up in a cold JVM. Never write this store to a file.
     */
    public static KeyStore inMemoryKeystore(KeyAndCertificate kc, char[] password) {
        Objects.requireNonNull(password, "password");
        try {
            KeyStore store = emptyStore();
            byte[] salt = new byte[16];
            byte[] iv = new byte[16];
            RANDOM.nextBytes(salt);
            RANDOM.nextBytes(iv);
            KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password,
                    "PBEWithHmacSHA256AndAES_256", new PBEParameterSpec(salt, 1, new IvParameterSpec(iv)));
            store.setEntry(SERVER_KEY_ALIAS, new KeyStore.PrivateKeyEntry(kc.privateKey(),
                    kc.chain().toArray(Certificate[]::new)), protection);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build the in-memory key store", e);
        }
    }

    /** {@link #keystore} serialised as a {@code .p12} file. */
    public static byte[] keystoreBytes(KeyAndCertificate kc, char[] password) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            keystore(kc, password).store(out, password);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot write the PKCS#12 key store", e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static String aliasFor(X509Certificate certificate) {
        String name = null;
        try {
            List<Rdn> rdns = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns();
            for (Rdn rdn : rdns) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    name = String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            // fall through to the generic alias
        }
        String alias = name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-")
                .replaceAll("^-+|-+$", "");
        return alias.isEmpty() ? "certificate" : alias;
    }

    private static String uniqueAlias(String base, Set<String> used) {
        String alias = base;
        for (int n = 2; !used.add(alias); n++) {
            alias = base + "-" + n;
        }
        return alias;
    }
}
