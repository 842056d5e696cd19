package org.secretdesk.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.secretdesk.model.Application;
import org.secretdesk.model.AuditEvent;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.ExpiryMode;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.GatewayEvent;
import org.secretdesk.model.IsoDurations;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.Notification;
import org.secretdesk.model.Owners;
import org.secretdesk.model.Page;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.model.Role;
import org.secretdesk.model.SecretFormat;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;
import org.secretdesk.server.events.EventBus;
import org.secretdesk.server.store.Database;
import org.secretdesk.server.store.ApplicationStore;
import org.secretdesk.server.store.SecretStore;
import org.secretdesk.server.store.AuditStore;
import org.secretdesk.server.store.Store;

/**
 * The gateway's rules: applications, secrets, policies, roles and the audit trail. Each write runs in one
 * transaction together with its audit record; live events are published only after the commit.
 */
public final class GatewayService {

    static final String POLICY_SETTING = "secret-policy";
    public static final Duration MAX_GRACE = Duration.ofDays(7);
    /** How long an Idempotency-Key replays its result. */
    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One write transaction: its connection, its time and the events to publish after commit. */
    public static final class Tx {
        private final Connection connection;
        private final Instant now;
        private final Actor actor;
        private final List<GatewayEvent> events = new ArrayList<>();

        Tx(Connection connection, Instant now, Actor actor) {
            this.connection = connection;
            this.now = now;
            this.actor = actor;
        }

        public Connection connection() {
            return connection;
        }

        public Instant now() {
            return now;
        }

        public Actor actor() {
            return actor;
        }
    }

    @FunctionalInterface
    public interface TxFunction<T> {
        T apply(Tx tx) throws SQLException;
    }

    private final Database db;
    private final Store store;
    private final Clock clock;
    private final EventBus events;
    private final int maxSecretsPerApplication;
    private volatile Function<String, Instant> pendingLastUse = id -> null;
    private volatile CommitHook commitHook = (c, e) -> { };
    private volatile EventOutbox outbox = EventOutbox.NONE;

    /** Runs inside a write transaction just before it commits, with the events it will publish. */
    @FunctionalInterface
    public interface CommitHook {
        void beforeCommit(Connection c, List<GatewayEvent> events) throws SQLException;
    }

    public GatewayService(Database db, Store store, Clock clock, EventBus events, int maxSecretsPerApplication) {
        this.db = db;
        this.store = store;
        this.clock = clock;
        this.events = events;
        this.maxSecretsPerApplication = maxSecretsPerApplication;
    }

    /** Last uses seen by the token endpoint but not yet written; overlaid on reads so they are never stale. */
    void setPendingLastUse(Function<String, Instant> lookup) {
        this.pendingLastUse = lookup;
    }

    /** Cluster mode: sends each write's events to the other nodes in the same transaction (NOTIFY). */
    void setCommitHook(CommitHook hook) {
        this.commitHook = hook;
    }

    /** Issue 23: every audit record and expiry warning also goes to the notification channels' outbox. */
    void setOutbox(EventOutbox outbox) {
        this.outbox = outbox;
    }

    EventOutbox outbox() {
        return outbox;
    }

    public Clock clock() {
        return clock;
    }

    /** Runs {@code work} in one transaction and publishes its events after the commit. */
    public <T> T write(Actor actor, TxFunction<T> work) {
        Instant now = clock.instant();
        Tx[] holder = new Tx[1];
        T result = db.inTransaction(c -> {
            Tx tx = new Tx(c, now, actor);
            holder[0] = tx;
            T r = work.apply(tx);
            if (!tx.events.isEmpty()) {
                commitHook.beforeCommit(c, tx.events);
            }
            return r;
        });
        holder[0].events.forEach(events::publish);
        return result;
    }

    /** Queues an event to be published once {@code tx} has committed. */
    public void publishAfterCommit(Tx tx, GatewayEvent event) {
        tx.events.add(event);
    }

    // ---------------------------------------------------------------- applications

