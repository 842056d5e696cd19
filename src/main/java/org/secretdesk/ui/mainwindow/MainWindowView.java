package org.secretdesk.ui.mainwindow;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.controls.Popover;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import java.util.function.Function;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.stage.Window;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.model.Application;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.ui.common.ThemeChoice;
import org.secretdesk.ui.common.ThemeController;
import org.secretdesk.ui.common.Workflows;

/**
 * The main window's controls, bound to {@link MainWindowViewModel}: header (connection, search, new application,
 * theme), applications list, the selected application's secrets, the error banner and the status bar. Holds no
 * rules of its own; actions go to the ViewModel or, for dialogs, to {@link Workflows}.
 */
public final class MainWindowView {

    public static final String STYLESHEET =
            MainWindowView.class.getResource("main-window.css").toExternalForm();

    private final MainWindowViewModel vm;
    private final Workflows workflows;
    private final ThemeController theme;
    private final BorderPane root = new BorderPane();
    private final CustomTextField search = new CustomTextField();
    private final ListView<Application> applicationsList = new ListView<>();
    private final TableView<SecretSummary> secretsTable = new TableView<>();
    /** Where the details pane goes (see {@link #finishBuilding}). */
    private final StackPane detailsHolder = new StackPane();
    private final Timeline ticker;
    /** Switching and CA actions; without them the connection button only shows the details. */
    private final javafx.beans.property.ObjectProperty<ConnectionActions> connectionActions =
            new javafx.beans.property.SimpleObjectProperty<>();

    public MainWindowView(MainWindowViewModel vm, Workflows workflows, ThemeController theme) {
        this(vm, workflows, theme, false);
    }

