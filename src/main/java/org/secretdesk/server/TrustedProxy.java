package org.secretdesk.server;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Where the gateway learns a token client's address when it runs behind a reverse proxy: from {@code header} (e.g.
 * {@code X-Forwarded-For}), but only on connections from one of {@code addresses}, the proxies' own addresses. Any
 * other peer's header is ignored, so a client cannot claim another address. The value used is the header's last
 * entry, the one the proxy itself appended.
 *
 * @param header    the header the proxies set, or null: always the connection's own peer address
 * @param addresses the proxies' IP addresses (literals)
 */
public record TrustedProxy(String header, List<String> addresses) {

    /** No proxy: the address is the connection's peer. */
    public static final TrustedProxy NONE = new TrustedProxy(null, List.of());

    public TrustedProxy {
        addresses = addresses == null ? List.of() : addresses.stream().map(TrustedProxy::literal).toList();
        if (header != null && (header.isBlank() || !header.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':'))) {
            throw new IllegalArgumentException("The client address header must be a header name such as "
                    + "X-Forwarded-For");
        }
        if (header != null && addresses.isEmpty()) {
            throw new IllegalArgumentException("A client address header needs the trusted proxies' addresses: the "
                    + "header is believed only on their connections");
        }
    }

    /** The client address of a request from {@code peer} whose headers are {@code headers}. */
    public String clientAddress(String peer, Function<String, String> headers) {
        if (header == null || peer == null || !addresses.contains(normal(peer))) {
            return peer;
        }
        String value = headers.apply(header);
        if (value == null) {
            return peer;
        }
        int comma = value.lastIndexOf(',');
        String last = (comma < 0 ? value : value.substring(comma + 1)).strip();
        // Only an IP literal: anything else (a name, a port, garbage) is not an address we record.
        String address = normal(last);
        return address == null ? peer : address;
    }

    private static String literal(String address) {
        String normal = normal(address == null ? null : address.strip());
        if (normal == null) {
            throw new IllegalArgumentException("A trusted proxy must be an IP address");
        }
        return normal;
    }

    /** The address in its canonical form, or null when {@code text} is not an IP literal. */
    static String normal(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        try {
            return InetAddress.ofLiteral(t).getHostAddress().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
