package org.secretdesk.pki;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Shared, expensive-enough-to-reuse fixtures: key generation is the slow part of these tests. */
final class TestCertificates {

    static final Instant NOW = Instant.parse("2026-11-23T05:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private TestCertificates() {
    }

    static CertificateAuthority newCa(String name) {
        return CertificateAuthority.create(name, Duration.ofDays(3650), Clock.systemUTC());
    }

    /** A server certificate for 127.0.0.1 and localhost, valid now (real clock, for TLS tests). */
    static KeyAndCertificate localServer(CertificateAuthority ca) {
        return ca.issueServerCertificate("localhost", List.of("localhost"), List.of("127.0.0.1", "::1"),
                Duration.ofDays(30), Clock.systemUTC());
    }
}
