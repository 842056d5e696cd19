package org.secretdesk.server.store;

import static org.secretdesk.server.store.Sql.addFilter;
import static org.secretdesk.server.store.Sql.bind;
import static org.secretdesk.server.store.Sql.truncate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.secretdesk.model.AuditEvent;

/** The audit trail ({@code audit_events}): every write, refused write and failed authentication. */
public final class AuditStore {

    AuditStore() {
    }

    public void insert(Connection c, AuditEvent e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_events (id, event_time, actor, action, "
                + "application_id, secret_id, description, outcome, remote_address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, e.id());
            ps.setLong(2, e.time().toEpochMilli());
            ps.setString(3, truncate(e.actor(), 100));
            ps.setString(4, e.action());
            ps.setString(5, e.applicationId());
            ps.setString(6, e.secretId());
            ps.setString(7, truncate(e.description(), 1000));
            ps.setString(8, e.outcome());
            ps.setString(9, truncate(e.remoteAddress(), 100));
            ps.executeUpdate();
        }
    }

    public record AuditFilter(String applicationId, String action, String actor, Long from, Long to) {
    }

    /** Newest first; {@code beforeSeq} is the cursor. Returns up to {@code limit + 1} rows with their seq. */
    public List<Map.Entry<Long, AuditEvent>> list(Connection c, AuditFilter f, Long beforeSeq, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT seq, id, event_time, actor, action, application_id, secret_id, "
                + "description, outcome, remote_address FROM audit_events WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        addFilter(sql, args, "application_id = ?", f.applicationId());
        addFilter(sql, args, "action = ?", f.action());
        addFilter(sql, args, "actor = ?", f.actor());
        addFilter(sql, args, "event_time >= ?", f.from());
        addFilter(sql, args, "event_time < ?", f.to());
        addFilter(sql, args, "seq < ?", beforeSeq);
        sql.append(" ORDER BY seq DESC LIMIT ?");
        args.add(limit + 1);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<Map.Entry<Long, AuditEvent>> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(Map.entry(rs.getLong(1), new AuditEvent(rs.getString(2),
                            Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10))));
                }
                return out;
            }
        }
    }
}
