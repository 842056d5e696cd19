package org.secretdesk.server.testing;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.secretdesk.pki.CertificateAuthority;
import org.secretdesk.pki.KeyAndCertificate;
import org.secretdesk.pki.Pem;
import org.secretdesk.pki.Pkcs12;

/**
 * A private CA of a test's receivers (webhook, syslog, SMTP) and a server certificate for 127.0.0.1 and localhost:
 * the gateway is given the CA's PEM as a channel's {@code caCertificate}, as an operator would for an internal CA.
 */
public final class ReceiverTls {

    private static final char[] PASSWORD = "receiver".toCharArray();

    private final CertificateAuthority ca;
    private final KeyAndCertificate server;

    private ReceiverTls(CertificateAuthority ca, KeyAndCertificate server) {
        this.ca = ca;
        this.server = server;
    }

    public static ReceiverTls create() {
        CertificateAuthority ca = CertificateAuthority.create("Receivers test CA", Duration.ofDays(2),
                Clock.systemUTC());
        return new ReceiverTls(ca, ca.issueServerCertificate("localhost", List.of("localhost"), List.of("127.0.0.1"),
                Duration.ofDays(1), Clock.systemUTC()));
    }

    /** The CA certificate in PEM, for a channel's {@code caCertificate}. */
    public String caPem() {
        return Pem.certificates(List.of(ca.certificate()));
    }

    /** A server-side TLS context presenting the receivers' certificate. */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(Pkcs12.inMemoryKeystore(server, PASSWORD), PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
