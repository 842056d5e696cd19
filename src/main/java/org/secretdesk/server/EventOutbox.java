package org.secretdesk.server;

import java.sql.Connection;
import java.sql.SQLException;
import org.secretdesk.model.AuditEvent;
import org.secretdesk.model.Notification;

/**
 * Where the gateway's events for the notification channels go (issue 23), inside the transaction that caused
 * them: an event is queued exactly when its change commits, once however many nodes serve.
 */
public interface EventOutbox {

    /** Queues nothing (no channels wired, e.g. a unit test of the service alone). */
    EventOutbox NONE = new EventOutbox() {
        @Override
        public void audited(Connection c, AuditEvent event) {
        }

        @Override
        public void expiry(Connection c, Notification notification, long thresholdSeconds) {
        }
    };

    /** A record of the audit trail was written in {@code c}'s transaction (a change, or a refused request). */
    void audited(Connection c, AuditEvent event) throws SQLException;

    /** The scheduler recorded an expiry warning ({@code thresholdSeconds} 0: the secret has expired). */
    void expiry(Connection c, Notification notification, long thresholdSeconds) throws SQLException;
}
