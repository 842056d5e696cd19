package org.secretdesk.server.ca;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.secretdesk.pki.CertificateAuthority;
import org.secretdesk.pki.KeyAndCertificate;
import org.secretdesk.pki.Pem;
import org.secretdesk.pki.Pkcs12;
import org.secretdesk.server.Randoms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's root CA (kept by a {@link CaStore}: files {@code ca.pem}, {@code ca.key} owner-only, or the shared
 * database of a cluster) and this node's TLS server certificate ({@code server.pem}; with its key in
 * {@code server-tls.pem}, owner-only), issued from the CA on first start, after a rotation, when the node's names
 * change and a month before it expires, and otherwise kept between starts.
 */
public final class CaManager {

    private static final Logger LOG = LoggerFactory.getLogger(CaManager.class);
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration SERVER_VALIDITY = Duration.ofDays(397);

    private final Path dataDir;
    private final Clock clock;
    private final String bind;
    private final CaStore store;
    private final List<String> extraNames;
    private volatile CertificateAuthority ca;
    private volatile KeyAndCertificate server;
    private KeyStore serverKeyStore;
    private KeyAndCertificate serverKeyStoreOf;
    private char[] serverKeyStorePassword;

    private CaManager(Path dataDir, Clock clock, String bind, CaStore store, List<String> extraNames) {
        this.extraNames = List.copyOf(extraNames);
        this.dataDir = dataDir;
        this.clock = clock;
        this.bind = bind;
        this.store = store;
    }

    /** One node: the CA in files in {@code dataDir}. */
    public static CaManager loadOrCreate(Path dataDir, Clock clock, String bind) throws IOException {
        return loadOrCreate(dataDir, clock, bind, new FileCaStore(dataDir, clock), List.of());
    }

    /** The CA from {@code store} (created there on first start); the server certificate is this node's own. */
    public static CaManager loadOrCreate(Path dataDir, Clock clock, String bind, CaStore store,
                                         List<String> extraNames) throws IOException {
        CaManager m = new CaManager(dataDir, clock, bind, store, extraNames);
        boolean[] created = new boolean[1];
        m.ca = store.loadOrCreate(() -> {
            created[0] = true;
            return m.newCa();
        });
        if (created[0]) {
            LOG.info("Created a new root CA ({})", store.describe());
        }
        m.server = m.keptOrIssuedServer(m.ca);
        return m;
    }

    private CertificateAuthority newCa() {
        return CertificateAuthority.create("SecretDesk Gateway Root CA " + Randoms.id("", 6), CA_VALIDITY, clock);
    }

    /** The server certificate kept from the last start when it still fits (see {@link KeptServerCertificate}). */
    private KeyAndCertificate keptOrIssuedServer(CertificateAuthority authority) throws IOException {
        List<Set<String>> names = serverNames();
        Optional<KeyAndCertificate> kept = KeptServerCertificate.read(dataDir, authority.certificate(),
                names.get(0), names.get(1), clock.instant());
        return kept.isPresent() ? kept.get() : issueServer(authority);
    }

    private KeyAndCertificate issueServer(CertificateAuthority authority) throws IOException {
        List<Set<String>> names = serverNames();
        KeyAndCertificate kc = authority.issueServerCertificate("SecretDesk Gateway", new ArrayList<>(names.get(0)),
                new ArrayList<>(names.get(1)), SERVER_VALIDITY, clock);
        KeptServerCertificate.write(dataDir, kc);
        Files.writeString(dataDir.resolve("server.pem"), Pem.certificates(kc.chain()));
        return kc;
    }

    /** The DNS names and the IP addresses this node's certificate names. */
    private List<Set<String>> serverNames() throws IOException {
        Set<String> dns = new LinkedHashSet<>(List.of("localhost"));
        Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
        boolean wildcard = bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]");
        if (!wildcard) {
            if (bind.matches("[0-9.]+") || bind.contains(":")) {
                ips.add(bind.replace("[", "").replace("]", ""));
            } else {
                dns.add(bind);
            }
        }
        if (wildcard || !InetAddress.getByName(bind.replace("[", "").replace("]", "")).isLoopbackAddress()) {
            try {
                InetAddress local = InetAddress.getLocalHost();
                dns.add(local.getHostName());
                dns.add(local.getCanonicalHostName());
                ips.add(local.getHostAddress());
            } catch (IOException e) {
                LOG.warn("Could not resolve this host's name for the server certificate: {}", e.getMessage());
            }
        }
        for (String name : extraNames) {
            // Names clients use to reach this node, e.g. the load balancer's (configured: tlsNames).
            if (name.matches("[0-9.]+") || name.contains(":")) {
                ips.add(name.replace("[", "").replace("]", ""));
            } else {
                dns.add(name);
            }
        }
        dns.removeIf(d -> d.isBlank() || d.matches("[0-9.:]+"));
        return List.of(dns, ips);
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    /**
     * The TLS key store (server key + chain) for Jetty; the password only protects it in memory. Made once per
     * server certificate: the gateway's start makes it on a second core while the database opens.
     */
    public synchronized KeyStore serverKeyStore(char[] password) {
        if (serverKeyStore == null || serverKeyStoreOf != server || serverKeyStorePassword != password) {
            serverKeyStore = Pkcs12.inMemoryKeystore(server, password);
            serverKeyStoreOf = server;
            serverKeyStorePassword = password;
        }
        return serverKeyStore;
    }

    /** Replaces the CA and reissues the server certificate; the caller reloads TLS. */
    public synchronized void rotate() throws IOException {
        CertificateAuthority next = newCa();
        store.rotate(ca, next);
        LOG.info("Created a new root CA ({})", store.describe());
        this.server = issueServer(next);
        this.ca = next;
    }

    /**
     * Re-reads the CA from the store (another node rotated it); reissues this node's server certificate when it
     * changed. Returns true when it changed, so that the caller reloads TLS.
     */
    public synchronized boolean reload() throws IOException {
        CertificateAuthority stored = store.current();
        if (stored.certificate().equals(ca.certificate())) {
            return false;
        }
        this.server = issueServer(stored);
        this.ca = stored;
        return true;
    }
}
