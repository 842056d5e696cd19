package org.secretdesk.server.ca;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.secretdesk.pki.CertificateParseException;
import org.secretdesk.pki.KeyAndCertificate;
import org.secretdesk.pki.Pem;
import org.secretdesk.pki.SecureFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's TLS key and certificate chain, kept between starts in {@value #FILE} (owner-only; key and chain in
 * one file written atomically, so they cannot come from two different issues). A start reuses it while it is
 * issued by the current CA for exactly the names the node would ask for now and is valid for another
 * {@link #RENEW_BEFORE}: issuing one costs a key pair, a signature and the certificate builder, in a cold JVM a
 * good part of a gateway's start.
 */
final class KeptServerCertificate {

    static final String FILE = "server-tls.pem";
    /** A kept certificate this close to its end is replaced at the next start. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private static final Logger LOG = LoggerFactory.getLogger(KeptServerCertificate.class);

    private KeptServerCertificate() {
    }

    static Optional<KeyAndCertificate> read(Path dataDir, X509Certificate ca, Collection<String> dnsNames,
                                            Collection<String> ipAddresses, Instant now) {
        Path file = dataDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            byte[] pem = Files.readAllBytes(file);
            List<X509Certificate> chain = Pem.readCertificates(pem);
            if (chain.size() != 2 || !chain.get(1).equals(ca)) {
                return Optional.empty(); // another CA (rotated, or another cluster's)
            }
            X509Certificate leaf = chain.getFirst();
            if (leaf.getNotBefore().toInstant().isAfter(now)
                    || leaf.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
                return Optional.empty();
            }
            if (!names(leaf).equals(expected(dnsNames, ipAddresses))) {
                return Optional.empty(); // the node's names changed (bind address, tls names, host name)
            }
            return Optional.of(new KeyAndCertificate(Pem.readPrivateKey(new String(pem, StandardCharsets.US_ASCII)),
                    chain));
        } catch (IOException | RuntimeException | CertificateParsingException | CertificateParseException e) {
            LOG.warn("Issuing a new server certificate: the kept one in {} cannot be used ({})", file,
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    static void write(Path dataDir, KeyAndCertificate kc) throws IOException {
        String pem = Pem.privateKey(kc.privateKey()) + Pem.certificates(kc.chain());
        SecureFiles.writeOwnerOnly(dataDir.resolve(FILE), pem.getBytes(StandardCharsets.US_ASCII));
    }

    private static Set<String> names(X509Certificate leaf) throws CertificateParsingException {
        Set<String> names = new HashSet<>();
        Collection<List<?>> alt = leaf.getSubjectAlternativeNames();
        if (alt != null) {
            for (List<?> entry : alt) {
                int type = (Integer) entry.get(0);
                if (type == 2) {
                    names.add("dns:" + entry.get(1));
                } else if (type == 7) {
                    names.add("ip:" + ip((String) entry.get(1)));
                }
            }
        }
        return names;
    }

    private static Set<String> expected(Collection<String> dnsNames, Collection<String> ipAddresses) {
        Set<String> names = new HashSet<>();
        dnsNames.forEach(d -> names.add("dns:" + d.strip()));
        ipAddresses.forEach(i -> names.add("ip:" + ip(i.strip())));
        return names;
    }

    /** One spelling per address ("::1" and "0:0:0:0:0:0:0:1" alike); a literal is never looked up. */
    private static String ip(String literal) {
        try {
            return InetAddress.ofLiteral(literal).getHostAddress();
        } catch (IllegalArgumentException e) {
            return literal;
        }
    }
}
