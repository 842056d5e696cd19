package org.secretdesk.ui.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.scene.AccessibleAttribute;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.TrustStores;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.GatewayServer;
import org.secretdesk.ui.common.FxDialogService;
import org.secretdesk.ui.common.Workflows;
import org.secretdesk.ui.reveal.ClipboardGuard;
import org.secretdesk.ui.reveal.RevealViewModel;
import org.secretdesk.ui.reveal.SecretField;
import org.secretdesk.ui.testing.FxBackgrounds;
import org.secretdesk.ui.testing.FxShown;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.secretdesk.ui.reveal.ClipboardGuardTest;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The dialogs driven through the UI against a real gateway on loopback: create an application with roles and a
 * first secret, reveal and copy (clipboard cleared after a short timeout, but not when something else was copied),
 * second secret, duplicate refused before any request, the 11th blocked, renew (old value rejected at
 * /oauth/token, new accepted), delete with wrong-case and prefix-only confirmations, delete application.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretDialogsGatewayTest {

    private static final Duration CLIPBOARD_TIMEOUT = Duration.ofSeconds(1);

    @TempDir
    static Path dataDir;

    static GatewayServer server;
    static GatewayClient client;
    static ExecutorService executor;
    static ClipboardGuard clipboard;
    static SecretWorkflows workflows;
    static Stage owner;
    static HttpClient http;
    static final FxRobot robot = new FxRobot();
    /** Calls to the gateway that change something, counted by the test's own client wrapper. */
    static final AtomicInteger createSecretCalls = new AtomicInteger();

    static final AtomicReference<org.secretdesk.model.Application> app = new AtomicReference<>();
    static String firstSecret;
    static String secondSecret;
    static String renewedSecond;

    @BeforeAll
    static void startGatewayAndToolkit() throws Exception {
        server = GatewayServer.start(GatewayConfig.defaults(dataDir.resolve("gw")).withPort(0));
        SecretValue adminKey = SecretValue.copyOf(Files.readString(server.adminKeyFile()).strip());
        SecretDeskClient real = new SecretDeskClient(server.baseUri(), adminKey, List.of(server.caCertificate()));
        client = CountingClient.wrap(real, createSecretCalls);
        http = HttpClient.newBuilder().sslContext(TrustStores.sslContext(List.of(server.caCertificate()))).build();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dialogs-test");
            t.setDaemon(true);
            return t;
        });
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet()));
        owner = FxToolkit.setupStage(stage -> {
            stage.setScene(new Scene(new StackPane(new Label("SecretDesk")), 900, 600));
            stage.show();
        });
        clipboard = fx(() -> new ClipboardGuard(() -> CLIPBOARD_TIMEOUT));
        workflows = new SecretWorkflows(FxBackgrounds.on(executor), clipboard, new FxDialogService(),
                Clock.systemDefaultZone());
    }

    @AfterAll
    static void stop() throws Exception {
        if (clipboard != null) {
            fx(() -> {
                clipboard.clearIfOurs();
                return null;
            });
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        FxToolkit.cleanupStages();
    }

    @AfterEach
    void closeLeftOverDialogs() throws Exception {
        fx(() -> {
            for (var w : List.copyOf(javafx.stage.Window.getWindows())) {
                if (w != owner && w instanceof Stage s) {
                    s.close();
                }
            }
            return null;
        });
    }

    @Test
    @Order(1)
    void createApplicationWithRolesAndFirstSecretThenRevealAndCopy() throws Exception {
        fx(() -> {
            workflows.newApplication(owner, client, app::set);
            return null;
        });
        waitUntil(() -> FxShown.shown(robot, "#role-writer"));
        WaitForAsyncUtils.waitForFxEvents(5); // the dialog grows once the roles arrived
        robot.clickOn("#new-application-name").write("billing-service");
        robot.clickOn("#role-reader");
        robot.clickOn("#role-writer");
        assertThat(robot.lookup("#role-reader").queryAs(javafx.scene.control.CheckBox.class).isSelected()).isTrue();
        assertThat(robot.lookup("#role-writer").queryAs(javafx.scene.control.CheckBox.class).isSelected()).isTrue();
        assertThat(robot.lookup("#new-application-first-secret-description").queryAs(TextField.class).getText())
                .isEqualTo("Default");
        robot.clickOn("#new-application-create");

        waitUntil(() -> FxShown.shown(robot, "#reveal-done"));
        assertThat(app.get()).isNotNull();
        assertThat(app.get().roles()).containsExactly("reader", "writer");
        assertThat(client.getApplication(app.get().id()).roles()).containsExactly("reader", "writer");
        assertThat(robot.lookup("#reveal-client-id").queryAs(TextField.class).getText())
                .isEqualTo(app.get().clientId());

        Button done = robot.lookup("#reveal-done").queryButton();
        assertThat(done.isDisabled()).as("Done before copying").isTrue();

        SecretField field = robot.lookup("#reveal-secret").queryAs(SecretField.class);
        assertThat(field.renderedText()).matches("\u2022+");
        assertThat(field.queryAccessibleAttribute(AccessibleAttribute.TEXT)).isEqualTo("Client secret (hidden)");

        robot.clickOn("#reveal-copy-secret");
        firstSecret = clipboardText();
        assertThat(firstSecret).startsWith("sds_").hasSize(field.length());
        assertThat(tokenStatus(app.get().clientId(), firstSecret)).isEqualTo(200);
        assertThat(done.isDisabled()).as("Done after copying").isFalse();

        // After the (short) test timeout the clipboard is cleared, because it still holds our secret.
        waitUntil(() -> {
            String now = clipboardText(); // read once: the clear can land between two reads
            return now == null || now.isEmpty();
        });
        assertThat(fx(() -> clipboard.secondsLeftProperty().get())).isZero();

        robot.clickOn("#reveal-done");
        waitUntil(() -> robot.lookup("#reveal-done").tryQuery().isEmpty());
        assertThat(field.isWiped()).as("characters wiped on close").isTrue();
        assertThat(field.length()).isZero();
    }

    @Test
    @Order(2)
    void secondSecretAndTheClipboardIsNotClearedWhenSomethingElseWasCopied() throws Exception {
        openNewSecret();
        robot.clickOn("#new-secret-description").write("second");
        robot.clickOn("#new-secret-generate");
        waitUntil(() -> FxShown.shown(robot, "#reveal-copy-secret"));
        robot.clickOn("#reveal-copy-secret");
        secondSecret = clipboardText();
        assertThat(secondSecret).startsWith("sds_").isNotEqualTo(firstSecret);

        fx(() -> {
            ClipboardContent other = new ClipboardContent();
            other.putString("something the operator copied meanwhile");
            Clipboard.getSystemClipboard().setContent(other);
            return null;
        });
        // The guard notices it is no longer ours and stops counting, without touching the clipboard.
        waitUntil(() -> fx(() -> clipboard.secondsLeftProperty().get()) == 0);
        // Past the deadline, to prove nothing clears it later: the FX clock that drives the guard runs beyond it.
        ClipboardGuardTest.awaitFxClock(CLIPBOARD_TIMEOUT.plusMillis(500));
        assertThat(clipboardText()).isEqualTo("something the operator copied meanwhile");

        robot.clickOn("#reveal-done");
        assertThat(secrets()).extracting(SecretSummary::description).containsExactlyInAnyOrder("Default", "second");
        assertThat(tokenStatus(app.get().clientId(), secondSecret)).isEqualTo(200);
    }

    @Test
    @Order(3)
    void duplicateDescriptionIsRefusedBeforeAnyRequest() throws Exception {
        int callsBefore = createSecretCalls.get();
        openNewSecret();
        robot.clickOn("#new-secret-description").write("second");
        Label error = robot.lookup("#new-secret-description-error").queryAs(Label.class);
        waitUntil(error::isVisible);
        assertThat(error.getText()).contains("already has a secret");
        Button generate = robot.lookup("#new-secret-generate").queryButton();
        assertThat(generate.isDisabled()).isTrue();
        robot.clickOn(generate);
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(createSecretCalls.get()).isEqualTo(callsBefore);
        assertThat(secrets()).hasSize(2);

        // A different case is a different description.
        robot.doubleClickOn("#new-secret-description").eraseText(6).write("Second");
        assertThat(error.isVisible()).isFalse();
        assertThat(generate.isDisabled()).isFalse();
        robot.clickOn("#new-secret-cancel");
    }

    @Test
    @Order(4)
    void theEleventhSecretIsBlocked() throws Exception {
        for (int i = secrets().size(); i < 10; i++) {
            client.createSecret(app.get().id(), "filler " + i, null).value().destroy();
        }
        int callsBefore = createSecretCalls.get();
        openNewSecret();
        robot.clickOn("#new-secret-description").write("eleventh");
        assertThat(robot.lookup("#new-secret-usage").queryAs(Label.class).getText()).isEqualTo("10 of 10 secrets used");
        assertThat(robot.lookup("#new-secret-limit").query().isVisible()).isTrue();
        assertThat(robot.lookup("#new-secret-generate").queryButton().isDisabled()).isTrue();
        robot.clickOn("#new-secret-generate");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(createSecretCalls.get()).isEqualTo(callsBefore);
        robot.clickOn("#new-secret-cancel");
        for (SecretSummary s : secrets()) {
            if (s.description().startsWith("filler")) {
                client.deleteSecret(app.get().id(), s.id(), s.version());
            }
        }
    }

    @Test
    @Order(5)
    void renewIssuesANewValueAndTheOldOneStopsWorking() throws Exception {
        SecretSummary second = secrets().stream().filter(s -> s.description().equals("second")).findFirst()
                .orElseThrow();
        AtomicInteger changed = new AtomicInteger();
        fx(() -> {
            workflows.renewSecret(owner, client, app.get(), second, changed::incrementAndGet);
            return null;
        });
        waitUntil(() -> FxShown.shown(robot, "#renew-button"));
        assertThat(robot.lookup("#renew-grace-0").tryQuery()).isPresent(); // the gateway supports a grace period
        robot.clickOn("#renew-button");
        waitUntil(() -> FxShown.shown(robot, "#reveal-copy-secret"));
        robot.clickOn("#reveal-copy-secret");
        String renewed = clipboardText();
        renewedSecond = renewed;
        robot.clickOn("#reveal-done");
        assertThat(changed.get()).isEqualTo(1);
        assertThat(renewed).isNotEqualTo(secondSecret);
        assertThat(tokenStatus(app.get().clientId(), secondSecret)).as("old value").isNotEqualTo(200);
        assertThat(tokenStatus(app.get().clientId(), renewed)).as("new value").isEqualTo(200);
    }

    @Test
    @Order(6)
    void renewWithAGracePeriodKeepsThePreviousValueWorking() throws Exception {
        SecretSummary second = secrets().stream().filter(s -> s.description().equals("second")).findFirst()
                .orElseThrow();
        List<SecretSummary> renewedWithGrace = new java.util.concurrent.CopyOnWriteArrayList<>();
        fx(() -> {
            workflows.renewSecret(owner, client, app.get(), second, new Workflows.ChangeListener() {
                @Override
                public void run() {
                }

                @Override
                public void renewedWithGrace(SecretSummary renewed) {
                    renewedWithGrace.add(renewed);
                }
            });
            return null;
        });
        waitUntil(() -> FxShown.shown(robot, "#renew-grace-1"));
        assertThat(robot.lookup("#renew-retire-2").query().isDisabled()).as("no retiring without a grace").isTrue();
        robot.clickOn("#renew-grace-1"); // keep the current value valid for 1 hour
        robot.clickOn("#renew-retire-2"); // and retire it once unused for 1 hour
        robot.clickOn("#renew-button");
        waitUntil(() -> FxShown.shown(robot, "#reveal-copy-secret"));
        assertThat(robot.lookup("#reveal-grace").queryAs(javafx.scene.layout.HBox.class).getChildren().get(1))
                .isInstanceOfSatisfying(Label.class, l -> assertThat(l.getText())
                        .startsWith("The previous value keeps working until"));
        robot.clickOn("#reveal-copy-secret");
        String renewed = clipboardText();
        assertThat(renewedWithGrace).as("the rotation panel waits for the reveal").isEmpty();
        robot.clickOn("#reveal-done");
        waitUntil(() -> renewedWithGrace.size() == 1);
        assertThat(renewedWithGrace.getFirst().id()).isEqualTo(second.id());
        assertThat(tokenStatus(app.get().clientId(), renewed)).as("new value").isEqualTo(200);
        assertThat(tokenStatus(app.get().clientId(), renewedSecond)).as("previous value, in grace").isEqualTo(200);
        assertThat(secrets().stream().filter(s -> s.id().equals(second.id())).findFirst().orElseThrow().previous()
                .retireAfterQuiet()).isEqualTo(java.time.Duration.ofHours(1));
        renewedSecond = renewed;
    }

    @Test
    @Order(7)
    void renewWithAStaleVersionSaysSomeoneElseChangedIt() throws Exception {
        SecretSummary second = secrets().stream().filter(s -> s.description().equals("second")).findFirst()
                .orElseThrow();
        SecretSummary stale = new SecretSummary(second.id(), second.applicationId(), second.description(),
                second.hint(), second.redacted(), second.createdAt(), second.renewedAt(), second.expiresAt(),
                second.lastUsedAt(), second.status(), second.graceUntil(), second.version() - 1);
        AtomicInteger changed = new AtomicInteger();
        fx(() -> {
            workflows.renewSecret(owner, client, app.get(), stale, changed::incrementAndGet);
            return null;
        });
        waitUntil(() -> FxShown.shown(robot, "#renew-button"));
        robot.clickOn("#renew-button");
        Label error = robot.lookup("#renew-error").queryAs(Label.class);
        waitUntil(error::isVisible);
        assertThat(error.getText()).isEqualTo("This secret was changed by someone else. The list was reloaded.");
        assertThat(changed.get()).isEqualTo(1);
        robot.clickOn(robot.lookup(".button").match(n -> n instanceof Button b && "Cancel".equals(b.getText()))
                .queryButton());
    }

    @Test
    @Order(8)
    void deleteNeedsTheExactDescription() throws Exception {
        SecretSummary first = secrets().stream().filter(s -> s.description().equals("Default")).findFirst()
                .orElseThrow();
        AtomicInteger changed = new AtomicInteger();
        fx(() -> {
            workflows.deleteSecret(owner, client, app.get(), first, false, changed::incrementAndGet);
            return null;
        });
        waitUntil(() -> FxShown.shown(robot, "#typed-confirm-input"));
        Button delete = robot.lookup("#typed-confirm-button").queryButton();
        TextField input = robot.lookup("#typed-confirm-input").queryAs(TextField.class);

        robot.clickOn(input).write("default");
        assertThat(delete.isDisabled()).as("wrong case").isTrue();
        robot.clickOn(delete);
        robot.eraseText(7).write("Defaul");
        assertThat(delete.isDisabled()).as("prefix only").isTrue();
        robot.write("t ");
        assertThat(delete.isDisabled()).as("trailing space").isTrue();
        robot.eraseText(1);
        assertThat(input.getText()).isEqualTo("Default");
        assertThat(delete.isDisabled()).isFalse();
        assertThat(secrets()).extracting(SecretSummary::description).contains("Default");

        robot.clickOn(delete);
        waitUntil(() -> changed.get() == 1);
        assertThat(secrets()).extracting(SecretSummary::description).containsExactly("second");
        assertThat(tokenStatus(app.get().clientId(), firstSecret)).isNotEqualTo(200);
    }

    @Test
    @Order(9)
    void closingAnUnsavedRevealAsksFirstAndWipes() throws Exception {
        openNewSecret();
        robot.clickOn("#new-secret-description").write("third");
        robot.clickOn("#new-secret-generate");
        waitUntil(() -> FxShown.shown(robot, "#reveal-secret"));
        SecretField field = robot.lookup("#reveal-secret").queryAs(SecretField.class);

        robot.clickOn("#reveal-show");
        assertThat(field.renderedText()).startsWith("sds_");
        assertThat(field.queryAccessibleAttribute(AccessibleAttribute.TEXT)).isEqualTo("Client secret (hidden)");
        robot.clickOn("#reveal-show");
        assertThat(field.renderedText()).matches("\u2022+");

        robot.type(KeyCode.ESCAPE);
        waitUntil(() -> lookupButton(RevealViewModel.CLOSE_CONFIRM) != null);
        robot.clickOn(lookupButton("Cancel"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#reveal-secret").tryQuery()).as("still open after Cancel").isPresent();
        assertThat(field.isWiped()).isFalse();

        robot.clickOn("#reveal-secret");
        robot.type(KeyCode.ESCAPE);
        waitUntil(() -> lookupButton(RevealViewModel.CLOSE_CONFIRM) != null);
        robot.clickOn(lookupButton(RevealViewModel.CLOSE_CONFIRM));
        waitUntil(() -> robot.lookup("#reveal-secret").tryQuery().isEmpty());
        assertThat(field.isWiped()).isTrue();
        assertThat(field.renderedText()).isEmpty();
    }

    @Test
    @Order(10)
    void aDuplicateApplicationNameComesBackAsAMessageOnTheName() throws Exception {
        AtomicReference<org.secretdesk.model.Application> created = new AtomicReference<>();
        fx(() -> {
            workflows.newApplication(owner, client, created::set);
            return null;
        });
        waitUntil(() -> FxShown.shown(robot, "#role-writer"));
        WaitForAsyncUtils.waitForFxEvents(5);
        robot.clickOn("#new-application-name").write("billing-service");
        robot.clickOn("#new-application-create");
        Label nameError = robot.lookup("#new-application-name-error").queryAs(Label.class);
        waitUntil(nameError::isVisible);
        assertThat(nameError.getText()).contains("already exists");
        assertThat(robot.lookup("#new-application-create").queryButton().isDisabled()).isTrue();
        assertThat(created.get()).isNull();
        robot.write("-2"); // a new name clears the error
        assertThat(nameError.isVisible()).isFalse();
        robot.clickOn(lookupButton("Cancel"));
        assertThat(client.listApplications(null, 100, null).items()).hasSize(1);
    }

    @Test
    @Order(11)
    void deleteApplicationNeedsTheExactName() throws Exception {
        var current = client.getApplication(app.get().id());
        AtomicInteger changed = new AtomicInteger();
        fx(() -> {
            workflows.deleteApplication(owner, client, current, changed::incrementAndGet);
            return null;
        });
        waitUntil(() -> FxShown.shown(robot, "#typed-confirm-input"));
        Button delete = robot.lookup("#typed-confirm-button").queryButton();
        robot.clickOn("#typed-confirm-input").write("Billing-service");
        assertThat(delete.isDisabled()).isTrue();
        robot.eraseText(15).write("billing");
        assertThat(delete.isDisabled()).isTrue();
        robot.write("-service");
        assertThat(delete.isDisabled()).isFalse();
        robot.clickOn(delete);
        waitUntil(() -> changed.get() == 1);
        assertThat(client.listApplications(null, 100, null).items()).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    private static void openNewSecret() throws Exception {
        List<SecretSummary> existing = secrets();
        fx(() -> {
            workflows.newSecret(owner, client, client.getApplication(app.get().id()), existing, () -> { });
            return null;
        });
        waitUntil(() -> FxShown.shown(robot, "#new-secret-description")
                && !robot.lookup("#new-secret-expiry").query().isDisabled());
    }

    private static List<SecretSummary> secrets() {
        return client.listSecrets(app.get().id(), 100, null).items();
    }

    private static Button lookupButton(String text) {
        return robot.lookup(".button").match(n -> n instanceof Button b && text.equals(b.getText())
                && b.getScene() != null && b.getScene().getWindow().isShowing()).tryQuery()
                .map(Button.class::cast).orElse(null);
    }

    private static String clipboardText() throws Exception {
        return fx(() -> Clipboard.getSystemClipboard().hasString() ? Clipboard.getSystemClipboard().getString()
                : null);
    }

    /** POST /oauth/token with client_credentials and Basic authentication; the HTTP status. */
    private static int tokenStatus(String clientId, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUri() + "/oauth/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    static <T> T fx(Callable<T> action) throws Exception {
        return WaitForAsyncUtils.asyncFx(action).get(20, TimeUnit.SECONDS);
    }

    static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.call();
        });
    }

    static Node node(String query) {
        return robot.lookup(query).query();
    }
}
