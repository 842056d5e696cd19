package org.secretdesk.ui.mainwindow;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.Duration;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.model.Application;
import org.secretdesk.ui.common.FocusRings;
import org.secretdesk.ui.common.ThemeController;
import org.secretdesk.ui.common.Workflows;

/**
 * The main window, put together from its regions — {@link HeaderView}, {@link BannerView}, {@link ApplicationsPane},
 * {@link DetailsPane} with its {@link SecretsTable}, {@link StatusBarView} and {@link NotificationsView} — all bound
 * to one {@link MainWindowViewModel}; what their buttons do is in {@link MainWindowActions}. Here: the layout, the
 * keyboard shortcuts, and the one-second tick.
 */
public final class MainWindowView {

    /**
     * The narrowest and lowest the window can be made: at this size everything fits, nothing is cut
     * (NarrowWindowTest); the header is compact below {@link HeaderView#COMPACT_BELOW} px.
     */
    public static final double MIN_WIDTH = 800;
    public static final double MIN_HEIGHT = 520;

    public static final String STYLESHEET =
            MainWindowView.class.getResource("main-window.css").toExternalForm();

    private final MainWindowViewModel vm;
    private final MainWindowActions actions;
    private final StackPane root = new StackPane();
    private final HeaderView header;
    private final ApplicationsPane applications;
    /** Where the details pane goes (see {@link #finishBuilding}). */
    private final StackPane detailsHolder = new StackPane();
    private final Timeline ticker;

    /** A main window on its own: no other windows, no connection switcher. */
    public MainWindowView(MainWindowViewModel vm, Workflows workflows, ThemeController theme) {
        this(vm, workflows, theme, Windows.NONE, null, false);
    }

    /**
     * @param connections  switching connections and the CA actions, or null (the connection button then only shows
     *                     the details)
     * @param detailsLater true: the details pane (an application's secrets) is built by {@link #finishBuilding}, not
     *                     here. The console's start calls that after the window's first frame: the window then
     *                     appears without first styling and laying out a pane that has nothing to show yet.
     */
    public MainWindowView(MainWindowViewModel vm, Workflows workflows, ThemeController theme, Windows windows,
                          ConnectionActions connections, boolean detailsLater) {
        this.vm = vm;
        this.actions = new MainWindowActions(vm, workflows, windows, this::owner);
        actions.connectionActions().set(connections);
        NotificationsView notifications = new NotificationsView(vm);
        applications = new ApplicationsPane(vm, actions, () -> header().search().clear());
        header = new HeaderView(vm, actions, theme, applications::focus);

        BorderPane frame = new BorderPane();
        frame.getStyleClass().add("main-window");
        frame.setTop(new VBox(header.root(), BannerView.create(vm)));
        SplitPane split = new SplitPane(applications.root(), detailsHolder);
        split.getStyleClass().add("main-split");
        split.setDividerPositions(0.27);
        // At most 27 % but at least room for the list's 240 px; a narrow window gives the rest to the secrets.
        split.widthProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Number> obs, Number o, Number w) {
                if (w.doubleValue() > 0) {
                    split.widthProperty().removeListener(this);
                    split.setDividerPositions(Math.min(0.27, Math.max(250 / w.doubleValue(), 0.2)));
                }
            }
        });
        SplitPane.setResizableWithParent(split.getItems().getFirst(), false);
        frame.setCenter(split);
        frame.setBottom(StatusBarView.create(vm, notifications));
        root.getChildren().setAll(frame, notifications.toastLayer());
        root.getStylesheets().addAll(FocusRings.STYLESHEET, STYLESHEET);
        if (!detailsLater) {
            finishBuilding();
        }
        root.sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                installShortcuts(scene);
            }
        });
        // Relative times and markers move with the clock: the ViewModel says when the visible cells must redraw.
        vm.clock().revisionProperty().addListener((obs, o, n) -> applications.list().refresh());
        ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> vm.clock().tick()));
        ticker.setCycleCount(Animation.INDEFINITE);
        ticker.play();
    }

    public Parent root() {
        return root;
    }

    /** Builds the details pane if the constructor was told to leave it for later; does nothing the second time. */
    public void finishBuilding() {
        if (detailsHolder.getChildren().isEmpty()) {
            detailsHolder.getChildren().add(new DetailsPane(vm, actions).root());
        }
    }

    /** Stops the one-second timer (when the window closes). */
    public void dispose() {
        ticker.stop();
    }

    /** For the benchmark: the list control. */
    public ListView<Application> applicationsList() {
        return applications.list();
    }

    private HeaderView header() {
        return header;
    }

    private Window owner() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    private void installShortcuts(Scene scene) {
        var acc = scene.getAccelerators();
        acc.put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), () -> {
            header.search().requestFocus();
            header.search().selectAll();
        });
        // Ctrl+N where no secret can be made says why (e.g. the application has its 10 of 10 secrets).
        acc.put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN), actions::newSecret);
        acc.put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                actions::newApplication);
        acc.put(new KeyCodeCombination(KeyCode.F5), vm::refresh);
        acc.put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN), vm::refresh);
        acc.put(MainMenu.QUIT, actions::quit);
        acc.put(MainMenu.REPORT_LEAK, () -> actions.unlessMissing(Feature.LEAK_RESPONSE, "Report a leak",
                actions::reportLeak));
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            // Delete in the search field edits text; in the list it deletes the application; else the secret.
            if (e.getCode() == KeyCode.DELETE && !header.search().isFocused() && !applications.list().isFocused()
                    && vm.rules().canDeleteSecret().get() && e.getTarget() != header.search()) {
                actions.deleteSecret();
                e.consume();
            }
        });
    }
}
