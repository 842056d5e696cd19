package org.secretdesk.pki;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust for clients that trusts ONLY the given CA certificates, never the JDK's default
 * CA set. Hostname verification is not touched here and stays on in the callers.
 */
public final class TrustStores {

    private TrustStores() {
    }

    /** An in-memory PKCS12 key store holding one trustedCertEntry per certificate. */
    public static KeyStore trustStore(List<X509Certificate> trusted) {
        Objects.requireNonNull(trusted, "trusted");
        if (trusted.isEmpty()) {
            // An empty trust store would make the PKIX trust manager fail with an obscure
            // "trustAnchors parameter must be non-empty"; say what is wrong instead.
            throw new IllegalArgumentException("At least one trusted CA certificate is required");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int index = 0;
            for (X509Certificate certificate : trusted) {
                store.setCertificateEntry("trusted-" + index++, Objects.requireNonNull(certificate, "certificate"));
            }
            return store;
        } catch (KeyStoreException | IOException | NoSuchAlgorithmException | CertificateException e) {
            throw new IllegalStateException("Cannot create an in-memory trust store", e);
        }
    }

    /** The JDK's PKIX trust manager initialised with only the given certificates as anchors. */
    public static X509TrustManager trustManager(List<X509Certificate> trusted) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(trustStore(trusted));
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("PKIX TrustManagerFactory returned no X509TrustManager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create a PKIX trust manager", e);
        }
    }

    /** A TLS context whose only trust manager is {@link #trustManager(List)}; no client key. */
    public static SSLContext sslContext(List<X509Certificate> trusted) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager(trusted)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create a TLS context", e);
        }
    }
}
