package org.secretdesk.model;

import java.time.Duration;
import java.util.List;

/** The gateway-wide secret policy. {@code maxSecretsPerApplication} comes from the gateway's configuration. */
public record DomainSecretPolicy(boolean expiryEnabled, Duration expiresAfter, List<Duration> notifyBefore,
                                 int maxSecretsPerApplication) {

    public static final List<Duration> DEFAULT_THRESHOLDS = List.of(
            Duration.ofDays(20), Duration.ofDays(15), Duration.ofDays(10), Duration.ofDays(5), Duration.ofDays(1));

    public DomainSecretPolicy {
        notifyBefore = notifyBefore == null ? List.of() : List.copyOf(notifyBefore);
        if (expiryEnabled && (expiresAfter == null || expiresAfter.isNegative() || expiresAfter.isZero())) {
            throw new IllegalArgumentException("Expiry needs a positive duration when enabled");
        }
    }
}
