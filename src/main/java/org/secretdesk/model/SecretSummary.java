package org.secretdesk.model;

import java.time.Instant;

/**
 * A client secret as listed: never the value, only its hint and redacted form.
 *
 * @param usage    how the current value has been used; {@link SecretUsage#NONE} when nothing is known, null when the
 *                 backend records no use at all
 * @param previous the value before the last renew while it still works, else null
 * @param leakedAt when a leak of one of its values was reported (issue 22); null when none was, or since it was
 *                 renewed
 */
public record SecretSummary(String id, String applicationId, String description, String hint, String redacted,
                            Instant createdAt, Instant renewedAt, Instant expiresAt, Instant lastUsedAt,
                            SecretStatus status, Instant graceUntil, long version, SecretUsage usage,
                            PreviousValue previous, Instant leakedAt) {

    /** Without usage data or a leak mark (backends that record neither). */
    public SecretSummary(String id, String applicationId, String description, String hint, String redacted,
                         Instant createdAt, Instant renewedAt, Instant expiresAt, Instant lastUsedAt,
                         SecretStatus status, Instant graceUntil, long version) {
        this(id, applicationId, description, hint, redacted, createdAt, renewedAt, expiresAt, lastUsedAt, status,
                graceUntil, version, null, null, null);
    }

    public boolean isExpiredAt(Instant now) {
        return status == SecretStatus.EXPIRED || (expiresAt != null && !expiresAt.isAfter(now));
    }

    /** The same secret with these usage figures. */
    public SecretSummary withUsage(SecretUsage currentUsage, PreviousValue previousValue) {
        return new SecretSummary(id, applicationId, description, hint, redacted, createdAt, renewedAt, expiresAt,
                lastUsedAt, status, graceUntil, version, currentUsage, previousValue, leakedAt);
    }

    /** The same secret with another last-use time. */
    public SecretSummary withLastUsedAt(Instant time) {
        return new SecretSummary(id, applicationId, description, hint, redacted, createdAt, renewedAt, expiresAt,
                time, status, graceUntil, version, usage, previous, leakedAt);
    }

    /** A leak of one of its values was reported and it has not been renewed since. */
    public boolean leaked() {
        return leakedAt != null;
    }
}
