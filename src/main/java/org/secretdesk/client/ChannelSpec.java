package org.secretdesk.client;

import java.util.List;
import java.util.Objects;
import org.secretdesk.model.Channel;
import org.secretdesk.model.ChannelEvent;
import org.secretdesk.model.ChannelSettings;

/**
 * A channel as the console sends it, to create one or to change one (its settings are replaced whole; the kind
 * cannot change). The credential goes apart, as a wipeable value.
 */
public record ChannelSpec(String name, Channel.Kind kind, boolean enabled, List<ChannelEvent> events,
                          ChannelSettings settings) {

    public ChannelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        events = List.copyOf(events);
        Objects.requireNonNull(settings, "settings");
    }
}
