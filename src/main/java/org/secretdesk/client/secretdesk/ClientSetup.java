package org.secretdesk.client.secretdesk;

import java.net.InetAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.HttpUrl;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.TrustStores;

/** What {@link SecretDeskClient} checks and builds once, when it is made: its URL, admin key copy and TLS context. */
final class ClientSetup {

    private ClientSetup() {
    }

    static HttpUrl baseUrl(URI uri) {
        // Messages do not echo the URL: it could carry credentials in its user-info part.
        HttpUrl url = HttpUrl.parse(uri.toString());
        if (url == null) {
            throw new IllegalArgumentException("The gateway URL must be an https URL");
        }
        if (!url.username().isEmpty() || !url.password().isEmpty()) {
            throw new IllegalArgumentException("The gateway URL must not contain credentials");
        }
        if (url.query() != null || url.fragment() != null) {
            throw new IllegalArgumentException("The gateway URL must not have a query or fragment");
        }
        if (!url.isHttps() && !isLoopback(url.host())) {
            throw new IllegalArgumentException(
                    "The gateway URL must use https; plain http is allowed only on a loopback address");
        }
        return url;
    }

    /** Loopback by name ({@code localhost}) or by IP literal; never a DNS lookup. */
    static boolean isLoopback(String host) {
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        try {
            return InetAddress.ofLiteral(host).isLoopbackAddress();
        } catch (IllegalArgumentException notAnIpLiteral) {
            return false;
        }
    }

    static SecretValue copyAdminKey(SecretValue key) {
        char[] chars = key.copyChars();
        boolean valid = chars.length > 0;
        for (char c : chars) {
            valid &= c > 0x20 && c < 0x7f; // visible ASCII: anything else cannot go in a header
        }
        if (!valid) {
            Arrays.fill(chars, '\0');
            throw new IllegalArgumentException("The admin key must be non-empty visible ASCII");
        }
        return SecretValue.wrap(chars);
    }

    /** Only {@code anchors}, never the JDK's default CA set. */
    static X509TrustManager trustManager(List<X509Certificate> anchors) {
        return TrustStores.trustManager(anchors);
    }

    static SSLContext sslContext(X509TrustManager trustManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create a TLS context", e);
        }
    }
}
