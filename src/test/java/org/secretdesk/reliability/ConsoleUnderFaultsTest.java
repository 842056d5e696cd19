package org.secretdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.reliability.ConsoleFx.fx;
import static org.secretdesk.reliability.ConsoleFx.waitUntil;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.model.Application;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.ui.common.FxBackground;
import org.secretdesk.ui.common.RelativeTime;
import org.secretdesk.ui.common.ThemeChoice;
import org.secretdesk.ui.common.ThemeController;
import org.secretdesk.ui.mainwindow.ConnectionInfo;
import org.secretdesk.ui.mainwindow.ConnectionState;
import org.secretdesk.ui.mainwindow.MainWindowView;
import org.secretdesk.ui.mainwindow.MainWindowViewModel;
import org.secretdesk.ui.reveal.ClipboardGuard;
import org.secretdesk.ui.secrets.SecretWorkflows;
import org.secretdesk.ui.testing.FxShown;
import org.secretdesk.ui.testing.HeadlessFx;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * Promise 7, the console's side: the real main window and the real New secret / Renew dialogs against the real
 * gateway through {@link FaultProxy}. For each fault (connection refused, reset mid-response, stall, 500, garbage
 * JSON, truncated body) while a New secret dialog has a typed description: Generate fails with a message in the
 * dialog, the description is still there and editable, the main window shows a banner, the FX thread keeps
 * running ({@link FxStallProbe}: its largest wait is reported to target/reliability-figures.txt, not asserted),
 * and once the proxy passes traffic again Generate issues exactly one secret, which authenticates, and the main
 * window reconnects. A secret whose answer was lost is shown once: recovered by the client's own retry, or, when
 * the retries fail too, by Generate/Renew again, which repeat the request with the same idempotency key.
 * The client's read timeout is 1 s here (a stall is detected after it instead of the default 15 s).
 */
class ConsoleUnderFaultsTest {

    static {
        HeadlessFx.useBuiltInHeadlessPlatform();
    }

    /** Each fault, and what the New secret dialog must say about it. */
    private static final Map<FaultProxy.Mode, String> FAULTS = new LinkedHashMap<>();

    static {
        FAULTS.put(FaultProxy.Mode.REFUSE, "the gateway cannot be reached");
        FAULTS.put(FaultProxy.Mode.RESET_MID_RESPONSE, "the connection to the gateway broke");
        FAULTS.put(FaultProxy.Mode.STALL, "the gateway did not answer in time");
        FAULTS.put(FaultProxy.Mode.ANSWER_500, "(error 500)");
        FAULTS.put(FaultProxy.Mode.GARBAGE_JSON, "an answer this console cannot read");
        FAULTS.put(FaultProxy.Mode.TRUNCATED_BODY, "the connection to the gateway broke");
    }

