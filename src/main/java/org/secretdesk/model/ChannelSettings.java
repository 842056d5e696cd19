package org.secretdesk.model;

import java.util.List;

/**
 * A channel's settings, one flat record for the three kinds (null: not given, the gateway's default). None of them
 * is a credential. Webhook: {@code url}. E-mail: {@code host}, {@code port}, {@code security} (STARTTLS or TLS),
 * {@code username}, {@code from}, {@code to}, {@code toOwners}, {@code consoleUrl}. Syslog: {@code host},
 * {@code port}, {@code transport} (TLS or TCP), {@code format} (JSON or CEF), {@code appName}. All:
 * {@code caCertificate}, a PEM CA to trust instead of the JDK's roots.
 */
public record ChannelSettings(String url, String host, Integer port, String security, String username, String from,
                              List<String> to, Boolean toOwners, String consoleUrl, String transport, String format,
                              String appName, String caCertificate) {

    public static final ChannelSettings EMPTY = new ChannelSettings(null, null, null, null, null, null, null, null,
            null, null, null, null, null);

    public ChannelSettings {
        to = to == null ? List.of() : List.copyOf(to);
    }

    public static ChannelSettings webhook(String url, String caCertificate) {
        return new ChannelSettings(url, null, null, null, null, null, null, null, null, null, null, null,
                caCertificate);
    }

    public static ChannelSettings email(String host, Integer port, String security, String username, String from,
                                        List<String> to, boolean toOwners, String caCertificate) {
        return new ChannelSettings(null, host, port, security, username, from, to, toOwners, null, null, null, null,
                caCertificate);
    }

    public static ChannelSettings syslog(String host, Integer port, String transport, String format,
                                         String caCertificate) {
        return new ChannelSettings(null, host, port, null, null, null, null, null, null, transport, format, null,
                caCertificate);
    }
}
