package org.secretdesk.server.store;

/**
 * All SQL of the gateway, one table (or resource) a class: the one place that composes them. Methods take the
 * connection of the caller's transaction so that a write and its audit record commit together. Times are epoch
 * milliseconds. A new resource is a new class here and one accessor below.
 */
public final class Store {

    private final ApplicationStore applications;
    private final SecretStore secrets = new SecretStore();
    private final CredentialStore credentials = new CredentialStore();
    private final RoleStore roles = new RoleStore();
    private final SettingStore settings = new SettingStore();
    private final AuditStore audit = new AuditStore();
    private final NotificationStore notifications = new NotificationStore();
    private final IdempotencyStore idempotency = new IdempotencyStore();
    private final RotationStore rotation = new RotationStore();
    private final UsageStore usage;
    private final LeakStore leaks = new LeakStore();
    private final ChannelStore channels = new ChannelStore();
    private final CalendarStore calendar = new CalendarStore();

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
        this.applications = new ApplicationStore(rowLocks);
        this.usage = new UsageStore(rowLocks);
    }

    public ApplicationStore applications() {
        return applications;
    }

    public SecretStore secrets() {
        return secrets;
    }

    /** What the token endpoint reads and the last-use times it writes. */
    public CredentialStore credentials() {
        return credentials;
    }

    public RoleStore roles() {
        return roles;
    }

    public SettingStore settings() {
        return settings;
    }

    public AuditStore audit() {
        return audit;
    }

    public NotificationStore notifications() {
        return notifications;
    }

    public IdempotencyStore idempotency() {
        return idempotency;
    }

    /** Grace periods: ending, extending, retire-when-quiet, the applications' rotation policies. */
    public RotationStore rotation() {
        return rotation;
    }

    /** The use of each secret value, written in batches by the token endpoint. */
    public UsageStore usage() {
        return usage;
    }

    /** Leak reports received and the secrets they marked (issue 22). */
    public LeakStore leaks() {
        return leaks;
    }

    /** Notification channels and their outbox (issue 23). */
    public ChannelStore channels() {
        return channels;
    }

    /** The calendar feed's tokens and expiries (issue 23). */
    public CalendarStore calendar() {
        return calendar;
    }
}
