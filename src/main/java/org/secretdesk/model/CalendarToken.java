package org.secretdesk.model;

import java.time.Instant;

/** A calendar feed token as the gateway lists it: never the token itself (it keeps only its hash). */
public record CalendarToken(String id, String name, String createdBy, Instant createdAt, Instant lastUsedAt) {
}
