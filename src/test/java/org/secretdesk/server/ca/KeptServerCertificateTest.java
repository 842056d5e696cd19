package org.secretdesk.server.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.pki.Pem;

/**
 * A restart keeps the node's TLS certificate while it still fits, and issues a new one when it does not: another
 * CA, other names, close to its end, or a file it cannot read.
 */
class KeptServerCertificateTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    private CaManager start(Instant at, List<String> tlsNames) throws Exception {
        return CaManager.loadOrCreate(dir, Clock.fixed(at, ZoneOffset.UTC), "127.0.0.1", new FileCaStore(dir,
                Clock.fixed(at, ZoneOffset.UTC)), tlsNames);
    }

    private X509Certificate leaf() throws Exception {
        return Pem.readCertificates(Files.readAllBytes(dir.resolve("server.pem"))).getFirst();
    }

    @Test
    void aRestartKeepsTheCertificateAndItsKey() throws Exception {
        start(T0, List.of());
        X509Certificate first = leaf();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(KeptServerCertificate.FILE))))
                .isEqualTo("rw-------");
        CaManager again = start(T0.plus(Duration.ofDays(3)), List.of());
        assertThat(leaf()).isEqualTo(first);
        // The key store TLS uses is the kept key and chain.
        assertThat(again.serverKeyStore("x".toCharArray()).getCertificate("server")).isEqualTo(first);
    }

    @Test
    void otherNamesACloseEndOrAnotherCaGetANewCertificate() throws Exception {
        start(T0, List.of());
        X509Certificate first = leaf();

        start(T0, List.of("gateway.example.com"));
        X509Certificate named = leaf();
        assertThat(named.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
        assertThat(named.getSubjectAlternativeNames().toString()).contains("gateway.example.com");

        Instant nearTheEnd = named.getNotAfter().toInstant().minus(KeptServerCertificate.RENEW_BEFORE).plusSeconds(60);
        start(nearTheEnd, List.of("gateway.example.com"));
        assertThat(leaf().getSerialNumber()).isNotEqualTo(named.getSerialNumber());
        X509Certificate renewed = leaf();

        CaManager rotated = start(nearTheEnd, List.of("gateway.example.com"));
        rotated.rotate();
        X509Certificate afterRotation = leaf();
        assertThat(afterRotation.getSerialNumber()).isNotEqualTo(renewed.getSerialNumber());
        start(nearTheEnd, List.of("gateway.example.com"));
        assertThat(leaf()).isEqualTo(afterRotation); // kept again, now from the new CA
        assertThat(leaf().getIssuerX500Principal()).isEqualTo(rotated.caCertificate().getSubjectX500Principal());
    }

    @Test
    void anUnreadableFileIsReplaced() throws Exception {
        start(T0, List.of());
        X509Certificate first = leaf();
        Files.writeString(dir.resolve(KeptServerCertificate.FILE), "-----BEGIN CERTIFICATE-----\nbroken\n");
        start(T0, List.of());
        assertThat(leaf().getSerialNumber()).isNotEqualTo(first.getSerialNumber());
        assertThat(Files.readString(dir.resolve(KeptServerCertificate.FILE))).contains("PRIVATE KEY");
    }
}
