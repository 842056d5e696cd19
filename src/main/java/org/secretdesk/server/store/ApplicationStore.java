package org.secretdesk.server.store;

import static org.secretdesk.server.store.Sql.bind;
import static org.secretdesk.server.store.Sql.escapeLike;
import static org.secretdesk.server.store.Sql.marks;
import static org.secretdesk.server.store.Sql.nullableLong;
import static org.secretdesk.server.store.Sql.splitRoles;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.secretdesk.model.Application;
import org.secretdesk.model.ExpiryMode;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.Owners;

/** Applications ({@code applications}) and their search index ({@link SearchGrams}). */
public final class ApplicationStore {

    /**
     * The columns {@link #application} reads. The secret count, next expiry and expired count come from the row's
     * {@code secret_expiries} ({@link SecretExpiries}), not from the secrets: on a big store those three aggregates
     * per row made a page after a cursor read about a hundred cold index pages.
     */
    private static final String APP_COLUMNS = "a.id, a.name, a.description, a.client_id, a.roles, a.policy_mode, "
            + "a.policy_seconds, a.created_at, a.updated_at, a.version, a.secret_expiries, a.owner_emails, a.owner_team";

    private final SearchGrams grams = new SearchGrams();
    /** " FOR UPDATE", or nothing where the database already runs write transactions one at a time. */
    private final String forUpdate;

    ApplicationStore(boolean rowLocks) {
        this.forUpdate = rowLocks ? " FOR UPDATE" : "";
    }

    public void insert(Connection c, String id, String name, String description, String clientId,
                       List<String> roles, Owners owners, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO applications (id, name, name_lower, description, "
                + "client_id, roles, policy_mode, policy_seconds, created_at, updated_at, version, owner_emails, "
                + "owner_team) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, 1, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, name);
            ps.setString(3, name.toLowerCase(Locale.ROOT));
            ps.setString(4, description);
            ps.setString(5, clientId);
            ps.setString(6, String.join(",", roles));
            ps.setString(7, ExpiryMode.DOMAIN.name());
            ps.setLong(8, now);
            ps.setLong(9, now);
            ps.setString(10, ownerEmails(owners));
            ps.setString(11, owners.team());
            ps.executeUpdate();
        }
        grams.insert(c, name, SearchGrams.of(name, description, clientId));
    }

    public boolean nameExists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM applications WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public Optional<Application> find(Connection c, String id, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + APP_COLUMNS + " FROM applications a WHERE a.id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(application(rs, now)) : Optional.empty();
            }
        }
    }

    /**
     * What a secret write needs of its application: no per-secret aggregates.
     *
     * @param secretCount how many secrets it holds, from its expiry list ({@link SecretExpiries})
     */
    public record ApplicationCore(String id, String name, String clientId, ExpiryPolicy secretPolicy,
                                  int secretCount) {
    }

    /**
     * Locks the application's row until the transaction ends (writes to one application's secrets are serialised
     * by it: the limit and the unique description are checked under this lock; on H2 all write transactions are
     * serialised already) and returns its core fields.
     */
    public Optional<ApplicationCore> lockCore(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, client_id, policy_mode, policy_seconds, secret_expiries FROM applications WHERE id = ?"
                        + forUpdate)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ApplicationCore(rs.getString(1), rs.getString(2), rs.getString(3),
                        policy(rs, 4), SecretExpiries.count(rs.getString(6))));
            }
        }
    }

    /**
     * Locks the application's row for the rest of the transaction (serialises writes to its secrets; on H2 all
     * writes are serialised already).
     */
    public Optional<Long> lock(Connection c, String id) throws SQLException {
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
    public List<Application> list(Connection c, String query, String afterName, int limit, long now)
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
                + marks(names.size()) + ") ORDER BY a.name",
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

    public void update(Connection c, String id, String description, List<String> roles,
                       ExpiryPolicy policy, Owners owners, long now) throws SQLException {
        SearchFields before = searchFields(c, id);
        if (before != null && !before.description.equals(description)) {
            Set<String> old = SearchGrams.of(before.name, before.description, before.clientId);
            Set<String> fresh = SearchGrams.of(before.name, description, before.clientId);
            grams.delete(c, before.name, old.stream().filter(g -> !fresh.contains(g)).toList());
            grams.insert(c, before.name, fresh.stream().filter(g -> !old.contains(g)).toList());
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE applications SET description = ?, roles = ?, "
                + "policy_mode = ?, policy_seconds = ?, updated_at = ?, version = version + 1, owner_emails = ?, "
                + "owner_team = ? WHERE id = ?")) {
            ps.setString(1, description);
            ps.setString(2, String.join(",", roles));
            ps.setString(3, policy.mode().name());
            if (policy.expiresAfter() == null) {
                ps.setNull(4, Types.BIGINT);
            } else {
                ps.setLong(4, policy.expiresAfter().getSeconds());
            }
            ps.setLong(5, now);
            ps.setString(6, ownerEmails(owners));
            ps.setString(7, owners.team());
            ps.setString(8, id);
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

    public boolean delete(Connection c, String id) throws SQLException {
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

    public List<String> usingRole(Connection c, String role) throws SQLException {
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

    /** The policy in columns {@code modeColumn} (policy_mode) and the next one (policy_seconds). */
    private static ExpiryPolicy policy(ResultSet rs, int modeColumn) throws SQLException {
        ExpiryMode mode = ExpiryMode.valueOf(rs.getString(modeColumn));
        Long seconds = nullableLong(rs, modeColumn + 1);
        return mode == ExpiryMode.CUSTOM ? ExpiryPolicy.custom(Duration.ofSeconds(seconds))
                : new ExpiryPolicy(mode, null);
    }

    private static Application application(ResultSet rs, long now) throws SQLException {
        ExpiryPolicy policy = policy(rs, 6);
        SecretExpiries.Summary secrets = SecretExpiries.summarise(rs.getString(11), now);
        return new Application(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                splitRoles(rs.getString(5)), Instant.ofEpochMilli(rs.getLong(8)), Instant.ofEpochMilli(rs.getLong(9)),
                rs.getLong(10), policy, secrets.count(), secrets.nextExpiryInstant(), secrets.expired(),
                owners(rs.getString(12), rs.getString(13)));
    }

    /** An application's name and owners. */
    public record NamedOwners(String name, Owners owners) {
    }

    /** The name and owners of an application, read on their own (the notification outbox, issue 23). */
    public Optional<NamedOwners> owners(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, owner_emails, owner_team FROM applications "
                + "WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new NamedOwners(rs.getString(1), owners(rs.getString(2),
                        rs.getString(3)))) : Optional.empty();
            }
        }
    }

    /** Owners as the columns keep them. */
    public static Owners owners(String emails, String team) {
        return emails == null && team == null ? Owners.NONE : new Owners(splitRoles(emails), team);
    }

    private static String ownerEmails(Owners owners) {
        return owners.emails().isEmpty() ? null : String.join(",", owners.emails());
    }


}