    public Application createApplication(Tx tx, String name, String description, List<String> roles,
                                         Owners owners) throws SQLException {
        String n = Rules.label("name", "Name", name);
        String d = Rules.description(description);
        List<String> r = checkRoles(tx.connection, roles);
        if (store.applications().nameExists(tx.connection, n)) {
            throw new ApiException(ProblemCode.APPLICATION_DUPLICATE_NAME,
                    "An application named '" + n + "' already exists.", "name");
        }
        String id = Randoms.id("app_", 20);
        try {
            store.applications().insert(tx.connection, id, n, d, Randoms.id("sdc_", 22), r, owners,
                    tx.now.toEpochMilli());
        } catch (SQLException e) {
            // Another request created the same name between the check above and this insert.
            if (isUniqueViolation(e)) {
                throw new ApiException(ProblemCode.APPLICATION_DUPLICATE_NAME,
                        "An application named '" + n + "' already exists.", "name");
            }
            throw e;
        }
        audit(tx, "application.create", id, null, n);
        tx.events.add(new GatewayEvent("application.created", id, null, 1L));
        return store.applications().find(tx.connection, id, tx.now.toEpochMilli()).orElseThrow();
    }

    public Application updateApplication(Tx tx, String id, Long ifMatch, Optional<String> description,
                                         Optional<List<String>> roles, Optional<ExpiryPolicy> policy,
                                         Optional<Owners> owners) throws SQLException {
        long version = store.applications().lock(tx.connection, id).orElseThrow(() -> appNotFound(id));
        checkVersion(ifMatch, version);
        Application app = store.applications().find(tx.connection, id, tx.now.toEpochMilli()).orElseThrow();
        String d = description.map(Rules::description).orElse(app.description());
        List<String> r = roles.isPresent() ? checkRoles(tx.connection, roles.get()) : app.roles();
        ExpiryPolicy p = policy.orElse(app.secretPolicy());
        store.applications().update(tx.connection, id, d, r, p, owners.orElse(app.owners()), tx.now.toEpochMilli());
        audit(tx, "application.update", id, null, AuditTexts.applicationUpdate(app.name(), app.description(), d,
                app.roles(), r, app.secretPolicy(), p));
        tx.events.add(new GatewayEvent("application.updated", id, null, version + 1));
        return store.applications().find(tx.connection, id, tx.now.toEpochMilli()).orElseThrow();
    }

    public void deleteApplication(Tx tx, String id, Long ifMatch) throws SQLException {
        long version = store.applications().lock(tx.connection, id).orElseThrow(() -> appNotFound(id));
        checkVersion(ifMatch, version);
        Application app = store.applications().find(tx.connection, id, tx.now.toEpochMilli()).orElseThrow();
        store.applications().delete(tx.connection, id);
        audit(tx, "application.delete", id, null, app.name());
        tx.events.add(new GatewayEvent("application.deleted", id, null, version));
    }

    public Application getApplication(String id) {
        return db.read(c -> store.applications().find(c, id, clock.millis())).orElseThrow(() -> appNotFound(id));
    }

    /** See {@link SecretExpiriesRepair#repair}: returns how many applications were rewritten. */
    public int repairSecretExpiries(BooleanSupplier keepGoing) {
        return SecretExpiriesRepair.repair(db, store, keepGoing);
    }

    public Page<Application> listApplications(String query, int limit, String afterName) {
        List<Application> rows = db.read(c -> store.applications().list(c, query, afterName, limit, clock.millis()));
        if (rows.size() > limit) {
            List<Application> page = rows.subList(0, limit);
            return new Page<>(page, page.getLast().name());
        }
        return new Page<>(rows, null);
    }

    // ---------------------------------------------------------------- secrets

