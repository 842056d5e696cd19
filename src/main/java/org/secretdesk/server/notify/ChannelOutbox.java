package org.secretdesk.server.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.secretdesk.model.AuditEvent;
import org.secretdesk.model.IsoDurations;
import org.secretdesk.model.Notification;
import org.secretdesk.model.Owners;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.server.EventOutbox;
import org.secretdesk.server.Randoms;
import org.secretdesk.server.store.ApplicationStore;
import org.secretdesk.server.store.ChannelStore;
import org.secretdesk.server.store.Store;

/**
 * Turns the gateway's audit records and expiry warnings into channel events and queues one outbox row per event
 * and matching channel, in the transaction that caused them. An event never carries a secret value: its type, the
 * application and its owners, the secret's id, description, hint and expiry.
 */
public final class ChannelOutbox implements EventOutbox {

    /** Failed admin authentications a minute, gateway-wide on this node, above which ADMIN_AUTH_FAILURES is sent. */
    static final int FAILED_AUTH_ALARM_PER_MINUTE = 10;
    /** Attempts before a delivery is given up (back-off from 30 s, doubling: about an hour in all). */
    static final int MAX_ATTEMPTS = 8;

    private final Store store;
    private final Clock clock;
    private final Supplier<String> gatewayUrl;
    private final Runnable wake;
    private final FailedAuthAlarm alarm;

    ChannelOutbox(Store store, Clock clock, Supplier<String> gatewayUrl, Runnable wake) {
        this.store = store;
        this.clock = clock;
        this.gatewayUrl = gatewayUrl;
        this.wake = wake;
        this.alarm = new FailedAuthAlarm(FAILED_AUTH_ALARM_PER_MINUTE);
    }

