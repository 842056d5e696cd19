package org.secretdesk.ui.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.application.Application;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.Node;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.SecretFormat;
import org.secretdesk.model.SecretStatus;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;
import org.secretdesk.ui.applications.TypedConfirmDialog;
import org.secretdesk.ui.applications.TypedConfirmViewModel;
import org.secretdesk.ui.common.FxDialogService;
import org.secretdesk.ui.reveal.ClipboardGuard;
import org.secretdesk.ui.reveal.RevealDialog;
import org.secretdesk.ui.reveal.RevealViewModel;
import org.secretdesk.ui.testing.SyncBackground;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Pictures of the dialogs as operators see them, in both AtlantaFX themes, each checked for what it must show (its
 * texts and which buttons are enabled) before it is taken. They go to target/screenshots; to refresh the ones in
 * the documentation: {@code mvn test -Dtest=DialogScreenshotsTest -Dscreenshots.dir=docs/screenshots}.
 */
class DialogScreenshotsTest {

    private static final Path OUT = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
    private static Stage owner;
    private static ClipboardGuard clipboard;

    @BeforeAll
    static void start() throws Exception {
        FxToolkit.registerPrimaryStage();
        owner = FxToolkit.setupStage(stage -> {
            stage.setScene(new Scene(new StackPane(new Label("SecretDesk")), 900, 600));
            stage.show();
        });
        clipboard = fx(() -> new ClipboardGuard(() -> Duration.ofSeconds(30)));
        Files.createDirectories(OUT);
    }

    @AfterAll
    static void stop() throws Exception {
        fx(() -> {
            clipboard.clearIfOurs();
            return null;
        });
        FxToolkit.cleanupStages();
    }

    @ParameterizedTest
    @ValueSource(strings = {"light", "dark"})
    void newSecret(String theme) throws Exception {
        shoot(theme, "new-secret", () -> {
            var app = Fixtures.app(ExpiryPolicy.FOLLOW_DOMAIN, 3);
            NewSecretViewModel vm = new NewSecretViewModel(app,
                    List.of(Fixtures.secret("staging"), Fixtures.secret("nightly export"), Fixtures.secret("ci")),
                    Fixtures.all(), Clock.systemDefaultZone());
            vm.policyLoaded(Fixtures.domain(Duration.ofDays(90), 10));
            vm.descriptionProperty().set("prod rollout");
            return new NewSecretDialog(owner, vm, () -> { }).dialog();
        }, pane -> {
            assertThat(text(pane, "#new-secret-description")).isEqualTo("prod rollout");
            assertThat(pane.lookup("#new-secret-generate").isDisabled()).as("Generate").isFalse();
            assertThat(visible(pane, "#new-secret-description-error")).isFalse();
        });
    }