    public IssuedSecret createSecret(Tx tx, String applicationId, String description, ExpiryRequest expiry)
            throws SQLException {
        ApplicationStore.ApplicationCore app = store.applications().lockCore(tx.connection, applicationId)
                .orElseThrow(() -> appNotFound(applicationId));
        String d = Rules.label("description", "Description", description);
        // The count comes with the application's locked row (its expiry list, kept exact by every write); a taken
        // description is found by the insert itself (the unique index), so a create reads no other rows.
        if (app.secretCount() >= maxSecretsPerApplication) {
            throw new ApiException(ProblemCode.SECRET_LIMIT_REACHED, "The application already has "
                    + maxSecretsPerApplication + " secrets, the most allowed. Delete one first.");
        }
        Duration expiresAfter = expiryFor(tx.connection, app, expiry);
        SecretValue value = Randoms.newClientSecret();
        String id = Randoms.id("sec_", 20);
        String hint = hint(value);
        Long expiresAt = expiresAfter == null ? null : wholeSeconds(tx.now.plus(expiresAfter));
        try {
            store.secrets().insert(tx.connection, id, applicationId, d, hint, Randoms.sha256Hex(value),
                    tx.now.toEpochMilli(), expiresAt);
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                value.destroy();
                throw new ApiException(ProblemCode.SECRET_DUPLICATE_DESCRIPTION, "The application already has a "
                        + "secret described '" + d + "'. A secret cannot be overwritten: delete it and create it "
                        + "again.", "description");
            }
            throw e;
        }
        audit(tx, "secret.create", applicationId, id, d);
        tx.events.add(new GatewayEvent("secret.created", applicationId, id, 1L));
        SecretSummary summary = SecretStore.newSecret(id, applicationId, d, hint, tx.now.toEpochMilli(), expiresAt);
        return new IssuedSecret(summary, app.clientId(), value);
    }

    public IssuedSecret renewSecret(Tx tx, String applicationId, String secretId, Long ifMatch, Duration grace)
            throws SQLException {
        return renewSecret(tx, applicationId, secretId, ifMatch, grace, null);
    }

    /**
     * @param retireAfterQuiet end the grace early once the old value has been unused this long (and the new one was
     *                         used); null: the application's rotation policy
     */
    public IssuedSecret renewSecret(Tx tx, String applicationId, String secretId, Long ifMatch, Duration grace,
                                    Duration retireAfterQuiet) throws SQLException {
        ApplicationStore.ApplicationCore app = store.applications().lockCore(tx.connection, applicationId)
                .orElseThrow(() -> appNotFound(applicationId));
        SecretSummary current = store.secrets().find(tx.connection, applicationId, secretId, tx.now.toEpochMilli())
                .orElseThrow(() -> secretNotFound(secretId));
        checkVersion(ifMatch, current.version());
        if (grace != null && (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0)) {
            throw ApiException.validation("gracePeriod", "The grace period must be at most P7D.");
        }
        if (retireAfterQuiet != null) {
            RotationService.checkQuiet("retireAfterQuiet", retireAfterQuiet);
            if (grace == null || grace.isZero()) {
                throw ApiException.validation("retireAfterQuiet", "retireAfterQuiet needs a gracePeriod: without one "
                        + "the old value stops at once.");
            }
        }
        if (current.graceUntil() != null) {
            // The last renew promised that the value before it works until graceUntil; a renew now would have to
            // drop that value (a secret keeps one previous value), so it is refused instead of breaking the promise.
            throw new ApiException(ProblemCode.SECRET_GRACE_PERIOD_ACTIVE, "The previous value of this secret still "
                    + "works until " + current.graceUntil() + ", as its last renew promised. Renew again after that, "
                    + "or delete the secret to stop every value of it at once.");
        }
        Duration expiresAfter = expiryFor(tx.connection, app, new ExpiryRequest.PolicyDefault());
        String oldHash = store.secrets().hash(tx.connection, secretId);
        SecretValue value = Randoms.newClientSecret();
        Long graceUntil = grace == null || grace.isZero() ? null : wholeSeconds(tx.now.plus(grace));
        if (graceUntil != null && current.expiresAt() != null) {
            // The old value never outlives its own end: an expired one, or one a leak report revoked or gave a
            // deadline (issue 22), is not brought back by the grace period.
            graceUntil = Math.min(graceUntil, current.expiresAt().toEpochMilli());
        }
        boolean keepOld = graceUntil != null && graceUntil > tx.now.toEpochMilli();
        store.secrets().renew(tx.connection, applicationId, secretId, Randoms.sha256Hex(value), hint(value),
                keepOld ? oldHash : null, keepOld ? graceUntil : null, tx.now.toEpochMilli(),
                expiresAfter == null ? null : wholeSeconds(tx.now.plus(expiresAfter)));
        Long quiet = retireAfterQuiet != null ? Long.valueOf(retireAfterQuiet.toMillis())
                : store.rotation().retireAfterQuiet(tx.connection, applicationId);
        if (keepOld && quiet != null) {
            store.rotation().startRetirement(tx.connection, applicationId, secretId, quiet);
        } else {
            store.rotation().stopRetirement(tx.connection, secretId);
        }
        audit(tx, "secret.renew", applicationId, secretId, AuditTexts.renew(current.description(), grace,
                keepOld ? Instant.ofEpochMilli(graceUntil) : null));
        tx.events.add(new GatewayEvent("secret.renewed", applicationId, secretId, current.version() + 1));
        SecretSummary summary = store.usage().withUsage(tx.connection, List.of(store.secrets().find(tx.connection,
                applicationId, secretId, tx.now.toEpochMilli()).orElseThrow()), tx.now.toEpochMilli()).getFirst();
        return new IssuedSecret(summary, app.clientId(), value);
    }

    public void deleteSecret(Tx tx, String applicationId, String secretId, Long ifMatch) throws SQLException {
        store.applications().lock(tx.connection, applicationId).orElseThrow(() -> appNotFound(applicationId));
        SecretSummary current = store.secrets().find(tx.connection, applicationId, secretId, tx.now.toEpochMilli())
                .orElseThrow(() -> secretNotFound(secretId));
        checkVersion(ifMatch, current.version());
        store.secrets().delete(tx.connection, applicationId, secretId);
        audit(tx, "secret.delete", applicationId, secretId, current.description());
        tx.events.add(new GatewayEvent("secret.deleted", applicationId, secretId, current.version()));
    }

    public Page<SecretSummary> listSecrets(String applicationId, int limit, Long afterCreated, String afterId) {
        long now = clock.millis();
        List<SecretSummary> rows = db.read(c -> {
            if (store.applications().find(c, applicationId, now).isEmpty()) {
                throw appNotFound(applicationId);
            }
            return store.usage().withUsage(c, store.secrets().list(c, applicationId, afterCreated, afterId, limit,
                    now), now);
        });
        List<SecretSummary> withUse = rows.stream().map(this::withPendingLastUse).toList();
        if (withUse.size() > limit) {
            List<SecretSummary> page = withUse.subList(0, limit);
            SecretSummary last = page.getLast();
            return new Page<>(page, last.createdAt().toEpochMilli() + ":" + last.id());
        }
        return new Page<>(withUse, null);
    }

    /** {@code s} with a last use this node has seen but not written yet. */
    SecretSummary withPendingLastUse(SecretSummary s) {
        Instant pending = pendingLastUse.apply(s.id());
        if (pending == null || (s.lastUsedAt() != null && !pending.isAfter(s.lastUsedAt()))) {
            return s;
        }
        return s.withLastUsedAt(pending);
    }

    Database database() {
        return db;
    }

    /** Runs {@code work} on a connection outside any write transaction. */
    public <T> T read(Database.TxWork<T> work) {
        return db.read(work);
    }

    // ---------------------------------------------------------------- policy and roles

    public DomainSecretPolicy secretPolicy() {
        return db.read(this::secretPolicy);
    }

    DomainSecretPolicy secretPolicy(Connection c) throws SQLException {
        Optional<String> json = store.settings().get(c, POLICY_SETTING);
        if (json.isEmpty()) {
            return new DomainSecretPolicy(true, Duration.ofDays(90), DomainSecretPolicy.DEFAULT_THRESHOLDS,
                    maxSecretsPerApplication);
        }
        // Every secret write reads the policy: parse the stored JSON only when it differs from the last one seen
        // (the row itself is still read, so a change made by another node applies at once).
        ParsedPolicy last = lastPolicy;
        if (last != null && last.json().equals(json.get())) {
            return last.policy();
        }
        DomainSecretPolicy parsed = parsePolicy(json.get());
        lastPolicy = new ParsedPolicy(json.get(), parsed);
        return parsed;
    }

    private record ParsedPolicy(String json, DomainSecretPolicy policy) {
    }

    private volatile ParsedPolicy lastPolicy;

    private DomainSecretPolicy parsePolicy(String stored) {
        try {
            ObjectNode n = (ObjectNode) JSON.readTree(stored);
            List<Duration> thresholds = new ArrayList<>();
            n.withArray("notifyBefore").forEach(t -> thresholds.add(Duration.ofSeconds(t.asLong())));
            boolean enabled = n.path("expiryEnabled").asBoolean();
            Duration after = n.hasNonNull("expiresAfterSeconds")
                    ? Duration.ofSeconds(n.get("expiresAfterSeconds").asLong()) : null;
            return new DomainSecretPolicy(enabled, after, thresholds, maxSecretsPerApplication);
        } catch (java.io.IOException | ClassCastException e) {
            throw new IllegalStateException("The stored secret policy is unreadable", e);
        }
    }

    public DomainSecretPolicy updateSecretPolicy(Tx tx, boolean enabled, Duration expiresAfter,
                                                 List<Duration> notifyBefore) throws SQLException {
        ObjectNode n = JSON.createObjectNode();
        n.put("expiryEnabled", enabled);
        if (expiresAfter != null) {
            n.put("expiresAfterSeconds", expiresAfter.getSeconds());
        }
        var arr = n.putArray("notifyBefore");
        notifyBefore.stream().distinct().sorted(java.util.Comparator.reverseOrder())
                .forEach(d -> arr.add(d.getSeconds()));
        store.settings().put(tx.connection, POLICY_SETTING, n.toString());
        audit(tx, "policy.update", null, null, (enabled ? "expiry " + IsoDurations.format(expiresAfter) : "no expiry"));
        return secretPolicy(tx.connection);
    }

    public List<Role> roles() {
        return db.read(store.roles()::all);
    }

    public List<Role> replaceRoles(Tx tx, List<Role> roles) throws SQLException {
        Set<String> names = new java.util.HashSet<>();
        for (Role r : roles) {
            if (!names.add(r.name())) {
                throw ApiException.validation("roles", "The role '" + r.name() + "' is listed twice.");
            }
        }
        // Keep "an application's roles are in the catalog" true: a removed role is taken off every application.
        for (Role old : store.roles().all(tx.connection)) {
            if (!names.contains(old.name())) {
                for (String appId : store.applications().usingRole(tx.connection, old.name())) {
                    Application app = store.applications().find(tx.connection, appId, tx.now.toEpochMilli())
                            .orElseThrow();
                    List<String> kept = app.roles().stream().filter(r -> !r.equals(old.name())).toList();
                    store.applications().update(tx.connection, appId, app.description(), kept, app.secretPolicy(),
                            app.owners(), tx.now.toEpochMilli());
                    audit(tx, "application.update", appId, null, app.name() + ": role '" + old.name() + "' removed");
                    tx.events.add(new GatewayEvent("application.updated", appId, null, app.version() + 1));
                }
            }
        }
        store.roles().replace(tx.connection, roles);
        audit(tx, "roles.update", null, null, roles.size() + " roles");
        return store.roles().all(tx.connection);
    }

    // ---------------------------------------------------------------- audit and notifications

    public void audit(Tx tx, String action, String applicationId, String secretId, String description)
            throws SQLException {
        AuditEvent event = new AuditEvent(Randoms.id("aud_", 20), tx.now, tx.actor.name(), action, applicationId,
                secretId, description, "SUCCESS", tx.actor.remoteAddress());
        store.audit().insert(tx.connection, event);
        outbox.audited(tx.connection, event);
    }

    /**
     * Records a refused request (outcome {@code REJECTED}, the problem code as its description) in its own
     * transaction: the request's own one, if it had one, was rolled back.
     */
    public void auditRefusal(Actor actor, String action, String applicationId, String secretId, String code) {
        db.inTransaction(c -> {
            AuditEvent event = new AuditEvent(Randoms.id("aud_", 20), clock.instant(), actor.name(), action,
                    applicationId, secretId, code, "REJECTED", actor.remoteAddress());
            store.audit().insert(c, event);
            outbox.audited(c, event);
            return null;
        });
    }

    public Page<Map.Entry<Long, AuditEvent>> audit(AuditStore.AuditFilter filter, int limit, Long beforeSeq) {
        List<Map.Entry<Long, AuditEvent>> rows = db.read(c -> store.audit().list(c, filter, beforeSeq, limit));
        if (rows.size() > limit) {
            List<Map.Entry<Long, AuditEvent>> page = rows.subList(0, limit);
            return new Page<>(page, String.valueOf(page.getLast().getKey()));
        }
        return new Page<>(rows, null);
    }

    /** Expiry notifications and reported leaks (issue 22) since {@code since}, oldest first. */
    public List<Notification> notifications(Instant since, int limit) {
        return db.read(c -> {
            List<Notification> all = new ArrayList<>(store.notifications().list(c, since.toEpochMilli(), limit));
            all.addAll(store.leaks().notifications(c, since.toEpochMilli(), limit));
            all.sort(java.util.Comparator.comparing(Notification::createdAt));
            return all.size() > limit ? all.subList(0, limit) : all;
        });
    }

    public long secretCount() {
        return db.read(store.secrets()::countAll);
    }

    // ---------------------------------------------------------------- rules

    /**
     * An expiry or grace end in epoch milliseconds, cut to the whole second: the API shows these times to the
     * second (RFC 3339 without fractions), so the value stops working at exactly the time shown.
     */
    static long wholeSeconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
    }

    /** The expiry of a new or renewed secret: the request checked against the effective policy. */
    private Duration expiryFor(Connection c, ApplicationStore.ApplicationCore app, ExpiryRequest request)
            throws SQLException {
        Duration effective = switch (app.secretPolicy().mode()) {
            case CUSTOM -> app.secretPolicy().expiresAfter();
            case NEVER -> null;
            case DOMAIN -> {
                DomainSecretPolicy domain = secretPolicy(c);
                yield domain.expiryEnabled() ? domain.expiresAfter() : null;
            }
        };
        return switch (request) {
            case ExpiryRequest.PolicyDefault d -> effective;
            case ExpiryRequest.Never n -> {
                if (effective != null) {
                    throw new ApiException(ProblemCode.SECRET_EXPIRY_NOT_ALLOWED, "A policy applies to this "
                            + "application: its secrets expire after at most " + IsoDurations.format(effective)
                            + ".", "expiresAfter");
                }
                yield null;
            }
            case ExpiryRequest.After a -> {
                if (a.duration().isZero() || a.duration().isNegative()) {
                    throw ApiException.validation("expiresAfter", "expiresAfter must be a positive duration.");
                }
                if (effective != null && a.duration().compareTo(effective) > 0) {
                    throw new ApiException(ProblemCode.SECRET_EXPIRY_NOT_ALLOWED, "expiresAfter is longer than the "
                            + "policy allows (" + IsoDurations.format(effective) + ").", "expiresAfter");
                }
                yield a.duration();
            }
        };
    }

    private List<String> checkRoles(Connection c, List<String> roles) throws SQLException {
        if (roles == null) {
            return List.of();
        }
        Set<String> catalog = new java.util.HashSet<>();
        store.roles().all(c).forEach(r -> catalog.add(r.name()));
        List<String> out = new ArrayList<>();
        for (String r : roles) {
            if (!catalog.contains(r)) {
                throw ApiException.validation("roles", "Unknown role '" + Rules.printable(r)
                        + "'. Roles must be in the gateway's catalog (GET /api/v1/roles).");
            }
            if (!out.contains(r)) {
                out.add(r);
            }
        }
        return out;
    }

    private static void checkVersion(Long ifMatch, long version) {
        if (ifMatch != null && ifMatch != version) {
            throw new ApiException(ProblemCode.PRECONDITION_FAILED, "It was changed by someone else (now version "
                    + version + "). Reload and try again.");
        }
    }

    private static String hint(SecretValue value) {
        char[] c = new char[SecretFormat.HINT_LENGTH];
        for (int i = 0; i < c.length; i++) {
            c[i] = value.charAt(i);
        }
        return new String(c);
    }

    private static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    static ApiException appNotFound(String id) {
        return new ApiException(ProblemCode.APPLICATION_NOT_FOUND, "No application with id '" + Rules.printable(id)
                + "'.");
    }

    static ApiException secretNotFound(String id) {
        return new ApiException(ProblemCode.SECRET_NOT_FOUND, "No secret with id '" + Rules.printable(id)
                + "' in this application.");
    }
}
