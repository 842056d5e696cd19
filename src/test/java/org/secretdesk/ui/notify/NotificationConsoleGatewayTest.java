package org.secretdesk.ui.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;
import javafx.stage.Window;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Uid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.NewApplication;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.model.Application;
import org.secretdesk.model.Channel;
import org.secretdesk.model.ChannelDelivery;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.Owners;
import org.secretdesk.pki.TrustStores;
import org.secretdesk.server.GatewayServer;
import org.secretdesk.server.testing.ReceiverTls;
import org.secretdesk.server.testing.WebhookReceiver;
import org.secretdesk.ui.mainwindow.LiveUpdates;
import org.secretdesk.ui.mainwindow.MainWindowViewModel;
import org.secretdesk.ui.reveal.ClipboardGuard;
import org.secretdesk.ui.testing.ConsoleOnGateway;
import org.secretdesk.ui.testing.FxShown;
import org.secretdesk.ui.testing.HeadlessFx;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 23's console through the real main window and dialogs against a real gateway over HTTPS: an application's
 * owners from New application to its details, changed in Edit application and read back from the gateway; a
 * webhook channel added against a real HTTPS receiver that checks each signature, tested (the delivery listed),
 * edited with its signing key left unchanged, a conflicting change met with the form kept, and removed; the
 * calendar link issued and copied, fetched and parsed with ical4j, then revoked (401).
 */
@ExtendWith(ApplicationExtension.class)
class NotificationConsoleGatewayTest {

    static {
        HeadlessFx.useBuiltInHeadlessPlatform();
    }

    private static final String SIGNING_KEY = "whsec-console-" + Long.toHexString(System.nanoTime());

    @TempDir
    static Path tempRoot;

