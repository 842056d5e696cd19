package org.secretdesk.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.model.Validation;
import org.secretdesk.server.ApiException;
import org.secretdesk.server.GatewayService;
import org.secretdesk.server.Randoms;
import org.secretdesk.server.store.ChannelStore;
import org.secretdesk.server.store.Store;

/**
 * The notification channels (issue 23): add, change, remove, test, and their last deliveries. Each write runs in
 * the caller's transaction with its audit record; a credential is sealed before it reaches the database and never
 * leaves the gateway again (answers say only {@code credentialSet}).
 */
public final class ChannelService {

    /** Every type but AUDIT and TEST: what a channel gets when its request names no filter. */
    static final Set<EventType> WARNINGS = EnumSet.complementOf(EnumSet.of(EventType.AUDIT, EventType.TEST));

    private final GatewayService service;
    private final Store store;
    private final CredentialSeal seal;
    private final ChannelOutbox outbox;
    private final ChannelDispatcher dispatcher;

    ChannelService(GatewayService service, Store store, CredentialSeal seal, ChannelOutbox outbox,
                   ChannelDispatcher dispatcher) {
        this.service = service;
        this.store = store;
        this.seal = seal;
        this.outbox = outbox;
        this.dispatcher = dispatcher;
    }

    /** What a create or change asks for; absent fields ({@code null}) stay as they are on a change. */
    public record Spec(String name, ChannelKind kind, Boolean enabled, Set<EventType> events, JsonNode settings,
                       char[] credential) {
    }

    public Channel create(GatewayService.Tx tx, Spec spec) throws SQLException {
        if (spec.kind() == null) {
            throw ApiException.validation("kind", "kind must be WEBHOOK, EMAIL or SYSLOG.");
        }
        String name = name(spec.name());
        if (store.channels().nameTaken(tx.connection(), name, null)) {
            throw new ApiException(ProblemCode.VALIDATION_FAILED, "A channel named '" + name + "' already exists.",
                    "name");
        }
        String id = Randoms.id("chn_", 20);
        ObjectNode settings = ChannelSettings.check(spec.kind(), spec.settings(), spec.credential() != null);
        Set<EventType> events = spec.events() != null ? spec.events() : defaultEvents(spec.kind());
        long now = tx.now().toEpochMilli();
        ChannelStore.ChannelRow row = new ChannelStore.ChannelRow(id, name, spec.kind().name(),
                spec.enabled() == null || spec.enabled(), join(events), settings.toString(),
                sealed(id, spec.credential()), now, now, 1);
        store.channels().insert(tx.connection(), row);
        service.audit(tx, "channel.create", null, null, describe(row));
        return channel(row);
    }

    public Channel update(GatewayService.Tx tx, String id, Long ifMatch, Spec spec) throws SQLException {
        ChannelStore.ChannelRow old = find(tx, id);
        if (ifMatch != null && ifMatch != old.version()) {
            throw new ApiException(ProblemCode.PRECONDITION_FAILED, "It was changed by someone else (now version "
                    + old.version() + "). Reload and try again.");
        }
        if (spec.kind() != null && spec.kind() != ChannelKind.valueOf(old.kind())) {
            throw ApiException.validation("kind", "A channel's kind cannot change: add a new channel.");
        }
        String name = spec.name() == null ? old.name() : name(spec.name());
        if (!name.equals(old.name()) && store.channels().nameTaken(tx.connection(), name, id)) {
            throw new ApiException(ProblemCode.VALIDATION_FAILED, "A channel named '" + name + "' already exists.",
                    "name");
        }
        String sealed = spec.credential() != null ? sealed(id, spec.credential()) : old.sealedCredential();
        ChannelKind kind = ChannelKind.valueOf(old.kind());
        ObjectNode settings = ChannelSettings.check(kind, spec.settings() != null ? spec.settings() : settings(old),
                sealed != null);
        ChannelStore.ChannelRow row = new ChannelStore.ChannelRow(id, name, old.kind(),
                spec.enabled() == null ? old.enabled() : spec.enabled(),
                spec.events() == null ? old.eventTypes() : join(spec.events()), settings.toString(), sealed,
                old.createdAt(), tx.now().toEpochMilli(), old.version() + 1);
        store.channels().update(tx.connection(), row);
        service.audit(tx, "channel.update", null, null, describe(row)
                + (spec.credential() != null ? ", credential replaced" : ""));
        return channel(row);
    }

