package org.secretdesk.ui.audit;

import java.util.List;
import org.secretdesk.model.AuditEvent;

/**
 * Audit records as CSV (RFC 4180): a header row, CRLF line ends, fields quoted when they hold a comma, quote or
 * line break, quotes doubled. A field that starts with = + - @ is prefixed with ' so a spreadsheet does not run it
 * as a formula. Audit records never hold a secret value, so nothing here can leak one.
 */
public final class AuditCsv {

    public static final List<String> HEADER = List.of("time", "actor", "action", "application", "applicationId",
            "secretId", "description", "outcome", "remoteAddress");

    private AuditCsv() {
    }

    /** {@code applicationName} maps an application id to its name (or null when unknown). */
    public static String write(List<AuditEvent> events, java.util.function.Function<String, String> applicationName) {
        StringBuilder sb = new StringBuilder();
        row(sb, HEADER);
        for (AuditEvent e : events) {
            row(sb, List.of(e.time() == null ? "" : e.time().toString(), nz(e.actor()), nz(e.action()),
                    nz(e.applicationId() == null ? null : applicationName.apply(e.applicationId())),
                    nz(e.applicationId()), nz(e.secretId()), nz(e.description()), nz(e.outcome()),
                    nz(e.remoteAddress())));
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(field(fields.get(i)));
        }
        sb.append("\r\n");
    }

    static String field(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || !v.equals(value)) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
