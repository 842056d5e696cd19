package org.secretdesk.model;

import java.time.Instant;

/**
 * A client secret as listed: never the value, only its hint and redacted form.
 *
 * @param leakedAt when a leak of one of its values was reported (issue 22); null when none was, or since it was
 *                 renewed
 */
public record SecretSummary(String id, String applicationId, String description, String hint, String redacted,
                            Instant createdAt, Instant renewedAt, Instant expiresAt, Instant lastUsedAt,
                            SecretStatus status, Instant graceUntil, long version, Instant leakedAt) {

    /** A secret with no reported leak (gateways that do not know of leaks). */
    public SecretSummary(String id, String applicationId, String description, String hint, String redacted,
                         Instant createdAt, Instant renewedAt, Instant expiresAt, Instant lastUsedAt,
                         SecretStatus status, Instant graceUntil, long version) {
        this(id, applicationId, description, hint, redacted, createdAt, renewedAt, expiresAt, lastUsedAt, status,
                graceUntil, version, null);
    }

    public boolean isExpiredAt(Instant now) {
        return status == SecretStatus.EXPIRED || (expiresAt != null && !expiresAt.isAfter(now));
    }

    /** A leak of one of its values was reported and it has not been renewed since. */
    public boolean leaked() {
        return leakedAt != null;
    }
}