    private GatewayServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private SecretDeskClient client;
    private ClipboardGuard clipboard;
    private MainWindowViewModel vm;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        ConsoleOnGateway console = ConsoleOnGateway.start(stage, Files.createTempDirectory(tempRoot, "gw"), executor,
                () -> { });
        server = console.server;
        client = console.client;
        clipboard = console.clipboard;
        vm = console.vm;
        console.connect();
    }

    @AfterEach
    void tearDown(FxRobot robot) {
        robot.interact(() -> {
            for (Window w : List.copyOf(Window.getWindows())) {
                if (w != stage && w instanceof Stage s) {
                    s.close();
                }
            }
            vm.disconnect();
            clipboard.clearIfOurs();
        });
        client.close();
        server.close();
        executor.shutdownNow();
    }

    static void waitUntil(BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition::getAsBoolean);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void setText(FxRobot robot, String query, String text) {
        TextInputControl field = robot.lookup(query).queryAs(TextInputControl.class);
        robot.interact(() -> field.setText(text));
    }

    private static String text(FxRobot robot, String query) {
        Node n = robot.lookup(query).query();
        return n instanceof Labeled l ? l.getText() : ((TextInputControl) n).getText();
    }

    /** Opens an entry of the ≡ menu. */
    private static void menu(FxRobot robot, String item) throws Exception {
        robot.clickOn("#mainMenu");
        waitUntil(() -> FxShown.shown(robot, item));
        robot.clickOn(item);
    }

    /** Presses the button labelled {@code label} in the confirmation that is showing. */
    private static void confirm(FxRobot robot, String label) throws Exception {
        waitUntil(() -> robot.lookup(".dialog-pane .button").queryAll().stream()
                .anyMatch(b -> label.equals(((Button) b).getText()) && b.isVisible()));
        Button yes = (Button) robot.lookup(".dialog-pane .button").queryAll().stream()
                .filter(b -> label.equals(((Button) b).getText())).findFirst().orElseThrow();
        robot.interact(yes::fire);
    }

    @Test
    void ownersFromNewApplicationToItsDetailsThenEditedAndReadBackFromTheGateway(FxRobot robot) throws Exception {
        waitUntil(() -> vm.live().stateProperty().get() == LiveUpdates.State.LIVE);
        robot.clickOn("#newApplicationButton");
        waitUntil(() -> FxShown.shown(robot, "#new-application-owners"));
        assertThat(text(robot, "#new-application-owners-help")).contains("go to these addresses");
        robot.clickOn("#new-application-name").write("owned-service");
        robot.clickOn("#new-application-owners").write("Alice@Example.com, not-an-address");
        waitUntil(() -> FxShown.shown(robot, "#new-application-owners-error"));
        assertThat(text(robot, "#new-application-owners-error")).contains("not-an-address");
        assertThat(robot.lookup("#new-application-create").query().isDisabled()).isTrue();
        setText(robot, "#new-application-owners", "Alice@Example.com, bob@example.com");
        robot.clickOn("#new-application-team").write("Payments");
        robot.clickOn("#new-application-first-secret"); // no reveal in this test
        robot.clickOn("#new-application-create");

        waitUntil(() -> vm.applications().selectedProperty().get() != null
                && "owned-service".equals(vm.applications().selectedProperty().get().name()));
        Application created = vm.applications().selectedProperty().get();
        assertThat(client.getApplication(created.id()).owners())
                .isEqualTo(new Owners(List.of("alice@example.com", "bob@example.com"), "Payments"));
        waitUntil(() -> FxShown.shown(robot, "#applicationOwners"));
        assertThat(text(robot, "#applicationOwners"))
                .isEqualTo("Owners: alice@example.com, bob@example.com · team Payments");

        robot.clickOn("#editApplicationButton");
        waitUntil(() -> FxShown.shown(robot, "#edit-application-owners"));
        assertThat(text(robot, "#edit-application-owners")).isEqualTo("alice@example.com, bob@example.com");
        assertThat(text(robot, "#edit-application-team")).isEqualTo("Payments");
        setText(robot, "#edit-application-owners", "carol@example.com");
        setText(robot, "#edit-application-team", "");
        robot.clickOn("#edit-application-save");
        waitUntil(() -> new Owners(List.of("carol@example.com"), null).equals(client.getApplication(created.id())
                .owners()));
        waitUntil(() -> "Owners: carol@example.com".equals(text(robot, "#applicationOwners")));
    }

    @Test
    void aWebhookChannelIsAddedTestedEditedAndRemovedAgainstARealHttpsReceiver(FxRobot robot) throws Exception {
        ReceiverTls tls = ReceiverTls.create();
        try (WebhookReceiver receiver = new WebhookReceiver(tls, SIGNING_KEY)) {
            waitUntil(() -> vm.live().stateProperty().get() == LiveUpdates.State.LIVE);
            menu(robot, "#notificationChannelsMenu");
            waitUntil(() -> FxShown.shown(robot, "#channels-table"));
            TableView<?> table = robot.lookup("#channels-table").queryAs(TableView.class);
            waitUntil(() -> ((Label) table.getPlaceholder()).getText().startsWith("No channels yet"));

            // Add: a plain-http URL and a short key are refused before any request.
            robot.clickOn("#channel-add");
            waitUntil(() -> FxShown.shown(robot, "#channel-url"));
            robot.clickOn("#channel-name").write("Chat ops");
            robot.clickOn("#channel-url").write("http://localhost/hook");
            waitUntil(() -> FxShown.shown(robot, "#channel-url-error"));
            assertThat(text(robot, "#channel-url-error")).contains("https://");
            setText(robot, "#channel-url", receiver.url());
            robot.clickOn("#channel-signing-key").write("too-short");
            waitUntil(() -> FxShown.shown(robot, "#channel-signing-key-error"));
            assertThat(robot.lookup("#channel-save").query().isDisabled()).isTrue();
            setText(robot, "#channel-signing-key", "");
            robot.clickOn("#channel-signing-key").write(SIGNING_KEY);
            assertThat(text(robot, "#channel-signing-key")).doesNotContain(SIGNING_KEY);
            setText(robot, "#channel-ca", tls.caPem());
            robot.clickOn("#event-SECRET_DELETED"); // off
            robot.clickOn("#channel-save");
            waitUntil(() -> table.getItems().size() == 1 && robot.lookup("#channel-form-dialog").tryQuery().isEmpty());

            Channel saved = client.listChannels().getFirst();
            assertThat(saved.name()).isEqualTo("Chat ops");
            assertThat(saved.credentialSet()).isTrue();
            assertThat(saved.settings().url()).isEqualTo(receiver.url());
            assertThat(saved.events()).doesNotContain(org.secretdesk.model.ChannelEvent.SECRET_DELETED)
                    .contains(org.secretdesk.model.ChannelEvent.SECRET_EXPIRING);

            // Send a test: signed with the typed key, its delivery listed.
            robot.clickOn("#channel-test");
            waitUntil(() -> text(robot, "#channel-test-result").startsWith("Test delivered"));
            WebhookReceiver.Received got = receiver.await(r -> "TEST".equals(r.eventType()), Duration.ofSeconds(30));
            assertThat(got.signatureValid()).isTrue();
            TableView<?> deliveries = robot.lookup("#deliveries-table").queryAs(TableView.class);
            waitUntil(() -> deliveries.getItems().stream().anyMatch(d -> "TEST".equals(((ChannelDelivery) d)
                    .eventType()) && ((ChannelDelivery) d).state() == ChannelDelivery.State.DELIVERED));
            waitUntil(() -> table.getItems().size() == 1 && ((ChannelsViewModel.Row) table.getItems().getFirst())
                    .last() != null);

            // Edit: the stored key is not shown, "Unchanged"; a new name saves and the key still signs.
            robot.clickOn("#channel-edit");
            waitUntil(() -> FxShown.shown(robot, "#channel-signing-key-note"));
            assertThat(text(robot, "#channel-signing-key-note")).isEqualTo(ChannelFormViewModel.UNCHANGED);
            assertThat(text(robot, "#channel-signing-key")).isEmpty();
            setText(robot, "#channel-name", "Chat ops (edited)");
            // Meanwhile someone else changes the channel: Save is refused, the form and what was typed stay.
            Channel current = client.getChannel(saved.id());
            client.updateChannel(saved.id(), new org.secretdesk.client.ChannelSpec("Renamed elsewhere",
                    current.kind(), true, current.events(), current.settings()), null, current.version());
            robot.clickOn("#channel-save");
            waitUntil(() -> text(robot, "#channel-form-error").contains("Someone else changed this channel"));
            assertThat(text(robot, "#channel-name")).isEqualTo("Chat ops (edited)");
            // Save again: theirs is replaced by ours.
            waitUntil(() -> !robot.lookup("#channel-save").query().isDisabled());
            WaitForAsyncUtils.waitForFxEvents();
            robot.clickOn("#channel-save");
            waitUntil(() -> robot.lookup("#channel-form-dialog").tryQuery().isEmpty());
            waitUntil(() -> "Chat ops (edited)".equals(client.getChannel(saved.id()).name()));
            assertThat(client.getChannel(saved.id()).credentialSet()).isTrue();
            robot.clickOn("#channel-test");
            waitUntil(() -> receiver.received().stream().filter(r -> "TEST".equals(r.eventType())).count() == 2);
            assertThat(receiver.received()).allMatch(WebhookReceiver.Received::signatureValid);

            // Remove, after the confirmation.
            robot.clickOn("#channel-remove");
            confirm(robot, "Remove");
            waitUntil(() -> table.getItems().isEmpty());
            assertThat(client.listChannels()).isEmpty();
        }
    }

    @Test
    void theCalendarLinkIsIssuedCopiedAndFetchedAsAFeedThenRevoked(FxRobot robot) throws Exception {
        var app = client.createApplication(new NewApplication("calendar-app", "", List.of(), null));
        IssuedSecret secret = client.createSecret(app.application().id(), "expiring", Duration.ofDays(20));
        secret.value().destroy();
        waitUntil(() -> vm.live().stateProperty().get() == LiveUpdates.State.LIVE);
        menu(robot, "#calendarFeedMenu");
        waitUntil(() -> FxShown.shown(robot, "#calendar-issue"));
        setText(robot, "#calendar-name", "Payments calendar");
        robot.clickOn("#calendar-issue");
        waitUntil(() -> FxShown.shown(robot, "#calendar-copy"));
        robot.clickOn("#calendar-copy");
        String url = WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString()).get();
        assertThat(url).startsWith(server.baseUri().toString().replaceAll("/$", "") + "/api/v1/calendar.ics?token=");
        assertThat(text(robot, "#calendar-clipboard")).startsWith("Copied: the clipboard clears in");

        TableView<?> tokens = robot.lookup("#calendar-tokens").queryAs(TableView.class);
        waitUntil(() -> tokens.getItems().size() == 1);
        assertThat(client.listCalendarTokens().getFirst().lastUsedAt()).as("not read yet").isNull();
        assertThat(tokens.getColumns().get(3).getCellData(0)).isEqualTo("never");

        HttpClient http = HttpClient.newBuilder().sslContext(TrustStores.sslContext(List.of(server.caCertificate())))
                .build();
        HttpResponse<String> feed = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(feed.statusCode()).isEqualTo(200);
        Calendar calendar = new CalendarBuilder().build(new StringReader(feed.body()));
        List<VEvent> events = calendar.getComponents(Component.VEVENT);
        assertThat(events).anyMatch(e -> e.<Uid>getProperty(Property.UID).orElseThrow().getValue()
                .startsWith(secret.secret().id()));

        waitUntil(() -> client.listCalendarTokens().getFirst().lastUsedAt() != null);
        robot.interact(() -> tokens.getSelectionModel().select(0));
        robot.clickOn("#calendar-revoke");
        confirm(robot, "Revoke");
        waitUntil(() -> tokens.getItems().isEmpty());
        assertThat(robot.lookup("#calendar-link").query().isVisible()).as("the revoked link is not shown").isFalse();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(401);
    }

}
