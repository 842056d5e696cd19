package org.secretdesk.desk.connections;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** What makes a profile valid; each method returns the sentence to show, or empty when the value is fine. */
public final class ProfileRules {

    public static final int MAX_NAME_LENGTH = 60;

    private ProfileRules() {
    }

    public static Optional<String> checkName(String name, String ownId, Collection<ConnectionProfile> existing) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            return Optional.of("Enter a name for this connection.");
        }
        if (n.length() > MAX_NAME_LENGTH) {
            return Optional.of("The name is too long (at most " + MAX_NAME_LENGTH + " characters).");
        }
        for (ConnectionProfile p : existing) {
            if (!p.id().equals(ownId) && p.name().strip().equalsIgnoreCase(n)) {
                return Optional.of("Another connection is already called \"" + p.name() + "\".");
            }
        }
        return Optional.empty();
    }

    /** What {@code kind} needs besides the address: the user name, Keycloak's realm, Gravitee's domain. */
    public static Optional<String> checkSettings(GatewayKind kind, GatewaySettings settings) {
        GatewaySettings s = settings == null ? GatewaySettings.NONE : settings;
        if (kind.needsUser()) {
            if (s.user() == null) {
                return Optional.of("Enter the administrator's user name.");
            }
            if (kind == GatewayKind.GRAVITEE && s.user().contains(":")) {
                return Optional.of("A Gravitee AM user name cannot contain ':'.");
            }
        }
        if (kind == GatewayKind.KEYCLOAK && s.realm() == null) {
            return Optional.of("Enter the realm whose clients SecretDesk manages.");
        }
        if (kind == GatewayKind.GRAVITEE && s.domain() == null) {
            return Optional.of("Enter the security domain (its HRID, e.g. my-domain).");
        }
        for (String part : new String[] {s.realm(), s.adminRealm(), s.organization(), s.environment(), s.domain()}) {
            if (part != null && (part.contains("/") || part.contains("?") || part.contains("#"))) {
                return Optional.of("Realm, organization, environment and domain cannot contain '/', '?' or '#'.");
            }
        }
        return Optional.empty();
    }

    /** https only; plain http only to this computer (loopback), where nothing crosses the network. */
    public static Optional<String> checkUrl(String url) {
        String u = url == null ? "" : url.strip();
        if (u.isEmpty()) {
            return Optional.of("Enter the gateway's address, e.g. https://gateway.example.com:8443.");
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            return Optional.of("This is not a valid address.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("Enter a full address starting with https://, e.g. https://gateway.example.com:8443.");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("The address must not contain a user name or password.");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of("The address must not have a query (?) or fragment (#).");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            return Optional.of("Use https://. Plain http:// is allowed only for a gateway on this computer.");
        }
        return Optional.empty();
    }

    /** Loopback by name or IP literal, without a DNS lookup. */
    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if ("localhost".equalsIgnoreCase(h)) {
            return true;
        }
        try {
            return InetAddress.ofLiteral(h).isLoopbackAddress();
        } catch (IllegalArgumentException notALiteral) {
            return false;
        }
    }
}
