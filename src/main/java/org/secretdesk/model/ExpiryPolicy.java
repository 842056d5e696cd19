package org.secretdesk.model;

import java.time.Duration;
import java.util.Objects;

/**
 * An application's secret expiry policy. {@code expiresAfter} is set exactly when the mode is
 * {@link ExpiryMode#CUSTOM}.
 */
public record ExpiryPolicy(ExpiryMode mode, Duration expiresAfter) {

    public static final ExpiryPolicy FOLLOW_DOMAIN = new ExpiryPolicy(ExpiryMode.DOMAIN, null);
    public static final ExpiryPolicy NEVER = new ExpiryPolicy(ExpiryMode.NEVER, null);

    public ExpiryPolicy {
        Objects.requireNonNull(mode, "mode");
        if (mode == ExpiryMode.CUSTOM) {
            if (expiresAfter == null || expiresAfter.isNegative() || expiresAfter.isZero()) {
                throw new IllegalArgumentException("A custom expiry needs a positive duration");
            }
        } else if (expiresAfter != null) {
            throw new IllegalArgumentException("Only a custom expiry has a duration");
        }
    }

    public static ExpiryPolicy custom(Duration expiresAfter) {
        return new ExpiryPolicy(ExpiryMode.CUSTOM, expiresAfter);
    }
}
