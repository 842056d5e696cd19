package org.secretdesk.server.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Set;

/**
 * A notification channel as the API shows it: never its credential, only whether one is set.
 *
 * @param events   the event filter: the types this channel is sent
 * @param settings what {@link ChannelSettings} checked for its kind (host, URL, recipients, format…)
 */
public record Channel(String id, String name, ChannelKind kind, boolean enabled, Set<EventType> events,
                      ObjectNode settings, boolean credentialSet, Instant createdAt, Instant updatedAt,
                      long version) {
}
