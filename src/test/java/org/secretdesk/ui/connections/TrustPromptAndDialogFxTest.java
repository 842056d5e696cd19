package org.secretdesk.ui.connections;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.application.Application;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputControl;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.desk.connections.ConnectionProfile;
import org.secretdesk.desk.connections.ConnectionProfileStore;
import org.secretdesk.desk.connections.Connections;
import org.secretdesk.desk.connections.InMemoryCredentialStore;
import org.secretdesk.desk.connections.UntrustedChainException;
import org.secretdesk.pki.CertificateAuthority;
import org.secretdesk.pki.Fingerprints;
import org.secretdesk.pki.KeyAndCertificate;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.GatewayServer;
import org.secretdesk.ui.cawizard.FxTestSupport;
import org.secretdesk.ui.testing.SyncBackground;
import org.testfx.util.WaitForAsyncUtils;

/** The fingerprint prompt and the connection dialog on the headless platform; writes the prompt screenshots. */
class TrustPromptAndDialogFxTest {

    /** target/screenshots normally; {@code -Dscreenshots=docs} refreshes the documented ones. */
    static final Path SCREENSHOTS = "docs".equals(System.getProperty("screenshots"))
            ? Path.of("docs/screenshots") : Path.of("target/screenshots");

    @TempDir
    static Path gatewayDir;
    static GatewayServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = GatewayServer.start(GatewayConfig.defaults(gatewayDir).withPort(0));
        FxTestSupport.startToolkit();
        fx(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            return null;
        });
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static <T> T fx(Callable<T> action) {
        try {
            T result = WaitForAsyncUtils.asyncFx(action).get();
            WaitForAsyncUtils.waitForFxEvents();
            return result;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Button button(DialogPane pane, ButtonBar.ButtonData data) {
        for (ButtonType t : pane.getButtonTypes()) {
            if (t.getButtonData() == data) {
                return (Button) pane.lookupButton(t);
            }
        }
        throw new AssertionError("no " + data + " button");
    }

    private static void snapshot(DialogPane pane, String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        var image = fx(() -> pane.getScene().snapshot(null));
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", SCREENSHOTS.resolve(name).toFile());
    }

    @Test
    void firstUsePromptAcceptsOnlyAfterTheConfirmation() throws Exception {
        KeyAndCertificate chain = serverChain("SecretDesk Gateway Root CA");
        TrustPrompt prompt = fx(() -> {
            TrustPrompt p = new TrustPrompt(null, new TrustPromptViewModel(
                    new UntrustedChainException(chain.chain(), null), "Production gateway", Clock.systemUTC()));
            p.dialog().show();
            return p;
        });
        DialogPane pane = prompt.dialog().getDialogPane();
        Button accept = button(pane, ButtonBar.ButtonData.OK_DONE);
        assertThat(accept.isDisabled()).isTrue();
        Label fp = (Label) pane.lookup("#trust-presented");
        assertThat(fp.getText().replace("\n", ":")).isEqualTo(Fingerprints.sha256(chain.chain().getLast()));
        fx(() -> {
            ((CheckBox) pane.lookup("#trust-confirm")).fire();
            return null;
        });
        assertThat(accept.isDisabled()).isFalse();
        snapshot(pane, "fingerprint-first-use.png");
        fx(() -> {
            accept.fire();
            return null;
        });
        assertThat(prompt.dialog().getResult()).isTrue();
    }

    @Test
    void changedCertificatePromptShowsBothFingerprintsAndCancelIsTheDefault() throws Exception {
        KeyAndCertificate chain = serverChain("SecretDesk Gateway Root CA");
        String pinned = Fingerprints.sha256(CertificateAuthority.create("Old Root", Duration.ofDays(30),
                Clock.systemUTC()).certificate());
        TrustPrompt prompt = fx(() -> {
            TrustPrompt p = new TrustPrompt(null, new TrustPromptViewModel(
                    new UntrustedChainException(chain.chain(), pinned), "Production gateway", Clock.systemUTC()));
            p.dialog().show();
            return p;
        });
        DialogPane pane = prompt.dialog().getDialogPane();
        assertThat(((Label) pane.lookup("#trust-pinned")).getText().replace("\n", ":")).isEqualTo(pinned);
        assertThat(((Label) pane.lookup("#trust-presented")).getText().replace("\n", ":"))
                .isEqualTo(Fingerprints.sha256(chain.chain().getLast()));
        Button cancel = button(pane, ButtonBar.ButtonData.CANCEL_CLOSE);
        assertThat(cancel.isDefaultButton()).isTrue();
        assertThat(button(pane, ButtonBar.ButtonData.OK_DONE).isDisabled()).isTrue();
        snapshot(pane, "fingerprint-changed.png");
        fx(() -> {
            cancel.fire();
            return null;
        });
        assertThat(prompt.dialog().getResult()).isFalse();
    }

    @Test
    void connectionDialogTestsAsksForTrustAndSaves() throws Exception {
        String key = new String(Files.readAllBytes(server.adminKeyFile()), StandardCharsets.UTF_8).strip();
        InMemoryCredentialStore keychain = new InMemoryCredentialStore();
        Connections connections = new Connections(new ConnectionProfileStore(dir, Clock.systemUTC()), keychain,
                Duration.ofSeconds(5));
        connections.load();
        List<UntrustedChainException> asked = new ArrayList<>();
        ConnectionDialog dialog = fx(() -> {
            ConnectionDialog d = new ConnectionDialog(null,
                    new ConnectionEditorViewModel(connections, new SyncBackground(), null), u -> {
                asked.add(u);
                return true;
            });
            d.dialog().show();
            return d;
        });
        DialogPane pane = dialog.dialog().getDialogPane();
        Button save = button(pane, ButtonBar.ButtonData.OK_DONE);
        assertThat(save.isDisabled()).isTrue();
        fx(() -> {
            ((TextInputControl) pane.lookup("#connection-name")).setText("Local gateway");
            ((TextInputControl) pane.lookup("#connection-url")).setText(server.baseUri().toString());
            ((TextInputControl) pane.lookup("#connection-key")).setText(key);
            return null;
        });
        fx(() -> {
            ((Button) pane.lookup("#connection-test")).fire();
            return null;
        });
        assertThat(asked).hasSize(1);
        Node report = pane.lookup("#connection-report");
        assertThat(report.isVisible()).isTrue();
        assertThat(((javafx.scene.layout.VBox) report).getChildren()).extracting(n -> ((Label) n).getText())
                .anySatisfy(t -> assertThat(t).contains(Fingerprints.sha256(server.caCertificate())));
        fx(() -> {
            save.fire();
            return null;
        });
        ConnectionProfile saved = dialog.dialog().getResult();
        assertThat(saved).isNotNull();
        assertThat(saved.pinnedCaSha256()).isEqualTo(Fingerprints.sha256(server.caCertificate()));
        assertThat(connections.profiles()).containsExactly(saved);
        assertThat(keychain.holds(saved.id())).isTrue();
    }

    private static KeyAndCertificate serverChain(String caName) {
        CertificateAuthority ca = CertificateAuthority.create(caName, Duration.ofDays(3650), Clock.systemUTC());
        return ca.issueServerCertificate("SecretDesk Gateway", List.of("gateway.example.com"), List.of(),
                Duration.ofDays(365), Clock.systemUTC());
    }
}
