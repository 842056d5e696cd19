package org.secretdesk.ui.mainwindow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.testing.GatewayFixture.expect;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.model.Application;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.ui.ConsoleWindows;
import org.secretdesk.ui.common.RelativeTime;
import org.secretdesk.ui.common.ThemeChoice;
import org.secretdesk.ui.common.ThemeController;
import org.secretdesk.ui.testing.FxBackgrounds;
import org.secretdesk.ui.testing.HeadlessFx;
import org.secretdesk.ui.testing.ScriptedDialogs;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 21's acceptance through the console: a real gateway over HTTPS, a secret renewed with a grace period, two
 * token clients on their own loopback addresses — client 1 keeps the old value, client 2 takes the new one. The
 * real main window (its table, the old value's line, the rotation panel the composition root opens) shows both
 * values' use and addresses as the gateway's live events arrive, and "End grace now" refuses the old value at once.
 */
@ExtendWith(ApplicationExtension.class)
class RotationConsoleGatewayTest {

    static {
        HeadlessFx.useBuiltInHeadlessPlatform();
    }

    private static final int WAIT_SECONDS = 20;

    @TempDir
    static Path tempRoot;

    private GatewayFixture gw;
    private SecretDeskClient consoleClient;
    private MainWindowViewModel vm;
    private ExecutorService executor;
    private final ScriptedDialogs dialogs = new ScriptedDialogs().confirmingAll();

    @Start
    void start(Stage stage) throws Exception {
        gw = GatewayFixture.start(java.nio.file.Files.createTempDirectory(tempRoot, "gw"));
        consoleClient = new SecretDeskClient(gw.server().baseUri(), SecretValue.copyOf(gw.adminKey()),
                TlsTrust.of(List.of(gw.server().caCertificate())));
        executor = Executors.newVirtualThreadPerTaskExecutor();
        var background = FxBackgrounds.on(executor);
        vm = new MainWindowViewModel(background, Clock.systemUTC(), new RelativeTime(ZoneId.of("UTC")),
                new SimpleIntegerProperty(0));
        MainWindowView view = new MainWindowView(vm, new NoDialogs(), new ThemeController(ThemeChoice.LIGHT),
                new ConsoleWindows(background, dialogs), null, false);
        stage.setScene(new Scene(view.root(), 1280, 800));
        stage.show();
        vm.connect(consoleClient, new ConnectionInfo("Test gateway", "SecretDesk gateway", gw.server().baseUri()
                .toString(), "test", null));
    }

    @AfterEach
    void tearDown() throws Exception {
        WaitForAsyncUtils.asyncFx(vm::disconnect).get();
        consoleClient.close();
        gw.close();
        executor.shutdownNow();
    }

    private static void waitUntil(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition::getAsBoolean);
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).tryQueryAs(Label.class).map(Label::getText).orElse("");
    }

    @Test
    @SuppressWarnings("unchecked")
    void bothValuesUseAndAddressesShowLiveAndEndGraceRefusesTheOldValueAtOnce(FxRobot robot) throws Exception {
        HttpClient client1 = gw.httpClientFrom(InetAddress.getByName("127.0.0.2"));
        HttpClient client2 = gw.httpClientFrom(InetAddress.getByName("127.0.0.3"));
        JsonNode app = gw.createAppWithSecret("billing-service", "prod rollout");
        String appId = app.path("id").asText();
        String clientId = app.path("clientId").asText();
        JsonNode first = app.path("issuedSecret");
        String oldValue = first.path("secret").asText();
        JsonNode renewed = expect(gw.call("POST", "/api/v1/applications/" + appId + "/secrets/"
                + first.path("id").asText() + "/renew").ifMatch(first.path("version").asLong())
                .json(gw.obj("gracePeriod", "PT2H")).send(), 200).json();
        String newValue = renewed.path("secret").asText();

        // The operator selects the application and the renewed secret, as clicks would.
        ListView<Application> list = robot.lookup("#applicationsList").queryAs(ListView.class);
        waitUntil(() -> list.getItems().size() == 1 && vm.live().stateProperty().get() == LiveUpdates.State.LIVE);
        robot.interact(() -> list.getSelectionModel().select(0));
        TableView<SecretSummary> table = robot.lookup("#secretsTable").queryAs(TableView.class);
        waitUntil(() -> table.getItems().size() == 1);
        robot.interact(() -> table.getSelectionModel().select(0));
        waitUntil(() -> text(robot, "#oldValueLine").startsWith("Old value not used yet · valid until"));

        robot.clickOn("#rotationButton");
        waitUntil(() -> robot.lookup("#oldValueCard").tryQuery().isPresent());
        assertThat(text(robot, "#oldLastUsed")).isEqualTo("Not used yet");
        assertThat(text(robot, "#newLastUsed")).isEqualTo("Not used yet");

        // Client 1 keeps the old value: the gateway writes its batch and announces it; the panel follows.
        expect(gw.tokenFrom(client1, clientId, oldValue), 200);
        gw.server().flushLastUse();
        waitUntil(() -> text(robot, "#oldFrom").equals("127.0.0.2"));
        assertThat(text(robot, "#oldLastHour")).isEqualTo("1 use");
        assertThat(text(robot, "#newLastUsed")).isEqualTo("Not used yet");

        // Client 2 switches to the new value.
        expect(gw.tokenFrom(client2, clientId, newValue), 200);
        expect(gw.tokenFrom(client2, clientId, newValue), 200);
        gw.server().flushLastUse();
        waitUntil(() -> text(robot, "#newFrom").equals("127.0.0.3"));
        assertThat(text(robot, "#newLastHour")).isEqualTo("2 uses");
        assertThat(text(robot, "#oldFrom")).isEqualTo("127.0.0.2");
        // The main window shows both too: the old value's line under the table, the address in the tooltip.
        assertThat(text(robot, "#oldValueLine")).startsWith("Old value used just now from 127.0.0.2 · 1 use in the "
                + "last hour · valid until");
        assertThat(vm.clock().lastUsedTooltip(table.getItems().getFirst())).contains("from 127.0.0.3",
                "2 uses in the last 24 hours", "Old value used just now from 127.0.0.2");

        // End grace now: the old value was used minutes ago, so the console warns (the script confirms).
        robot.clickOn("#endGraceButton");
        waitUntil(() -> text(robot, "#rotationState").equals("Rotation complete: only the new value works."));
        assertThat(dialogs.asked).singleElement().asString()
                .startsWith("The old value was used just now from 127.0.0.2");
        assertThat(gw.tokenFrom(client1, clientId, oldValue).status()).isEqualTo(401);
        expect(gw.tokenFrom(client2, clientId, newValue), 200);
        assertThat(robot.lookup("#endGraceButton").query().isDisabled()).isTrue();
        // The window reloads too: no more old value line.
        waitUntil(() -> !robot.lookup("#oldValueLine").query().isVisible()
                || text(robot, "#oldValueLine").isEmpty());
    }
}
