package org.secretdesk.model;

import java.time.Instant;
import java.util.Objects;

/**
 * What a gateway knows of a secret value it was given only the SHA-256 hash of ({@code POST
 * /api/v1/secrets/identify}): which application and secret it belongs to and whether it still works. An unknown
 * value has every field but {@code state} null.
 *
 * @param expiresAt when this value stops (or stopped) working: the secret's expiry, or the end of the grace period
 *                  for a previous value; null when it does not expire
 * @param leakedAt  when a leak of the secret was reported, or null
 */
public record SecretIdentification(State state, String applicationId, String applicationName, String secretId,
                                   String description, Instant expiresAt, Instant leakedAt) {

    public enum State {
        /** The secret's current value, and it works. */
        ACTIVE,
        /** The value before the last renew, still working until its grace period ends. */
        GRACE,
        /** A value of this gateway that no longer works (expired, revoked or past its grace period). */
        EXPIRED,
        /** Not a value of any secret this gateway has. */
        UNKNOWN;

        /** True for a value that can be used right now. */
        public boolean works() {
            return this == ACTIVE || this == GRACE;
        }
    }

    public SecretIdentification {
        Objects.requireNonNull(state, "state");
    }

    public static SecretIdentification unknown() {
        return new SecretIdentification(State.UNKNOWN, null, null, null, null, null, null);
    }

    public boolean leaked() {
        return leakedAt != null;
    }
}
