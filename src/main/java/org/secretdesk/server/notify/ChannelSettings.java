package org.secretdesk.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.secretdesk.model.Owners;
import org.secretdesk.model.Validation;
import org.secretdesk.pki.CertificateParseException;
import org.secretdesk.pki.Pem;
import org.secretdesk.pki.TrustStores;
import org.secretdesk.server.ApiException;

/**
 * The settings of each kind of channel, checked and completed with their defaults. No setting is a credential:
 * the credential (a webhook's signing key, an SMTP password) is given apart and kept sealed.
 */
final class ChannelSettings {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_RECIPIENTS = 50;

    private static final Map<ChannelKind, Set<String>> FIELDS = Map.of(
            ChannelKind.WEBHOOK, Set.of("url", "caCertificate"),
            ChannelKind.EMAIL, Set.of("host", "port", "security", "username", "from", "to", "toOwners", "consoleUrl",
                    "caCertificate"),
            ChannelKind.SYSLOG, Set.of("host", "port", "transport", "format", "appName", "caCertificate"));

    private ChannelSettings() {
    }

    /** {@code given} checked for {@code kind}, with every default filled in. */
    static ObjectNode check(ChannelKind kind, JsonNode given, boolean credentialSet) {
        if (given == null || !given.isObject()) {
            throw ApiException.validation("settings", "settings must be an object.");
        }
        for (String name : (Iterable<String>) given::fieldNames) {
            if (!FIELDS.get(kind).contains(name)) {
                throw ApiException.validation("settings", "Unknown setting '" + printable(name) + "' for a "
                        + kind.name().toLowerCase(Locale.ROOT) + " channel; known: " + FIELDS.get(kind) + ".");
            }
        }
        ObjectNode out = JSON.createObjectNode();
        switch (kind) {
            case WEBHOOK -> {
                URI url = uri(given, "url", true);
                if (!"https".equals(url.getScheme())) {
                    throw ApiException.validation("settings.url", "A webhook's URL must be https://.");
                }
                out.put("url", url.toString());
                if (!credentialSet) {
                    throw ApiException.validation("credential", "A webhook needs a signing key in 'credential' "
                            + "(at least 16 characters): receivers check each event's HMAC-SHA256 with it.");
                }
            }
            case EMAIL -> {
                out.put("host", host(given));
                String security = choice(given, "security", List.of("STARTTLS", "TLS"), "STARTTLS");
                out.put("security", security);
                out.put("port", port(given, "TLS".equals(security) ? 465 : 587));
                String user = text(given, "username", 200);
                if (user != null) {
                    out.put("username", user);
                }
                if (user != null && !credentialSet) {
                    throw ApiException.validation("credential", "An e-mail channel with a username needs its "
                            + "password in 'credential'.");
                }
                String from = text(given, "from", 254);
                if (from == null || !Owners.isEmail(from)) {
                    throw ApiException.validation("settings.from", "settings.from must be an e-mail address.");
                }
                out.put("from", from);
                ArrayNode to = out.putArray("to");
                JsonNode list = given.path("to");
                if (!list.isMissingNode() && !list.isNull()) {
                    if (!list.isArray() || list.size() > MAX_RECIPIENTS) {
                        throw ApiException.validation("settings.to", "settings.to is an array of at most "
                                + MAX_RECIPIENTS + " e-mail addresses.");
                    }
                    for (JsonNode t : list) {
                        if (!t.isTextual() || !Owners.isEmail(t.textValue())) {
                            throw ApiException.validation("settings.to", "'" + printable(t.asText()) + "' is not an "
                                    + "e-mail address.");
                        }
                        to.add(t.textValue().strip().toLowerCase(Locale.ROOT));
                    }
                }
                JsonNode owners = given.path("toOwners");
                if (!owners.isMissingNode() && !owners.isBoolean()) {
                    throw ApiException.validation("settings.toOwners", "settings.toOwners must be true or false.");
                }
                out.put("toOwners", owners.isMissingNode() || owners.booleanValue());
                if (given.hasNonNull("consoleUrl")) {
                    out.put("consoleUrl", uri(given, "consoleUrl", true).toString());
                }
            }
            case SYSLOG -> {
                out.put("host", host(given));
                String transport = choice(given, "transport", List.of("TLS", "TCP"), "TLS");
                out.put("transport", transport);
                out.put("port", port(given, "TLS".equals(transport) ? 6514 : 601));
                out.put("format", choice(given, "format", List.of("JSON", "CEF"), "JSON"));
                String app = text(given, "appName", 48);
                if (app != null && !app.matches("[!-~]{1,48}")) {
                    throw ApiException.validation("settings.appName", "settings.appName is 1-48 printable ASCII "
                            + "characters without spaces (RFC 5424 APP-NAME).");
                }
                out.put("appName", app == null ? "secretdesk" : app);
            }
            default -> throw new IllegalStateException();
        }
        if (given.hasNonNull("caCertificate")) {
            String pem = text(given, "caCertificate", 20_000);
            trustedCertificates(pem);
            out.put("caCertificate", pem);
        }
        return out;
    }

