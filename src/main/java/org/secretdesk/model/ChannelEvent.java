package org.secretdesk.model;

import java.util.List;

/** The events a channel's filter chooses from (docs/notifications.md, "Events"); TEST is sent whatever the filter. */
public enum ChannelEvent {
    SECRET_EXPIRING("Secret expires soon"),
    SECRET_EXPIRED("Secret expired"),
    SECRET_RENEWED("Secret renewed"),
    SECRET_DELETED("Secret deleted"),
    SECRET_LEAKED("Secret leaked"),
    ADMIN_AUTH_FAILURES("Failed admin sign-ins"),
    CA_ROTATED("CA rotated"),
    /** Every audit record: for a SIEM over syslog. */
    AUDIT("Every audit record");

    private final String label;

    ChannelEvent(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The gateway's default filter for a new channel of {@code kind}. */
    public static List<ChannelEvent> defaults(Channel.Kind kind) {
        return kind == Channel.Kind.SYSLOG ? List.of(AUDIT, SECRET_LEAKED, ADMIN_AUTH_FAILURES, CA_ROTATED)
                : List.of(SECRET_EXPIRING, SECRET_EXPIRED, SECRET_RENEWED, SECRET_DELETED, SECRET_LEAKED,
                ADMIN_AUTH_FAILURES, CA_ROTATED);
    }
}
