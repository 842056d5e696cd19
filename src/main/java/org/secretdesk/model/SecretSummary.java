package org.secretdesk.model;

import java.time.Instant;

/** A client secret as listed: never the value, only its hint and redacted form. */
public record SecretSummary(String id, String applicationId, String description, String hint, String redacted,
                            Instant createdAt, Instant renewedAt, Instant expiresAt, Instant lastUsedAt,
                            SecretStatus status, Instant graceUntil, long version) {

    public boolean isExpiredAt(Instant now) {
        return status == SecretStatus.EXPIRED || (expiresAt != null && !expiresAt.isAfter(now));
    }
}