    /** Live validation: a description the application already has, refused before any request. */
    @ParameterizedTest
    @ValueSource(strings = {"light", "dark"})
    void newSecretDuplicate(String theme) throws Exception {
        shoot(theme, "new-secret-duplicate", () -> {
            var app = Fixtures.app(ExpiryPolicy.FOLLOW_DOMAIN, 3);
            NewSecretViewModel vm = new NewSecretViewModel(app,
                    List.of(Fixtures.secret("staging"), Fixtures.secret("prod rollout"), Fixtures.secret("ci")),
                    Fixtures.all(), Clock.systemDefaultZone());
            vm.policyLoaded(Fixtures.domain(Duration.ofDays(90), 10));
            NewSecretDialog dialog = new NewSecretDialog(owner, vm, () -> { });
            vm.descriptionProperty().set("prod rollout");
            return dialog.dialog();
        }, pane -> {
            assertThat(visible(pane, "#new-secret-description-error")).as("the duplicate is named").isTrue();
            assertThat(text(pane, "#new-secret-description-error")).contains("already");
            assertThat(pane.lookup("#new-secret-generate").isDisabled()).as("Generate").isTrue();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"light", "dark"})
    void reveal(String theme) throws Exception {
        shoot(theme, "reveal", () -> {
            Instant now = Instant.now();
            IssuedSecret issued = new IssuedSecret(new SecretSummary("sec_1", "app_1", "prod rollout", "sds_Ab3x",
                    "sds_Ab3x****************", now, null, now.plus(Duration.ofDays(90)), null, SecretStatus.ACTIVE,
                    null, 1), "sdc_7HqK2mZp9XvB4nLw", sampleSecret());
            RevealViewModel vm = new RevealViewModel("billing-service", issued, clipboard::copySecret,
                    clipboard::copyText, Clock.systemDefaultZone());
            vm.copySecret();
            return new RevealDialog(owner, vm, clipboard, new FxDialogService(), new SyncBackground(),
                    new java.util.concurrent.atomic.AtomicReference<>()).dialog();
        }, pane -> {
            assertThat(text(pane, "#reveal-client-id")).isEqualTo("sdc_7HqK2mZp9XvB4nLw");
            String shown = ((org.secretdesk.ui.reveal.SecretField) pane.lookup("#reveal-secret")).renderedText();
            assertThat(shown).as("masked").hasSize(SecretFormat.LENGTH).doesNotContain("sds_");
            assertThat(pane.lookup("#reveal-done").isDisabled()).as("Done, after Copy").isFalse();
        });
    }

    /** Issue 25: the reveal on Keycloak and on DataMiner says what that backend keeps of the value. */
    @ParameterizedTest
    @ValueSource(strings = {"keycloak", "dataminer"})
    void revealOnOtherBackends(String backend) throws Exception {
        boolean keycloak = backend.equals("keycloak");
        shootFile("light", OUT.resolve("reveal-" + backend + ".png"), () -> {
            Instant now = Instant.now();
            IssuedSecret issued = new IssuedSecret(new SecretSummary(keycloak ? "current" : "Cube 03", "app_1",
                    keycloak ? "current" : "Cube 03", "KTn6", "KTn6****************", now, null, null, null,
                    SecretStatus.ACTIVE, null, 1), keycloak ? "billing-service" : "Cube 03",
                    SecretValue.copyOf("KTn6q2VhS0xW8dLm4ZrB7cYp1NfE9aJu"));
            RevealViewModel vm = new RevealViewModel(keycloak ? "billing-service"
                    : org.secretdesk.client.dataminer.DataMinerClient.APPLICATION_NAME, issued, clipboard::copySecret,
                    clipboard::copyText, Clock.systemDefaultZone(), keycloak
                    ? org.secretdesk.client.keycloak.KeycloakClient.CUSTODY
                    : org.secretdesk.client.dataminer.DataMinerClient.CUSTODY);
            vm.copySecret();
            return new RevealDialog(owner, vm, clipboard, new FxDialogService(), new SyncBackground(),
                    new java.util.concurrent.atomic.AtomicReference<>()).dialog();
        }, pane -> assertThat(texts(pane)).anyMatch(t -> t.contains(keycloak
                ? "Keycloak stores this secret; realm administrators can read it"
                : "DataMiner BrokerGateway stores it")).noneMatch(t -> t.contains("hash")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"light", "dark"})
    void delete(String theme) throws Exception {
        shoot(theme, "delete", () -> {
            TypedConfirmViewModel vm = new TypedConfirmViewModel("prod rollout", "delete the secret");
            vm.typedProperty().set("prod roll");
            return new TypedConfirmDialog(owner, "Delete secret",
                    "Delete secret \u201cprod rollout\u201d of billing-service?",
                    List.of(SecretWorkflows.DELETE_SECRET_WARNING, SecretWorkflows.LAST_SECRET_WARNING),
                    "description", "Delete", vm, () -> { }).dialog();
        }, pane -> {
            assertThat(text(pane, "#typed-confirm-input")).isEqualTo("prod roll");
            assertThat(pane.lookup("#typed-confirm-button").isDisabled()).as("Delete, half typed").isTrue();
            assertThat(texts(pane)).anyMatch(t -> t.contains("prod rollout"));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"light", "dark"})
    void renew(String theme) throws Exception {
        shoot(theme, "renew", () -> new RenewDialog(owner, "billing-service",
                new RenewViewModel(Fixtures.secret("prod rollout"), Fixtures.all()), () -> { }).dialog(), pane -> {
                    assertThat(pane.lookup("#renew-button").isDisabled()).as("Renew").isFalse();
                    assertThat(visible(pane, "#renew-unsupported")).isFalse();
                    assertThat(texts(pane)).anyMatch(t -> t.contains("prod rollout"));
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"light", "dark"})
    void newApplication(String theme) throws Exception {
        shoot(theme, "new-application", () -> {
            var vm = new org.secretdesk.ui.applications.NewApplicationViewModel(Fixtures.all());
            vm.rolesLoaded(List.of(new org.secretdesk.model.Role("reader", "Read access"),
                    new org.secretdesk.model.Role("writer", "Write access"),
                    new org.secretdesk.model.Role("billing.admin", "Manage billing")));
            vm.nameProperty().set("billing-service");
            vm.descriptionProperty().set("Invoices and payment runs");
            vm.selectedRoles().add("reader");
            vm.owners().emails().set("alice@example.com, bob@example.com");
            vm.owners().team().set("Payments");
            return new org.secretdesk.ui.applications.NewApplicationDialog(owner, vm, () -> { }).dialog();
        }, pane -> {
            assertThat(text(pane, "#new-application-name")).isEqualTo("billing-service");
            assertThat(((javafx.scene.control.CheckBox) pane.lookup("#role-reader")).isSelected()).isTrue();
            assertThat(((javafx.scene.control.CheckBox) pane.lookup("#role-writer")).isSelected()).isFalse();
            assertThat(pane.lookup("#new-application-create").isDisabled()).as("Create").isFalse();
        });
    }

    /** Issue 23: Settings → Notification channels with three channels, the first one's deliveries. */
    @ParameterizedTest
    @ValueSource(strings = {"light", "dark"})
    void notificationChannels(String theme) throws Exception {
        shoot(theme, "notification-channels", () -> {
            var vm = new org.secretdesk.ui.notify.ChannelsViewModel(new SyncBackground(), NotifyFixtures.gateway(),
                    Clock.fixed(NotifyFixtures.NOW, java.time.ZoneOffset.UTC),
                    new org.secretdesk.ui.common.RelativeTime(java.time.ZoneOffset.UTC));
            var dialog = new org.secretdesk.ui.notify.ChannelsDialog(owner, vm, new FxDialogService());
            vm.load();
            return dialog.dialog();
        }, pane -> {
            assertThat(texts(pane)).contains("Chat ops", "Owners by mail", "SIEM", "All warnings")
                    .anyMatch(t -> t.startsWith("Failed 2 h ago: 535"));
            assertThat(((javafx.scene.control.TableView<?>) pane.lookup("#deliveries-table")).getItems()).hasSize(3);
        });
    }

    /** Issue 23: editing an e-mail channel; the stored password is not shown ("Unchanged"). */
    @ParameterizedTest
    @ValueSource(strings = {"light", "dark"})
    void channelForm(String theme) throws Exception {
        shoot(theme, "channel-form", () -> new org.secretdesk.ui.notify.ChannelFormDialog(owner,
                new org.secretdesk.ui.notify.ChannelFormViewModel(NotifyFixtures.email()), () -> { }).dialog(),
                pane -> {
                    assertThat(text(pane, "#channel-smtp-host")).isEqualTo("smtp.example.com");
                    assertThat(text(pane, "#channel-smtp-password-note")).startsWith("Unchanged");
                    assertThat(pane.lookup("#channel-save").isDisabled()).isFalse();
                });
    }

    /** Issue 23: the calendar link just issued, shown once with Copy. */
    @ParameterizedTest
    @ValueSource(strings = {"light", "dark"})
    void calendarFeed(String theme) throws Exception {
        shoot(theme, "calendar-feed", () -> {
            var vm = new org.secretdesk.ui.notify.CalendarFeedViewModel(new SyncBackground(),
                    NotifyFixtures.gateway());
            var dialog = new org.secretdesk.ui.notify.CalendarFeedDialog(owner, vm, clipboard, new FxDialogService(),
                    new org.secretdesk.ui.common.RelativeTime(java.time.ZoneOffset.UTC));
            vm.load();
            vm.issue();
            return dialog.dialog();
        }, pane -> {
            assertThat(pane.lookup("#calendar-link").isVisible()).isTrue();
            assertThat(((org.secretdesk.ui.reveal.SecretField) pane.lookup("#calendar-url")).renderedText())
                    .startsWith("https://gateway.example.com/api/v1/calendar.ics?token=");
        });
    }

    /** docs/screenshots/connection-kinds.png: the connection dialog with Keycloak chosen, its own fields shown. */
    @org.junit.jupiter.api.Test
    void connectionKinds(@org.junit.jupiter.api.io.TempDir Path profilesDir) throws Exception {
        shootFile("light", OUT.resolve("connection-kinds.png"), () -> {
            var keychain = new org.secretdesk.desk.connections.CredentialStore() {
                @Override
                public java.util.Optional<org.secretdesk.model.SecretValue> read(String profileId) {
                    return java.util.Optional.empty();
                }

                @Override
                public void write(String profileId, org.secretdesk.model.SecretValue key) {
                }

                @Override
                public void delete(String profileId) {
                }

                @Override
                public String displayName() {
                    return "Secret Service keyring";
                }
            };
            var connections = new org.secretdesk.desk.connections.Connections(
                    new org.secretdesk.desk.connections.ConnectionProfileStore(profilesDir, Clock.systemUTC()), keychain,
                    Duration.ofSeconds(5));
            connections.load();
            var vm = new org.secretdesk.ui.connections.ConnectionEditorViewModel(connections,
                    new org.secretdesk.ui.testing.SyncBackground(), null);
            var dialog = new org.secretdesk.ui.connections.ConnectionDialog(owner, vm, u -> false);
            vm.nameProperty().set("SSO production");
            vm.kindProperty().set(org.secretdesk.desk.connections.GatewayKind.KEYCLOAK);
            vm.urlProperty().set("https://sso.example.com");
            vm.realmProperty().set("customers");
            vm.userProperty().set("secretdesk-operator");
            vm.adminKey().set(("a-password-for-the-screenshot").toCharArray());
            return dialog.dialog();
        }, pane -> {
            assertThat(text(pane, "#connection-url")).isEqualTo("https://sso.example.com");
            assertThat(texts(pane)).contains("customers", "secretdesk-operator")
                    .noneMatch(t -> t.contains("a-password-for-the-screenshot"));
        });
    }

    private static void shoot(String theme, String name, Callable<Dialog<?>> build, Consumer<DialogPane> shows)
            throws Exception {
        shootFile(theme, OUT.resolve(name + "-" + theme + ".png"), build, shows);
    }

    /** Builds and shows the dialog, checks what it {@code shows}, then writes its picture to {@code file}. */
    private static void shootFile(String theme, Path file, Callable<Dialog<?>> build, Consumer<DialogPane> shows)
            throws Exception {
        fx(() -> {
            Application.setUserAgentStylesheet("dark".equals(theme)
                    ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
            return null;
        });
        Dialog<?> dialog = fx(build);
        fx(() -> {
            dialog.show();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents(5);
        fx(() -> {
            shows.accept(dialog.getDialogPane());
            return null;
        });
        WritableImage image = fx(() -> dialog.getDialogPane().getScene().snapshot(null));
        BufferedImage png = SwingFXUtils.fromFXImage(image, null);
        ImageIO.write(png, "png", file.toFile());
        fx(() -> {
            dialog.getDialogPane().getScene().getWindow().hide();
            return null;
        });
        assertThat(png.getWidth()).isGreaterThan(400);
        assertThat(Files.size(file)).isGreaterThan(1000);
    }

    private static String text(DialogPane pane, String selector) {
        Node node = pane.lookup(selector);
        assertThat(node).as(selector).isNotNull();
        return node instanceof TextInputControl input ? input.getText() : ((Labeled) node).getText();
    }

    private static boolean visible(DialogPane pane, String selector) {
        Node node = pane.lookup(selector);
        return node != null && node.isVisible() && (!(node instanceof Labeled l) || !l.getText().isBlank());
    }

    /** Every text the dialog shows: labels, buttons and input fields. */
    private static List<String> texts(DialogPane pane) {
        List<String> out = new java.util.ArrayList<>();
        java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>(List.of(pane));
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (n instanceof Labeled l && l.getText() != null) {
                out.add(l.getText());
            } else if (n instanceof TextInputControl t && !(t instanceof javafx.scene.control.PasswordField)) {
                out.add(t.getText());
            } else if (n instanceof javafx.scene.text.Text t) {
                out.add(t.getText());
            }
            if (n instanceof javafx.scene.Parent p) {
                todo.addAll(p.getChildrenUnmodifiable());
            }
        }
        return out;
    }

    /** A well-formed SecretDesk secret (checksummed) from a fixed seed: a sample, so screenshots stay stable. */
    private static SecretValue sampleSecret() {
        char[] c = new char[SecretFormat.LENGTH];
        java.util.Random random = new java.util.Random(2026);
        for (int i = 0; i < SecretFormat.PREFIX.length(); i++) {
            c[i] = SecretFormat.PREFIX.charAt(i);
        }
        for (int i = SecretFormat.PREFIX.length(); i < SecretFormat.LENGTH - SecretFormat.CHECKSUM_CHARS; i++) {
            c[i] = SecretFormat.base62(random.nextInt(62));
        }
        SecretFormat.writeChecksum(c);
        return SecretValue.wrap(c);
    }

    static <T> T fx(Callable<T> action) throws Exception {
        return WaitForAsyncUtils.asyncFx(action).get(20, TimeUnit.SECONDS);
    }
}
