package org.secretdesk.model;

import java.time.Instant;

/**
 * A recorded warning: an expiry (one per secret per threshold crossed, or one when it expired), or a reported leak.
 *
 * @param expiresAt for a leak, when the leaked value stops (or stopped) working, or null when it keeps working
 */
public record Notification(String id, NotificationType type, String applicationId, String applicationName,
                           String secretId, String description, Instant expiresAt, Instant createdAt) {

    public enum NotificationType {
        SECRET_EXPIRING,
        SECRET_EXPIRED,
        /** A leak of one of the secret's values was reported (issue 22). */
        SECRET_LEAKED
    }
}
