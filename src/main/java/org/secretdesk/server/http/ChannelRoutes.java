package org.secretdesk.server.http;

import static org.secretdesk.server.http.Requests.actor;
import static org.secretdesk.server.http.Requests.ifMatch;
import static org.secretdesk.server.http.Requests.jsonBody;
import static org.secretdesk.server.http.Requests.limit;
import static org.secretdesk.server.http.Responses.etag;
import static org.secretdesk.server.http.Responses.ok;
import static org.secretdesk.server.http.Responses.send;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.server.AdminKeySpec;
import org.secretdesk.server.ApiException;
import org.secretdesk.server.GatewayService;
import org.secretdesk.server.notify.Channel;
import org.secretdesk.server.notify.ChannelKind;
import org.secretdesk.server.notify.ChannelService;
import org.secretdesk.server.notify.EventType;
import org.secretdesk.server.store.ChannelStore;

/**
 * {@code /api/v1/channels} (admin keys only, reads included): notification channels, their "send a test" and their
 * last deliveries. A channel's credential is write-only: answers say {@code credentialSet}, never the value.
 */
final class ChannelRoutes implements RouteGroup {

    private static final String PATH = Router.API + "/channels";
    private static final Set<String> FIELDS = Set.of("name", "kind", "enabled", "events", "settings", "credential");

    private final GatewayService service;
    private final ChannelService channels;

    ChannelRoutes(GatewayService service, ChannelService channels) {
        this.service = service;
        this.channels = channels;
    }

    @Override
    public void register(Router router) {
        router.add(HandlerType.GET, PATH, this::list);
        router.write(HandlerType.POST, PATH, "channel.create", this::create);
        router.add(HandlerType.GET, PATH + "/{id}", this::get);
        router.write(HandlerType.PATCH, PATH + "/{id}", "channel.update", this::patch);
        router.write(HandlerType.DELETE, PATH + "/{id}", "channel.delete", this::delete);
        router.write(HandlerType.POST, PATH + "/{id}/test", "channel.test", this::test);
        router.add(HandlerType.GET, PATH + "/{id}/deliveries", this::deliveries);
    }

    /** Channels name hosts, users and recipients: an admin's business, not a viewer's. */
    private static void adminOnly(Context ctx) {
        if (actor(ctx).role() != AdminKeySpec.Role.ADMIN) {
            throw new ApiException(ProblemCode.AUTH_FORBIDDEN, "Notification channels are for admin keys only.");
        }
    }

    private void list(Context ctx) {
        adminOnly(ctx);
        List<Channel> all = channels.list();
        ok(ctx, Json.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("items");
            for (Channel c : all) {
                channel(g, c);
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    private void get(Context ctx) {
        adminOnly(ctx);
        Channel c = channels.get(ctx.pathParam("id"));
        send(ctx, new ApiResponse(200, Json.write(g -> channel(g, c)), null, etag(c.version())));
    }

    private void create(Context ctx) {
        ChannelService.Spec spec = spec(jsonBody(ctx), true);
        Channel c = service.write(actor(ctx), tx -> channels.create(tx, spec));
        send(ctx, new ApiResponse(201, Json.write(g -> channel(g, c)), PATH + "/" + c.id(), etag(c.version())));
    }

    private void patch(Context ctx) {
        ChannelService.Spec spec = spec(jsonBody(ctx), false);
        Long ifMatch = ifMatch(ctx);
        Channel c = service.write(actor(ctx), tx -> channels.update(tx, ctx.pathParam("id"), ifMatch, spec));
        send(ctx, new ApiResponse(200, Json.write(g -> channel(g, c)), null, etag(c.version())));
    }

    private void delete(Context ctx) {
        service.write(actor(ctx), tx -> {
            channels.delete(tx, ctx.pathParam("id"));
            return null;
        });
        ctx.status(204);
    }

    private void test(Context ctx) {
        String delivery = service.write(actor(ctx), tx -> channels.test(tx, ctx.pathParam("id")));
        ChannelStore.Delivery d = channels.deliverTest(delivery);
        ok(ctx, Json.write(g -> delivery(g, d)));
    }

    private void deliveries(Context ctx) {
        adminOnly(ctx);
        List<ChannelStore.Delivery> list = channels.deliveries(ctx.pathParam("id"), limit(ctx));
        ok(ctx, Json.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("items");
            for (ChannelStore.Delivery d : list) {
                delivery(g, d);
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    private static ChannelService.Spec spec(byte[] body, boolean create) {
        ObjectNode obj = Json.object(body, FIELDS);
        String name = create ? Json.requiredString(obj, "name") : Json.string(obj, "name").orElse(null);
        ChannelKind kind = null;
        if (create || obj.hasNonNull("kind")) {
            String k = Json.requiredString(obj, "kind");
            try {
                kind = ChannelKind.valueOf(k.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.validation("kind", "kind must be WEBHOOK, EMAIL or SYSLOG.");
            }
        }
        Boolean enabled = Json.bool(obj, "enabled").orElse(null);
        Set<EventType> events = Json.stringList(obj, "events", EventType.values().length).map(list -> {
            Set<EventType> out = EnumSet.noneOf(EventType.class);
            for (String s : list) {
                try {
                    out.add(EventType.valueOf(s));
                } catch (IllegalArgumentException e) {
                    throw ApiException.validation("events", "Unknown event type '"
                            + org.secretdesk.server.Rules.printable(s) + "'.");
                }
            }
            out.remove(EventType.TEST);
            if (out.isEmpty()) {
                throw ApiException.validation("events", "A channel needs at least one event type.");
            }
            return out;
        }).orElse(null);
        JsonNode settings = obj.get("settings");
        if (create && settings == null) {
            throw ApiException.validation("settings", "settings is required.");
        }
        char[] credential = Json.string(obj, "credential").map(String::toCharArray).orElse(null);
        return new ChannelService.Spec(name, kind, enabled, events, settings, credential);
    }

    private static void channel(JsonGenerator g, Channel c) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", c.id());
        g.writeStringField("name", c.name());
        g.writeStringField("kind", c.kind().name());
        g.writeBooleanField("enabled", c.enabled());
        g.writeArrayFieldStart("events");
        for (EventType t : c.events()) {
            g.writeString(t.name());
        }
        g.writeEndArray();
        g.writeFieldName("settings");
        g.writeRawValue(c.settings().toString());
        g.writeBooleanField("credentialSet", c.credentialSet());
        Json.time(g, "createdAt", c.createdAt());
        Json.time(g, "updatedAt", c.updatedAt());
        g.writeNumberField("version", c.version());
        g.writeEndObject();
    }

    private static void delivery(JsonGenerator g, ChannelStore.Delivery d) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", d.id());
        g.writeStringField("eventId", d.eventId());
        g.writeStringField("eventType", d.eventType());
        g.writeStringField("state", d.state().name());
        g.writeNumberField("attempts", d.attempts());
        g.writeNumberField("maxAttempts", d.maxAttempts());
        Json.time(g, "createdAt", Instant.ofEpochMilli(d.createdAt()));
        Json.time(g, "nextAttemptAt", d.state() == ChannelStore.State.PENDING ? Instant.ofEpochMilli(d.nextAttemptAt())
                : null);
        Json.time(g, "finishedAt", d.finishedAt() == null ? null : Instant.ofEpochMilli(d.finishedAt()));
        g.writeStringField("lastError", d.lastError());
        g.writeFieldName("event");
        g.writeRawValue(d.payload());
        g.writeEndObject();
    }
}
