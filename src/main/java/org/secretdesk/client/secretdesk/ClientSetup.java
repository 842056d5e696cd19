package org.secretdesk.client.secretdesk;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.HttpUrl;
import org.secretdesk.client.HttpTransport;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.TrustStores;

/** What {@link SecretDeskClient} checks and builds once, when it is made: its URL, admin key copy and TLS context. */
final class ClientSetup {

    private ClientSetup() {
    }

    static HttpUrl baseUrl(URI uri) {
        return HttpTransport.baseUrl("gateway", uri);
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
        return HttpTransport.sslContext(trustManager);
    }
}
