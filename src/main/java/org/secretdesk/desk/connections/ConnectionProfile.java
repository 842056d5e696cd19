package org.secretdesk.desk.connections;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.secretdesk.pki.CertificateParseException;
import org.secretdesk.pki.Fingerprints;
import org.secretdesk.pki.Pem;

/**
 * A saved connection to a gateway. Never holds a credential: the admin key lives in the OS keychain under
 * {@link #id()} (or is asked for each session).
 *
 * @param id            stable identifier, also the keychain account suffix
 * @param name          what the operator calls it
 * @param url           the gateway's base URL, e.g. {@code https://gw.example.com:8443}
 * @param pinnedCaSha256 SHA-256 fingerprint of the trusted CA (canonical form), or null before first trust
 * @param pinnedCaPem   the trusted CA certificate in PEM, or null before first trust
 * @param settings      the kind's own fields (user, realm, Gravitee domain…); never a secret
 */
public record ConnectionProfile(String id, String name, GatewayKind kind, String url, String pinnedCaSha256,
                                String pinnedCaPem, GatewaySettings settings) {

    /** A profile without kind-specific fields (SecretDesk, DataMiner, and files of schema 1). */
    public ConnectionProfile(String id, String name, GatewayKind kind, String url, String pinnedCaSha256,
                             String pinnedCaPem) {
        this(id, name, kind, url, pinnedCaSha256, pinnedCaPem, GatewaySettings.NONE);
    }

    public ConnectionProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(url, "url");
        settings = (settings == null ? GatewaySettings.NONE : settings).forKind(kind);
        if ((pinnedCaSha256 == null) != (pinnedCaPem == null)) {
            throw new IllegalArgumentException("A pinned CA needs both its fingerprint and its certificate");
        }
        if (pinnedCaSha256 != null) {
            pinnedCaSha256 = Fingerprint.normalize(pinnedCaSha256)
                    .orElseThrow(() -> new IllegalArgumentException("The pinned fingerprint is not a SHA-256 fingerprint"));
        }
    }

    /** A new profile with a fresh id and no trusted CA yet. */
    public static ConnectionProfile create(String name, GatewayKind kind, String url) {
        return new ConnectionProfile(UUID.randomUUID().toString(), name, kind, url, null, null);
    }

    public static ConnectionProfile create(String name, GatewayKind kind, String url, GatewaySettings settings) {
        return new ConnectionProfile(UUID.randomUUID().toString(), name, kind, url, null, null, settings);
    }

    public URI uri() {
        return URI.create(url);
    }

    public boolean pinned() {
        return pinnedCaSha256 != null;
    }

    /**
     * The pinned CA certificate, checked against the stored fingerprint so that an edited or damaged profile
     * file can never widen trust.
     */
    public Optional<X509Certificate> pinnedCa() throws CertificateParseException {
        if (pinnedCaPem == null) {
            return Optional.empty();
        }
        List<X509Certificate> certs = Pem.readCertificates(pinnedCaPem.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        X509Certificate ca = certs.getFirst();
        if (certs.size() != 1 || !Fingerprint.same(Fingerprints.sha256(ca), pinnedCaSha256)) {
            throw new CertificateParseException("The trusted CA stored for \"" + name
                    + "\" does not match its fingerprint; verify the gateway again.");
        }
        return Optional.of(ca);
    }

    public ConnectionProfile withPinnedCa(X509Certificate ca) {
        return new ConnectionProfile(id, name, kind, url, Fingerprints.sha256(ca), Pem.certificates(List.of(ca)),
                settings);
    }

    public ConnectionProfile withoutPin() {
        return new ConnectionProfile(id, name, kind, url, null, null, settings);
    }

    public ConnectionProfile withDetails(String newName, GatewayKind newKind, String newUrl) {
        return new ConnectionProfile(id, newName, newKind, newUrl, pinnedCaSha256, pinnedCaPem, settings);
    }

    @Override
    public String toString() {
        return name;
    }
}
