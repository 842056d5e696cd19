package org.secretdesk.client;

/** Filters for the audit log; null means "any". */
public record AuditQuery(String applicationId, String action, String actor, java.time.Instant from,
                         java.time.Instant to, int limit, String cursor) {

    public static AuditQuery all(int limit) {
        return new AuditQuery(null, null, null, null, null, limit, null);
    }
}
