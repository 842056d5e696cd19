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
import java.util.Set;
import org.secretdesk.pki.CertificateAuthority;
import org.secretdesk.pki.KeyAndCertificate;
import org.secretdesk.pki.Pem;
import org.secretdesk.pki.Pkcs12;
import org.secretdesk.pki.SecureFiles;
import org.secretdesk.server.Randoms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's root CA ({@code ca.pem}, {@code ca.key} owner-only) and its TLS server certificate
 * ({@code server.pem}), which is issued afresh from the CA at every start and after a rotation.
 */
public final class CaManager {

    private static final Logger LOG = LoggerFactory.getLogger(CaManager.class);
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration SERVER_VALIDITY = Duration.ofDays(397);

    private final Path dataDir;
    private final Clock clock;
    private final String bind;
    private volatile CertificateAuthority ca;
    private volatile KeyAndCertificate server;

    private CaManager(Path dataDir, Clock clock, String bind) {
        this.dataDir = dataDir;
        this.clock = clock;
        this.bind = bind;
    }

    public static CaManager loadOrCreate(Path dataDir, Clock clock, String bind) throws IOException {
        CaManager m = new CaManager(dataDir, clock, bind);
        Path caPem = dataDir.resolve("ca.pem");
        Path caKey = dataDir.resolve("ca.key");
        if (Files.exists(caPem) && Files.exists(caKey)) {
            try {
                X509Certificate cert = Pem.readCertificates(Files.readAllBytes(caPem)).getFirst();
                m.ca = CertificateAuthority.load(cert, Pem.readPrivateKey(Files.readString(caKey, StandardCharsets.US_ASCII)));
            } catch (Exception e) {
                throw new IOException("Cannot read the gateway CA in " + dataDir + ": " + e.getMessage(), e);
            }
        } else {
            m.ca = m.newCa();
        }
        m.server = m.issueServer(m.ca);
        return m;
    }

    private CertificateAuthority newCa() throws IOException {
        CertificateAuthority created = CertificateAuthority.create(
                "SecretDesk Gateway Root CA " + Randoms.id("", 6), CA_VALIDITY, clock);
        SecureFiles.writeOwnerOnly(dataDir.resolve("ca.key"),
                Pem.privateKey(created.privateKey()).getBytes(StandardCharsets.US_ASCII));
        Files.writeString(dataDir.resolve("ca.pem"), Pem.certificates(List.of(created.certificate())));
        LOG.info("Created a new root CA in {}", dataDir.resolve("ca.pem"));
        return created;
    }

    private KeyAndCertificate issueServer(CertificateAuthority authority) throws IOException {
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
        dns.removeIf(d -> d.isBlank() || d.matches("[0-9.:]+"));
        KeyAndCertificate kc = authority.issueServerCertificate("SecretDesk Gateway", new ArrayList<>(dns),
                new ArrayList<>(ips), SERVER_VALIDITY, clock);
        Files.writeString(dataDir.resolve("server.pem"), Pem.certificates(kc.chain()));
        return kc;
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    /** The TLS key store (server key + chain) for Jetty; the password only protects it in memory. */
    public KeyStore serverKeyStore(char[] password) {
        return Pkcs12.keystore(server, password);
    }

    /** Replaces the CA and reissues the server certificate; the caller reloads TLS. */
    public synchronized void rotate() throws IOException {
        Path dir = dataDir.resolve("ca-history");
        Files.createDirectories(dir);
        String stamp = String.valueOf(clock.millis());
        Files.writeString(dir.resolve("ca-" + stamp + ".pem"), Pem.certificates(List.of(ca.certificate())));
        CertificateAuthority next = newCa();
        this.server = issueServer(next);
        this.ca = next;
    }
}
