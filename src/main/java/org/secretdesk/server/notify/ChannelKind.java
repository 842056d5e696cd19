package org.secretdesk.server.notify;

/** How a channel delivers. */
public enum ChannelKind {
    /** HTTPS POST of the event as JSON, signed with HMAC-SHA256. */
    WEBHOOK,
    /** SMTP with STARTTLS (or implicit TLS) and authentication; plain-text and HTML bodies. */
    EMAIL,
    /** RFC 5424 over TCP or TLS (octet-counted frames), each event as JSON or CEF. */
    SYSLOG
}
