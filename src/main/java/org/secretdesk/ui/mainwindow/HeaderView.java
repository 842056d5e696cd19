package org.secretdesk.ui.mainwindow;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.shape.Circle;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.ui.common.ThemeController;

/**
 * The header: product, connection (name and status dot, the switcher), the search with the expiry filter, New
 * application, the theme and the main menu. The search grows and shrinks with the window; nothing else does, so at
 * 1024 px every label stays whole.
 */
final class HeaderView {

    private final MainWindowViewModel vm;
    private final MainWindowActions actions;
    private final ThemeController theme;
    private final ConnectionPopover connectionPopover;
    private final CustomTextField search = new CustomTextField();
    private final HBox root;

    /** The header's width below which it is compact (what the full header needs, with a margin). */
    static final double COMPACT_BELOW = 1000;

    HeaderView(MainWindowViewModel vm, MainWindowActions actions, ThemeController theme, Runnable focusList) {
        this.vm = vm;
        this.actions = actions;
        this.theme = theme;
        Label product = new Label("SecretDesk");
        product.getStyleClass().addAll("product-name", Styles.TEXT_BOLD);
        FontIcon productIcon = new FontIcon(Feather.SHIELD);
        productIcon.getStyleClass().add("product-icon");
        product.setGraphic(productIcon);
        product.setMinWidth(Region.USE_PREF_SIZE);

        Button connection = connectionButton();
        connectionPopover = new ConnectionPopover(actions, connection);
        connection.setOnAction(e -> connectionPopover.showMenu());

        buildSearch(focusList);
        Node filter = expiryFilterControls();

        Button newApp = new Button(null, new FontIcon(Feather.PLUS));
        newApp.setId("newApplicationButton");
        newApp.getStyleClass().add(Styles.ACCENT);
        newApp.setMinWidth(Region.USE_PREF_SIZE);
        newApp.disableProperty().bind(vm.features().canCreateApplication().not());
        newApp.setOnAction(e -> actions.newApplication());
        Node newAppWrap = Controls.withReason(newApp, vm.features().newApplicationBlockedReason(),
                "New application (Ctrl+Shift+N)", "newApplicationReason");

        Button themeButton = themeButton();
        Node menu = new MainMenu(vm, actions, theme, connectionPopover).button();

        root = new HBox(12, product, connection, new Spacer(8), search, filter, new Spacer(), newAppWrap, themeButton,
                menu);
        root.getStyleClass().add("header");
        root.setAlignment(Pos.CENTER_LEFT);
        compactWhenNarrow(product, newApp);
    }

    /**
     * Below {@link #COMPACT_BELOW} px the header drops the product name (the title bar says it) and the New
     * application button keeps its + alone (its tooltip and accessible text say what it does), so that everything
     * still fits down to the window's minimum width ({@link MainWindowView#MIN_WIDTH}).
     */
    private void compactWhenNarrow(Label product, Button newApp) {
        var narrow = root.widthProperty().lessThan(COMPACT_BELOW);
        product.visibleProperty().bind(narrow.not());
        product.managedProperty().bind(narrow.not());
        newApp.textProperty().bind(javafx.beans.binding.Bindings.when(narrow).then((String) null)
                .otherwise("Application"));
        newApp.setAccessibleText("New application");
    }

    Node root() {
        return root;
    }

    CustomTextField search() {
        return search;
    }

    private Button connectionButton() {
        Circle dot = StatusBarView.statusDot(vm.connection().stateProperty());
        Label connectionName = new Label();
        connectionName.textProperty().bind(Bindings.createStringBinding(
                () -> vm.connection().infoProperty().get().name(), vm.connection().infoProperty()));
        connectionName.setMaxWidth(220);
        FontIcon chevron = new FontIcon(Feather.CHEVRON_DOWN);
        chevron.getStyleClass().add("connection-chevron");
        HBox connectionContent = new HBox(8, dot, connectionName, chevron);
        connectionContent.setAlignment(Pos.CENTER_LEFT);
        Button connection = new Button(null, connectionContent);
        connection.setId("connectionButton");
        connection.getStyleClass().addAll(Styles.FLAT, "connection-button");
        connection.setTooltip(new Tooltip("Switch connection, connection details"));
        connection.setAccessibleText("Connection: switch, details");
        connection.setMinWidth(Region.USE_PREF_SIZE);
        return connection;
    }

    private void buildSearch(Runnable focusList) {
        search.setId("searchField");
        // The whole promise where it fits; a narrow window's field says less rather than cutting it.
        search.promptTextProperty().bind(javafx.beans.binding.Bindings.when(search.widthProperty().lessThan(260))
                .then("Search").otherwise("Search applications and secrets"));
        search.setAccessibleText("Search applications and secrets");
        search.setLeft(new FontIcon(Feather.SEARCH));
        Button clear = new Button(null, new FontIcon(Feather.X));
        clear.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, "clear-search");
        clear.setFocusTraversable(false);
        clear.visibleProperty().bind(search.textProperty().isNotEmpty());
        clear.setOnAction(e -> search.clear());
        search.setRight(clear);
        search.setMinWidth(160);
        search.setPrefWidth(380);
        search.setMaxWidth(480);
        search.textProperty().bindBidirectional(vm.applications().searchTextProperty());
        search.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE && !search.getText().isEmpty()) {
                search.clear();
                e.consume();
            } else if (e.getCode() == KeyCode.DOWN) {
                focusList.run();
                e.consume();
            }
        });
        HBox.setHgrow(search, Priority.ALWAYS);
    }

    /** "All secrets ▾ [30] days": the expiry filter next to the search, of a fixed width whatever is chosen. */
    private Node expiryFilterControls() {
        ComboBox<ExpiryFilter.Kind> kind = new ComboBox<>();
        kind.setId("expiryFilterKind");
        kind.getItems().setAll(ExpiryFilter.Kind.values());
        kind.setValue(ExpiryFilter.Kind.ALL);
        kind.setTooltip(new Tooltip("Show only secrets by expiry or use"));
        kind.setAccessibleText("Expiry filter");
        // Sized for the longest choice once: the header does not shift (or stay squeezed) as the choice changes.
        kind.setPrefWidth(172);
        kind.setMinWidth(Region.USE_PREF_SIZE);
        TextField days = new TextField("30");
        days.setId("expiryFilterDays");
        days.setPrefColumnCount(3);
        days.setMinWidth(Region.USE_PREF_SIZE);
        days.setAccessibleText("Days");
        Label unit = new Label("days");
        unit.setMinWidth(Region.USE_PREF_SIZE);
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
                vm.applications().expiryFilterProperty().set(new ExpiryFilter(kind.getValue(), Math.max(n, 0)));
            }
        };
        kind.valueProperty().addListener((obs, o, n) -> apply.run());
        days.textProperty().addListener((obs, o, n) -> apply.run());
        HBox box = new HBox(6, kind, daysBox);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    private Button themeButton() {
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
        themeButton.accessibleTextProperty().bind(themeTip.textProperty());
        themeButton.setOnAction(e -> theme.choiceProperty().set(theme.choiceProperty().get().next()));
        return themeButton;
    }
}
