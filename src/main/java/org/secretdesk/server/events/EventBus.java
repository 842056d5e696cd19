package org.secretdesk.server.events;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import org.secretdesk.model.GatewayEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans committed changes out to live subscribers (the SSE endpoint). Never carries a secret. */
public final class EventBus {

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private final Set<Consumer<GatewayEvent>> subscribers = new CopyOnWriteArraySet<>();

    public Runnable subscribe(Consumer<GatewayEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    public void publish(GatewayEvent event) {
        for (Consumer<GatewayEvent> s : subscribers) {
            try {
                s.accept(event);
            } catch (RuntimeException e) {
                LOG.debug("Dropping a live subscriber: {}", e.toString());
                subscribers.remove(s);
            }
        }
    }

    public int subscriberCount() {
        return subscribers.size();
    }
}
