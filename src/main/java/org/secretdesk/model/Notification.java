package org.secretdesk.model;

import java.time.Instant;

/** A recorded expiry warning: one per secret per threshold crossed, or one when it expired. */
public record Notification(String id, NotificationType type, String applicationId, String applicationName,
                           String secretId, String description, Instant expiresAt, Instant createdAt) {

    public enum NotificationType {
        SECRET_EXPIRING,
        SECRET_EXPIRED
    }
}
