package org.secretdesk.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.secretdesk.model.Application;
import org.secretdesk.model.AuditEvent;
import org.secretdesk.model.ExpiryMode;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.Notification;
import org.secretdesk.model.Role;
import org.secretdesk.model.SecretFormat;
import org.secretdesk.model.SecretStatus;
import org.secretdesk.model.SecretSummary;

/**
 * All SQL of the gateway. Methods take the connection of the caller's transaction so that a write and its
 * audit record commit together. Times are epoch milliseconds.
 */
public final class Store {

    private final SearchGrams grams = new SearchGrams();
    /** " FOR UPDATE", or nothing where the database already runs write transactions one at a time. */
    private final String forUpdate;

    /** A store that locks an application's row for the write transaction that changes its secrets. */
    public Store() {
        this(true);
    }

    /**
     * @param rowLocks false where write transactions already run one at a time ({@link Database#inTransaction} on
     *                 H2): a row lock then serialises nothing more, and on H2 it is a write of its own (the row's
     *                 lock marker and its undo-log entry go into the commit's chunk)
     */
    public Store(boolean rowLocks) {
        this.forUpdate = rowLocks ? " FOR UPDATE" : "";
    }

    /**
     * The columns {@link #application} reads. The secret count, next expiry and expired count come from the row's
     * {@code secret_expiries} ({@link SecretExpiries}), not from the secrets: on a big store those three aggregates
     * per row made a page after a cursor read about a hundred cold index pages.
     */
    private static final String APP_COLUMNS = "a.id, a.name, a.description, a.client_id, a.roles, a.policy_mode, "
            + "a.policy_seconds, a.created_at, a.updated_at, a.version, a.secret_expiries";

    private static final String SECRET_COLUMNS = "id, application_id, description, hint, created_at, renewed_at, "
            + "expires_at, last_used_at, grace_until, version";

    // ---------------------------------------------------------------- applications