    public void delete(GatewayService.Tx tx, String id) throws SQLException {
        ChannelStore.ChannelRow row = find(tx, id);
        store.channels().delete(tx.connection(), id);
        service.audit(tx, "channel.delete", null, null, describe(row));
    }

    public List<Channel> list() {
        return service.read(c -> store.channels().all(c)).stream().map(ChannelService::channel).toList();
    }

    public Channel get(String id) {
        return channel(service.read(c -> store.channels().find(c, id)).orElseThrow(() -> notFound(id)));
    }

    public List<ChannelStore.Delivery> deliveries(String id, int limit) {
        return service.read(c -> {
            if (store.channels().find(c, id).isEmpty()) {
                throw notFound(id);
            }
            return store.channels().recent(c, id, limit);
        });
    }

    /**
     * Queues a TEST event for the channel (one attempt, whatever its filter); returns the delivery's id, for
     * {@link #deliverTest} once this transaction committed.
     */
    public String test(GatewayService.Tx tx, String id) throws SQLException {
        ChannelStore.ChannelRow row = find(tx, id);
        String delivery = outbox.enqueueTest(tx.connection(), row, tx.actor().name(), dispatcher.node());
        service.audit(tx, "channel.test", null, null, describe(row));
        return delivery;
    }

    /** Delivers a queued test now on this node and returns how it ended. */
    public ChannelStore.Delivery deliverTest(String deliveryId) {
        return dispatcher.deliverNow(deliveryId).orElseThrow();
    }

    private ChannelStore.ChannelRow find(GatewayService.Tx tx, String id) throws SQLException {
        return store.channels().find(tx.connection(), id).orElseThrow(() -> notFound(id));
    }

    private String sealed(String id, char[] credential) {
        if (credential == null) {
            return null;
        }
        if (credential.length < 16 || credential.length > 1000) {
            throw ApiException.validation("credential", "The credential must be 16 to 1000 characters.");
        }
        java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(credential));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        try {
            return seal.seal(id, bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
        }
    }

    private static String name(String name) {
        if (name == null || name.isBlank() || name.strip().length() > 100 || Validation.hasControlCharacters(name)) {
            throw ApiException.validation("name", "The name is 1-100 characters without control characters.");
        }
        return name.strip();
    }

    static Set<EventType> defaultEvents(ChannelKind kind) {
        Set<EventType> events = EnumSet.copyOf(WARNINGS);
        if (kind == ChannelKind.SYSLOG) {
            events.add(EventType.AUDIT);
        }
        return events;
    }

    /** The event filter as stored: the types' names, comma-separated. */
    static Set<EventType> events(String stored) {
        Set<EventType> out = EnumSet.noneOf(EventType.class);
        for (String s : stored.split(",")) {
            try {
                out.add(EventType.valueOf(s.strip()));
            } catch (IllegalArgumentException e) {
                // a type a later gateway version knows: not for this one to send
            }
        }
        return out;
    }

    private static String join(Set<EventType> events) {
        return events.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    static ObjectNode settings(ChannelStore.ChannelRow row) {
        try {
            return (ObjectNode) ChannelSettings.JSON.readTree(row.settings());
        } catch (IOException e) {
            throw new UncheckedIOException("The stored settings of channel " + row.id() + " are unreadable", e);
        }
    }

    private static Channel channel(ChannelStore.ChannelRow row) {
        return new Channel(row.id(), row.name(), ChannelKind.valueOf(row.kind()), row.enabled(),
                events(row.eventTypes()), settings(row), row.sealedCredential() != null,
                Instant.ofEpochMilli(row.createdAt()), Instant.ofEpochMilli(row.updatedAt()), row.version());
    }

    /** For the audit trail: name, kind and where to; never the credential. */
    private static String describe(ChannelStore.ChannelRow row) {
        ObjectNode s = settings(row);
        String where = Optional.ofNullable(s.get("url")).map(JsonNode::asText)
                .orElse(s.path("host").asText() + ":" + s.path("port").asText());
        return row.name() + " (" + row.kind().toLowerCase(Locale.ROOT) + " to " + where + ")";
    }

    static ApiException notFound(String id) {
        return new ApiException(ProblemCode.CHANNEL_NOT_FOUND, "No notification channel with id '"
                + org.secretdesk.server.Rules.printable(id) + "'.");
    }
}
