package org.secretdesk.model;

import java.time.Instant;

/** One audit record; never a secret value. */
public record AuditEvent(String id, Instant time, String actor, String action, String applicationId,
                         String secretId, String description, String outcome, String remoteAddress) {
}