    public void insertApplication(Connection c, String id, String name, String description, String clientId,
                                  List<String> roles, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO applications (id, name, name_lower, description, "
                + "client_id, roles, policy_mode, policy_seconds, created_at, updated_at, version) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, 1)")) {
            ps.setString(1, id);
            ps.setString(2, name);
            ps.setString(3, name.toLowerCase(Locale.ROOT));
            ps.setString(4, description);
            ps.setString(5, clientId);
            ps.setString(6, String.join(",", roles));
            ps.setString(7, ExpiryMode.DOMAIN.name());
            ps.setLong(8, now);
            ps.setLong(9, now);
            ps.executeUpdate();
        }
        grams.insert(c, name, SearchGrams.of(name, description, clientId));
    }

    public boolean applicationNameExists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM applications WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public Optional<Application> findApplication(Connection c, String id, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + APP_COLUMNS + " FROM applications a WHERE a.id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(application(rs, now)) : Optional.empty();
            }
        }
    }

    /** What a secret write needs of its application: no per-secret aggregates. */
    public record ApplicationCore(String id, String name, String clientId, ExpiryPolicy secretPolicy) {
    }

    /**
     * Locks the application's row until the transaction ends (writes to one application's secrets are serialised
     * by it: the limit and the unique description are checked under this lock; on H2 all write transactions are
     * serialised already) and returns its core fields.
     */
    public Optional<ApplicationCore> lockApplicationCore(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, client_id, policy_mode, policy_seconds FROM applications WHERE id = ?" + forUpdate)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                ExpiryMode mode = ExpiryMode.valueOf(rs.getString(4));
                Long seconds = nullableLong(rs, 5);
                ExpiryPolicy policy = mode == ExpiryMode.CUSTOM ? ExpiryPolicy.custom(Duration.ofSeconds(seconds))
                        : new ExpiryPolicy(mode, null);
                return Optional.of(new ApplicationCore(rs.getString(1), rs.getString(2), rs.getString(3), policy));
            }
        }
    }

    /**
     * Locks the application's row for the rest of the transaction (serialises writes to its secrets; on H2 all
     * writes are serialised already).
     */
    public Optional<Long> lockApplication(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM applications WHERE id = ?" + forUpdate)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /**
     * One page ordered by name. {@code afterName} is the last name of the previous page (names are unique).
     * Returns up to {@code limit + 1} rows so the caller knows whether there is a next page.
     */
    public List<Application> listApplications(Connection c, String query, String afterName, int limit, long now)
            throws SQLException {
        String lower = query == null ? "" : query.toLowerCase(Locale.ROOT);
        List<String> queryGrams = SearchGrams.ofQuery(lower);
        if (!queryGrams.isEmpty()) {
            return applicationsByName(c, searchByGrams(c, lower, queryGrams, afterName, limit), now);
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(APP_COLUMNS).append(" FROM applications a WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (!lower.isEmpty()) {
            // One or two characters (no trigram) or a character outside ASCII: the name-ordered scan, which stops
            // at the page's end.
            String pattern = "%" + escapeLike(lower) + "%";
            sql.append(" AND ").append(MATCHES);
            args.addAll(List.of(pattern, pattern, pattern));
        }
        if (afterName != null) {
            sql.append(" AND a.name > ?");
            args.add(afterName);
        }
        sql.append(" ORDER BY a.name LIMIT ?");
        args.add(limit + 1);
        return applications(c, sql.toString(), args, now);
    }

    /** The exact search predicate on {@code applications a}: three LIKE patterns, each {@code %query%}. */
    private static final String MATCHES = "(a.name_lower LIKE ? ESCAPE '!' OR LOWER(a.description) LIKE ? ESCAPE '!'"
            + " OR LOWER(a.client_id) LIKE ? ESCAPE '!')";

    /**
     * Names of the applications matching {@code lower} after {@code afterName}, up to {@code limit + 1}, in name
     * order: the rarest trigram's index entries in name order, the others checked in the index, the exact LIKE on
     * each candidate's row.
     */
    private List<String> searchByGrams(Connection c, String lower, List<String> queryGrams, String afterName,
                                       int limit) throws SQLException {
        List<String> use = grams.rarestFirst(c, queryGrams);
        StringBuilder sql = new StringBuilder("SELECT g.name FROM application_grams g "
                + "JOIN applications a ON a.name = g.name WHERE g.gram = ?");
        List<Object> args = new ArrayList<>(List.of(use.getFirst()));
        if (afterName != null) {
            sql.append(" AND g.name > ?");
            args.add(afterName);
        }
        for (String other : use.subList(1, use.size())) {
            sql.append(" AND EXISTS (SELECT 1 FROM application_grams h WHERE h.gram = ? AND h.name = g.name)");
            args.add(other);
        }
        String pattern = "%" + escapeLike(lower) + "%";
        // ORDER BY gram, name (gram is one value): databases then read the index in order and stop at the limit.
        sql.append(" AND ").append(MATCHES).append(" ORDER BY g.gram, g.name LIMIT ?");
        args.addAll(List.of(pattern, pattern, pattern, limit + 1));
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> names = new ArrayList<>();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
                return names;
            }
        }
    }

    /** The applications with these names, in name order. */
    private List<Application> applicationsByName(Connection c, List<String> names, long now) throws SQLException {
        if (names.isEmpty()) {
            return List.of();
        }
        return applications(c, "SELECT " + APP_COLUMNS + " FROM applications a WHERE a.name IN ("
                + String.join(", ", java.util.Collections.nCopies(names.size(), "?")) + ") ORDER BY a.name",
                new ArrayList<>(names), now);
    }

    private List<Application> applications(Connection c, String sql, List<Object> args, long now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<Application> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(application(rs, now));
                }
                return out;
            }
        }
    }

    public void updateApplication(Connection c, String id, String description, List<String> roles,
                                  ExpiryPolicy policy, long now) throws SQLException {
        SearchFields before = searchFields(c, id);
        if (before != null && !before.description.equals(description)) {
            Set<String> old = SearchGrams.of(before.name, before.description, before.clientId);
            Set<String> fresh = SearchGrams.of(before.name, description, before.clientId);
            grams.delete(c, before.name, old.stream().filter(g -> !fresh.contains(g)).toList());
            grams.insert(c, before.name, fresh.stream().filter(g -> !old.contains(g)).toList());
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE applications SET description = ?, roles = ?, "
                + "policy_mode = ?, policy_seconds = ?, updated_at = ?, version = version + 1 WHERE id = ?")) {
            ps.setString(1, description);
            ps.setString(2, String.join(",", roles));
            ps.setString(3, policy.mode().name());
            if (policy.expiresAfter() == null) {
                ps.setNull(4, Types.BIGINT);
            } else {
                ps.setLong(4, policy.expiresAfter().getSeconds());
            }
            ps.setLong(5, now);
            ps.setString(6, id);
            ps.executeUpdate();
        }
    }

    /** The searchable fields of an application, or null. */
    private record SearchFields(String name, String description, String clientId) {
    }

    private static SearchFields searchFields(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, description, client_id FROM applications WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new SearchFields(rs.getString(1), rs.getString(2), rs.getString(3)) : null;
            }
        }
    }

    public boolean deleteApplication(Connection c, String id) throws SQLException {
        SearchFields fields = searchFields(c, id);
        if (fields != null) {
            grams.delete(c, fields.name, SearchGrams.of(fields.name, fields.description, fields.clientId));
        }
        // Secrets first, explicitly: the value must stop working even where ON DELETE CASCADE is not honoured.
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM secrets WHERE application_id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM applications WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    public List<String> applicationsUsingRole(Connection c, String role) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, roles FROM applications WHERE roles LIKE ? ESCAPE '!'")) {
            ps.setString(1, "%" + escapeLike(role) + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (splitRoles(rs.getString(2)).contains(role)) {
                        ids.add(rs.getString(1));
                    }
                }
            }
        }
        return ids;
    }

    // ---------------------------------------------------------------- secrets

    public long countAllSecrets(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM secrets");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** How many secrets the application has, and whether one of them has exactly this description. */
    public record SecretSlots(int count, boolean descriptionTaken) {
    }

    /**
     * Both checks of the create path in one round trip: how many secrets the application holds (counted up to
     * {@code limit}) and whether the description is taken.
     */
    public SecretSlots secretSlots(Connection c, String applicationId, String description, int limit)
            throws SQLException {
        // The count stops at the limit and the description is looked up in the unique index, so the cost does not
        // grow with the number of secrets an application may hold.
        try (PreparedStatement ps = c.prepareStatement("SELECT "
                + "(SELECT COUNT(*) FROM (SELECT 1 FROM secrets WHERE application_id = ? LIMIT ?) AS held), "
                + "(SELECT COUNT(*) FROM secrets WHERE application_id = ? AND description = ?)")) {
            ps.setString(1, applicationId);
            ps.setInt(2, limit);
            ps.setString(3, applicationId);
            ps.setString(4, description);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new SecretSlots(rs.getInt(1), rs.getInt(2) > 0);
            }
        }
    }

    /** The summary of a secret just inserted by {@link #insertSecret}, without reading it back. */
    public static SecretSummary newSecret(String id, String applicationId, String description, String hint,
                                          long now, Long expiresAt) {
        return new SecretSummary(id, applicationId, description, hint, SecretFormat.redact(hint),
                Instant.ofEpochMilli(now), null, instant(expiresAt), null,
                expiresAt != null && expiresAt <= now ? SecretStatus.EXPIRED : SecretStatus.ACTIVE, null, 1L);
    }

    public void insertSecret(Connection c, String id, String applicationId, String description, String hint,
                             String hash, long now, Long expiresAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO secrets (id, application_id, description, hint, "
                + "secret_hash, prev_hash, grace_until, created_at, renewed_at, expires_at, last_used_at, version) "
                + "VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, NULL, ?, NULL, 1)")) {
            ps.setString(1, id);
            ps.setString(2, applicationId);
            ps.setString(3, description);
            ps.setString(4, hint);
            ps.setString(5, hash);
            ps.setLong(6, now);
            setNullableLong(ps, 7, expiresAt);
            ps.executeUpdate();
        }
        // The application's list gains one entry: appended in place (the hot path of a create), not rebuilt.
        try (PreparedStatement ps = c.prepareStatement("UPDATE applications SET secret_expiries = CASE WHEN "
                + "secret_expiries = '' THEN ? ELSE secret_expiries || ? END WHERE id = ?")) {
            String entry = SecretExpiries.entry(expiresAt);
            ps.setString(1, entry);
            ps.setString(2, "," + entry);
            ps.setString(3, applicationId);
            ps.executeUpdate();
        }
    }

    /**
     * Rewrites {@code applications.secret_expiries} of one application from its secrets ({@link SecretExpiries}).
     * Called by the writes that renew or delete a secret (an insert appends its entry), in their transaction, after
     * the change, under the application's lock: the lock keeps a concurrent writer out, and under READ COMMITTED
     * this statement sees the secrets as they are now.
     */
    public void refreshSecretExpiries(Connection c, String applicationId) throws SQLException {
        writeSecretExpiries(c, applicationId, secretExpiriesFromSecrets(c, applicationId));
    }

    /**
     * As {@link #refreshSecretExpiries}, but writes only when the stored list holds other entries than the secrets
     * give (in any order); returns whether it wrote. Called under the application's lock.
     */
    public boolean refreshSecretExpiriesIfStale(Connection c, String applicationId) throws SQLException {
        String fresh = secretExpiriesFromSecrets(c, applicationId);
        if (SecretExpiries.sameEntries(storedSecretExpiries(c, applicationId), fresh)) {
            return false;
        }
        writeSecretExpiries(c, applicationId, fresh);
        return true;
    }

    private static void writeSecretExpiries(Connection c, String applicationId, String text) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE applications SET secret_expiries = ? WHERE id = ?")) {
            ps.setString(1, text);
            ps.setString(2, applicationId);
            ps.executeUpdate();
        }
    }

    /** The application's expiry list as its secrets give it now (what {@link #refreshSecretExpiries} writes). */
    public String secretExpiriesFromSecrets(Connection c, String applicationId) throws SQLException {
        StringBuilder text = new StringBuilder();
        try (PreparedStatement ps = c.prepareStatement("SELECT expires_at FROM secrets WHERE application_id = ?")) {
            ps.setString(1, applicationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    SecretExpiries.append(text, nullableLong(rs, 1));
                }
            }
        }
        return text.toString();
    }

    /** The application's stored expiry list, or null when there is no such application. */
    private String storedSecretExpiries(Connection c, String applicationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT secret_expiries FROM applications WHERE id = ?")) {
            ps.setString(1, applicationId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Up to {@code limit} applications after {@code afterId} in id order: id and stored expiry list. */
    public List<String[]> storedSecretExpiries(Connection c, String afterId, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, secret_expiries FROM applications WHERE id > ? ORDER BY id LIMIT ?")) {
            ps.setString(1, afterId);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<String[]> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2)});
                }
                return out;
            }
        }
    }

    public Optional<SecretSummary> findSecret(Connection c, String applicationId, String secretId, long now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + SECRET_COLUMNS
                + " FROM secrets WHERE id = ? AND application_id = ?")) {
            ps.setString(1, secretId);
            ps.setString(2, applicationId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(secret(rs, now)) : Optional.empty();
            }
        }
    }

    /** Up to {@code limit + 1} secrets ordered by creation, after the (createdAt, id) cursor when given. */
    public List<SecretSummary> listSecrets(Connection c, String applicationId, Long afterCreated, String afterId,
                                           int limit, long now) throws SQLException {
        String sql = "SELECT " + SECRET_COLUMNS + " FROM secrets WHERE application_id = ?"
                + (afterCreated != null ? " AND (created_at > ? OR (created_at = ? AND id > ?))" : "")
                + " ORDER BY created_at, id LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, applicationId);
            if (afterCreated != null) {
                ps.setLong(i++, afterCreated);
                ps.setLong(i++, afterCreated);
                ps.setString(i++, afterId);
            }
            ps.setInt(i, limit + 1);
            try (ResultSet rs = ps.executeQuery()) {
                List<SecretSummary> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(secret(rs, now));
                }
                return out;
            }
        }
    }

    /** Stores a renewed value; the previous hash stays valid until {@code graceUntil} (null: stops at once). */
    public void renewSecret(Connection c, String applicationId, String secretId, String newHash, String hint,
                            String prevHash, Long graceUntil, long now, Long expiresAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE secrets SET secret_hash = ?, hint = ?, prev_hash = ?, "
                + "grace_until = ?, renewed_at = ?, expires_at = ?, version = version + 1 WHERE id = ?")) {
            ps.setString(1, newHash);
            ps.setString(2, hint);
            ps.setString(3, prevHash);
            setNullableLong(ps, 4, graceUntil);
            ps.setLong(5, now);
            setNullableLong(ps, 6, expiresAt);
            ps.setString(7, secretId);
            ps.executeUpdate();
        }
        refreshSecretExpiries(c, applicationId);
    }

    public String secretHash(Connection c, String secretId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT secret_hash FROM secrets WHERE id = ?")) {
            ps.setString(1, secretId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public boolean deleteSecret(Connection c, String applicationId, String secretId) throws SQLException {
        boolean deleted;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM secrets WHERE id = ? AND application_id = ?")) {
            ps.setString(1, secretId);
            ps.setString(2, applicationId);
            deleted = ps.executeUpdate() == 1;
        }
        if (deleted) {
            refreshSecretExpiries(c, applicationId);
        }
        return deleted;
    }

    /** What the token endpoint needs to authenticate a client. */
    public record Credential(String secretId, String hash, String prevHash, Long graceUntil, Long expiresAt) {
    }

    public record ClientCredentials(String applicationId, String clientId, List<String> roles,
                                    List<Credential> credentials) {
    }

    public Optional<ClientCredentials> credentials(Connection c, String clientId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT a.id, a.roles, s.id, s.secret_hash, s.prev_hash, "
                + "s.grace_until, s.expires_at FROM applications a LEFT JOIN secrets s ON s.application_id = a.id "
                + "WHERE a.client_id = ?")) {
            ps.setString(1, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                String appId = null;
                List<String> roles = List.of();
                List<Credential> creds = new ArrayList<>();
                while (rs.next()) {
                    appId = rs.getString(1);
                    roles = splitRoles(rs.getString(2));
                    if (rs.getString(3) != null) {
                        creds.add(new Credential(rs.getString(3), rs.getString(4), rs.getString(5),
                                nullableLong(rs, 6), nullableLong(rs, 7)));
                    }
                }
                return appId == null ? Optional.empty() : Optional.of(new ClientCredentials(appId, clientId, roles, creds));
            }
        }
    }

    /** Writes batched last-use times; never moves a time backwards. */
    public void updateLastUsed(Connection c, Map<String, Long> lastUsed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE secrets SET last_used_at = ? WHERE id = ? "
                + "AND (last_used_at IS NULL OR last_used_at < ?)")) {
            for (Map.Entry<String, Long> e : lastUsed.entrySet()) {
                ps.setLong(1, e.getValue());
                ps.setString(2, e.getKey());
                ps.setLong(3, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    // ---------------------------------------------------------------- roles and settings

    public List<Role> roles(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, description FROM roles ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            List<Role> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Role(rs.getString(1), rs.getString(2)));
            }
            return out;
        }
    }

    public void replaceRoles(Connection c, List<Role> roles) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM roles")) {
            del.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO roles (name, description) VALUES (?, ?)")) {
            for (Role r : roles) {
                ps.setString(1, r.name());
                ps.setString(2, r.description());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public Optional<String> setting(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT setting_value FROM settings WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public void putSetting(Connection c, String name, String value) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE settings SET setting_value = ? WHERE name = ?")) {
            up.setString(1, value);
            up.setString(2, name);
            if (up.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO settings (name, setting_value) VALUES (?, ?)")) {
            ins.setString(1, name);
            ins.setString(2, value);
            ins.executeUpdate();
        }
    }

    // ---------------------------------------------------------------- audit

    public void insertAudit(Connection c, AuditEvent e) throws SQLException {
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
    public List<Map.Entry<Long, AuditEvent>> listAudit(Connection c, AuditFilter f, Long beforeSeq, int limit)
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

    // ---------------------------------------------------------------- notifications

    /** A secret whose expiry the scheduler looks at. */
    public record ExpiringSecret(String secretId, String applicationId, String applicationName, String description,
                                 long expiresAt) {
    }

    /**
     * One page of the secrets that expire at or before {@code horizon} (including already expired ones), in
     * (expires_at, id) order after the cursor ({@code afterExpiry}, {@code afterId}); null cursor: from the start.
     * Served by {@code secrets_expires_id_ix}, so each page costs {@code limit} index entries however many
     * secrets there are.
     */
    public List<ExpiringSecret> secretsExpiringBefore(Connection c, long horizon, Long afterExpiry, String afterId,
                                                      int limit) throws SQLException {
        String sql = "SELECT s.id, s.application_id, a.name, s.description, s.expires_at FROM secrets s "
                + "JOIN applications a ON a.id = s.application_id WHERE s.expires_at IS NOT NULL AND s.expires_at <= ?"
                + (afterExpiry == null ? "" : " AND s.expires_at >= ? AND (s.expires_at > ? OR s.id > ?)")
                + " ORDER BY s.expires_at, s.id LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setLong(i++, horizon);
            if (afterExpiry != null) {
                ps.setLong(i++, afterExpiry);
                ps.setLong(i++, afterExpiry);
                ps.setString(i++, afterId);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<ExpiringSecret> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new ExpiringSecret(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5)));
                }
                return out;
            }
        }
    }

    /** A notification already recorded: which secret, kind, threshold and expiry it was for. */
    public record NotificationKey(String secretId, Notification.NotificationType type, long thresholdSeconds,
                                  long expiresAt) {
    }

    /** The notifications recorded for any of {@code secretIds} (one query for a page of secrets). */
    public List<NotificationKey> notificationKeys(Connection c, List<String> secretIds) throws SQLException {
        if (secretIds.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(secretIds.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT secret_id, notification_type, threshold_seconds, "
                + "expires_at FROM notifications WHERE secret_id IN (" + marks + ")")) {
            for (int i = 0; i < secretIds.size(); i++) {
                ps.setString(i + 1, secretIds.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<NotificationKey> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new NotificationKey(rs.getString(1),
                            Notification.NotificationType.valueOf(rs.getString(2)), rs.getLong(3), rs.getLong(4)));
                }
                return out;
            }
        }
    }

    /** Inserts notifications in one batch; each with its threshold in seconds (0 for an expiry). */
    public void insertNotifications(Connection c, List<Map.Entry<Notification, Long>> notifications)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO notifications (id, notification_type, application_id, "
                + "application_name, secret_id, description, expires_at, threshold_seconds, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<Notification, Long> e : notifications) {
                Notification n = e.getKey();
                ps.setString(1, n.id());
                ps.setString(2, n.type().name());
                ps.setString(3, n.applicationId());
                ps.setString(4, n.applicationName());
                ps.setString(5, n.secretId());
                ps.setString(6, n.description());
                ps.setLong(7, n.expiresAt().toEpochMilli());
                ps.setLong(8, e.getValue());
                ps.setLong(9, n.createdAt().toEpochMilli());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public List<Notification> listNotifications(Connection c, long since, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, notification_type, application_id, application_name, secret_id, "
                + "description, expires_at, created_at FROM notifications WHERE created_at >= ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, since);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Notification> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Notification(rs.getString(1), Notification.NotificationType.valueOf(rs.getString(2)),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            Instant.ofEpochMilli(rs.getLong(7)), Instant.ofEpochMilli(rs.getLong(8))));
                }
                return out;
            }
        }
    }

    // ---------------------------------------------------------------- idempotency

    public record IdempotencyRecord(String actor, String requestHash, long createdAt, int status, String location,
                                    String etag, String response) {
    }

    public Optional<IdempotencyRecord> findIdempotency(Connection c, String keyHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT actor, request_hash, created_at, status, location, etag, "
                + "response FROM idempotency_records WHERE key_hash = ?")) {
            ps.setString(1, keyHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new IdempotencyRecord(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getInt(4), rs.getString(5), rs.getString(6), rs.getString(7))) : Optional.empty();
            }
        }
    }

    public void insertIdempotency(Connection c, String keyHash, IdempotencyRecord r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO idempotency_records (key_hash, actor, request_hash, "
                + "created_at, status, location, etag, response) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, keyHash);
            ps.setString(2, r.actor());
            ps.setString(3, r.requestHash());
            ps.setLong(4, r.createdAt());
            ps.setInt(5, r.status());
            ps.setString(6, r.location());
            ps.setString(7, r.etag());
            ps.setString(8, r.response());
            ps.executeUpdate();
        }
    }

    public int deleteIdempotencyBefore(Connection c, long cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM idempotency_records WHERE created_at < ?")) {
            ps.setLong(1, cutoff);
            return ps.executeUpdate();
        }
    }

    public void deleteIdempotency(Connection c, String keyHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM idempotency_records WHERE key_hash = ?")) {
            ps.setString(1, keyHash);
            ps.executeUpdate();
        }
    }

    // ---------------------------------------------------------------- mapping

    private static Application application(ResultSet rs, long now) throws SQLException {
        ExpiryMode mode = ExpiryMode.valueOf(rs.getString(6));
        Long seconds = nullableLong(rs, 7);
        ExpiryPolicy policy = mode == ExpiryMode.CUSTOM ? ExpiryPolicy.custom(Duration.ofSeconds(seconds))
                : new ExpiryPolicy(mode, null);
        SecretExpiries.Summary secrets = SecretExpiries.summarise(rs.getString(11), now);
        return new Application(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                splitRoles(rs.getString(5)), Instant.ofEpochMilli(rs.getLong(8)), Instant.ofEpochMilli(rs.getLong(9)),
                rs.getLong(10), policy, secrets.count(), secrets.nextExpiryInstant(), secrets.expired());
    }

    private static SecretSummary secret(ResultSet rs, long now) throws SQLException {
        Long expiresAt = nullableLong(rs, 7);
        Long graceUntil = nullableLong(rs, 9);
        String hint = rs.getString(4);
        return new SecretSummary(rs.getString(1), rs.getString(2), rs.getString(3), hint, SecretFormat.redact(hint),
                Instant.ofEpochMilli(rs.getLong(5)), instant(nullableLong(rs, 6)), instant(expiresAt),
                instant(nullableLong(rs, 8)),
                expiresAt != null && expiresAt <= now ? SecretStatus.EXPIRED : SecretStatus.ACTIVE,
                graceUntil != null && graceUntil > now ? Instant.ofEpochMilli(graceUntil) : null, rs.getLong(10));
    }

    public static List<String> splitRoles(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    private static Long nullableLong(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private static void setNullableLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    private static void addFilter(StringBuilder sql, List<Object> args, String clause, Object value) {
        if (value != null) {
            sql.append(" AND ").append(clause);
            args.add(value);
        }
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, (String) a);
            }
        }
    }

    private static String escapeLike(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