    /**
     * The TLS sockets a channel connects with: trusting only its {@code caCertificate} when it has one (a private
     * CA), else the JDK's trusted roots. Host names are checked by the caller's endpoint identification.
     */
    static SSLContext tls(JsonNode settings) {
        if (!settings.hasNonNull("caCertificate")) {
            try {
                return SSLContext.getDefault();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return TrustStores.sslContext(trustedCertificates(settings.get("caCertificate").asText()));
    }

    static SSLSocketFactory socketFactory(JsonNode settings) {
        return tls(settings).getSocketFactory();
    }

    private static List<X509Certificate> trustedCertificates(String pem) {
        try {
            List<X509Certificate> certs = Pem.readCertificates(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            if (certs.isEmpty()) {
                throw ApiException.validation("settings.caCertificate", "settings.caCertificate holds no certificate.");
            }
            return certs;
        } catch (CertificateParseException e) {
            throw ApiException.validation("settings.caCertificate", "settings.caCertificate is not a PEM "
                    + "certificate.");
        }
    }

    private static String host(JsonNode given) {
        String host = text(given, "host", 253);
        if (host == null || !host.matches("[A-Za-z0-9.:\\[\\]-]+")) {
            throw ApiException.validation("settings.host", "settings.host must be a host name or address.");
        }
        return host;
    }

    private static int port(JsonNode given, int fallback) {
        JsonNode p = given.path("port");
        if (p.isMissingNode() || p.isNull()) {
            return fallback;
        }
        if (!p.canConvertToInt() || !p.isIntegralNumber() || p.intValue() < 1 || p.intValue() > 65535) {
            throw ApiException.validation("settings.port", "settings.port must be a number from 1 to 65535.");
        }
        return p.intValue();
    }

    private static String choice(JsonNode given, String field, List<String> allowed, String fallback) {
        String v = text(given, field, 20);
        if (v == null) {
            return fallback;
        }
        String upper = v.toUpperCase(Locale.ROOT);
        if (!allowed.contains(upper)) {
            throw ApiException.validation("settings." + field, "settings." + field + " must be one of " + allowed
                    + ".");
        }
        return upper;
    }

    private static URI uri(JsonNode given, String field, boolean required) {
        String text = text(given, field, 2000);
        if (text == null) {
            if (required) {
                throw ApiException.validation("settings." + field, "settings." + field + " is required.");
            }
            return null;
        }
        try {
            URI u = new URI(text);
            if (u.getScheme() == null || u.getHost() == null || u.getUserInfo() != null) {
                throw new URISyntaxException(text, "no scheme or host, or a user name");
            }
            return u;
        } catch (URISyntaxException e) {
            throw ApiException.validation("settings." + field, "settings." + field + " must be an absolute URL "
                    + "without a user name or password.");
        }
    }

    private static String text(JsonNode given, String field, int max) {
        JsonNode n = given.path(field);
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ApiException.validation("settings." + field, "settings." + field + " must be a string.");
        }
        String v = n.textValue().strip();
        boolean multiline = field.equals("caCertificate");
        if (v.isEmpty() || v.length() > max || (!multiline && Validation.hasControlCharacters(v))) {
            throw ApiException.validation("settings." + field, "settings." + field + " must be 1-" + max
                    + " characters" + (multiline ? "" : " without control characters") + ".");
        }
        return v;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String printable(String s) {
        return org.secretdesk.server.Rules.printable(s);
    }
}
