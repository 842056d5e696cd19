package org.secretdesk.model;

import java.time.Instant;
import java.util.List;

/**
 * A notification channel of the gateway (issue 23): where its warnings go (a webhook, e-mail, a SIEM over syslog),
 * which events it takes, and whether a credential (signing key, SMTP password) is set. The credential itself is
 * write-only: the gateway never gives it back.
 */
public record Channel(String id, String name, Kind kind, boolean enabled, List<ChannelEvent> events,
                      ChannelSettings settings, boolean credentialSet, Instant createdAt, Instant updatedAt,
                      long version) {

    /** What a channel delivers with. */
    public enum Kind {
        WEBHOOK("Webhook"), EMAIL("E-mail"), SYSLOG("Syslog (SIEM)");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Channel {
        events = events == null ? List.of() : List.copyOf(events);
        settings = settings == null ? ChannelSettings.EMPTY : settings;
    }
}
