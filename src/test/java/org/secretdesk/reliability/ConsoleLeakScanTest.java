package org.secretdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.reliability.ConsoleFx.fx;
import static org.secretdesk.reliability.ConsoleFx.waitUntil;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.CheckBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.desk.DataDirectory;
import org.secretdesk.desk.connections.ConnectionProfile;
import org.secretdesk.desk.connections.ConnectionProfileStore;
import org.secretdesk.desk.connections.GatewayKind;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.ui.SecretDeskApp;
import org.secretdesk.ui.testing.FxShown;
import org.secretdesk.ui.testing.HeadlessFx;
import org.slf4j.LoggerFactory;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Promise 4, the console's side: the whole console (its composition root, {@link SecretDeskApp}) with its
 * per-user data directory in a temp dir and every log at DEBUG written to a file. A session against a real
 * gateway: connect with the admin key (typed into the prompt, fingerprint pinned), list, select, issue a secret and
 * reveal (shown in clear, copied), renew it and copy the new value, report that value as leaked in the leak dialog
 * (pasted, identified, rotated, the new value copied), delete it, open the CA export wizard up to the
 * format page, add a webhook and an e-mail channel (signing key and SMTP password typed), test and edit one, issue
 * and copy the calendar link, quit (preferences and window state saved). Then the data directory (profiles, preferences, seen
 * notifications, everything the console wrote) and the log hold none of the issued values, not the admin key, not
 * the channels' credentials and not the calendar token,
 * in UTF-8, UTF-16LE or UTF-16BE. The console logs only to stderr (logback.xml); the DEBUG file here receives
 * the same events, including exception stack traces.
 */
class ConsoleLeakScanTest {

    static {
        HeadlessFx.useBuiltInHeadlessPlatform();
    }

