package org.secretdesk.ui.audit;

import java.util.List;
import org.secretdesk.model.AuditEvent;
import org.secretdesk.ui.common.Csv;

/**
 * Audit records as CSV ({@link Csv}: RFC 4180, formula-safe). Audit records never hold a secret value, so nothing
 * here can leak one.
 */
public final class AuditCsv {

    public static final List<String> HEADER = List.of("time", "actor", "action", "application", "applicationId",
            "secretId", "description", "outcome", "remoteAddress");

    private AuditCsv() {
    }

    /** {@code applicationName} maps an application id to its name (or null when unknown). */
    public static String write(List<AuditEvent> events, java.util.function.Function<String, String> applicationName) {
        return Csv.write(HEADER, events.stream().map(e -> List.of(e.time() == null ? "" : e.time().toString(),
                nz(e.actor()), nz(e.action()),
                nz(e.applicationId() == null ? null : applicationName.apply(e.applicationId())),
                nz(e.applicationId()), nz(e.secretId()), nz(e.description()), nz(e.outcome()),
                nz(e.remoteAddress()))).toList());
    }

    static String field(String value) {
        return Csv.field(value);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
