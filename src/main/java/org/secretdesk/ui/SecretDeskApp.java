package org.secretdesk.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.secretdesk.desk.DataDirectory;
import org.secretdesk.desk.RaiseRequests;
import org.secretdesk.desk.SingleInstanceLock;
import org.secretdesk.desk.connections.ConnectionProfileStore;
import org.secretdesk.desk.connections.Connections;
import org.secretdesk.desk.connections.KeychainCredentialStore;
import org.secretdesk.ui.common.AppIcons;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.common.Banner;
import org.secretdesk.ui.common.ConsolePreferences;
import org.secretdesk.ui.common.DialogService;
import org.secretdesk.ui.common.EnterKey;
import org.secretdesk.ui.common.FatalAlert;
import org.secretdesk.ui.common.FxBackground;
import org.secretdesk.ui.common.FxDialogService;
import org.secretdesk.ui.common.PreferencesStore;
import org.secretdesk.ui.common.RelativeTime;
import org.secretdesk.ui.common.SeenNotificationsStore;
import org.secretdesk.ui.common.StartupTimeline;
import org.secretdesk.ui.common.ThemeController;
import org.secretdesk.ui.common.WindowGeometry;
import org.secretdesk.ui.leaks.LeakReportWorkflow;
import org.secretdesk.ui.mainwindow.ApplicationsViewModel;
import org.secretdesk.ui.mainwindow.ConnectionInfo;
import org.secretdesk.ui.mainwindow.ExpiryAlerts;
import org.secretdesk.ui.mainwindow.MainWindowView;
import org.secretdesk.ui.mainwindow.MainWindowViewModel;
import org.secretdesk.ui.preferences.PreferencesDialog;
import org.secretdesk.ui.preferences.PreferencesViewModel;
import org.secretdesk.ui.reveal.ClipboardGuard;
import org.secretdesk.ui.secrets.SecretWorkflows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The console application and its one composition root: data directory, single-instance lock, preferences,
 * theme, background executor, clipboard guard, dialogs, the main window, and the connection (the embedded
 * gateway or the saved connection chosen last, see {@link ConnectionSwitcher}). Quitting saves the window
 * geometry, clears the clipboard if it still holds our secret, and stops the embedded gateway.
 */
public final class SecretDeskApp extends Application {

