package org.secretdesk.ui.cawizard;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.application.Application;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.controlsfx.dialog.WizardPane;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.desk.ca.DataMinerBundle;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.CertificateAuthority;
import org.secretdesk.pki.Fingerprints;
import org.secretdesk.pki.Pem;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.GatewayServer;
import org.secretdesk.ui.testing.ScriptedDialogs;
import org.secretdesk.ui.testing.SyncBackground;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The wizard end to end on the headless platform, for each source and each format, driven through the wizard's
 * own buttons found by lookup. Also writes the screenshots in docs/screenshots.
 */
class CaExportWizardTest {

    /** target/screenshots normally; {@code -Dscreenshots=docs} refreshes the documented ones. */
    static final Path SCREENSHOTS = "docs".equals(System.getProperty("screenshots"))
            ? Path.of("docs/screenshots") : Path.of("target/screenshots");

    @TempDir
    static Path gatewayDir;
    static GatewayServer server;
    static SecretDeskClient client;

    @TempDir
    Path dir;
    final ScriptedDialogs dialogs = new ScriptedDialogs();
    final ScriptedDialogs chooser = dialogs;
    final Path[] opened = new Path[1];
    CaExportWizard wizard;

    @BeforeAll
    static void startGatewayAndToolkit() throws Exception {
        server = GatewayServer.start(GatewayConfig.defaults(gatewayDir).withPort(0));
        SecretValue key = SecretValue.wrap(new String(Files.readAllBytes(server.adminKeyFile()),
                StandardCharsets.UTF_8).strip().toCharArray());
        client = new SecretDeskClient(server.baseUri(), key, List.of(server.caCertificate()));
        FxTestSupport.startToolkit();
        fx(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            return null;
        });
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void folders() throws Exception {
        chooser.folder = Files.createDirectory(dir.resolve("exports"));
    }

    @AfterEach
    void close() {
        if (wizard != null) {
            fx(() -> {
                wizard.wizard().getDialog().close();
                return null;
            });
        }
    }

    // ---------------------------------------------------------------- helpers

    private void open(CaSources sources, Clock clock) {
        wizard = fx(() -> {
            CaExportWizard w = new CaExportWizard(null, new CaExportViewModel(new SyncBackground(), clock, sources),
                    dialogs, folder -> opened[0] = folder);
            w.wizard().getDialog().show();
            return w;
        });
    }

    private void open(CaSources sources) {
        open(sources, Clock.systemUTC());
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

    private WizardPane page() {
        return (WizardPane) wizard.wizard().getDialog().getDialogPane();
    }

    @SuppressWarnings("unchecked")
    private <T extends Node> T find(String id) {
        Node n = page().lookup("#" + id);
        assertThat(n).as("#" + id + " on the page").isNotNull();
        return (T) n;
    }

    private Button next() {
        return CaExportWizard.button(page(), ButtonBar.ButtonData.NEXT_FORWARD);
    }

    private void fire(Node node) {
        fx(() -> {
            switch (node) {
                case Button b -> b.fire();
                case RadioButton r -> r.fire();
                case CheckBox c -> c.fire();
                default -> throw new IllegalArgumentException(node.toString());
            }
            return null;
        });
    }

    private void type(String id, String text) {
        TextInputControl field = find(id);
        fx(() -> {
            field.setText(text);
            return null;
        });
    }

    private void pressNext() {
        Button next = next();
        assertThat(next.isDisabled()).as("Next is enabled").isFalse();
        fire(next);
    }

    private void reviewAndConfirm() {
        assertThat(page().lookup("#review-page")).isNotNull();
        assertThat(next().isDisabled()).as("Next waits for the confirmation").isTrue();
        fire(find("confirm-fingerprint"));
        pressNext();
    }

    private void finishOnDonePage(Path... expected) {
        assertThat(page().lookup("#done-page"))
                .as("on the Done page; export error: " + wizard.viewModel().exportErrorProperty().get()).isNotNull();
        assertThat(wizard.viewModel().written()).containsExactly(expected);
        fire(find("open-folder-button"));
        assertThat(opened[0]).isEqualTo(chooser.folder);
    }

    private void snapshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        WritableImage image = fx(() -> page().getScene().snapshot(null));
        BufferedImage buffered = SwingFXUtils.fromFXImage(image, null);
        ImageIO.write(buffered, "png", SCREENSHOTS.resolve(name).toFile());
    }

    // ---------------------------------------------------------------- tests

    @Test
    void connectedGatewayToPem() throws Exception {
        open(CaSources.connected(client, "Local gateway", server.baseUri().toString()));
        RadioButton gateway = find("source-gateway");
        assertThat(gateway.isSelected()).isTrue();
        assertThat(wizard.viewModel().selectedProperty().get()).isEqualTo(server.caCertificate());
        pressNext();
        Label sha256 = find("review-sha256");
        assertThat(sha256.getText().replace("\n", ":")).isEqualTo(Fingerprints.sha256(server.caCertificate()));
        reviewAndConfirm();
        assertThat(page().lookup("#format-page")).isNotNull();
        fire(find("choose-folder-button"));
        Path written = chooser.folder.resolve(wizard.viewModel().fileNameProperty().get());
        assertThat(written.getFileName().toString()).startsWith("secretdesk-").endsWith(".pem");
        pressNext();
        finishOnDonePage(written);
        assertThat(Pem.readCertificates(Files.readAllBytes(written))).containsExactly(server.caCertificate());
        assertThat(this.<Label>find("done-sha256").getText().replace("\n", ":"))
                .isEqualTo(Fingerprints.sha256(server.caCertificate()));
    }

