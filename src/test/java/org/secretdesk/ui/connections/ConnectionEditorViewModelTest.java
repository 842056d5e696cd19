package org.secretdesk.ui.connections;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.desk.connections.ConnectionProfile;
import org.secretdesk.desk.connections.ConnectionProfileStore;
import org.secretdesk.desk.connections.ConnectionReport;
import org.secretdesk.desk.connections.Connections;
import org.secretdesk.desk.connections.GatewayKind;
import org.secretdesk.desk.connections.InMemoryCredentialStore;
import org.secretdesk.desk.connections.UntrustedChainException;
import org.secretdesk.pki.Fingerprints;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.GatewayServer;
import org.secretdesk.ui.testing.SyncBackground;

/** The connection dialog's rules, against a real gateway, without the toolkit. */
class ConnectionEditorViewModelTest {

    @TempDir
    static Path gatewayDir;
    static GatewayServer server;
    static String key;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = GatewayServer.start(GatewayConfig.defaults(gatewayDir).withPort(0));
        key = new String(Files.readAllBytes(server.adminKeyFile()), StandardCharsets.UTF_8).strip();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Connections connections(InMemoryCredentialStore keychain) {
        Connections c = new Connections(new ConnectionProfileStore(dir, Clock.systemUTC()), keychain, Duration.ofSeconds(5));
        c.load();
        return c;
    }

    @Test
    void testAsksForTrustThenReportsVersionChainAndFingerprintThenSavesWithTheKeyInTheKeychain() {
        InMemoryCredentialStore keychain = new InMemoryCredentialStore();
        Connections connections = connections(keychain);
        ConnectionEditorViewModel vm = new ConnectionEditorViewModel(connections, new SyncBackground(), null);
        vm.checkKeychain();
        assertThat(vm.keychainProperty().get()).isEqualTo(ConnectionEditorViewModel.KeychainState.AVAILABLE);
        assertThat(vm.canSave().get()).isFalse();
        vm.nameProperty().set("Local");
        vm.urlProperty().set(server.baseUri().toString());
        assertThat(vm.canTest().get()).isFalse(); // no key yet
        vm.adminKey().set((key).toCharArray());
        assertThat(vm.canTest().get()).isTrue();

        List<UntrustedChainException> asked = new ArrayList<>();
        vm.test(asked::add);
        assertThat(asked).hasSize(1);
        assertThat(asked.getFirst().firstUse()).isTrue();
        assertThat(vm.reportProperty().get()).isNull();
        vm.trust(asked.getFirst().presentedCa());
        vm.test(asked::add);
        assertThat(asked).hasSize(1);
        ConnectionReport report = vm.reportProperty().get();
        assertThat(report.keyAccepted()).isTrue();
        assertThat(report.info().version()).isNotBlank();
        assertThat(report.caFingerprint()).isEqualTo(Fingerprints.sha256(server.caCertificate()));
        assertThat(ConnectionEditorViewModel.chainSummary(report.chain())).contains("CN=SecretDesk Gateway");

        ConnectionProfile[] saved = new ConnectionProfile[1];
        vm.save(p -> saved[0] = p);
        assertThat(saved[0].pinnedCaSha256()).isEqualTo(report.caFingerprint());
        assertThat(connections.profiles()).containsExactly(saved[0]);
        assertThat(keychain.holds(saved[0].id())).isTrue();
        assertThat(vm.adminKey().isEmpty()).isTrue();
    }

    @Test
    void aWrongKeyIsReportedAndTypedInputIsKept() {
        Connections connections = connections(new InMemoryCredentialStore());
        ConnectionEditorViewModel vm = new ConnectionEditorViewModel(connections, new SyncBackground(), null);
        vm.nameProperty().set("Local");
        vm.urlProperty().set(server.baseUri().toString());
        vm.adminKey().set(("sdk_not-the-key-0000000000000").toCharArray());
        vm.test(u -> vm.trust(u.presentedCa()));
        vm.test(u -> { });
        assertThat(vm.reportProperty().get().keyAccepted()).isFalse();
        assertThat(vm.reportProperty().get().keyProblem()).contains("401");
        assertThat(vm.adminKey().copy().sameAs("sdk_not-the-key-0000000000000")).isTrue();
        assertThat(vm.nameProperty().get()).isEqualTo("Local");
    }

