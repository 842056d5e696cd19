package org.secretdesk.ui.leaks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.testing.GatewayFixture.expect;

import atlantafx.base.theme.PrimerLight;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.input.Clipboard;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.scan.TestGit;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.model.SecretValue;
import org.secretdesk.server.LeakPolicy;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.MutableClock;
import org.secretdesk.ui.common.SecretInput;
import org.secretdesk.ui.reveal.ClipboardGuard;
import org.secretdesk.ui.secrets.SecretWorkflows;
import org.secretdesk.ui.testing.FxBackgrounds;
import org.secretdesk.ui.testing.FxShown;
import org.secretdesk.ui.testing.OnFx;
import org.secretdesk.ui.testing.ScriptedDialogs;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * Issue 22's acceptance for the console, end to end over real HTTPS through the real dialog: a secret issued by the
 * gateway and written into a file of a temporary git repository among other files (and a copy with one character
 * changed) is found in that folder by "Report a leak", named with its application, rotated with Rotate now (the new
 * value revealed once), and the old value stops working exactly when the grace chosen ends (the gateway's clock is
 * moved; nothing sleeps). A pasted value is revoked after the typed confirmation.
 */
class LeakReportDialogTest {

    @TempDir
    static Path gatewayDir;
    @TempDir
    Path repo;

