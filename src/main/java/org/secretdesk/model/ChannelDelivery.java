package org.secretdesk.model;

import java.time.Instant;

/**
 * One event's delivery to one channel, as the gateway records it: pending (retried with back-off), delivered, or
 * failed after the last attempt, with the last error. Never a secret value.
 */
public record ChannelDelivery(String id, String eventId, String eventType, State state, int attempts,
                              int maxAttempts, Instant createdAt, Instant nextAttemptAt, Instant finishedAt,
                              String lastError) {

    public enum State { PENDING, DELIVERED, FAILED }
}