    @Test
    void withoutAKeychainTheDialogSaysSoAndTheKeyIsNotStored() throws Exception {
        InMemoryCredentialStore keychain = new InMemoryCredentialStore().unavailable();
        Connections connections = connections(keychain);
        ConnectionProfile existing = ConnectionProfile.create("Edit me", GatewayKind.SECRETDESK, "https://gw.example.com");
        connections.add(existing);
        ConnectionEditorViewModel vm = new ConnectionEditorViewModel(connections, new SyncBackground(), existing);
        vm.checkKeychain();
        assertThat(vm.keychainProperty().get()).isEqualTo(ConnectionEditorViewModel.KeychainState.UNAVAILABLE);
        assertThat(vm.rememberKeyProperty().get()).isFalse();
        assertThat(vm.keychainNoteProperty().get()).contains("ask for the admin key each session")
                .contains("never written to a file");
        vm.adminKey().set(("sdk_abc").toCharArray());
        vm.urlProperty().set("https://gw2.example.com");
        ConnectionProfile[] saved = new ConnectionProfile[1];
        vm.save(p -> saved[0] = p);
        assertThat(saved[0].id()).isEqualTo(existing.id());
        assertThat(connections.profiles()).extracting(ConnectionProfile::url).containsExactly("https://gw2.example.com");
        assertThat(Files.readString(dir.resolve(ConnectionProfileStore.FILE_NAME))).doesNotContain("sdk_abc");
    }

    @Test
    void changingTheAddressDropsACaAcceptedForTheOldOne() {
        Connections connections = connections(new InMemoryCredentialStore());
        ConnectionEditorViewModel vm = new ConnectionEditorViewModel(connections, new SyncBackground(), null);
        vm.urlProperty().set(server.baseUri().toString());
        vm.trust(server.caCertificate());
        assertThat(vm.pinnedFingerprint()).isNotNull();
        vm.urlProperty().set("https://elsewhere.example.com");
        assertThat(vm.pinnedFingerprint()).isNull();
    }

    @Test
    void refusedAndInvalidAddressesGiveOneLine() throws Exception {
        Connections connections = connections(new InMemoryCredentialStore());
        ConnectionEditorViewModel vm = new ConnectionEditorViewModel(connections, new SyncBackground(), null);
        vm.urlProperty().set("http://gw.example.com");
        assertThat(vm.urlProblem().get()).contains("https://");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        vm.urlProperty().set("https://127.0.0.1:" + port);
        vm.adminKey().set(("k").toCharArray());
        vm.test(u -> { });
        assertThat(vm.errorProperty().get()).contains("connection refused").doesNotContain("\n");
    }

    @Test
    void aNewConnectionWithoutAKeychainIsNotTickedToRememberAndSavesWithTheKeyForTheSession() {
        // Issue 19: "Remember in the OS keychain" was pre-ticked for a new connection although none existed (the
        // keychain was only asked for a saved profile).
        Connections connections = connections(new InMemoryCredentialStore().unavailable());
        ConnectionEditorViewModel vm = new ConnectionEditorViewModel(connections, new SyncBackground(), null);
        vm.checkKeychain();
        assertThat(vm.keychainProperty().get()).isEqualTo(ConnectionEditorViewModel.KeychainState.UNAVAILABLE);
        assertThat(vm.rememberKeyProperty().get()).isFalse();

        vm.nameProperty().set("Staging");
        vm.urlProperty().set("https://staging.example.com");
        vm.adminKey().set("sdk_typed-once".toCharArray());
        ConnectionProfile[] saved = new ConnectionProfile[1];
        vm.save(p -> saved[0] = p);
        assertThat(saved[0]).isNotNull();
        assertThat(vm.adminKey().isEmpty()).as("the typed key is wiped").isTrue();
        // Issue 19: the key was asked again on every switch back; it is kept in memory for the session.
        assertThat(connections.sessionKeys().get(saved[0].id()).orElseThrow().sameAs("sdk_typed-once")).isTrue();
    }

    @Test
    void aKeychainThatRefusesTheKeyStillSavesAndSavingAgainUpdates() {
        // Issue 19: Save failed on the keychain, the dialog stayed open, and saving again said "A profile with this
        // id exists already"; only Cancel got out.
        Connections connections = connections(new InMemoryCredentialStore().refusingWrites());
        ConnectionEditorViewModel vm = new ConnectionEditorViewModel(connections, new SyncBackground(), null);
        vm.checkKeychain();
        assertThat(vm.rememberKeyProperty().get()).isTrue();
        vm.nameProperty().set("Staging");
        vm.urlProperty().set("https://staging.example.com");
        vm.adminKey().set("sdk_locked-keychain".toCharArray());
        List<ConnectionProfile> saved = new ArrayList<>();
        vm.save(saved::add);
        assertThat(saved).hasSize(1);
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(connections.sessionKeys().holds(saved.getFirst().id())).isTrue();

        vm.urlProperty().set("https://staging2.example.com");
        vm.save(saved::add);
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(connections.profiles()).singleElement().extracting(ConnectionProfile::url)
                .isEqualTo("https://staging2.example.com");
    }

    @Test
    void closingTheDialogWipesTheTypedKey() {
        ConnectionEditorViewModel vm = new ConnectionEditorViewModel(connections(new InMemoryCredentialStore()),
                new SyncBackground(), null);
        vm.adminKey().set("sdk_never-saved".toCharArray());
        vm.close();
        assertThat(vm.adminKey().isEmpty()).isTrue();
        assertThat(vm.adminKey().toString()).doesNotContain("sdk_");
    }
}