    static GatewayFixture gw;
    static GatewayClient client;
    static ExecutorService executor;
    static ClipboardGuard clipboard;
    static LeakReportWorkflow leaks;
    static final ScriptedDialogs dialogs = new ScriptedDialogs();
    static Stage owner;
    static final FxRobot robot = new FxRobot();
    final List<String> changed = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        // Flag: the gateway itself leaves the leaked value alone, so the grace the operator chooses is what counts.
        gw = GatewayFixture.start(gatewayDir, MutableClock.startingNow(),
                c -> c.withLeaks(LeakPolicy.defaults().withAction(LeakPolicy.Action.FLAG)));
        client = new SecretDeskClient(gw.server().baseUri(), SecretValue.copyOf(gw.adminKey()),
                List.of(gw.server().caCertificate()));
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "leak-dialog-test");
            t.setDaemon(true);
            return t;
        });
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet()));
        owner = FxToolkit.setupStage(stage -> {
            stage.setScene(new Scene(new StackPane(new Label("SecretDesk")), 900, 600));
            stage.show();
        });
        clipboard = OnFx.read(() -> new ClipboardGuard(() -> Duration.ofSeconds(30)));
        var background = FxBackgrounds.on(executor);
        leaks = new LeakReportWorkflow(background, dialogs,
                new SecretWorkflows(background, clipboard, dialogs, Clock.systemDefaultZone()), gw.clock());
    }

    @AfterAll
    static void stop() throws Exception {
        OnFx.read(() -> {
            clipboard.clearIfOurs();
            return null;
        });
        executor.shutdownNow();
        client.close();
        gw.close();
        FxToolkit.cleanupStages();
    }

    @AfterEach
    void closeDialogs() throws Exception {
        OnFx.read(() -> {
            for (var w : List.copyOf(javafx.stage.Window.getWindows())) {
                if (w != owner && w instanceof Stage s) {
                    s.close();
                }
            }
            return null;
        });
    }

    @Test
    void findsTheIssuedSecretInARepositoryRotatesItAndTheOldValueStopsWhenTheGraceEnds() throws Exception {
        JsonNode app = gw.createAppWithSecret(GatewayFixture.unique("billing-service"), "prod rollout");
        String appId = app.path("id").asText();
        String appName = app.path("name").asText();
        String clientId = app.path("clientId").asText();
        String value = app.path("issuedSecret").path("secret").asText();
        char other = value.charAt(20) == 'a' ? 'b' : 'a';
        String broken = value.substring(0, 20) + other + value.substring(21);
        git("init", "-q");
        Files.createDirectories(repo.resolve("src/main/java"));
        Files.writeString(repo.resolve("README.md"), "# Billing\n\nSee config/.\n");
        Files.writeString(repo.resolve("src/main/java/App.java"), "class App {\n    // sds_ is our prefix\n}\n");
        Files.createDirectories(repo.resolve("config"));
        Files.writeString(repo.resolve("config/app.env"), "# billing\nCLIENT_ID=" + clientId + "\nCLIENT_SECRET="
                + value + "\nTIMEOUT=30\n");
        Files.writeString(repo.resolve("config/old.env"), "CLIENT_SECRET=" + broken + "\n");
        git("add", "-A");
        git("commit", "-q", "-m", "configuration");

        OnFx.read(() -> {
            leaks.open(owner, client, changed::add);
            return null;
        });
        OnFx.waitUntil(() -> FxShown.shown(robot, "#leak-add-folder"));
        assertThat(robot.lookup("#leak-scan").queryButton().isDisabled()).as("nothing to scan yet").isTrue();
        dialogs.folder = repo;
        robot.clickOn("#leak-add-folder");
        robot.clickOn("#leak-scan");
        OnFx.waitUntil(() -> "Active".equals(text("#leak-state-0")));

        assertThat(text("#leak-owner-0")).isEqualTo(appName + " \u2014 \u201cprod rollout\u201d");
        assertThat(text("#leak-where-0")).isEqualTo(repo.getFileName() + "/config/app.env:3");
        assertThat(robot.lookup("#leak-row-1").tryQuery()).as("the broken copy is not listed").isEmpty();
        assertThat(text("#leak-summary")).isEqualTo("1 SecretDesk secret found in 4 files.");

        // 24 hours of grace, chosen in the dialog, then one click.
        ComboBox<?> grace = robot.lookup("#leak-grace").queryAs(ComboBox.class);
        robot.interact(() -> grace.getSelectionModel().select(2));
        assertThat(grace.getValue()).hasToString("24 hours");
        robot.clickOn("#leak-rotate-0");
        OnFx.waitUntil(() -> FxShown.shown(robot, "#reveal-copy-secret"));
        robot.clickOn("#reveal-copy-secret");
        String renewed = OnFx.read(() -> Clipboard.getSystemClipboard().getString());
        robot.clickOn("#reveal-done");
        OnFx.waitUntil(() -> "Rotated".equals(text("#leak-state-0")));
        assertThat(text("#leak-message-0")).startsWith("Rotated. The leaked value keeps working until ");
        assertThat(renewed).isNotEqualTo(value).startsWith("sds_");
        assertThat(changed).containsExactly(appId);

        // The incident is audited with where it was found; the secret, rotated, is no longer marked leaked.
        String audit = expect(gw.get("/api/v1/audit?applicationId=" + appId), 200).json().path("items").toString();
        assertThat(audit).contains("leak.report", LeakReportViewModel.SOURCE, "config/app.env:3", "secret.renew")
                .doesNotContain(value);
        assertThat(gw.secretById(appId, app.path("issuedSecret").path("id").asText()).path("leaked").asBoolean())
                .isFalse();

        assertThat(gw.token(clientId, value).status()).as("old value, in its grace").isEqualTo(200);
        gw.clock().advance(Duration.ofHours(24).minusMinutes(1));
        assertThat(gw.token(clientId, value).status()).as("old value, a minute before the end").isEqualTo(200);
        gw.clock().advance(Duration.ofMinutes(2));
        assertThat(gw.token(clientId, value).status()).as("old value, after the grace").isEqualTo(401);
        assertThat(gw.token(clientId, renewed).status()).as("new value").isEqualTo(200);
    }

    @Test
    void aPastedValueIsRevokedAfterItsDescriptionIsTypedAndThePasteIsWipedOnClose() throws Exception {
        JsonNode app = gw.createAppWithSecret(GatewayFixture.unique("orders"), "nightly export");
        gw.createSecret(app.path("id").asText(), "second");
        String clientId = app.path("clientId").asText();
        String value = app.path("issuedSecret").path("secret").asText();
        OnFx.read(() -> {
            leaks.open(owner, client, changed::add);
            return null;
        });
        OnFx.waitUntil(() -> FxShown.shown(robot, "#leak-pasted"));
        SecretInput pasted = robot.lookup("#leak-pasted").queryAs(SecretInput.class);
        robot.clickOn(pasted).write(value);
        assertThat(pasted.getText()).isEqualTo("\u2022".repeat(value.length())).doesNotContain(value);
        robot.clickOn("#leak-scan");
        OnFx.waitUntil(() -> "Active".equals(text("#leak-state-0")));
        assertThat(text("#leak-where-0")).isEqualTo("pasted text:1");

        robot.clickOn("#leak-revoke-0");
        OnFx.waitUntil(() -> FxShown.shown(robot, "#typed-confirm-input"));
        assertThat(robot.lookup("#typed-confirm-button").queryButton().isDisabled()).isTrue();
        robot.clickOn("#typed-confirm-input").write("nightly export");
        robot.clickOn("#typed-confirm-button");
        // The confirmation closes, then the row says what happened.
        OnFx.waitUntil(() -> "Revoked".equals(text("#leak-state-0"))
                && robot.lookup("#typed-confirm-input").tryQuery().isEmpty());
        assertThat(gw.token(clientId, value).status()).isEqualTo(401);

        robot.clickOn("#leak-close");
        OnFx.waitUntil(() -> robot.lookup("#leak-pasted").tryQuery().isEmpty());
        assertThat(pasted.getText()).as("wiped when the dialog closed").isEmpty();
    }

    private void git(String... args) throws Exception {
        TestGit.run(repo, args);
    }

    private static String text(String query) {
        return robot.lookup(query).tryQuery().map(n -> ((Label) n).getText()).orElse(null);
    }


}