    /**
     * @param detailsLater true: the details pane (an application's secrets) is built by {@link #finishBuilding}, not
     *                     here. The console's start calls that after the window's first frame: the window then
     *                     appears without first styling and laying out a pane that has nothing to show yet.
     */
    public MainWindowView(MainWindowViewModel vm, Workflows workflows, ThemeController theme, boolean detailsLater) {
        this.vm = vm;
        this.workflows = workflows;
        this.theme = theme;
        root.getStyleClass().add("main-window");
        root.getStylesheets().add(STYLESHEET);
        root.setTop(new VBox(header(), banner()));
        if (!detailsLater) {
            finishBuilding();
        }
        SplitPane split = new SplitPane(applicationsPane(), detailsHolder);
        split.getStyleClass().add("main-split");
        split.setDividerPositions(0.27);
        SplitPane.setResizableWithParent(split.getItems().getFirst(), false);
        root.setCenter(split);
        root.setBottom(statusBar());
        root.sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                installShortcuts(scene);
            }
        });
        // Relative times and markers move with the clock: the ViewModel says when the visible cells must redraw.
        vm.timesRevisionProperty().addListener((obs, o, n) -> {
            applicationsList.refresh();
            secretsTable.refresh();
        });
        ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> tick()));
        ticker.setCycleCount(Animation.INDEFINITE);
        ticker.play();
    }

    public Parent root() {
        return root;
    }

    /** Builds the details pane if the constructor was told to leave it for later; does nothing the second time. */
    public void finishBuilding() {
        if (detailsHolder.getChildren().isEmpty()) {
            detailsHolder.getChildren().add(detailsPane());
        }
    }

    public void setConnectionActions(ConnectionActions actions) {
        connectionActions.set(actions);
    }

    /** Stops the one-second timer (when the window closes). */
    public void dispose() {
        ticker.stop();
    }

    private void tick() {
        vm.tick();
    }

    // ---------------------------------------------------------------- header

    private Node header() {
        Label product = new Label("SecretDesk");
        product.getStyleClass().addAll("product-name", Styles.TEXT_BOLD);
        FontIcon productIcon = new FontIcon(Feather.SHIELD);
        productIcon.getStyleClass().add("product-icon");
        product.setGraphic(productIcon);

        Circle dot = statusDot();
        Label connectionName = new Label();
        connectionName.textProperty().bind(Bindings.createStringBinding(
                () -> vm.connectionInfoProperty().get().name(), vm.connectionInfoProperty()));
        FontIcon chevron = new FontIcon(Feather.CHEVRON_DOWN);
        chevron.getStyleClass().add("connection-chevron");
        HBox connectionContent = new HBox(8, dot, connectionName, chevron);
        connectionContent.setAlignment(Pos.CENTER_LEFT);
        Button connection = new Button(null, connectionContent);
        connection.setId("connectionButton");
        connection.getStyleClass().addAll(Styles.FLAT, "connection-button");
        connection.setTooltip(new Tooltip("Switch connection, connection details"));
        connection.setOnAction(e -> showConnectionMenu(connection));

        search.setId("searchField");
        search.setPromptText("Search applications and secrets");
        search.setLeft(new FontIcon(Feather.SEARCH));
        Button clear = new Button(null, new FontIcon(Feather.X));
        clear.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, "clear-search");
        clear.setFocusTraversable(false);
        clear.visibleProperty().bind(search.textProperty().isNotEmpty());
        clear.setOnAction(e -> search.clear());
        search.setRight(clear);
        search.setPrefWidth(380);
        search.setMaxWidth(480);
        search.textProperty().bindBidirectional(vm.searchTextProperty());
        search.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE && !search.getText().isEmpty()) {
                search.clear();
                e.consume();
            } else if (e.getCode() == KeyCode.DOWN) {
                applicationsList.requestFocus();
                if (applicationsList.getSelectionModel().isEmpty() && !applicationsList.getItems().isEmpty()) {
                    applicationsList.getSelectionModel().selectFirst();
                }
                e.consume();
            }
        });
        HBox.setHgrow(search, Priority.ALWAYS);
        Node filter = expiryFilterControls();

        Button newApp = new Button("Application", new FontIcon(Feather.PLUS));
        newApp.setId("newApplicationButton");
        newApp.getStyleClass().add(Styles.ACCENT);
        newApp.disableProperty().bind(vm.canCreateApplication().not());
        newApp.setOnAction(e -> newApplication());
        Node newAppWrap = withReason(newApp, vm.newApplicationBlockedReason(), "New application (Ctrl+Shift+N)",
                "newApplicationReason");

        Button themeButton = new Button();
        themeButton.setId("themeButton");
        themeButton.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        themeButton.graphicProperty().bind(Bindings.createObjectBinding(
                () -> new FontIcon(switch (theme.choiceProperty().get()) {
                    case SYSTEM -> Feather.MONITOR;
                    case LIGHT -> Feather.SUN;
                    case DARK -> Feather.MOON;
                }), theme.choiceProperty()));
        Tooltip themeTip = new Tooltip();
        themeTip.textProperty().bind(Bindings.createStringBinding(() -> switch (theme.choiceProperty().get()) {
            case SYSTEM -> "Theme follows the system — click for light";
            case LIGHT -> "Light theme — click for dark";
            case DARK -> "Dark theme — click to follow the system";
        }, theme.choiceProperty()));
        themeButton.setTooltip(themeTip);
        themeButton.setOnAction(e -> theme.choiceProperty().set(theme.choiceProperty().get().next()));

        MenuButton menu = new MenuButton(null, new FontIcon(Feather.MENU));
        menu.setId("mainMenu");
        menu.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Tweaks.NO_ARROW);
        MenuItem refresh = new MenuItem("Refresh", new FontIcon(Feather.REFRESH_CW));
        refresh.setAccelerator(new KeyCodeCombination(KeyCode.F5));
        refresh.setOnAction(e -> vm.refresh());
        MenuItem light = new MenuItem("Light theme");
        light.setOnAction(e -> theme.choiceProperty().set(ThemeChoice.LIGHT));
        MenuItem dark = new MenuItem("Dark theme");
        dark.setOnAction(e -> theme.choiceProperty().set(ThemeChoice.DARK));
        MenuItem system = new MenuItem("Follow the system theme");
        system.setOnAction(e -> theme.choiceProperty().set(ThemeChoice.SYSTEM));
        MenuItem details = new MenuItem("Connection details…", new FontIcon(Feather.INFO));
        details.setOnAction(e -> showConnectionDetails(connection));
        MenuItem secretPolicy = new MenuItem("Secret policy…", new FontIcon(Feather.CLOCK));
        secretPolicy.setId("secretPolicyMenu");
        explainWhenMissing(secretPolicy, "Secret policy…", Feature.DOMAIN_POLICY, this::openSecretPolicy);
        MenuItem audit = new MenuItem("Audit log…", new FontIcon(Feather.LIST));
        audit.setId("auditLogMenu");
        explainWhenMissing(audit, "Audit log…", Feature.AUDIT, this::openAuditLog);
        MenuItem prefs = new MenuItem("Preferences…", new FontIcon(Feather.SETTINGS));
        prefs.setId("preferencesMenu");
        prefs.setOnAction(e -> openPreferences.run());
        MenuItem exportCa = new MenuItem("Export CA certificate…", new FontIcon(Feather.DOWNLOAD));
        exportCa.setId("exportCaMenuItem");
        exportCa.visibleProperty().bind(connectionActions.isNotNull());
        exportCa.setOnAction(e -> connectionActions.get().exportCa(root.getScene().getWindow()));
        exportCa.textProperty().bind(Bindings.createStringBinding(() -> vm.explainMissing(Feature.CA_EXPORT) == null
                ? "Export CA certificate…" : "Export CA certificate… (from an address or file)", vm.capabilitiesProperty()));
        MenuItem rotateCa = new MenuItem("Rotate CA…", new FontIcon(Feather.REFRESH_CCW));
        rotateCa.setId("rotateCaMenuItem");
        rotateCa.visibleProperty().bind(connectionActions.isNotNull());
        explainWhenMissing(rotateCa, "Rotate CA…", Feature.CA_ROTATION,
                () -> connectionActions.get().rotateCa(root.getScene().getWindow()));
        menu.getItems().addAll(refresh, new SeparatorMenuItem(), secretPolicy, audit, prefs,
                new SeparatorMenuItem(), light, dark, system, new SeparatorMenuItem(), details, exportCa, rotateCa);

        HBox header = new HBox(12, product, connection, new Spacer(8), search, filter, new Spacer(), newAppWrap,
                themeButton, menu);
        header.getStyleClass().add("header");
        header.setAlignment(Pos.CENTER_LEFT);
        return header;
    }

    /** "All secrets ▾ [30] days": the expiry filter next to the search. */
    private Node expiryFilterControls() {
        javafx.scene.control.ComboBox<ExpiryFilter.Kind> kind = new javafx.scene.control.ComboBox<>();
        kind.setId("expiryFilterKind");
        kind.getItems().setAll(ExpiryFilter.Kind.values());
        kind.setValue(ExpiryFilter.Kind.ALL);
        kind.setTooltip(new Tooltip("Show only secrets by expiry or use"));
        javafx.scene.control.TextField days = new javafx.scene.control.TextField("30");
        days.setId("expiryFilterDays");
        days.setPrefColumnCount(3);
        Label unit = new Label("days");
        HBox daysBox = new HBox(6, days, unit);
        daysBox.setAlignment(Pos.CENTER_LEFT);
        daysBox.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> kind.getValue() != null && kind.getValue().needsDays(), kind.valueProperty()));
        daysBox.managedProperty().bind(daysBox.visibleProperty());
        Runnable apply = () -> {
            int n;
            try {
                n = Integer.parseInt(days.getText().strip());
            } catch (NumberFormatException e) {
                n = -1;
            }
            boolean bad = kind.getValue().needsDays() && (n < 1 || n > 3650);
            days.pseudoClassStateChanged(Styles.STATE_DANGER, bad);
            if (!bad) {
                vm.expiryFilterProperty().set(new ExpiryFilter(kind.getValue(), Math.max(n, 0)));
            }
        };
        kind.valueProperty().addListener((obs, o, n) -> apply.run());
        days.textProperty().addListener((obs, o, n) -> apply.run());
        HBox box = new HBox(6, kind, daysBox);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    private Circle statusDot() {
        Circle dot = new Circle(5);
        dot.getStyleClass().add("status-dot");
        Runnable update = () -> {
            dot.getStyleClass().removeAll("connected", "connecting", "offline");
            dot.getStyleClass().add(switch (vm.connectionStateProperty().get()) {
                case CONNECTED -> "connected";
                case CONNECTING, RECONNECTING -> "connecting";
                case OFFLINE -> "offline";
            });
        };
        vm.connectionStateProperty().addListener((obs, o, n) -> update.run());
        update.run();
        return dot;
    }

    /** The switcher's entries plus "Connection details…"; just the details when there is no switcher. */
    private void showConnectionMenu(Node anchor) {
        ConnectionActions actions = connectionActions.get();
        if (actions == null) {
            showConnectionDetails(anchor);
            return;
        }
        ContextMenu menu = new ContextMenu();
        menu.setId("connectionMenu");
        menu.getItems().setAll(actions.switcherItems(root.getScene().getWindow()));
        MenuItem details = new MenuItem("Connection details…", new FontIcon(Feather.INFO));
        details.setOnAction(e -> showConnectionDetails(anchor));
        menu.getItems().addAll(new SeparatorMenuItem(), details);
        menu.show(anchor, javafx.geometry.Side.BOTTOM, 0, 0);
    }

    private void showConnectionDetails(Node anchor) {
        ConnectionInfo info = vm.connectionInfoProperty().get();
        GridPane grid = new GridPane(12, 8);
        grid.setId("connectionDetails");
        int row = 0;
        row = detailRow(grid, row, "Connection", info.name());
        row = detailRow(grid, row, "Gateway", info.kind());
        row = detailRow(grid, row, "Address", info.url());
        row = detailRow(grid, row, "Status", vm.connectionStateProperty().get().label());
        row = detailRow(grid, row, "Credentials", info.adminKeyStorage());
        if (info.caFingerprint() != null) {
            detailRow(grid, row, "CA SHA-256", info.caFingerprint());
        }
        Label title = new Label("Connection details");
        title.getStyleClass().add(Styles.TITLE_4);
        VBox content = new VBox(12, title, grid);
        java.util.List<String> limitations = vm.limitations();
        if (!limitations.isEmpty()) {
            Label heading = new Label("What this gateway cannot do");
            heading.getStyleClass().add(Styles.TEXT_BOLD);
            VBox lines = new VBox(4);
            lines.setId("connectionLimitations");
            for (String line : limitations) {
                Label l = new Label("• " + line);
                l.setWrapText(true);
                l.setMaxWidth(480);
                l.getStyleClass().add(Styles.TEXT_SMALL);
                lines.getChildren().add(l);
            }
            content.getChildren().addAll(heading, lines);
        }
        content.setPadding(new Insets(12));
        content.setMaxWidth(520);
        Popover popover = new Popover(content);
        ConnectionActions actions = connectionActions.get();
        if (actions != null) {
            Button exportCa = new Button("Export CA certificate…");
            exportCa.setOnAction(e -> {
                popover.hide();
                actions.exportCa(root.getScene().getWindow());
            });
            Button rotateCa = new Button("Rotate CA…");
            rotateCa.setOnAction(e -> {
                popover.hide();
                actions.rotateCa(root.getScene().getWindow());
            });
            content.getChildren().add(new HBox(8, exportCa, rotateCa));
        }
        popover.setArrowLocation(Popover.ArrowLocation.TOP_LEFT);
        popover.setDetachable(false);
        popover.show(anchor);
    }

    private static int detailRow(GridPane grid, int row, String label, String value) {
        Label l = new Label(label);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        Label v = new Label(value == null || value.isBlank() ? "—" : value);
        v.setWrapText(true);
        v.setMaxWidth(400);
        grid.addRow(row, l, v);
        return row + 1;
    }

    // ---------------------------------------------------------------- banner

    private Node banner() {
        FontIcon icon = new FontIcon();
        Label title = new Label();
        title.getStyleClass().addAll(Styles.TEXT_BOLD, "banner-title");
        Label message = new Label();
        message.setWrapText(true);
        message.getStyleClass().add("banner-message");
        VBox text = new VBox(2, title, message);
        HBox.setHgrow(text, Priority.ALWAYS);
        Button retry = new Button("Retry", new FontIcon(Feather.REFRESH_CW));
        retry.setId("bannerRetry");
        retry.setOnAction(e -> vm.retry());
        Button close = new Button(null, new FontIcon(Feather.X));
        close.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        close.setTooltip(new Tooltip("Dismiss"));
        close.setOnAction(e -> vm.dismissBanner());
        HBox box = new HBox(12, icon, text, retry, close);
        box.setId("banner");
        box.getStyleClass().add("banner");
        box.setAlignment(Pos.CENTER_LEFT);
        Runnable update = () -> {
            Banner b = vm.bannerProperty().get();
            box.setVisible(b != null);
            box.setManaged(b != null);
            if (b == null) {
                return;
            }
            title.setText(b.title());
            message.setText(b.message());
            retry.setVisible(b.retry());
            retry.setManaged(b.retry());
            box.getStyleClass().removeAll("banner-info", "banner-warning", "banner-danger");
            box.getStyleClass().add("banner-" + b.severity().name().toLowerCase(java.util.Locale.ROOT));
            icon.setIconCode(switch (b.severity()) {
                case INFO -> Feather.INFO;
                case WARNING -> Feather.ALERT_TRIANGLE;
                case DANGER -> Feather.ALERT_OCTAGON;
            });
        };
        vm.bannerProperty().addListener((obs, o, n) -> update.run());
        update.run();
        return box;
    }

    // ---------------------------------------------------------------- applications

    private Node applicationsPane() {
        Label title = new Label();
        title.setId("applicationsTitle");
        title.getStyleClass().addAll("pane-title");
        title.textProperty().bind(vm.applicationsTitle());
        HBox titleRow = new HBox(title);
        titleRow.getStyleClass().add("pane-title-row");

        applicationsList.setId("applicationsList");
        applicationsList.getStyleClass().addAll("applications-list", Tweaks.EDGE_TO_EDGE);
        applicationsList.setItems(vm.visibleApplications());
        applicationsList.setCellFactory(lv -> new ApplicationCell(vm));
        // A fixed row height lets the virtual flow skip measuring rows: smooth with 10,000 items.
        applicationsList.setFixedCellSize(54);
        applicationsList.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);
        applicationsList.getSelectionModel().selectedItemProperty().addListener((obs, o, app) -> vm.select(app));
        vm.selectedApplicationProperty().addListener((obs, o, app) -> syncListSelection(app));
        // A filtered or reloaded list can move or drop the control's selection; the ViewModel's selection rules.
        vm.visibleApplications().addListener((javafx.collections.ListChangeListener<Application>) c ->
                javafx.application.Platform.runLater(() -> syncListSelection(vm.selectedApplicationProperty().get())));
        applicationsList.setPlaceholder(applicationsPlaceholder());
        applicationsList.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE && vm.canDeleteApplication().get()) {
                deleteApplication();
                e.consume();
            }
        });

        MenuItem newSecret = new MenuItem("New secret…", new FontIcon(Feather.PLUS));
        newSecret.disableProperty().bind(vm.canNewSecret().not());
        newSecret.setOnAction(e -> newSecret());
        MenuItem copyClientId = new MenuItem("Copy client ID", new FontIcon(Feather.COPY));
        copyClientId.disableProperty().bind(vm.selectedApplicationProperty().isNull());
        copyClientId.setOnAction(e -> copyText(vm.selectedApplicationProperty().get().clientId()));
        MenuItem deleteApp = new MenuItem("Delete application…", new FontIcon(Feather.TRASH_2));
        deleteApp.disableProperty().bind(vm.canDeleteApplication().not());
        deleteApp.setOnAction(e -> deleteApplication());
        applicationsList.setContextMenu(new ContextMenu(newSecret, copyClientId, new SeparatorMenuItem(), deleteApp));

        VBox pane = new VBox(titleRow, applicationsList);
        VBox.setVgrow(applicationsList, Priority.ALWAYS);
        pane.getStyleClass().add("applications-pane");
        pane.setMinWidth(240);
        return pane;
    }

    private void syncListSelection(Application app) {
        Application shown = applicationsList.getSelectionModel().getSelectedItem();
        if (app == null) {
            if (shown != null) {
                applicationsList.getSelectionModel().clearSelection();
            }
        } else if (shown != app) {
            applicationsList.getSelectionModel().select(app);
            int i = applicationsList.getSelectionModel().getSelectedIndex();
            if (i >= 0) {
                applicationsList.scrollTo(Math.max(0, i - 3));
            }
        }
    }

    private Node applicationsPlaceholder() {
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(28, 28);
        Label loading = new Label("Loading applications…", progress);
        loading.setContentDisplay(javafx.scene.control.ContentDisplay.TOP);
        loading.getStyleClass().add(Styles.TEXT_MUTED);

        Label none = new Label("No applications yet — create the first one");
        none.setWrapText(true);
        none.getStyleClass().add("empty-title");
        Button create = new Button("New application", new FontIcon(Feather.PLUS));
        create.getStyleClass().add(Styles.ACCENT);
        create.disableProperty().bind(vm.canCreateApplication().not());
        create.setOnAction(e -> newApplication());
        VBox empty = new VBox(12, emptyIcon(Feather.BOX), none, create);
        empty.setAlignment(Pos.CENTER);

        Label noMatches = new Label();
        noMatches.setWrapText(true);
        noMatches.getStyleClass().add("empty-title");
        noMatches.textProperty().bind(Bindings.createStringBinding(vm::noMatchesText, vm.searchTextProperty()));
        Button clear = new Button("Clear search");
        clear.setOnAction(e -> search.clear());
        VBox matches = new VBox(12, emptyIcon(Feather.SEARCH), noMatches, clear);
        matches.setAlignment(Pos.CENTER);

        Label unavailable = new Label("Applications could not be loaded");
        unavailable.setWrapText(true);
        unavailable.getStyleClass().add("empty-title");
        Label unavailableHint = new Label("The banner above says why.");
        unavailableHint.setWrapText(true);
        unavailableHint.getStyleClass().add(Styles.TEXT_MUTED);
        Button retry = new Button("Retry", new FontIcon(Feather.REFRESH_CW));
        retry.setId("applicationsRetry");
        retry.setOnAction(e -> vm.retry());
        VBox failed = new VBox(12, emptyIcon(Feather.CLOUD_OFF), unavailable, unavailableHint, retry);
        failed.setId("applicationsUnavailable");
        failed.setAlignment(Pos.CENTER);

        return stateSwitch(vm.applicationsStateProperty(), state -> switch (state) {
            case LOADING -> loading;
            case EMPTY -> empty;
            case UNAVAILABLE -> failed;
            case NO_MATCHES -> matches;
            case ROWS -> null;
        }, "applicationsPlaceholder");
    }

    private static Node emptyIcon(Feather icon) {
        FontIcon i = new FontIcon(icon);
        i.getStyleClass().add("empty-icon");
        return i;
    }

    private static <S> Node stateSwitch(javafx.beans.value.ObservableValue<S> state, Function<S, Node> nodeFor,
                                        String id) {
        StackPane pane = new StackPane();
        pane.setId(id);
        pane.getStyleClass().add("empty-state");
        pane.setPadding(new Insets(24));
        Runnable update = () -> {
            Node n = nodeFor.apply(state.getValue());
            pane.getChildren().setAll(n == null ? java.util.List.of() : java.util.List.of(n));
        };
        state.addListener((obs, o, n) -> update.run());
        update.run();
        return pane;
    }

    // ---------------------------------------------------------------- details

    private Node detailsPane() {
        Label name = new Label();
        name.setId("applicationName");
        name.getStyleClass().addAll(Styles.TITLE_3, "application-title");
        Label description = new Label();
        description.getStyleClass().add(Styles.TEXT_MUTED);
        description.setWrapText(true);

        Label clientIdLabel = new Label("client_id");
        clientIdLabel.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        Label clientId = new Label();
        clientId.setId("clientId");
        clientId.getStyleClass().addAll("monospace", "client-id");
        Button copyClientId = new Button(null, new FontIcon(Feather.COPY));
        copyClientId.setId("copyClientIdButton");
        copyClientId.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        copyClientId.setTooltip(new Tooltip("Copy client ID"));
        copyClientId.setOnAction(e -> copyText(clientId.getText()));
        HBox clientBox = new HBox(6, clientIdLabel, clientId, copyClientId);
        clientBox.setAlignment(Pos.CENTER_RIGHT);

        Button deleteApp = new Button(null, new FontIcon(Feather.TRASH_2));
        deleteApp.setId("deleteApplicationButton");
        deleteApp.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.DANGER);
        deleteApp.disableProperty().bind(vm.canDeleteApplication().not());
        deleteApp.setOnAction(e -> deleteApplication());
        Node deleteAppWrap = withReason(deleteApp, vm.deleteApplicationBlockedReason(), "Delete application…",
                "deleteApplicationReason");

        HBox titleRow = new HBox(12, name, new Spacer(), clientBox, deleteAppWrap);
        titleRow.setAlignment(Pos.CENTER_LEFT);

        Label roles = new Label();
        roles.setId("applicationRoles");
        roles.setGraphic(new FontIcon(Feather.USERS));
        Label policy = new Label();
        policy.setId("applicationPolicy");
        policy.setGraphic(new FontIcon(Feather.CLOCK));
        policy.textProperty().bind(vm.expiryPolicyText());
        Button editPolicy = new Button("Edit");
        editPolicy.setId("editApplicationPolicy");
        editPolicy.getStyleClass().addAll(Styles.FLAT, Styles.SMALL, "edit-policy");
        editPolicy.disableProperty().bind(Bindings.createBooleanBinding(() -> !vm.canEditApplicationPolicy(),
                vm.selectedApplicationProperty(), vm.capabilitiesProperty(), vm.connectionStateProperty()));
        editPolicy.setOnAction(e -> openApplicationPolicy());
        Node editPolicyWrap = withReason(editPolicy, vm.applicationPolicyBlockedReason(),
                "Change this application's expiry policy", "applicationPolicyReason");
        HBox policyBox = new HBox(4, policy, editPolicyWrap);
        policyBox.setAlignment(Pos.CENTER_LEFT);
        HBox meta = new HBox(24, roles, policyBox);
        meta.getStyleClass().add("application-meta");
        meta.setAlignment(Pos.CENTER_LEFT);

        vm.selectedApplicationProperty().addListener((obs, o, app) -> {
            if (app != null) {
                name.setText(app.name());
                description.setText(app.description());
                description.setManaged(!app.description().isBlank());
                description.setVisible(!app.description().isBlank());
                clientId.setText(app.clientId());
                roles.setText(app.roles().isEmpty() ? "Roles: none" : "Roles: " + String.join(", ", app.roles()));
            }
        });

        VBox appHeader = new VBox(6, titleRow, description, meta);
        appHeader.getStyleClass().add("application-header");

        buildSecretsTable();

        Button newSecret = new Button("New secret", new FontIcon(Feather.PLUS));
        newSecret.setId("newSecretButton");
        newSecret.getStyleClass().add(Styles.ACCENT);
        newSecret.disableProperty().bind(vm.canNewSecret().not());
        newSecret.setOnAction(e -> newSecret());
        Tooltip newSecretTip = new Tooltip();
        newSecretTip.textProperty().bind(Bindings.createStringBinding(() -> {
            String reason = vm.newSecretBlockedReason().get();
            return reason == null ? "New secret (Ctrl+N)" : reason;
        }, vm.newSecretBlockedReason()));
        // A disabled button shows no tooltip: put it on a wrapper so the reason stays readable.
        StackPane newSecretWrap = new StackPane(newSecret);
        Tooltip.install(newSecretWrap, newSecretTip);

        Button renew = new Button("Renew", new FontIcon(Feather.REFRESH_CW));
        renew.setId("renewButton");
        renew.textProperty().bind(vm.renewLabel());
        renew.disableProperty().bind(vm.canRenew().not());
        renew.setOnAction(e -> renewSecret());
        Node renewWrap = withReason(renew, vm.renewBlockedReason(), "Issue a new value for the selected secret",
                "renewReason");
        Button delete = new Button("Delete", new FontIcon(Feather.TRASH_2));
        delete.setId("deleteButton");
        delete.getStyleClass().add(Styles.DANGER);
        delete.disableProperty().bind(vm.canDeleteSecret().not());
        delete.setOnAction(e -> deleteSecret());
        Node deleteWrap = withReason(delete, vm.deleteBlockedReason(), "Delete the selected secret", "deleteReason");
        // A gateway with one current plus one rotated secret (Keycloak) invalidates the rotated one instead.
        deleteWrap.visibleProperty().bind(vm.rotatedSecretModel().not());
        deleteWrap.managedProperty().bind(deleteWrap.visibleProperty());
        Button invalidate = new Button("Invalidate rotated secret", new FontIcon(Feather.SLASH));
        invalidate.setId("invalidateRotatedButton");
        invalidate.getStyleClass().add(Styles.DANGER);
        invalidate.disableProperty().bind(vm.canInvalidateRotated().not());
        invalidate.setOnAction(e -> invalidateRotated());
        Node invalidateWrap = withReason(invalidate, vm.invalidateRotatedReason(),
                "The previous secret stops working at once", "invalidateRotatedReason");
        invalidateWrap.visibleProperty().bind(vm.rotatedSecretModel());
        invalidateWrap.managedProperty().bind(invalidateWrap.visibleProperty());
        Label count = new Label();
        count.setId("secretCount");
        count.getStyleClass().add(Styles.TEXT_MUTED);
        count.textProperty().bind(vm.secretCountText());
        HBox actions = new HBox(8, newSecretWrap, renewWrap, deleteWrap, invalidateWrap, new Spacer(), count);
        actions.setAlignment(Pos.CENTER_LEFT);
        actions.getStyleClass().add("secret-actions");

        VBox details = new VBox(14, appHeader, secretsTable, actions);
        VBox.setVgrow(secretsTable, Priority.ALWAYS);
        details.getStyleClass().add("details-pane");

        Label pick = new Label("Select an application to see its secrets");
        pick.getStyleClass().add("empty-title");
        VBox nothing = new VBox(12, emptyIcon(Feather.KEY), pick);
        nothing.setAlignment(Pos.CENTER);
        nothing.getStyleClass().add("empty-state");

        StackPane stack = new StackPane(nothing, details);
        details.visibleProperty().bind(vm.selectedApplicationProperty().isNotNull());
        nothing.visibleProperty().bind(vm.selectedApplicationProperty().isNull()
                .and(Bindings.size(vm.visibleApplications()).greaterThan(0)));
        return stack;
    }

    private void buildSecretsTable() {
        secretsTable.setId("secretsTable");
        secretsTable.getStyleClass().addAll("secrets-table", Styles.STRIPED);
        // Sorted by the clicked column; the ViewModel's list stays the filtered one.
        javafx.collections.transformation.SortedList<SecretSummary> sorted =
                new javafx.collections.transformation.SortedList<>(vm.visibleSecrets());
        sorted.comparatorProperty().bind(secretsTable.comparatorProperty());
        secretsTable.setItems(sorted);
        secretsTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        secretsTable.setFixedCellSize(40);

        TableColumn<SecretSummary, String> description = textColumn("Description",
                SecretSummary::description, SecretSummary::description, 190);
        description.setMinWidth(120);
        TableColumn<SecretSummary, String> secret = textColumn("Secret", vm::redactedText, null, 200);
        secret.setMinWidth(190);
        secret.setId("secretColumn");
        TableColumn<SecretSummary, String> created = textColumn("Created", vm::createdText,
                s -> vm.exactTime(s.createdAt()), 90);
        TableColumn<SecretSummary, SecretSummary> expires = markerColumn();
        TableColumn<SecretSummary, String> lastUsed = textColumn("Last used", vm::lastUsedText,
                s -> s.lastUsedAt() == null ? "Never used" : vm.exactTime(s.lastUsedAt()), 110);
        lastUsed.visibleProperty().bind(vm.showsLastUsed());
        TableColumn<SecretSummary, SecretSummary> status = statusColumn();
        secretsTable.getColumns().setAll(java.util.List.of(description, secret, created, expires, lastUsed, status));

        secretsTable.getSelectionModel().selectedItemProperty().addListener((obs, o, s) -> vm.selectSecret(s));
        vm.visibleSecrets().addListener((javafx.collections.ListChangeListener<SecretSummary>) c ->
                javafx.application.Platform.runLater(() -> {
                    SecretSummary s = vm.selectedSecretProperty().get();
                    if (secretsTable.getSelectionModel().getSelectedItem() != s) {
                        if (s == null) {
                            secretsTable.getSelectionModel().clearSelection();
                        } else {
                            secretsTable.getSelectionModel().select(s);
                        }
                    }
                }));
        vm.selectedSecretProperty().addListener((obs, o, s) -> {
            if (secretsTable.getSelectionModel().getSelectedItem() != s) {
                if (s == null) {
                    secretsTable.getSelectionModel().clearSelection();
                } else {
                    secretsTable.getSelectionModel().select(s);
                }
            }
        });
        secretsTable.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE && vm.canDeleteSecret().get()) {
                deleteSecret();
                e.consume();
            }
        });
        secretsTable.setRowFactory(t -> {
            TableRow<SecretSummary> row = new TableRow<>();
            row.contextMenuProperty().bind(Bindings.when(row.emptyProperty()).then((ContextMenu) null)
                    .otherwise(secretMenu()));
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    copyText(row.getItem().id());
                }
            });
            return row;
        });

        Label noSecrets = new Label("No secrets — create one");
        noSecrets.getStyleClass().add("empty-title");
        Button create = new Button("New secret", new FontIcon(Feather.PLUS));
        create.getStyleClass().add(Styles.ACCENT);
        create.disableProperty().bind(vm.canNewSecret().not());
        create.setOnAction(e -> newSecret());
        VBox none = new VBox(12, noSecrets, create);
        none.setAlignment(Pos.CENTER);
        Label noMatches = new Label();
        noMatches.getStyleClass().add("empty-title");
        noMatches.textProperty().bind(Bindings.createStringBinding(vm::noMatchesText, vm.searchTextProperty()));
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(24, 24);
        secretsTable.setPlaceholder(stateSwitch(vm.secretsStateProperty(), state -> switch (state) {
            case LOADING -> progress;
            case EMPTY -> none;
            case NO_MATCHES -> noMatches;
            case ROWS, UNAVAILABLE -> null;
        }, "secretsPlaceholder"));
    }

    private ContextMenu secretMenu() {
        MenuItem renew = new MenuItem("Renew…", new FontIcon(Feather.REFRESH_CW));
        renew.textProperty().bind(vm.renewLabel().concat("…"));
        renew.disableProperty().bind(vm.canRenew().not());
        renew.setOnAction(e -> renewSecret());
        MenuItem delete = new MenuItem("Delete…", new FontIcon(Feather.TRASH_2));
        delete.setAccelerator(new KeyCodeCombination(KeyCode.DELETE));
        delete.disableProperty().bind(vm.canDeleteSecret().not());
        delete.setOnAction(e -> deleteSecret());
        MenuItem copyId = new MenuItem("Copy secret ID", new FontIcon(Feather.COPY));
        copyId.disableProperty().bind(vm.canCopySecretId().not());
        copyId.setOnAction(e -> copyText(vm.selectedSecretProperty().get().id()));
        return new ContextMenu(renew, delete, new SeparatorMenuItem(), copyId);
    }

    private TableColumn<SecretSummary, String> textColumn(String title, Function<SecretSummary, String> text,
                                                           Function<SecretSummary, String> tooltip, double width) {
        TableColumn<SecretSummary, String> col = new TableColumn<>(title);
        col.setPrefWidth(width);
        col.setCellValueFactory(cd -> new javafx.beans.property.ReadOnlyStringWrapper(text.apply(cd.getValue())));
        col.setCellFactory(c -> new TableCell<>() {
            private final Tooltip tip = new Tooltip();

            {
                if ("Secret".equals(title)) {
                    getStyleClass().add("monospace");
                }
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                SecretSummary s = empty || getTableRow() == null ? null : getTableRow().getItem();
                if (tooltip != null && s != null) {
                    tip.setText(tooltip.apply(s));
                    setTooltip(tip);
                } else {
                    setTooltip(null);
                }
            }
        });
        return col;
    }

    /** By expiry instant, soonest first; "never" after every date. */
    static final java.util.Comparator<SecretSummary> EXPIRES_ORDER = java.util.Comparator.comparing(
            SecretSummary::expiresAt, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()));

    private TableColumn<SecretSummary, SecretSummary> markerColumn() {
        TableColumn<SecretSummary, SecretSummary> col = new TableColumn<>("Expires");
        col.setId("expiresColumn");
        col.setPrefWidth(150);
        col.setComparator(EXPIRES_ORDER);
        col.setCellValueFactory(cd -> new javafx.beans.property.ReadOnlyObjectWrapper<>(cd.getValue()));
        col.setCellFactory(c -> new TableCell<>() {
            private final Tooltip tip = new Tooltip();
            private final FontIcon icon = new FontIcon();

            @Override
            protected void updateItem(SecretSummary s, boolean empty) {
                super.updateItem(s, empty);
                getStyleClass().removeAll("expiry-warning", "expiry-danger");
                if (empty || s == null) {
                    setText(null);
                    setGraphic(null);
                    setTooltip(null);
                    return;
                }
                setText(vm.expiresText(s));
                Marker m = vm.markerFor(s);
                if (m == Marker.EXPIRED) {
                    // The status chip already says "Expired"; colour is enough here.
                    getStyleClass().add("expiry-danger");
                    setGraphic(null);
                } else if (m == Marker.EXPIRING) {
                    getStyleClass().add("expiry-warning");
                    icon.setIconCode(Feather.ALERT_TRIANGLE);
                    setGraphic(icon);
                } else {
                    setGraphic(null);
                }
                setContentDisplay(javafx.scene.control.ContentDisplay.RIGHT);
                if (s.expiresAt() != null) {
                    tip.setText(vm.exactTime(s.expiresAt()));
                    setTooltip(tip);
                } else {
                    setTooltip(null);
                }
            }
        });
        return col;
    }

    private TableColumn<SecretSummary, SecretSummary> statusColumn() {
        TableColumn<SecretSummary, SecretSummary> col = new TableColumn<>("Status");
        col.setPrefWidth(110);
        col.setComparator(java.util.Comparator.comparing(vm::statusChipText));
        col.setCellValueFactory(cd -> new javafx.beans.property.ReadOnlyObjectWrapper<>(cd.getValue()));
        col.setCellFactory(c -> new TableCell<>() {
            private final Label chip = new Label();

            {
                chip.getStyleClass().add("chip");
            }

            @Override
            protected void updateItem(SecretSummary s, boolean empty) {
                super.updateItem(s, empty);
                setText(null);
                if (empty || s == null) {
                    setGraphic(null);
                    return;
                }
                chip.setText(vm.statusChipText(s));
                chip.getStyleClass().removeAll("chip-active", "chip-expired");
                chip.getStyleClass().add(vm.markerFor(s) == Marker.EXPIRED ? "chip-expired" : "chip-active");
                setGraphic(chip);
            }
        });
        return col;
    }

    // ---------------------------------------------------------------- status bar

    private Node statusBar() {
        Circle dot = statusDot();
        Label status = new Label();
        status.setId("statusText");
        status.textProperty().bind(vm.statusText());
        status.setGraphic(dot);

        Label clipboard = new Label();
        clipboard.setId("clipboardText");
        clipboard.setGraphic(new FontIcon(Feather.CLIPBOARD));
        clipboard.textProperty().bind(vm.clipboardText());
        clipboard.visibleProperty().bind(vm.clipboardSecondsLeftProperty().greaterThan(0));
        clipboard.managedProperty().bind(clipboard.visibleProperty());
        clipboard.getStyleClass().add("clipboard-countdown");

        Button bell = new Button(null, new FontIcon(Feather.BELL));
        bell.setId("notificationsButton");
        bell.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        bell.textProperty().bind(Bindings.createStringBinding(() -> vm.notificationCountProperty().get() > 0
                ? Integer.toString(vm.notificationCountProperty().get()) : "", vm.notificationCountProperty()));
        bell.setTooltip(new Tooltip("Expiry notifications"));
        // Shown once there is anything to list; the count is the unread ones.
        bell.visibleProperty().bind(Bindings.isNotEmpty(vm.alerts().all())
                .or(vm.notificationCountProperty().greaterThan(0)));
        bell.managedProperty().bind(bell.visibleProperty());
        bell.setOnAction(e -> showNotificationList(bell));
        vm.alerts().popupProperty().addListener((obs, o, popup) -> {
            if (popup != null) {
                showPopup(popup);
            }
        });

        // Without live events (every backend but SecretDesk) the operator refreshes: say so and offer it here.
        Button refresh = new Button("Refresh", new FontIcon(Feather.REFRESH_CW));
        refresh.setId("statusRefreshButton");
        refresh.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        refresh.setOnAction(e -> vm.refresh());
        Tooltip refreshTip = new Tooltip();
        refreshTip.textProperty().bind(Bindings.createStringBinding(() -> {
            String why = vm.explainMissing(Feature.LIVE_EVENTS);
            return (why == null ? "" : why + " ") + "(F5)";
        }, vm.capabilitiesProperty()));
        refresh.setTooltip(refreshTip);
        refresh.visibleProperty().bind(vm.liveUpdates().not());
        refresh.managedProperty().bind(refresh.visibleProperty());

        HBox bar = new HBox(16, status, refresh, new Spacer(), clipboard, bell);
        bar.getStyleClass().add("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private ContextMenu notificationMenu;

    private void showNotificationList(Node anchor) {
        if (notificationMenu != null) {
            notificationMenu.hide();
        }
        ContextMenu menu = new ContextMenu();
        menu.setId("notificationList");
        for (org.secretdesk.model.Notification n : vm.alerts().all()) {
            boolean expired = n.type() == org.secretdesk.model.Notification.NotificationType.SECRET_EXPIRED;
            FontIcon icon = new FontIcon(expired ? Feather.X_CIRCLE : Feather.ALERT_TRIANGLE);
            icon.getStyleClass().add(expired ? "marker-expired" : "marker-expiring");
            Label text = new Label(ExpiryAlerts.describe(n));
            Label when = new Label(n.expiresAt() == null ? "" : (expired ? "expired " : "expires ")
                    + vm.relative(n.expiresAt()));
            when.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            VBox box = new VBox(2, text, when);
            HBox entry = new HBox(8, icon, box);
            entry.getStyleClass().add("notification-entry");
            javafx.scene.control.CustomMenuItem item = new javafx.scene.control.CustomMenuItem(entry, true);
            item.getStyleClass().add("notification-item");
            item.setOnAction(e -> vm.jumpTo(n.applicationId(), n.secretId()));
            menu.getItems().add(item);
        }
        if (menu.getItems().isEmpty()) {
            MenuItem none = new MenuItem("No notifications");
            none.setDisable(true);
            menu.getItems().add(none);
        }
        vm.alerts().markRead();
        notificationMenu = menu;
        menu.show(anchor, javafx.geometry.Side.TOP, 0, -4);
    }

    private String lastPopupText;

    /**
     * A ControlsFX notification with "Show". Owned by the screen, not the window, so it also appears while the
     * console is minimised.
     */
    private void showPopup(ExpiryAlerts.Popup popup) {
        lastPopupText = popup.text();
        vm.alerts().popupShown();
        org.secretdesk.model.Notification first = popup.notifications().getFirst();
        org.controlsfx.control.action.Action show = new org.controlsfx.control.action.Action("Show", e -> {
            javafx.stage.Window w = owner();
            if (w instanceof javafx.stage.Stage stage) {
                stage.setIconified(false);
                stage.toFront();
            }
            vm.jumpTo(first.applicationId(), first.secretId());
        });
        try {
            org.controlsfx.control.Notifications.create()
                    .title("SecretDesk")
                    .text(popup.text())
                    .owner(null)
                    .hideAfter(Duration.seconds(12))
                    .position(Pos.BOTTOM_RIGHT)
                    .action(show)
                    .showWarning();
        } catch (RuntimeException e) {
            // No screen to show it on (e.g. a headless run): the bell still lists it.
            lastPopupText = popup.text() + " (not shown: " + e.getClass().getSimpleName() + ")";
        }
    }

    /** For tests: the text of the last popup raised. */
    String lastPopupText() {
        return lastPopupText;
    }

    // ---------------------------------------------------------------- actions and keys

    private void installShortcuts(Scene scene) {
        var acc = scene.getAccelerators();
        acc.put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), () -> {
            search.requestFocus();
            search.selectAll();
        });
        acc.put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN), () -> {
            if (vm.canNewSecret().get()) {
                newSecret();
            }
        });
        acc.put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), () -> {
            if (vm.canCreateApplication().get()) {
                newApplication();
            }
        });
        acc.put(new KeyCodeCombination(KeyCode.F5), vm::refresh);
        acc.put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN), vm::refresh);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            // Delete in the search field edits text; elsewhere it deletes the selected secret.
            if (e.getCode() == KeyCode.DELETE && !search.isFocused() && !applicationsList.isFocused()
                    && vm.canDeleteSecret().get() && e.getTarget() != search) {
                deleteSecret();
                e.consume();
            }
        });
    }

    private Window owner() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    private void newApplication() {
        workflows.newApplication(owner(), vm.client(), vm::applicationCreated);
    }

    private void deleteApplication() {
        Application app = vm.selectedApplicationProperty().get();
        if (app != null) {
            workflows.deleteApplication(owner(), vm.client(), app,
                    changeListener(app, () -> vm.applicationDeleted(app.id())));
        }
    }

    private void newSecret() {
        Application app = vm.selectedApplicationProperty().get();
        if (app != null) {
            workflows.newSecret(owner(), vm.client(), app, vm.allSecrets(),
                    changeListener(app, vm::selectedApplicationChanged));
        }
    }

    private void renewSecret() {
        Application app = vm.selectedApplicationProperty().get();
        SecretSummary s = vm.selectedSecretProperty().get();
        if (app != null && s != null) {
            workflows.renewSecret(owner(), vm.client(), app, s, changeListener(app, vm::selectedApplicationChanged));
        }
    }

    private void invalidateRotated() {
        Application app = vm.selectedApplicationProperty().get();
        SecretSummary rotated = vm.rotatedSecret();
        if (app != null && rotated != null) {
            workflows.deleteSecret(owner(), vm.client(), app, rotated, false,
                    changeListener(app, vm::selectedApplicationChanged));
        }
    }

    /**
     * A control whose reason for being disabled is readable: a disabled control shows no tooltip, so the tooltip
     * goes on a wrapper. The reason names the backend when the connected gateway cannot do the action.
     */
    private static Node withReason(javafx.scene.control.Control control,
                                   javafx.beans.value.ObservableStringValue reason, String normalTip, String id) {
        StackPane wrap = new StackPane(control);
        wrap.setId(id);
        Tooltip tip = new Tooltip();
        tip.setWrapText(true);
        tip.setMaxWidth(420);
        tip.textProperty().bind(Bindings.createStringBinding(() -> reason.get() == null ? normalTip : reason.get(),
                reason));
        Tooltip.install(wrap, tip);
        wrap.getProperties().put("reasonTooltip", tip);
        return wrap;
    }

    /**
     * A menu entry for a feature the gateway may lack: it stays choosable, and then says why in a notice (a
     * disabled menu item could not explain itself).
     */
    private void explainWhenMissing(MenuItem item, String label, Feature feature, Runnable open) {
        item.textProperty().bind(Bindings.createStringBinding(() -> vm.explainMissing(feature) == null ? label
                : label.replace("…", "") + " (not available)", vm.capabilitiesProperty(), vm.connectionStateProperty()));
        item.setOnAction(e -> {
            String why = vm.explainMissing(feature);
            if (why == null) {
                open.run();
            } else {
                vm.showNotice(new Banner(Banner.Severity.INFO, label.replace("…", "") + " is not available with "
                        + vm.connectionInfoProperty().get().kind(), why, false));
            }
        });
    }

    private void deleteSecret() {
        Application app = vm.selectedApplicationProperty().get();
        SecretSummary s = vm.selectedSecretProperty().get();
        if (app != null && s != null) {
            workflows.deleteSecret(owner(), vm.client(), app, s, vm.allSecrets().size() == 1,
                    changeListener(app, vm::selectedApplicationChanged));
        }
    }

    private org.secretdesk.ui.audit.SaveFileService saveFiles = new org.secretdesk.ui.audit.FxSaveFileService();
    private Runnable openPreferences = () -> { };

    /** Where "Export CSV…" asks for a file (tests answer without a dialog). */
    public void useSaveFileService(org.secretdesk.ui.audit.SaveFileService service) {
        this.saveFiles = service;
    }

    /** What ≡ → Preferences opens (the composition root owns the preferences). */
    public void onOpenPreferences(Runnable action) {
        this.openPreferences = action;
    }

    /** Opens the audit log window; returned for tests. */
    public org.secretdesk.ui.audit.AuditWindow openAuditLog() {
        if (vm.client() == null) {
            return null;
        }
        java.time.ZoneId zone = java.time.ZoneId.systemDefault();
        var auditVm = new org.secretdesk.ui.audit.AuditViewModel(vm.background(), vm.client(),
                vm.allApplications(), zone);
        var window = new org.secretdesk.ui.audit.AuditWindow(owner(), auditVm, saveFiles, zone, null);
        window.show();
        return window;
    }

    private void openSecretPolicy() {
        if (vm.client() == null) {
            return;
        }
        var policyVm = new org.secretdesk.ui.policy.SecretPolicyViewModel(vm.background(), vm.client());
        var dialog = new org.secretdesk.ui.policy.SecretPolicyDialog(owner(), policyVm, vm::policySaved);
        String noNotifications = vm.explainMissing(Feature.NOTIFICATIONS);
        if (noNotifications != null) {
            dialog.withoutThresholds(noNotifications);
        }
        dialog.show();
        policyVm.load();
    }

    private void openApplicationPolicy() {
        Application app = vm.selectedApplicationProperty().get();
        if (app == null || vm.client() == null) {
            return;
        }
        var policyVm = new org.secretdesk.ui.policy.ApplicationPolicyViewModel(vm.background(), vm.client(), app,
                vm.policyProperty().get());
        new org.secretdesk.ui.policy.ApplicationPolicyDialog(owner(), policyVm, vm::applicationUpdated,
                e -> vm.changedElsewhere(app.id())).show();
    }

    /** {@code onChanged} for a workflow on {@code app}: a refusal as stale (412) reloads it with a short notice. */
    private Workflows.ChangeListener changeListener(Application app, Runnable onChanged) {
        return new Workflows.ChangeListener() {
            @Override
            public void run() {
                onChanged.run();
            }

            @Override
            public void changedElsewhere(Throwable cause) {
                vm.changedElsewhere(app.id());
            }
        };
    }

    private static void copyText(String text) {
        if (text != null) {
            ClipboardContent content = new ClipboardContent();
            content.putString(text);
            Clipboard.getSystemClipboard().setContent(content);
        }
    }

    /** For the benchmark: the list control. */
    public ListView<Application> applicationsList() {
        return applicationsList;
    }
}
