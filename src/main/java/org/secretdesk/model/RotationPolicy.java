package org.secretdesk.model;

import java.time.Duration;

/**
 * An application's rotation policy: after a renew with a grace period, the gateway retires the previous value once
 * it has been unused for {@code retireAfterQuiet} and the new value has been used (null: the grace runs its course).
 */
public record RotationPolicy(Duration retireAfterQuiet) {

    public static final RotationPolicy NONE = new RotationPolicy(null);
}
