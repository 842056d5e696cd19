package org.secretdesk.desk.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.CertificateAuthority;
import org.secretdesk.pki.Fingerprints;
import org.secretdesk.pki.KeyAndCertificate;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.GatewayServer;

/** Trust on first use, pinning and the "certificate changed" block against real gateway nodes. */
class ConnectionsAgainstGatewayTest {

    @TempDir
    Path tmp;
    Connections connections;

    @BeforeEach
    void setUp() {
        connections = new Connections(new ConnectionProfileStore(tmp.resolve("console"), Clock.systemUTC()),
                new InMemoryCredentialStore(), Duration.ofSeconds(5));
        connections.load();
    }

    private static SecretValue adminKey(GatewayServer server) throws Exception {
        return SecretValue.wrap(new String(Files.readAllBytes(server.adminKeyFile()), StandardCharsets.UTF_8)
                .strip().toCharArray());
    }

    @Test
    void firstUseAsksThenPinsThenANewCaOnTheSamePortIsBlockedWithBothFingerprints() throws Exception {
        int port;
        String firstCa;
        ConnectionProfile profile;
        try (GatewayServer first = GatewayServer.start(GatewayConfig.defaults(tmp.resolve("gw1")).withPort(0))) {
            port = first.port();
            firstCa = Fingerprints.sha256(first.caCertificate());
            ConnectionProfile fresh = ConnectionProfile.create("Test gateway", GatewayKind.SECRETDESK,
                    first.baseUri().toString());
            connections.add(fresh);
            SecretValue key = adminKey(first);

            UntrustedChainException unknown = catchThrowableOfType(UntrustedChainException.class,
                    () -> connections.open(fresh, key));
            assertThat(unknown.firstUse()).isTrue();
            assertThat(unknown.presentedFingerprint()).isEqualTo(firstCa);
            assertThat(unknown.presentedCa()).isEqualTo(first.caCertificate());

            profile = connections.trust(fresh, unknown.presentedCa());
            String id = profile.id();
            assertThat(connections.find(profile.id()).orElseThrow().pinnedCaSha256()).isEqualTo(firstCa);
            try (org.secretdesk.client.GatewayClient client = connections.open(profile, key)) {
                assertThat(client.info().product()).isEqualTo("SecretDesk gateway");
            }
            ConnectionReport report = connections.test(profile, key);
            assertThat(report.keyAccepted()).isTrue();
            assertThat(report.caFingerprint()).isEqualTo(firstCa);
            assertThat(report.chain()).hasSize(2);

            ConnectionReport wrongKey = connections.test(profile, SecretValue.copyOf("sdk_wrong-key-000000000000"));
            assertThat(wrongKey.keyAccepted()).isFalse();
            assertThat(wrongKey.keyProblem()).contains("did not accept the admin key");
            ConnectionFailedException rejected = catchThrowableOfType(ConnectionFailedException.class,
                    () -> connections.open(connections.find(id).orElseThrow(),
                            SecretValue.copyOf("sdk_wrong-key-000000000000")));
            assertThat(rejected.reason()).isEqualTo(ConnectionFailedException.Reason.AUTHENTICATION);
        }

        // The pin survives a restart of the console.
        Connections reloaded = new Connections(new ConnectionProfileStore(tmp.resolve("console"), Clock.systemUTC()),
                new InMemoryCredentialStore(), Duration.ofSeconds(5));
        assertThat(reloaded.load()).isNull();
        ConnectionProfile saved = reloaded.profiles().getFirst();
        assertThat(saved.pinnedCaSha256()).isEqualTo(firstCa);

        try (GatewayServer second = GatewayServer.start(GatewayConfig.defaults(tmp.resolve("gw2")).withPort(port))) {
            String secondCa = Fingerprints.sha256(second.caCertificate());
            assertThat(secondCa).isNotEqualTo(firstCa);
            SecretValue key = adminKey(second);
            UntrustedChainException changed = catchThrowableOfType(UntrustedChainException.class,
                    () -> reloaded.open(saved, key));
            assertThat(changed.firstUse()).isFalse();
            assertThat(changed.pinnedFingerprint()).isEqualTo(firstCa);
            assertThat(changed.presentedFingerprint()).isEqualTo(secondCa);
            assertThat(changed.getMessage()).contains(firstCa).contains(secondCa);

            // Re-verifying means the operator accepts the new CA explicitly; then it works.
            ConnectionProfile repinned = reloaded.trust(saved, changed.presentedCa());
            try (org.secretdesk.client.GatewayClient client = reloaded.open(repinned, key)) {
                assertThat(client.info().version()).isNotBlank();
            }
        }
    }

    @Test
    void refusedConnectionGivesOneClearLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ConnectionProfile p = ConnectionProfile.create("Nowhere", GatewayKind.SECRETDESK, "https://127.0.0.1:" + port);
        ConnectionFailedException e = catchThrowableOfType(ConnectionFailedException.class,
                () -> connections.open(p, SecretValue.copyOf("k")));
        assertThat(e.reason()).isEqualTo(ConnectionFailedException.Reason.UNREACHABLE);
        assertThat(e.getMessage()).contains("connection refused").doesNotContain("Exception").doesNotContain("\n");
    }

    @Test
    void aServerThatIsNotTlsGivesOneClearLine() throws Exception {
        try (TestTlsServer plain = TestTlsServer.plainHttp()) {
            ConnectionProfile p = ConnectionProfile.create("Plain", GatewayKind.SECRETDESK,
                    "https://127.0.0.1:" + plain.port());
            ConnectionFailedException e = catchThrowableOfType(ConnectionFailedException.class,
                    () -> connections.test(p, SecretValue.copyOf("k")));
            assertThat(e.reason()).isEqualTo(ConnectionFailedException.Reason.UNREACHABLE);
            assertThat(e.getMessage()).contains("plain HTTP, not TLS").doesNotContain("\n");
        }
    }

    @Test
    void hostnameMismatchIsNotMistakenForAChangedCertificate() throws Exception {
        Clock clock = Clock.systemUTC();
        CertificateAuthority ca = CertificateAuthority.create("Mismatch Test CA", Duration.ofDays(30), clock);
        KeyAndCertificate kc = ca.issueServerCertificate("other", List.of("other.example"), List.of(),
                Duration.ofDays(10), clock);
        try (TestTlsServer server = TestTlsServer.tls(kc)) {
            ConnectionProfile p = ConnectionProfile.create("Mismatch", GatewayKind.SECRETDESK,
                    "https://127.0.0.1:" + server.port()).withPinnedCa(ca.certificate());
            ConnectionFailedException e = catchThrowableOfType(ConnectionFailedException.class,
                    () -> connections.open(p, SecretValue.copyOf("k")));
            assertThat(e.reason()).isEqualTo(ConnectionFailedException.Reason.TLS);
            assertThat(e.getMessage()).contains("hostname mismatch").doesNotContain("\n");
        }
    }

    @Test
    void unknownHostGivesOneClearLine() {
        ConnectionProfile p = ConnectionProfile.create("Typo", GatewayKind.SECRETDESK,
                "https://no-such-host.invalid:8443");
        ConnectionFailedException e = catchThrowableOfType(ConnectionFailedException.class,
                () -> connections.open(p, SecretValue.copyOf("k")));
        assertThat(e.getMessage()).contains("unknown");
    }
}