    @Override
    public void audited(Connection c, AuditEvent e) throws SQLException {
        List<ChannelStore.ChannelRow> channels = store.channels().all(c);
        if (channels.isEmpty()) {
            return;
        }
        ObjectNode audit = event(EventType.AUDIT, e.time());
        ObjectNode a = audit.putObject("audit");
        a.put("id", e.id());
        a.put("time", e.time().toString());
        a.put("actor", e.actor());
        a.put("action", e.action());
        a.put("applicationId", e.applicationId());
        a.put("secretId", e.secretId());
        a.put("description", e.description());
        a.put("outcome", e.outcome());
        a.put("remoteAddress", e.remoteAddress());
        audit.put("detail", e.action() + " by " + e.actor() + ": " + e.outcome()
                + (e.description() == null ? "" : " (" + e.description() + ")"));
        enqueue(c, channels, EventType.AUDIT, audit, Owners.NONE);
        boolean success = "SUCCESS".equals(e.outcome());
        switch (e.action()) {
            case "secret.renew" -> {
                if (success) {
                    secretEvent(c, channels, EventType.SECRET_RENEWED, e, null);
                }
            }
            case "secret.delete" -> {
                if (success) {
                    secretEvent(c, channels, EventType.SECRET_DELETED, e, null);
                }
            }
            case "leak.report" -> {
                if (success && e.secretId() != null) {
                    secretEvent(c, channels, EventType.SECRET_LEAKED, e, e.description());
                }
            }
            case "ca.rotate" -> {
                if (success) {
                    ObjectNode ev = event(EventType.CA_ROTATED, e.time());
                    ev.put("detail", e.description());
                    enqueue(c, channels, EventType.CA_ROTATED, ev, Owners.NONE);
                }
            }
            case "auth.failed" -> {
                int count = alarm.failed(e.time());
                if (count > 0) {
                    ObjectNode ev = event(EventType.ADMIN_AUTH_FAILURES, e.time());
                    ev.put("detail", count + " failed admin authentications within a minute (more than "
                            + FAILED_AUTH_ALARM_PER_MINUTE + "), the last from " + e.remoteAddress() + ".");
                    ev.put("count", count);
                    enqueue(c, channels, EventType.ADMIN_AUTH_FAILURES, ev, Owners.NONE);
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void expiry(Connection c, Notification n, long thresholdSeconds) throws SQLException {
        List<ChannelStore.ChannelRow> channels = store.channels().all(c);
        if (channels.isEmpty()) {
            return;
        }
        EventType type = thresholdSeconds == 0 ? EventType.SECRET_EXPIRED : EventType.SECRET_EXPIRING;
        ObjectNode ev = event(type, n.createdAt());
        Owners owners = application(c, ev, n.applicationId(), n.applicationName());
        Optional<SecretSummary> s = store.secrets().find(c, n.applicationId(), n.secretId(), clock.millis());
        secret(ev, n.secretId(), n.description(), s.map(SecretSummary::hint).orElse(null), n.expiresAt());
        if (thresholdSeconds > 0) {
            ev.put("threshold", IsoDurations.format(Duration.ofSeconds(thresholdSeconds)));
        }
        ev.put("detail", type == EventType.SECRET_EXPIRED ? "The client secret \"" + n.description() + "\" of "
                + n.applicationName() + " expired at " + n.expiresAt() + "."
                : "The client secret \"" + n.description() + "\" of " + n.applicationName() + " expires at "
                + n.expiresAt() + ".");
        enqueue(c, channels, type, ev, owners);
    }

    /**
     * Queues a test event for one channel, whatever its filter, claimed by {@code node} (which delivers it at once);
     * returns the outbox row's id.
     */
    String enqueueTest(Connection c, ChannelStore.ChannelRow channel, String actor, String node) throws SQLException {
        ObjectNode ev = event(EventType.TEST, clock.instant());
        ev.put("detail", "A test sent by " + actor + " from the SecretDesk gateway to the channel \""
                + channel.name() + "\".");
        String id = Randoms.id("dlv_", 20);
        long now = clock.millis();
        store.channels().enqueue(c, id, ev.get("id").asText(), channel.id(), EventType.TEST.name(), ev.toString(),
                1, now, node, now + ChannelDispatcher.LEASE.toMillis());
        return id;
    }

    private void secretEvent(Connection c, List<ChannelStore.ChannelRow> channels, EventType type, AuditEvent e,
                             String detail) throws SQLException {
        ObjectNode ev = event(type, e.time());
        Owners owners = application(c, ev, e.applicationId(), null);
        Optional<SecretSummary> s = store.secrets().find(c, e.applicationId(), e.secretId(), e.time().toEpochMilli());
        String description = s.map(SecretSummary::description).orElse(e.description());
        secret(ev, e.secretId(), description, s.map(SecretSummary::hint).orElse(null),
                s.map(SecretSummary::expiresAt).orElse(null));
        String app = ev.path("application").path("name").asText(e.applicationId());
        ev.put("detail", detail != null ? detail : switch (type) {
            case SECRET_RENEWED -> "The client secret \"" + description + "\" of " + app + " was renewed by "
                    + e.actor() + ".";
            case SECRET_DELETED -> "The client secret \"" + description + "\" of " + app + " was deleted by "
                    + e.actor() + ".";
            default -> type.title();
        });
        enqueue(c, channels, type, ev, owners);
    }

    private ObjectNode event(EventType type, Instant at) {
        ObjectNode ev = ChannelSettings.JSON.createObjectNode();
        ev.put("id", Randoms.id("evt_", 20));
        ev.put("type", type.name());
        ev.put("title", type.title());
        ev.put("occurredAt", at.toString());
        ev.put("gateway", gatewayUrl.get());
        if (!type.action().isEmpty()) {
            ev.put("action", type.action());
        }
        return ev;
    }

    /** Adds {@code application} to the event; returns its owners. */
    private Owners application(Connection c, ObjectNode ev, String applicationId, String knownName)
            throws SQLException {
        Optional<ApplicationStore.NamedOwners> app = store.applications().owners(c, applicationId);
        Owners owners = app.map(ApplicationStore.NamedOwners::owners).orElse(Owners.NONE);
        ObjectNode a = ev.putObject("application");
        a.put("id", applicationId);
        a.put("name", app.map(ApplicationStore.NamedOwners::name).orElse(knownName));
        ObjectNode o = a.putObject("owners");
        owners.emails().forEach(o.putArray("emails")::add);
        o.put("team", owners.team());
        return owners;
    }

    private static void secret(ObjectNode ev, String id, String description, String hint, Instant expiresAt) {
        ObjectNode s = ev.putObject("secret");
        s.put("id", id);
        s.put("description", description);
        s.put("hint", hint);
        s.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
    }

    /** One outbox row per enabled channel whose filter takes {@code type} (and, for e-mail, that has recipients). */
    private void enqueue(Connection c, List<ChannelStore.ChannelRow> channels, EventType type, ObjectNode ev,
                         Owners owners) throws SQLException {
        boolean queued = false;
        String payload = ev.toString();
        for (ChannelStore.ChannelRow ch : channels) {
            if (!ch.enabled() || !ChannelService.events(ch.eventTypes()).contains(type)) {
                continue;
            }
            if (ChannelKind.valueOf(ch.kind()) == ChannelKind.EMAIL
                    && recipients(ChannelService.settings(ch), owners).isEmpty()) {
                continue;
            }
            store.channels().enqueue(c, Randoms.id("dlv_", 20), ev.get("id").asText(), ch.id(), type.name(), payload,
                    MAX_ATTEMPTS, clock.millis());
            queued = true;
        }
        if (queued) {
            wake.run();
        }
    }

    /** An e-mail channel's recipients for an event: its own list, and the application's owners if it says so. */
    static List<String> recipients(ObjectNode settings, Owners owners) {
        Set<String> to = new LinkedHashSet<>(ChannelSettings.strings(settings.path("to")));
        if (settings.path("toOwners").asBoolean(true)) {
            to.addAll(owners.emails());
        }
        return new ArrayList<>(to);
    }

    /**
     * Counts failed admin authentications per minute (this node's) and says when a minute's count first goes above
     * the limit: one alarm per minute however many more fail.
     */
    static final class FailedAuthAlarm {
        private final int limit;
        private long minute = Long.MIN_VALUE;
        private int count;

        FailedAuthAlarm(int limit) {
            this.limit = limit;
        }

        /** Counts one failure at {@code at}; returns the minute's count when it just went above the limit, else 0. */
        synchronized int failed(Instant at) {
            long m = at.getEpochSecond() / 60;
            if (m != minute) {
                minute = m;
                count = 0;
            }
            count++;
            return count == limit + 1 ? count : 0;
        }
    }
}