    @TempDir
    static Path dir;
    static GatewayFixture gw;
    /** Between the main window (and the dialogs it opens) and the gateway. */
    static FaultProxy proxy;
    /** Between the lost-answer dialogs and the gateway, so the main window's requests cannot take their faults. */
    static FaultProxy lossProxy;
    static SecretDeskClient consoleClient;
    static SecretDeskClient lossClient;
    static SecretDeskClient direct;
    static ExecutorService executor;
    static ScheduledExecutorService timer;
    static MainWindowViewModel vm;
    static SecretWorkflows workflows;
    static ClipboardGuard clipboard;
    static Stage stage;
    static final ConsoleFx.NoQuestions dialogs = new ConsoleFx.NoQuestions();
    static final FxRobot robot = new FxRobot();

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayFixture.start(dir);
        proxy = new FaultProxy(gw.server().port());
        lossProxy = new FaultProxy(gw.server().port());
        consoleClient = proxy.fastClient(gw);
        lossClient = lossProxy.fastClient(gw);
        direct = new SecretDeskClient(gw.server().baseUri(), SecretValue.copyOf(gw.adminKey()),
                TlsTrust.of(List.of(gw.server().caCertificate())));
        executor = Executors.newVirtualThreadPerTaskExecutor();
        timer = Executors.newSingleThreadScheduledExecutor();
        FxToolkit.registerPrimaryStage();
        stage = FxToolkit.setupStage(s -> {
            FxBackground background = new FxBackground(executor, timer);
            vm = new MainWindowViewModel(background, Clock.systemUTC(),
                    new RelativeTime(ZoneId.systemDefault()), new SimpleIntegerProperty(0));
            clipboard = new ClipboardGuard(() -> Duration.ofSeconds(30));
            workflows = new SecretWorkflows(background, clipboard, dialogs, Clock.systemDefaultZone());
            MainWindowView view = new MainWindowView(vm, workflows, new ThemeController(ThemeChoice.LIGHT));
            s.setScene(new Scene(view.root(), 1200, 720));
            s.show();
            vm.connect(consoleClient, new ConnectionInfo("Faulty gateway", "SecretDesk gateway",
                    "https://localhost:" + proxy.port(), "test", null));
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (vm != null) {
            fx(() -> {
                vm.disconnect();
                clipboard.clearIfOurs();
                return null;
            });
        }
        executor.shutdownNow();
        timer.shutdownNow();
        consoleClient.close();
        lossClient.close();
        direct.close();
        proxy.close();
        lossProxy.close();
        gw.close();
        FxToolkit.cleanupStages();
        ReliabilityFiles.report("console-under-faults", "faultsInjected=" + (proxy.faultsInjected()
                + lossProxy.faultsInjected()));
    }

    @AfterEach
    void closeLeftOverDialogs() throws Exception {
        proxy.mode(FaultProxy.Mode.PASS);
        lossProxy.mode(FaultProxy.Mode.PASS);
        lossProxy.loseNextAnswers(0);
        fx(() -> {
            for (Window w : List.copyOf(Window.getWindows())) {
                if (w != stage && w instanceof Stage s) {
                    s.close();
                }
            }
            return null;
        });
    }

    @Test
    void everyFaultIsShownKeepsTheTypedInputAndTheConsoleRecovers() throws Exception {
        int rounds = Soak.count("reliability.consoleFaultRounds", 1, 10);
        for (int round = 0; round < rounds; round++) {
            // a new application every round: one holds at most 10 secrets
            JsonNode app = gw.createApp(GatewayFixture.unique("console-faults"));
            String appId = app.path("id").asText();
            waitUntil(() -> vm.connection().stateProperty().get() == ConnectionState.CONNECTED);
            fx(() -> {
                vm.refresh(); // the application may have been created before the live stream was up
                return null;
            });
            waitUntil(() -> vm.applications().all().stream().anyMatch(a -> a.id().equals(appId)));
            for (FaultProxy.Mode fault : FAULTS.keySet()) {
                String typed = "typed before " + fault.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                        + " " + round;
                openNewSecret(consoleClient, appId);
                robot.clickOn("#new-secret-description").write(typed);

                proxy.mode(fault);
                String shown;
                long stall;
                int pings;
                try (FxStallProbe probe = new FxStallProbe()) {
                    robot.clickOn("#new-secret-generate");
                    Label error = robot.lookup("#new-secret-error").queryAs(Label.class);
                    waitUntil(() -> !error.getText().isBlank());
                    shown = error.getText();
                    // The main window says what happened too: its live stream broke with the fault.
                    waitUntil(() -> robot.lookup("#banner").query().isVisible());
                    stall = probe.maxStallMillis();
                    pings = probe.pings();
                }
                String banner = fx(() -> robot.lookup(".banner-title").queryAs(Label.class).getText() + ": "
                        + robot.lookup(".banner-message").queryAs(Label.class).getText());
                ReliabilityFiles.report("console-under-faults", "fault=" + fault + " maxFxStallMs=" + stall
                        + " fxPings=" + pings + " dialog=\"" + shown + "\" banner=\"" + banner + "\"");
                assertThat(pings).as("the FX thread ran the probe while the fault was active").isPositive();
                assertThat(shown).as("message for %s", fault).contains("create the secret")
                        .contains(FAULTS.get(fault))
                        .doesNotContain("Exception").doesNotContain(gw.adminKey()).doesNotContain("\n");
                assertThat(banner).doesNotContain(gw.adminKey());
                TextField description = robot.lookup("#new-secret-description").queryAs(TextField.class);
                assertThat(description.getText()).as("typed text after %s", fault).isEqualTo(typed);
                assertThat(description.isDisabled()).isFalse();

                proxy.mode(FaultProxy.Mode.PASS);
                robot.clickOn("#new-secret-generate");
                String value = copyRevealedSecretAndClose();
                List<JsonNode> issued = secretsDescribed(appId, typed);
                assertThat(issued).as("secrets issued for \"%s\"", typed).hasSize(1);
                assertThat(gw.token(app.path("clientId").asText(), value).status()).isEqualTo(200);

                // The main window recovers: Retry (or its own reconnect) reloads and follows events again.
                if (fx(() -> robot.lookup("#bannerRetry").query().isVisible())) {
                    robot.clickOn("#bannerRetry");
                }
                waitUntil(() -> vm.connection().stateProperty().get() == ConnectionState.CONNECTED
                        && !robot.lookup("#banner").query().isVisible());
            }
        }
        assertThat(dialogs.errors).as("error dialogs (a dialog failed to open)").isEmpty();
    }

    @Test
    void aSecretWhoseAnswerWasLostIsShownOnceAndNeverIssuedTwice() throws Exception {
        int rounds = Soak.count("reliability.consoleLostAnswers", 1, 10);
        for (int round = 0; round < rounds; round++) {
            JsonNode app = gw.createApp(GatewayFixture.unique("console-lost"));
            String appId = app.path("id").asText();
            String clientId = app.path("clientId").asText();

            // The answer is lost once: the client's own retry, same key, gets the replay.
            openNewSecret(lossClient, appId);
            robot.clickOn("#new-secret-description").write("lost once");
            lossProxy.loseNextAnswers(1);
            robot.clickOn("#new-secret-generate");
            String once = copyRevealedSecretAndClose();
            assertThat(secretsDescribed(appId, "lost once")).hasSize(1);
            assertThat(gw.token(clientId, once).status()).isEqualTo(200);

            // Lost, and the retry fails too: the dialog says so and keeps the input; Generate again (the network
            // is back) repeats the request with the same key and shows the secret the lost attempt issued.
            openNewSecret(lossClient, appId);
            robot.clickOn("#new-secret-description").write("lost twice");
            lossProxy.loseNextAnswers(2);
            robot.clickOn("#new-secret-generate");
            Label error = robot.lookup("#new-secret-error").queryAs(Label.class);
            waitUntil(() -> !error.getText().isBlank());
            List<JsonNode> issuedUnseen = secretsDescribed(appId, "lost twice");
            assertThat(issuedUnseen).as("issued by the attempt whose answer was lost").hasSize(1);
            assertThat(robot.lookup("#new-secret-description").queryAs(TextField.class).getText())
                    .isEqualTo("lost twice");
            robot.clickOn("#new-secret-generate");
            String twice = copyRevealedSecretAndClose();
            List<JsonNode> issued = secretsDescribed(appId, "lost twice");
            assertThat(issued).as("never issued twice").hasSize(1);
            assertThat(issued.getFirst().path("id").asText()).isEqualTo(issuedUnseen.getFirst().path("id").asText());
            assertThat(gw.token(clientId, twice).status()).as("the shown secret is the issued one").isEqualTo(200);

            // Renew the same way: the retry must not be refused as "changed by someone else" (the version moved).
            SecretSummary summary = direct.listSecrets(appId, 20, null).items().stream()
                    .filter(s -> s.description().equals("lost twice")).findFirst().orElseThrow();
            Application application = direct.getApplication(appId);
            AtomicInteger changed = new AtomicInteger();
            fx(() -> {
                workflows.renewSecret(stage, lossClient, application, summary, changed::incrementAndGet);
                return null;
            });
            waitUntil(() -> FxShown.shown(robot, "#renew-button"));
            lossProxy.loseNextAnswers(2);
            robot.clickOn("#renew-button");
            Label renewError = robot.lookup("#renew-error").queryAs(Label.class);
            waitUntil(() -> !renewError.getText().isBlank());
            robot.clickOn("#renew-button");
            String renewed = copyRevealedSecretAndClose();
            assertThat(renewed).isNotEqualTo(twice);
            assertThat(gw.token(clientId, renewed).status()).as("renewed value").isEqualTo(200);
            assertThat(gw.token(clientId, twice).status()).as("value before the renewal").isNotEqualTo(200);
            assertThat(secretsDescribed(appId, "lost twice")).hasSize(1);
        }
        ReliabilityFiles.report("console-lost-answers", "rounds=" + rounds + " lostAnswersRecovered=" + 3 * rounds);
    }

    // ---------------------------------------------------------------- helpers

    private static void openNewSecret(SecretDeskClient via, String appId) throws Exception {
        Application application = direct.getApplication(appId);
        List<SecretSummary> existing = direct.listSecrets(appId, 20, null).items();
        fx(() -> {
            workflows.newSecret(stage, via, application, existing, () -> { });
            return null;
        });
        waitUntil(() -> FxShown.shown(robot, "#new-secret-description")
                && !robot.lookup("#new-secret-expiry").query().isDisabled());
    }

    /** Waits for the one reveal dialog, copies the secret, closes with Done; the value (recorded as sensitive). */
    private static String copyRevealedSecretAndClose() throws Exception {
        waitUntil(() -> FxShown.shown(robot, "#reveal-copy-secret"));
        assertThat(robot.lookup("#reveal-done").queryAll()).as("reveal dialogs open").hasSize(1);
        robot.clickOn("#reveal-copy-secret");
        String value = fx(() -> Clipboard.getSystemClipboard().getString());
        assertThat(value).startsWith("sds_");
        gw.recordSensitive(value);
        robot.clickOn("#reveal-done");
        waitUntil(() -> robot.lookup("#reveal-done").tryQuery().isEmpty());
        return value;
    }

    private static List<JsonNode> secretsDescribed(String appId, String description) {
        List<JsonNode> found = new ArrayList<>();
        gw.secretsOf(appId).forEach(s -> {
            if (description.equals(s.path("description").asText())) {
                found.add(s);
            }
        });
        return found;
    }
}
