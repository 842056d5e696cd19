package org.secretdesk.ui.connections;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.desk.connections.ConnectionProfile;
import org.secretdesk.desk.connections.ConnectionProfileStore;
import org.secretdesk.desk.connections.Connections;
import org.secretdesk.desk.connections.GatewayKind;
import org.secretdesk.desk.connections.InMemoryCredentialStore;
import org.secretdesk.desk.connections.UntrustedChainException;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.Fingerprints;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.GatewayServer;
import org.secretdesk.ui.cawizard.FxTestSupport;
import org.secretdesk.ui.testing.SyncBackground;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The shell's connect flow on the FX thread with a direct executor (so it runs to the end synchronously): key
 * asked when the keychain cannot be used, trust prompt on first use, pin saved; a declined prompt fails cleanly.
 */
class ConnectFlowFxTest {

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
        FxTestSupport.startToolkit();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void fx(Callable<?> action) throws Exception {
        WaitForAsyncUtils.asyncFx(action).get();
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aKeyTypedOnceIsNotAskedAgainWhenSwitchingBackInTheSameSession() throws Exception {
        // Issue 19: the admin key was asked again on every switch back to a connection, even right after adding it.
        Connections connections = new Connections(new ConnectionProfileStore(dir, Clock.systemUTC()),
                new InMemoryCredentialStore().unavailable(), Duration.ofSeconds(5));
        connections.load();
        ConnectionProfile profile = ConnectionProfile.create("Local", GatewayKind.SECRETDESK, server.baseUri().toString());
        connections.add(profile);
        List<String> asked = new ArrayList<>();
        ConnectFlow flow = new ConnectFlow(connections, new SyncBackground(), (u, p) -> true, (p, reason) -> {
            asked.add(reason);
            return Optional.of(SecretValue.copyOf(key));
        });
        List<org.secretdesk.client.GatewayClient> opened = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            fx(() -> {
                flow.open(connections.find(profile.id()).orElseThrow(), (c, p) -> opened.add(c),
                        m -> { throw new AssertionError(m); });
                return null;
            });
        }
        assertThat(opened).hasSize(2);
        assertThat(asked).as("asked once, kept in memory for the session").hasSize(1);
        opened.forEach(org.secretdesk.client.GatewayClient::close);

        connections.sessionKeys().wipe();
        fx(() -> {
            flow.open(connections.find(profile.id()).orElseThrow(), (c, p) -> c.close(), m -> { });
            return null;
        });
        assertThat(asked).as("wiped when the console quits: asked again").hasSize(2);
    }

    @Test
    void withoutKeychainTheKeyIsAskedThenTheCaIsTrustedPinnedAndConnected() throws Exception {
        Connections connections = new Connections(new ConnectionProfileStore(dir, Clock.systemUTC()),
                new InMemoryCredentialStore().unavailable(), Duration.ofSeconds(5));
        connections.load();
        ConnectionProfile profile = ConnectionProfile.create("Local", GatewayKind.SECRETDESK, server.baseUri().toString());
        connections.add(profile);
        List<String> why = new ArrayList<>();
        List<UntrustedChainException> prompts = new ArrayList<>();
        ConnectFlow flow = new ConnectFlow(connections, new SyncBackground(), (u, p) -> {
            prompts.add(u);
            return true;
        }, (p, reason) -> {
            why.add(reason);
            return Optional.of(SecretValue.copyOf(key));
        });
        org.secretdesk.client.GatewayClient[] connected = new org.secretdesk.client.GatewayClient[1];
        String[] failed = new String[1];
        fx(() -> {
            flow.open(profile, (c, p) -> connected[0] = c, m -> failed[0] = m);
            return null;
        });
        assertThat(failed[0]).isNull();
        assertThat(why).singleElement().asString().contains("No OS keychain");
        assertThat(prompts).singleElement().extracting(UntrustedChainException::firstUse).isEqualTo(true);
        assertThat(connected[0]).isNotNull();
        try (org.secretdesk.client.GatewayClient c = connected[0]) {
            assertThat(c.info().product()).isEqualTo("SecretDesk gateway");
        }
        assertThat(connections.find(profile.id()).orElseThrow().pinnedCaSha256())
                .isEqualTo(Fingerprints.sha256(server.caCertificate()));
        assertThat(connections.lastSelected()).isPresent();
    }