    /**
     * The logger, made on first use: Logback's set-up (reading its configuration) took about 100 ms of the start-up,
     * and as a static field of this class it ran before the JavaFX toolkit could start. The start-up warm-up thread
     * does it instead, while the toolkit starts.
     */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(SecretDeskApp.class);
    }

    private EarlyStart early;
    private SingleInstanceLock lock;
    private PreferencesStore preferencesStore;
    private ConsolePreferences preferences = ConsolePreferences.DEFAULTS;
    private ExecutorService executor;
    private ScheduledExecutorService timer;
    private ClipboardGuard clipboard;
    private ThemeController theme;
    private MainWindowViewModel viewModel;
    private MainWindowView view;
    private Stage stage;
    private WindowGeometry lastNormalGeometry = WindowGeometry.DEFAULT;
    private ConnectionSwitcher connections;
    private AutoCloseable raiseRequests;

    /** Entry point used by the command line when started without arguments. */
    public static void launchConsole(String[] args) {
        warmUpWhileTheToolkitStarts();
        Path dataDir = DataDirectory.forCurrentUser();
        useCacheDirectoryForJavaFx();
        // The local gateway starts on a second core while the toolkit starts on this one (see EarlyStart).
        EarlyStart.handOff(EarlyStart.begin(dataDir, () -> EmbeddedConnection.open(dataDir)));
        Application.launch(SecretDeskApp.class, args);
    }

    /**
     * JavaFX unpacks its native libraries (when they are not in the runtime, as in target/dist) into
     * {@code user.home/.openjfx}: the per-user cache directory is where they belong (XDG_CACHE_HOME on Linux).
     */
    private static void useCacheDirectoryForJavaFx() {
        if (System.getProperty("javafx.cachedir") == null) {
            System.setProperty("javafx.cachedir",
                    DataDirectory.forCurrentUser(DataDirectory.Kind.CACHE).resolve("openjfx").toString());
        }
    }

    /**
     * Work that would otherwise sit on the FX thread before the first frame, done on a second core while the JavaFX
     * toolkit starts (GTK and the renderer take a few hundred milliseconds on one thread): Logback's set-up (about
     * 100 ms in the installed app; it used to run before the toolkit started) and Jackson's set-up for the
     * preferences. It touches no JavaFX object; if it fails, the FX thread simply does the work itself.
     */
    private static void warmUpWhileTheToolkitStarts() {
        Thread.ofPlatform().daemon().name("startup-warm-up").start(() -> {
            try {
                LoggerFactory.getILoggerFactory();
                StartupTimeline.warmUp();
                PreferencesStore.warmUp();
            } catch (RuntimeException | LinkageError e) {
                Log.LOG.debug("Start-up warm-up skipped: {}", e.toString());
            }
        });
    }

    @Override
    public void start(Stage primaryStage) {
        this.stage = primaryStage;
        EnterKey.inEveryWindow();
        early = EarlyStart.take();
        if (early == null) { // launched without launchConsole (tests): start the same way, from here
            Path dir = DataDirectory.forCurrentUser();
            early = EarlyStart.begin(dir, () -> EmbeddedConnection.open(dir));
        }
        Path dataDir = early.dataDir();
        if (early.lockProblem() != null) {
            showFatal("SecretDesk cannot start", "The data directory " + dataDir + " cannot be used: "
                    + early.lockProblem().getMessage());
            return;
        }
        if (early.lock().isEmpty()) {
            // Another console owns the embedded database: touch nothing but ask it to come to the front, say so, leave.
            String raised;
            try {
                RaiseRequests.request(dataDir);
                raised = "The open window was brought to the front.";
            } catch (IOException e) {
                raised = "Switch to the open window.";
            }
            showFatal("SecretDesk is already running", "SecretDesk is already running for this user (data in "
                    + dataDir + "). " + raised + " Only one console can use the local gateway at a time.");
            return;
        }
        lock = early.lock().get();
        quitOnSignal();

        preferencesStore = new PreferencesStore(dataDir, Clock.systemUTC());
        PreferencesStore.Loaded loaded = preferencesStore.load();
        preferences = loaded.preferences();

        executor = Executors.newVirtualThreadPerTaskExecutor();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "console-timer");
            t.setDaemon(true);
            return t;
        });
        Background background = new FxBackground(executor, timer);
        DialogService dialogs = new FxDialogService();
        theme = new ThemeController(preferences.theme());
        // Read at each copy, so a change in Preferences applies to the next copied secret.
        clipboard = new ClipboardGuard(() -> preferences.clipboardClearAfter());
        SecretWorkflows workflows = new SecretWorkflows(background, clipboard, dialogs, Clock.systemDefaultZone());
        viewModel = new MainWindowViewModel(background, Clock.systemUTC(), new RelativeTime(ZoneId.systemDefault()),
                clipboard.secondsLeftProperty());
        viewModel.useSeenNotifications(seenNotifications(dataDir));
        applyPreferences();

        // Saved connections (keys in the OS keychain); the last one chosen opens, else the local gateway.
        Connections saved = new Connections(new ConnectionProfileStore(dataDir, Clock.systemUTC()),
                new KeychainCredentialStore(), Connections.DEFAULT_TIMEOUT);
        String connectionsProblem = saved.load();
        connections = ConnectionSwitcher.create(stage, viewModel, saved,
                early.localOpener(() -> EmbeddedConnection.open(dataDir)), background, getHostServices());
        ConnectionInfo starting = connections.startingConnection();
        if (starting != null) {
            viewModel.connection().announce(starting);
        }
        ConsoleWindows windows = new ConsoleWindows(background, dialogs, ZoneId.systemDefault(),
                owner -> openPreferences(), Platform::exit)
                .withLeakReports(new LeakReportWorkflow(background, dialogs, workflows, Clock.systemDefaultZone()))
                .withClipboard(clipboard);
        view = new MainWindowView(viewModel, workflows, theme, windows, connections, true);
        rememberSelectedApplication();

        Scene scene = new Scene(view.root());
        stage.setScene(scene);
        stage.setTitle("SecretDesk");
        // Everything fits whole down to this size (MinimumSizeWindowTest); a smaller window would cut the content.
        stage.setMinWidth(MainWindowView.MIN_WIDTH);
        stage.setMinHeight(MainWindowView.MIN_HEIGHT);
        restoreGeometry(preferences.window());
        trackGeometry();

        if (loaded.problem() != null) {
            Log.LOG.warn("Preferences set aside: {}", loaded.problem());
            viewModel.connection().showNotice(new Banner(Banner.Severity.WARNING, "Preferences reset",
                    loaded.problem(), false));
        }
        if (connectionsProblem != null) {
            viewModel.connection().showNotice(new Banner(Banner.Severity.WARNING, "Saved connections reset",
                    connectionsProblem, false));
        }
        followStartup(System.getProperty(EXIT_WHEN_READY, ""));
        // The connection opens now, on background threads, while this thread shows the window: the local gateway
        // has been starting since main (EarlyStart), so its list arrives about when the first frame is drawn.
        connections.start();
        stage.show();
        // Decoding six PNGs took tens of milliseconds on the FX thread before the first frame; the window manager
        // takes the icons as well a moment after the window appears.
        executor.execute(() -> {
            var icons = AppIcons.load();
            Platform.runLater(() -> stage.getIcons().setAll(icons));
        });
        // The details pane (the secrets table and its actions) is built after the first frame.
        Runnable[] afterFirstLayout = new Runnable[1];
        afterFirstLayout[0] = () -> {
            scene.removePostLayoutPulseListener(afterFirstLayout[0]);
            StartupTimeline.mark("window shown");
            Platform.runLater(view::finishBuilding);
        };
        scene.addPostLayoutPulseListener(afterFirstLayout[0]);
        watchRaiseRequests(dataDir);
    }

    private static ExpiryAlerts.SeenIds seenNotifications(Path dataDir) {
        SeenNotificationsStore seen = new SeenNotificationsStore(dataDir);
        return new ExpiryAlerts.SeenIds() {
            @Override
            public Set<String> load() {
                return seen.load();
            }

            @Override
            public void save(Set<String> ids) {
                try {
                    seen.save(ids);
                } catch (IOException e) {
                    Log.LOG.warn("Could not remember the notifications shown: {}", e.toString());
                }
            }
        };
    }

    /**
     * The application selected on a connection is selected again the next time that connection opens (also after
     * a restart); what is remembered is its id, in the preferences.
     */
    private void rememberSelectedApplication() {
        viewModel.applications().selectedProperty().addListener((obs, o, app) -> {
            if (app != null || viewModel.applications().stateProperty().get() == ApplicationsViewModel.ListState.ROWS) {
                preferences = preferences.withSelectedApplication(viewModel.connection().infoProperty().get().name(),
                        app == null ? null : app.id());
            }
        });
        viewModel.connection().infoProperty().addListener((obs, o, info) -> {
            String id = preferences.selectedApplications().get(info.name());
            if (id != null) {
                viewModel.applications().restoreSelection(id);
            }
        });
        String id = preferences.selectedApplications().get(viewModel.connection().infoProperty().get().name());
        if (id != null) {
            viewModel.applications().restoreSelection(id);
        }
    }

    /**
     * Set by installer/build.sh for the run that records the JVM's ahead-of-time cache (the classes a start-up
     * loads), and by start-up measurements: {@code shown} quits after the main window's first frame,
     * {@code populated} once the application list from the gateway has been drawn.
     */
    static final String EXIT_WHEN_READY = "secretdesk.exitWhenReady";

    /** Logs when the first list arrived and when it was drawn (see {@link StartupTimeline}); quits if asked to. */
    private void followStartup(String exitWhen) {
        Scene scene = stage.getScene();
        if ("shown".equals(exitWhen)) {
            // The first pulse after show() lays out and renders the window; quit after it.
            Runnable[] once = new Runnable[1];
            once[0] = () -> {
                scene.removePostLayoutPulseListener(once[0]);
                exitAsAsked("Main window shown");
            };
            scene.addPostLayoutPulseListener(once[0]);
        }
        ChangeListener<ApplicationsViewModel.ListState> loaded = new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends ApplicationsViewModel.ListState> obs,
                                ApplicationsViewModel.ListState old, ApplicationsViewModel.ListState state) {
                if (state == ApplicationsViewModel.ListState.LOADING) {
                    return;
                }
                obs.removeListener(this);
                StartupTimeline.mark("list fetched");
                markWhenAllLoaded();
                Runnable[] drawn = new Runnable[1];
                drawn[0] = () -> {
                    scene.removePostLayoutPulseListener(drawn[0]);
                    StartupTimeline.mark("list drawn");
                    if ("populated".equals(exitWhen)) {
                        exitAsAsked("Main window populated (" + state + ")");
                    }
                };
                scene.addPostLayoutPulseListener(drawn[0]);
                Platform.requestNextPulse();
            }
        };
        viewModel.applications().stateProperty().addListener(loaded);
    }

    /** Logs when the last page of the first load is in the list (the desktop memory benchmark waits for it). */
    private void markWhenAllLoaded() {
        ReadOnlyBooleanProperty loading = viewModel.applications().loadingProperty();
        if (!loading.get()) {
            StartupTimeline.mark("all applications loaded");
            return;
        }
        loading.addListener(new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends Boolean> obs, Boolean was, Boolean now) {
                if (!now) {
                    obs.removeListener(this);
                    StartupTimeline.mark("all applications loaded");
                }
            }
        });
    }

    private void exitAsAsked(String what) {
        Log.LOG.info("{}; exiting as {} asks", what, EXIT_WHEN_READY);
        Platform.runLater(Platform::exit);
    }

    @Override
    public void stop() {
        if (view != null) {
            view.dispose();
        }
        if (viewModel != null) {
            viewModel.disconnect();
        }
        if (clipboard != null) {
            clipboard.clearIfOurs();
        }
        savePreferences();
        if (connections != null) {
            connections.close();
        }
        if (early != null) {
            early.close();
        }
        if (raiseRequests != null) {
            try {
                raiseRequests.close();
            } catch (Exception ignored) {
                // quitting
            }
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        if (lock != null) {
            lock.close();
        }
    }

    /** The stored preferences as far as they can be read without the lock (only to look like the console). */
    private ConsolePreferences preferencesOrDefaults() {
        try {
            return new PreferencesStore(early.dataDir(), Clock.systemUTC()).peek();
        } catch (RuntimeException e) {
            return ConsolePreferences.DEFAULTS;
        }
    }

    /**
     * SIGTERM (a session logging out, a service manager, kill) and SIGINT (Ctrl+C in the terminal that started it)
     * quit as the window's close does: the clipboard is cleared if it holds our secret, preferences are saved, the
     * embedded gateway closes its database. The JVM's own handling ran its exit while the FX thread still drew (and
     * JavaFX's shutdown hook had already stopped its renderer), and left the gateway running to the end.
     */
    private static void quitOnSignal() {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    Log.LOG.info("SIG{} received: quitting", signal.getName());
                    Platform.runLater(Platform::exit);
                });
            } catch (IllegalArgumentException e) {
                Log.LOG.debug("No SIG{} on this system", name); // Windows has no TERM
            }
        }
    }

    /** Puts the stored preferences into effect (the theme is applied by the theme controller). */
    private void applyPreferences() {
        viewModel.setWarningWindow(preferences.warningWindow());
        viewModel.setAutoReconnect(preferences.autoReconnect());
    }

    private void openPreferences() {
        PreferencesViewModel prefsVm = new PreferencesViewModel(preferences, theme.choiceProperty().get());
        new PreferencesDialog(stage, prefsVm, saved -> {
            preferences = saved;
            theme.choiceProperty().set(saved.theme());
            applyPreferences();
            savePreferences();
        }).show();
    }

    private void savePreferences() {
        if (preferencesStore == null || stage == null) {
            return;
        }
        WindowGeometry g = lastNormalGeometry;
        WindowGeometry geometry = new WindowGeometry(g.x(), g.y(), g.width(), g.height(), stage.isMaximized());
        try {
            preferencesStore.save(preferences.withWindow(geometry).withTheme(theme.choiceProperty().get()));
        } catch (IOException e) {
            Log.LOG.warn("Could not save preferences to {}: {}", preferencesStore.file(), e.toString());
        }
    }

    private void restoreGeometry(WindowGeometry g) {
        lastNormalGeometry = g;
        stage.setWidth(g.width());
        stage.setHeight(g.height());
        // Only reuse the position when it is still on a screen (monitors change).
        if (g.hasPosition() && !Screen.getScreensForRectangle(
                new Rectangle2D(g.x(), g.y(), Math.min(g.width(), 100), Math.min(g.height(), 100))).isEmpty()) {
            stage.setX(g.x());
            stage.setY(g.y());
        } else {
            stage.centerOnScreen();
        }
        stage.setMaximized(g.maximized());
    }

    /** Remembers the last un-maximised bounds, so a maximised window restores to a sensible size. */
    private void trackGeometry() {
        Runnable record = () -> {
            if (!stage.isMaximized() && !stage.isIconified()) {
                lastNormalGeometry = new WindowGeometry(stage.getX(), stage.getY(), stage.getWidth(),
                        stage.getHeight(), false);
            }
        };
        stage.xProperty().addListener((o, a, b) -> record.run());
        stage.yProperty().addListener((o, a, b) -> record.run());
        stage.widthProperty().addListener((o, a, b) -> record.run());
        stage.heightProperty().addListener((o, a, b) -> record.run());
    }

    /** A second console asks this one to show itself: out of the task bar, to the front. */
    private void watchRaiseRequests(Path dataDir) {
        try {
            raiseRequests = RaiseRequests.watch(dataDir, () -> Platform.runLater(() -> {
                stage.setIconified(false);
                stage.show();
                stage.toFront();
                stage.requestFocus();
            }));
        } catch (IOException e) {
            Log.LOG.debug("A second console cannot bring this one to the front: {}", e.toString());
        }
    }

    private void showFatal(String header, String message) {
        Log.LOG.error("{}: {}", header, message);
        // The same look as the console (the theme was not set up yet), and its icon.
        Alert alert = FatalAlert.create(header, message, preferencesOrDefaults().theme());
        alert.showAndWait();
        Platform.exit();
    }
}
