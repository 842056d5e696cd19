package org.secretdesk.client.secretdesk;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.model.SecretValue;

/** {@link SecretDeskClient}'s optional settings; {@link #build()} makes the client. */
public final class SecretDeskClientBuilder {
    final URI baseUrl;
    final SecretValue adminKey;
    final TlsTrust trust;
    Duration connectTimeout = SecretDeskClient.DEFAULT_CONNECT_TIMEOUT;
    Duration readTimeout = SecretDeskClient.DEFAULT_READ_TIMEOUT;
    Duration retryBackoff = Duration.ofMillis(250);

    SecretDeskClientBuilder(URI baseUrl, SecretValue adminKey, TlsTrust trust) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.adminKey = Objects.requireNonNull(adminKey, "adminKey");
        this.trust = trust;
    }

    public SecretDeskClientBuilder connectTimeout(Duration value) {
        this.connectTimeout = positive(value, "connectTimeout");
        return this;
    }

    public SecretDeskClientBuilder readTimeout(Duration value) {
        this.readTimeout = positive(value, "readTimeout");
        return this;
    }

    /** The pause before the first retry of an issuing call; the second waits twice as long. */
    public SecretDeskClientBuilder retryBackoff(Duration value) {
        Objects.requireNonNull(value, "retryBackoff");
        if (value.isNegative()) {
            throw new IllegalArgumentException("retryBackoff must not be negative");
        }
        this.retryBackoff = value;
        return this;
    }

    public SecretDeskClient build() {
        return new SecretDeskClient(this);
    }

    private static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return value;
    }
}