    @TempDir
    static Path dataDir;
    @TempDir
    static Path gatewayDir;
    @TempDir
    static Path logDir;
    static GatewayFixture gw;
    static FileAppender<ILoggingEvent> logFile;
    static final Map<String, Level> levelsBefore = new LinkedHashMap<>();
    static final FxRobot robot = new FxRobot();
    /** Typed into the console's channel forms (issue 23); sought like the secrets. */
    static final String SIGNING_KEY = "leak-scan-signing-key-" + Long.toHexString(System.nanoTime());
    static final String SMTP_PASSWORD = "leak-scan-smtp-password-" + Long.toHexString(System.nanoTime());
    /** The calendar feed's token, from the link the console copied. */
    static final List<String> credentials = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        debugLogsToFile();
        System.setProperty(DataDirectory.OVERRIDE_PROPERTY, dataDir.toString());
        FxToolkit.registerPrimaryStage();
        gw = GatewayFixture.start(gatewayDir);
        ConnectionProfile profile = ConnectionProfile.create("Leak scan", GatewayKind.SECRETDESK,
                gw.server().baseUri().toString());
        new ConnectionProfileStore(dataDir, Clock.systemUTC()).save(List.of(profile), profile.id());
    }

    /** Every logger the console uses at DEBUG (the gateway's libraries stay as configured), into one file. */
    private static void debugLogsToFile() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (String name : List.of(Logger.ROOT_LOGGER_NAME, "org.secretdesk", "okhttp3")) {
            Logger logger = ctx.getLogger(name);
            levelsBefore.put(name, logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%d %-5level [%thread] %logger - %msg%n%ex");
        encoder.start();
        logFile = new FileAppender<>();
        logFile.setContext(ctx);
        logFile.setName("leak-scan");
        logFile.setFile(logDir.resolve("console.log").toString());
        logFile.setEncoder(encoder);
        logFile.start();
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logFile);
    }

    @AfterAll
    static void tearDown() {
        System.clearProperty(DataDirectory.OVERRIDE_PROPERTY);
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(logFile);
        logFile.stop();
        levelsBefore.forEach((name, level) -> ctx.getLogger(name).setLevel(level));
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void aConsoleSessionLeavesNoSecretInItsFilesOrLogs() throws Exception {
        JsonNode app = gw.createApp(GatewayFixture.unique("leak-scan"));
        String appName = app.path("name").asText();
        List<String> values = new ArrayList<>();
        javafx.application.Application console = FxToolkit.setupApplication(SecretDeskApp.class);
        try {
            // Connect: the admin key is typed into the prompt, the CA's fingerprint confirmed and pinned.
            waitUntil(() -> FxShown.shown(robot, "#admin-key-field"));
            TextField keyField = robot.lookup("#admin-key-field").queryAs(TextField.class);
            robot.interact(() -> keyField.setText(gw.adminKey()));
            robot.interact(() -> button(dialogOf(keyField), ButtonBar.ButtonData.OK_DONE).fire());
            waitUntil(() -> FxShown.shown(robot, "#trust-prompt"));
            DialogPane prompt = dialogOf(robot.lookup("#trust-prompt").query());
            robot.interact(() -> ((CheckBox) prompt.lookup("#trust-confirm")).fire());
            robot.interact(() -> button(prompt, ButtonBar.ButtonData.OK_DONE).fire());

            // List and select the application.
            ListView<?> apps = robot.lookup("#applicationsList").queryAs(ListView.class);
            waitUntil(() -> apps.getItems().stream().anyMatch(a -> ((org.secretdesk.model.Application) a).name()
                    .equals(appName)));
            robot.interact(() -> {
                for (int i = 0; i < apps.getItems().size(); i++) {
                    if (((org.secretdesk.model.Application) apps.getItems().get(i)).name().equals(appName)) {
                        apps.getSelectionModel().select(i);
                    }
                }
            });

            // Issue a secret, show it in clear, copy it.
            waitUntil(() -> !robot.lookup("#newSecretButton").query().isDisabled());
            robot.clickOn("#newSecretButton");
            waitUntil(() -> FxShown.shown(robot, "#new-secret-description")
                    && !robot.lookup("#new-secret-expiry").query().isDisabled());
            robot.clickOn("#new-secret-description").write("leak scan");
            robot.clickOn("#new-secret-generate");
            waitUntil(() -> FxShown.shown(robot, "#reveal-show"));
            robot.clickOn("#reveal-show");
            values.add(copyAndClose());

            // Renew it and copy the new value.
            TableView<?> table = robot.lookup("#secretsTable").queryAs(TableView.class);
            waitUntil(() -> table.getItems().stream().anyMatch(s -> ((SecretSummary) s).description()
                    .equals("leak scan")));
            robot.interact(() -> selectSecret(table, "leak scan"));
            waitUntil(() -> !robot.lookup("#renewButton").query().isDisabled());
            robot.clickOn("#renewButton");
            waitUntil(() -> FxShown.shown(robot, "#renew-button"));
            robot.clickOn("#renew-button");
            values.add(copyAndClose());

            // Report it as leaked (issue 22): pasted from the clipboard into the leak dialog, identified by its hash,
            // rotated; the new value is copied from the reveal.
            robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.L).release(KeyCode.L, KeyCode.SHIFT, KeyCode.CONTROL);
            waitUntil(() -> FxShown.shown(robot, "#leak-pasted"));
            robot.clickOn("#leak-pasted");
            robot.press(KeyCode.CONTROL, KeyCode.V).release(KeyCode.V, KeyCode.CONTROL);
            waitUntil(() -> !robot.lookup("#leak-scan").query().isDisabled());
            robot.clickOn("#leak-scan");
            waitUntil(() -> robot.lookup("#leak-rotate-0").tryQuery().map(n -> !n.isDisabled()).orElse(false));
            robot.clickOn("#leak-rotate-0");
            values.add(copyAndClose());
            robot.clickOn("#leak-close");
            waitUntil(() -> robot.lookup("#leak-pasted").tryQuery().isEmpty());

            // Delete it.
            waitUntil(() -> table.getItems().stream().anyMatch(s -> ((SecretSummary) s).description()
                    .equals("leak scan") && ((SecretSummary) s).version() > 1));
            robot.interact(() -> selectSecret(table, "leak scan"));
            waitUntil(() -> !robot.lookup("#deleteButton").query().isDisabled());
            robot.clickOn("#deleteButton");
            waitUntil(() -> FxShown.shown(robot, "#typed-confirm-input"));
            robot.clickOn("#typed-confirm-input").write("leak scan");
            robot.clickOn("#typed-confirm-button");
            waitUntil(() -> table.getItems().stream().noneMatch(s -> ((SecretSummary) s).description()
                    .equals("leak scan")));

            // The CA export wizard, up to the format page (choosing a folder needs the OS file chooser).
            robot.clickOn("#mainMenu");
            WaitForAsyncUtils.waitForFxEvents();
            robot.clickOn("#exportCaMenuItem");
            waitUntil(() -> FxShown.shown(robot, "#source-gateway"));
            DialogPane wizard = dialogOf(robot.lookup("#source-gateway").query());
            robot.interact(() -> button(wizard, ButtonBar.ButtonData.NEXT_FORWARD).fire());
            waitUntil(() -> FxShown.shown(robot, "#confirm-fingerprint"));
            robot.interact(() -> ((CheckBox) robot.lookup("#confirm-fingerprint").query()).fire());
            robot.interact(() -> button(dialogOf(robot.lookup("#confirm-fingerprint").query()),
                    ButtonBar.ButtonData.NEXT_FORWARD).fire());
            waitUntil(() -> FxShown.shown(robot, "#format-page"));
            robot.interact(() -> button(dialogOf(robot.lookup("#format-page").query()),
                    ButtonBar.ButtonData.CANCEL_CLOSE).fire());

            // Notification channels (issue 23): a webhook's signing key and an SMTP password typed into the
            // console, a test sent (it fails: nothing listens), the webhook edited; the calendar link issued and
            // copied (the link is a credential too).
            robot.clickOn("#mainMenu");
            WaitForAsyncUtils.waitForFxEvents();
            robot.clickOn("#notificationChannelsMenu");
            waitUntil(() -> FxShown.shown(robot, "#channel-add"));
            TableView<?> channels = robot.lookup("#channels-table").queryAs(TableView.class);
            addChannel(null, () -> {
                robot.clickOn("#channel-name").write("leak-scan hook");
                robot.clickOn("#channel-url").write("https://127.0.0.1:9/hook");
                robot.clickOn("#channel-signing-key").write(SIGNING_KEY);
            });
            waitUntil(() -> channels.getItems().size() == 1);
            addChannel("#channel-kind-email", () -> {
                robot.clickOn("#channel-name").write("leak-scan mail");
                robot.clickOn("#channel-smtp-host").write("127.0.0.1");
                robot.clickOn("#channel-smtp-port").write("9");
                robot.clickOn("#channel-smtp-user").write("mailer");
                robot.clickOn("#channel-smtp-password").write(SMTP_PASSWORD);
                robot.clickOn("#channel-from").write("secretdesk@example.com");
            });
            waitUntil(() -> channels.getItems().size() == 2);
            robot.interact(() -> channels.getSelectionModel().select(0));
            robot.clickOn("#channel-test");
            waitUntil(() -> !((javafx.scene.control.Labeled) robot.lookup("#channel-test-result").query()).getText()
                    .isEmpty() && !robot.lookup("#channel-test").query().isDisabled());
            robot.clickOn("#channel-edit");
            waitUntil(() -> FxShown.shown(robot, "#channel-save"));
            robot.clickOn("#channel-name").write(" 2");
            robot.clickOn("#channel-save");
            waitUntil(() -> robot.lookup("#channel-form-dialog").tryQuery().isEmpty());
            robot.interact(() -> button(dialogOf(channels), ButtonBar.ButtonData.CANCEL_CLOSE).fire());

            robot.clickOn("#mainMenu");
            WaitForAsyncUtils.waitForFxEvents();
            robot.clickOn("#calendarFeedMenu");
            waitUntil(() -> FxShown.shown(robot, "#calendar-issue"));
            robot.clickOn("#calendar-issue");
            waitUntil(() -> FxShown.shown(robot, "#calendar-copy"));
            robot.clickOn("#calendar-copy");
            String link = fx(() -> Clipboard.getSystemClipboard().getString());
            credentials.add(link.substring(link.indexOf("token=") + "token=".length()));
            robot.interact(() -> button(dialogOf(robot.lookup("#calendar-copy").query()),
                    ButtonBar.ButtonData.CANCEL_CLOSE).fire());
        } finally {
            fx(() -> {
                Clipboard.getSystemClipboard().clear();
                return null;
            });
            FxToolkit.cleanupApplication(console); // stop(): preferences and window state are saved
            FxToolkit.cleanupStages();
        }
        logFile.stop();

        values.forEach(gw::recordSensitive);
        List<String> sought = new ArrayList<>(gw.seenSecrets());
        sought.add(gw.adminKey());
        assertThat(credentials).hasSize(1);
        sought.addAll(credentials);
        sought.add(SIGNING_KEY);
        sought.add(SMTP_PASSWORD);
        assertThat(values).hasSize(3).allSatisfy(v -> assertThat(v).startsWith("sds_"));
        long files;
        try (var walk = Files.walk(dataDir)) {
            files = walk.filter(Files::isRegularFile).count();
        }
        Path log = logDir.resolve("console.log");
        ReliabilityFiles.report("console-leak-scan", "valuesSought=" + sought.size() + " dataDirFiles=" + files
                + " debugLogBytes=" + Files.size(log));
        assertThat(Files.size(log)).as("the DEBUG log was written").isPositive();
        LeakScan.scanTree(dataDir, sought);
        assertThat(LeakScan.scanFile(log, sought)).as("secret values in the console's DEBUG log").isEmpty();
    }

    /** Add… in the channels dialog: the kind (null: webhook), the fields, Save. */
    private static void addChannel(String kind, Runnable fill) throws Exception {
        robot.clickOn("#channel-add");
        waitUntil(() -> FxShown.shown(robot, "#channel-name"));
        if (kind != null) {
            robot.clickOn(kind);
        }
        fill.run();
        robot.clickOn("#channel-save");
        waitUntil(() -> robot.lookup("#channel-form-dialog").tryQuery().isEmpty());
    }

    private static void selectSecret(TableView<?> table, String description) {
        for (int i = 0; i < table.getItems().size(); i++) {
            if (((SecretSummary) table.getItems().get(i)).description().equals(description)) {
                table.getSelectionModel().select(i);
            }
        }
    }

    /** Copies the revealed secret, closes the reveal with Done; the copied value. */
    private static String copyAndClose() throws Exception {
        waitUntil(() -> FxShown.shown(robot, "#reveal-copy-secret"));
        robot.clickOn("#reveal-copy-secret");
        String value = fx(() -> Clipboard.getSystemClipboard().getString());
        robot.clickOn("#reveal-done");
        waitUntil(() -> robot.lookup("#reveal-done").tryQuery().isEmpty());
        return value;
    }

    private static DialogPane dialogOf(Node n) {
        return (DialogPane) n.getScene().getRoot();
    }

    private static Button button(DialogPane pane, ButtonBar.ButtonData data) {
        return (Button) pane.lookupButton(pane.getButtonTypes().stream().filter(t -> t.getButtonData() == data)
                .findFirst().orElseThrow());
    }
}
