package org.secretdesk.ui.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.model.SecretValue;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.GatewayServer;
import org.secretdesk.ui.ConsoleWindows;
import org.secretdesk.ui.common.EnterKey;
import org.secretdesk.ui.common.FxBackground;
import org.secretdesk.ui.common.FxDialogService;
import org.secretdesk.ui.common.RelativeTime;
import org.secretdesk.ui.common.ThemeChoice;
import org.secretdesk.ui.common.ThemeController;
import org.secretdesk.ui.mainwindow.ConnectionInfo;
import org.secretdesk.ui.mainwindow.MainWindowView;
import org.secretdesk.ui.mainwindow.MainWindowViewModel;
import org.secretdesk.ui.reveal.ClipboardGuard;
import org.secretdesk.ui.secrets.SecretWorkflows;

/**
 * The real main window with its real dialogs and windows (clipboard guard of 30 s, light theme) on {@code stage},
 * connected to a real gateway started on loopback over HTTPS in {@code dir}: what the tests that use the console
 * whole start from. Call from the FX thread (a TestFX {@code @Start}).
 */
public final class ConsoleOnGateway {

    public final GatewayServer server;
    public final SecretDeskClient client;
    public final ClipboardGuard clipboard;
    public final MainWindowViewModel vm;
    public final ConsoleWindows windows;

    private ConsoleOnGateway(GatewayServer server, SecretDeskClient client, ClipboardGuard clipboard,
                             MainWindowViewModel vm, ConsoleWindows windows) {
        this.server = server;
        this.client = client;
        this.clipboard = clipboard;
        this.vm = vm;
        this.windows = windows;
    }

    /** @param quit what ≡ → Quit and Ctrl+Q do */
    public static ConsoleOnGateway start(Stage stage, Path dir, Executor executor, Runnable quit) throws Exception {
        EnterKey.inEveryWindow(); // as SecretDeskApp does
        GatewayServer server = GatewayServer.start(GatewayConfig.defaults(dir).withPort(0));
        String key = Files.readString(server.adminKeyFile(), StandardCharsets.UTF_8).strip();
        SecretDeskClient client = new SecretDeskClient(server.baseUri(), SecretValue.copyOf(key),
                TlsTrust.of(List.of(server.caCertificate())));
        FxBackground background = FxBackgrounds.on(executor);
        ClipboardGuard clipboard = new ClipboardGuard(() -> Duration.ofSeconds(30));
        MainWindowViewModel vm = new MainWindowViewModel(background, Clock.systemUTC(),
                new RelativeTime(ZoneId.systemDefault()), new SimpleIntegerProperty(0));
        FxDialogService dialogs = new FxDialogService();
        ConsoleWindows windows = new ConsoleWindows(background, dialogs, ZoneId.systemDefault(), owner -> { }, quit)
                .withClipboard(clipboard);
        MainWindowView view = new MainWindowView(vm, new SecretWorkflows(background, clipboard, dialogs,
                Clock.systemDefaultZone()), new ThemeController(ThemeChoice.LIGHT), windows, null, false);
        stage.setScene(new Scene(view.root(), 1280, 800));
        stage.show();
        return new ConsoleOnGateway(server, client, clipboard, vm, windows);
    }

    /** Connects the main window (after the test prepared the gateway's data, if it wants). */
    public void connect() {
        vm.connect(client, new ConnectionInfo("Test gateway", "SecretDesk gateway", server.baseUri().toString(),
                "test", null));
    }
}
