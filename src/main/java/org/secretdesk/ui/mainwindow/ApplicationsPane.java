package org.secretdesk.ui.mainwindow;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.model.Application;

/**
 * The applications list (left): its title with the count, the virtualised list (10,000 rows scroll smoothly), what
 * it shows instead of rows (loading, nothing yet, no matches, unavailable) and its context menu.
 */
final class ApplicationsPane {

    private final MainWindowViewModel vm;
    private final MainWindowActions actions;
    private final ListView<Application> list = new ListView<>();
    private final VBox root;

    ApplicationsPane(MainWindowViewModel vm, MainWindowActions actions, Runnable clearSearch) {
        this.vm = vm;
        this.actions = actions;
        ApplicationsViewModel apps = vm.applications();
        Label title = new Label();
        title.setId("applicationsTitle");
        title.getStyleClass().addAll("pane-title");
        title.textProperty().bind(apps.title());
        Label searching = new Label();
        searching.setId("secretSearchProgress");
        searching.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        searching.textProperty().bind(Bindings.createStringBinding(() -> vm.search().pendingProperty().get() > 0
                ? "searching secrets…" : "", vm.search().pendingProperty()));
        HBox titleRow = new HBox(8, title, searching);
        titleRow.setAlignment(Pos.BASELINE_LEFT);
        titleRow.getStyleClass().add("pane-title-row");

        list.setId("applicationsList");
        list.getStyleClass().addAll("applications-list", Tweaks.EDGE_TO_EDGE);
        list.setAccessibleText("Applications");
        list.setItems(apps.visible());
        list.setCellFactory(lv -> new ApplicationCell(vm.clock(), vm.leaks()));
        vm.leaks().revisionProperty().addListener((obs, o, n) -> list.refresh());
        // A fixed row height lets the virtual flow skip measuring rows: smooth with 10,000 items.
        list.setFixedCellSize(54);
        list.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);
        list.getSelectionModel().selectedItemProperty().addListener((obs, o, app) -> apps.select(app));
        apps.selectedProperty().addListener((obs, o, app) -> syncSelection(app));
        // A filtered or reloaded list can move or drop the control's selection; the ViewModel's selection rules.
        apps.visible().addListener((ListChangeListener<Application>) c ->
                Platform.runLater(() -> syncSelection(apps.selectedProperty().get())));
        reportFirstPageDrawn();
        list.setPlaceholder(placeholder(clearSearch));
        list.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE && vm.rules().canDeleteApplication().get()) {
                actions.deleteApplication();
                e.consume();
            }
        });

        MenuItem newSecret = new MenuItem("New secret…", new FontIcon(Feather.PLUS));
        newSecret.disableProperty().bind(vm.rules().canNewSecret().not());
        newSecret.setOnAction(e -> actions.newSecret());
        MenuItem edit = new MenuItem("Edit application…", new FontIcon(Feather.EDIT_2));
        edit.disableProperty().bind(vm.rules().editApplicationBlockedReason().isNotNull());
        edit.setOnAction(e -> actions.editApplication());
        MenuItem copyClientId = new MenuItem("Copy client ID", new FontIcon(Feather.COPY));
        copyClientId.disableProperty().bind(apps.selectedProperty().isNull());
        copyClientId.setOnAction(e -> Controls.copyText(apps.selectedProperty().get().clientId()));
        MenuItem deleteApp = new MenuItem("Delete application…", new FontIcon(Feather.TRASH_2));
        deleteApp.disableProperty().bind(vm.rules().canDeleteApplication().not());
        deleteApp.setOnAction(e -> actions.deleteApplication());
        list.setContextMenu(new ContextMenu(newSecret, edit, copyClientId, new SeparatorMenuItem(), deleteApp));

        root = new VBox(titleRow, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        root.getStyleClass().add("applications-pane");
        root.setMinWidth(240);
    }

    Node root() {
        return root;
    }

    ListView<Application> list() {
        return list;
    }

    /** The keyboard's way into the list (Down in the search): focus it, and select the first row if none is. */
    void focus() {
        list.requestFocus();
        if (list.getSelectionModel().isEmpty() && !list.getItems().isEmpty()) {
            list.getSelectionModel().selectFirst();
        }
    }

    /**
     * Tells the ViewModel when a load's first page is laid out (after the pulse's CSS and layout, before it is
     * painted on the render thread), so that the load reads the rest only then.
     */
    private void reportFirstPageDrawn() {
        ApplicationsViewModel apps = vm.applications();
        apps.reportsFirstPageDrawn();
        apps.visible().addListener((ListChangeListener<Application>) c -> {
            if (!apps.loadingProperty().get() || apps.visible().isEmpty()) {
                return;
            }
            Scene scene = list.getScene();
            if (scene == null) {
                apps.firstPageDrawn();
                return;
            }
            Runnable[] once = new Runnable[1];
            once[0] = () -> {
                scene.removePostLayoutPulseListener(once[0]);
                apps.firstPageDrawn();
            };
            scene.addPostLayoutPulseListener(once[0]);
        });
    }

    private void syncSelection(Application app) {
        Application shown = list.getSelectionModel().getSelectedItem();
        if (app == null) {
            if (shown != null) {
                list.getSelectionModel().clearSelection();
            }
        } else if (shown != app) {
            list.getSelectionModel().select(app);
            int i = list.getSelectionModel().getSelectedIndex();
            if (i >= 0) {
                list.scrollTo(Math.max(0, i - 3));
            }
        }
    }

    private Node placeholder(Runnable clearSearch) {
        Label loading = new Label("Loading applications…", Controls.delayedSpinner(28));
        loading.setContentDisplay(ContentDisplay.TOP);
        loading.getStyleClass().add(Styles.TEXT_MUTED);

        Label none = new Label("No applications yet — create the first one");
        none.setWrapText(true);
        none.getStyleClass().add("empty-title");
        Button create = new Button("New application", new FontIcon(Feather.PLUS));
        create.getStyleClass().add(Styles.ACCENT);
        create.disableProperty().bind(vm.features().canCreateApplication().not());
        create.setOnAction(e -> actions.newApplication());
        VBox empty = new VBox(12, Controls.emptyIcon(Feather.BOX), none, create);
        empty.setAlignment(Pos.CENTER);

        Label noMatches = new Label();
        noMatches.setWrapText(true);
        noMatches.getStyleClass().add("empty-title");
        noMatches.textProperty().bind(Bindings.createStringBinding(vm.applications()::noMatchesText,
                vm.applications().searchTextProperty(), vm.applications().expiryFilterProperty()));
        Button clear = new Button("Clear search");
        clear.setOnAction(e -> clearSearch.run());
        VBox matches = new VBox(12, Controls.emptyIcon(Feather.SEARCH), noMatches, clear);
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
        VBox failed = new VBox(12, Controls.emptyIcon(Feather.CLOUD_OFF), unavailable, unavailableHint, retry);
        failed.setId("applicationsUnavailable");
        failed.setAlignment(Pos.CENTER);

        return Controls.stateSwitch(vm.applications().stateProperty(), state -> switch (state) {
            case LOADING -> loading;
            case EMPTY -> empty;
            case UNAVAILABLE -> failed;
            case NO_MATCHES -> matches;
            case ROWS -> null;
        }, "applicationsPlaceholder");
    }
}