    @Test
    void urlChainToDer() throws Exception {
        open(CaSources.none());
        fire(find("source-url"));
        type("url-field", server.baseUri().toString());
        fire(find("fetch-button"));
        assertThat(wizard.viewModel().chain()).hasSize(2);
        assertThat(wizard.viewModel().selectedProperty().get()).isEqualTo(server.caCertificate());
        pressNext();
        reviewAndConfirm();
        fire(find("format-der"));
        fire(find("choose-folder-button"));
        assertThat(this.<TextField>find("file-name-field").getText()).endsWith(".cer");
        Path written = chooser.folder.resolve(wizard.viewModel().fileNameProperty().get());
        pressNext();
        finishOnDonePage(written);
        X509Certificate back = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(written));
        assertThat(back).isEqualTo(server.caCertificate());
    }

    @Test
    void fileToPkcs12WithDataMinerBundleAskingBeforeReplacing() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Customer Root CA", Duration.ofDays(365), Clock.systemUTC());
        chooser.openFile = dir.resolve("customer.pem");
        Files.writeString(chooser.openFile, Pem.certificates(List.of(ca.certificate())));
        open(CaSources.none());
        fire(find("source-file"));
        fire(find("choose-file-button"));
        assertThat(wizard.viewModel().selectedProperty().get()).isEqualTo(ca.certificate());
        pressNext();
        reviewAndConfirm();
        fire(find("format-pkcs12"));
        fire(find("choose-folder-button"));
        type("password-field", "changeit-42");
        assertThat(next().isDisabled()).as("Next waits for the repeated password").isTrue();
        type("password-confirm-field", "changeit-42");
        fire(find("dataminer-bundle"));
        assertThat(next().isDisabled()).as("Next waits for the DataMiner host").isTrue();
        type("fqdn-field", "dma01.example.com");
        Path p12 = chooser.folder.resolve("customer-root-ca.p12");
        Files.writeString(p12, "keep");

        dialogs.answer = false;
        pressNext();
        assertThat(dialogs.asked).hasSize(1);
        assertThat(dialogs.asked.getFirst()).contains("customer-root-ca.p12");
        assertThat(page().lookup("#format-page")).as("still on the Format page").isNotNull();
        assertThat(Files.readString(p12)).isEqualTo("keep");

        dialogs.answer = true;
        pressNext();
        Path config = chooser.folder.resolve(DataMinerBundle.CONFIG_FILE_NAME);
        finishOnDonePage(p12, config);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(p12)) {
            store.load(in, "changeit-42".toCharArray());
        }
        assertThat(store.getCertificate(store.aliases().nextElement())).isEqualTo(ca.certificate());
        assertThat(Files.readString(config)).isEqualTo("{\"BrokerGatewayConfig\":{\"CredentialsUrl\":"
                + "\"https://dma01.example.com/BrokerGateway/api/natsconnection/getnatsconnectiondetails\","
                + "\"APIKeyPath\":\"C:\\\\ProgramData\\\\Skyline Communications\\\\DataMiner\\\\client-secret.json\"}}");
    }

    @Test
    void garbageFileShowsOneLineAndBlocksNext() throws Exception {
        chooser.openFile = dir.resolve("garbage.cer");
        Files.write(chooser.openFile, new byte[] {0x30, 0x03, 0x02, 0x01});
        open(CaSources.none());
        fire(find("source-file"));
        fire(find("choose-file-button"));
        assertThat(wizard.viewModel().sourceErrorProperty().get()).isNotBlank().doesNotContain("\n")
                .doesNotContain("Exception");
        assertThat(next().isDisabled()).isTrue();
    }

    @Test
    void expiredCertificateIsHighlightedOnReview() throws Exception {
        CertificateAuthority old = CertificateAuthority.create("Old Root", Duration.ofDays(10),
                Clock.fixed(Instant.now().minus(Duration.ofDays(30)), ZoneOffset.UTC));
        chooser.openFile = dir.resolve("old.pem");
        Files.writeString(chooser.openFile, Pem.certificates(List.of(old.certificate())));
        open(CaSources.none());
        fire(find("source-file"));
        fire(find("choose-file-button"));
        pressNext();
        Label validity = find("review-validity");
        assertThat(validity.getStyleClass()).contains("sd-validity-problem");
        assertThat(page().lookup("#validity-warning")).isNotNull();
    }

    /** One picture per page, light theme, for docs/. */
    @Test
    void screenshots() throws Exception {
        open(CaSources.connected(client, "Local gateway", server.baseUri().toString()));
        fire(find("source-url"));
        fire(find("fetch-button"));
        snapshot("wizard-1-source.png");
        pressNext();
        type("expected-fingerprint", Fingerprints.sha256(server.caCertificate()).replace(":", "").toLowerCase());
        fire(find("confirm-fingerprint"));
        snapshot("wizard-2-review.png");
        pressNext();
        fire(find("format-pkcs12"));
        fire(find("choose-folder-button"));
        type("password-field", "changeit-42");
        type("password-confirm-field", "changeit-42");
        fire(find("dataminer-bundle"));
        type("fqdn-field", "dma01.example.com");
        snapshot("wizard-3-format.png");
        pressNext();
        snapshot("wizard-4-done.png");
    }
}