    @Test
    void declinedTrustFailsWithAClearLineAndPinsNothing() throws Exception {
        InMemoryCredentialStore keychain = new InMemoryCredentialStore();
        Connections connections = new Connections(new ConnectionProfileStore(dir, Clock.systemUTC()), keychain,
                Duration.ofSeconds(5));
        connections.load();
        ConnectionProfile profile = ConnectionProfile.create("Local", GatewayKind.SECRETDESK, server.baseUri().toString());
        connections.add(profile);
        keychain.write(profile.id(), SecretValue.copyOf(key));
        ConnectFlow flow = new ConnectFlow(connections, new SyncBackground(), (u, p) -> false,
                (p, reason) -> {
                    throw new AssertionError("the key is in the keychain");
                });
        String[] failed = new String[1];
        fx(() -> {
            flow.open(profile, (c, p) -> c.close(), m -> failed[0] = m);
            return null;
        });
        assertThat(failed[0]).contains("certificate was not trusted");
        assertThat(connections.find(profile.id()).orElseThrow().pinned()).isFalse();
    }

    @Test
    void theMenuListsLocalAndSavedProfilesAndRemovesAfterConfirmation() throws Exception {
        InMemoryCredentialStore keychain = new InMemoryCredentialStore();
        Connections connections = new Connections(new ConnectionProfileStore(dir, Clock.systemUTC()), keychain,
                Duration.ofSeconds(5));
        connections.load();
        ConnectionProfile prod = ConnectionProfile.create("Prod", GatewayKind.SECRETDESK, "https://prod.example.com");
        connections.add(prod);
        keychain.write(prod.id(), SecretValue.copyOf("sdk_x"));
        List<String> events = new ArrayList<>();
        boolean[] answer = {false};
        org.secretdesk.ui.common.DialogService dialogs = new org.secretdesk.ui.common.DialogService() {
            @Override
            public boolean confirm(javafx.stage.Window owner, String title, String message, String label, boolean danger) {
                events.add("asked: " + message);
                return answer[0];
            }

            @Override
            public void showError(javafx.stage.Window owner, String title, String message) {
                events.add("error: " + message);
            }

            @Override
            public Optional<Path> chooseSaveFile(javafx.stage.Window owner, String title, Path folder, String name,
                                                 FileType type) {
                return Optional.empty();
            }

            @Override
            public Optional<Path> chooseOpenFile(javafx.stage.Window owner, String title, List<FileType> types) {
                return Optional.empty();
            }

            @Override
            public Optional<Path> chooseFolder(javafx.stage.Window owner, String title, Path initial) {
                return Optional.empty();
            }
        };
        ConnectionsMenu menu = new ConnectionsMenu(connections, new SyncBackground(), dialogs,
                () -> events.add("local"), p -> events.add("chose " + p.name()));
        List<javafx.scene.control.MenuItem> items = new ArrayList<>();
        fx(() -> items.addAll(menu.items(null, prod.id())));
        assertThat(items).extracting(javafx.scene.control.MenuItem::getText)
                .containsExactly("Local gateway", "Prod", null, "Add connection…", "Edit \"Prod\"…", "Remove \"Prod\"…");
        assertThat(((javafx.scene.control.RadioMenuItem) items.get(1)).isSelected()).isTrue();
        fx(() -> {
            items.get(1).fire();
            items.get(5).fire();
            return null;
        });
        assertThat(connections.profiles()).containsExactly(prod);
        answer[0] = true;
        fx(() -> {
            items.get(5).fire();
            return null;
        });
        assertThat(connections.profiles()).isEmpty();
        assertThat(keychain.holds(prod.id())).isFalse();
        String ask = "asked: Remove the connection \"Prod\" and its stored admin key? The gateway itself is not changed.";
        assertThat(events).containsExactly("chose Prod", ask, ask, "local");
    }
}
