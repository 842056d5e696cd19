package org.secretdesk.ui.stale;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.ui.applications.TypedConfirmDialog;
import org.secretdesk.ui.applications.TypedConfirmViewModel;
import org.secretdesk.ui.common.DialogService;
import org.secretdesk.ui.common.FocusRings;
import org.secretdesk.ui.reveal.DialogLook;
import org.secretdesk.ui.stale.StaleSecretsViewModel.Row;

/**
 * Stale secrets (≡ → Stale secrets): every application's secrets never used, or unused for N days; select several
 * (Shift/Ctrl-click, Ctrl+A) and delete them after typing their number; export the list as CSV. Bound to
 * {@link StaleSecretsViewModel}.
 */
public final class StaleSecretsWindow {

    private final Stage stage = new Stage();
    private final StaleSecretsViewModel vm;
    private final DialogService dialogs;
    private final TableView<Row> table = new TableView<>();

    public StaleSecretsWindow(Window owner, StaleSecretsViewModel vm, DialogService dialogs, String stylesheet) {
        this.vm = vm;
        this.dialogs = dialogs;

        Label note = new Label("Secrets nobody has used: candidates for deletion. Values are never shown or "
                + "exported.");
        note.getStyleClass().add(Styles.TEXT_MUTED);
        BorderPane root = new BorderPane();
        root.setPadding(new Insets(16));
        root.setId("staleSecretsWindow");
        String unavailable = vm.unavailable();
        if (unavailable != null) {
            var why = DialogLook.callout(DialogLook.Tone.INFO, "No usage data: " + unavailable);
            why.setId("staleUnavailable");
            root.setTop(new VBox(10, note, why));
        } else {
            root.setTop(new VBox(10, note, filters()));
            root.setCenter(table());
            BorderPane.setMargin(table, new Insets(12, 0, 12, 0));
            root.setBottom(footer());
        }
        Scene scene = new Scene(root, 1000, 600);
        scene.getStylesheets().addAll(FocusRings.STYLESHEET, java.util.Objects.requireNonNull(
                StaleSecretsWindow.class.getResource("stale.css")).toExternalForm());
        if (stylesheet != null) {
            scene.getStylesheets().add(stylesheet);
        }
        stage.setScene(scene);
        stage.setTitle("Stale secrets — SecretDesk");
        if (owner != null) {
            stage.initOwner(owner);
        }
    }

    private Node filters() {
        ComboBox<StaleSecretsViewModel.Filter> kind = new ComboBox<>();
        kind.setId("staleFilter");
        kind.getItems().setAll(StaleSecretsViewModel.Filter.values());
        kind.valueProperty().bindBidirectional(vm.filterProperty());
        kind.setAccessibleText("Filter");
        TextField days = new TextField();
        days.setId("staleDays");
        days.setPrefColumnCount(4);
        days.textProperty().bindBidirectional(vm.daysProperty());
        days.setAccessibleText("Days");
        days.setOnAction(e -> vm.load());
        Label unit = new Label("days");
        HBox daysBox = new HBox(6, days, unit);
        daysBox.setAlignment(Pos.CENTER_LEFT);
        daysBox.visibleProperty().bind(vm.filterProperty().isEqualTo(StaleSecretsViewModel.Filter.UNUSED_FOR));
        daysBox.managedProperty().bind(daysBox.visibleProperty());
        vm.daysError().addListener((obs, o, n) -> days.pseudoClassStateChanged(Styles.STATE_DANGER, n != null));
        Button apply = new Button("Show", new FontIcon(Feather.FILTER));
        apply.setId("staleApply");
        apply.getStyleClass().add(Styles.ACCENT);
        apply.setDefaultButton(true);
        apply.disableProperty().bind(vm.daysError().isNotNull().or(vm.busyProperty()));
        apply.setOnAction(e -> vm.load());
        // Choosing "Never used" shows it at once; a number of days waits for Enter or Show.
        vm.filterProperty().addListener((obs, o, n) -> vm.load());
        Label daysProblem = new Label();
        daysProblem.getStyleClass().add(Styles.DANGER);
        daysProblem.textProperty().bind(vm.daysError());
        HBox row = new HBox(8, kind, daysBox, apply, daysProblem);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private Node table() {
        table.setId("staleTable");
        table.setItems(vm.rows());
        table.getStyleClass().add(Styles.STRIPED);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(List.of(
                column("Application", Row::application, 180),
                column("Description", r -> r.secret().description(), 200),
                column("Created", vm::createdText, 110),
                column("Last used", vm::lastUsedText, 120),
                column("From", vm::lastUsedFrom, 130)));
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<Row>) c ->
                vm.select(List.copyOf(table.getSelectionModel().getSelectedItems())));
        Label empty = new Label("No stale secrets for this filter");
        empty.getStyleClass().add(Styles.TEXT_MUTED);
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(24, 24);
        table.placeholderProperty().bind(Bindings.when(vm.busyProperty()).then((Node) progress).otherwise(empty));
        return table;
    }

    private static TableColumn<Row, String> column(String title, Function<Row, String> value, double width) {
        TableColumn<Row, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        return c;
    }

    private Node footer() {
        Label count = new Label();
        count.setId("staleCount");
        count.getStyleClass().add(Styles.TEXT_MUTED);
        count.textProperty().bind(vm.countText());
        Label info = new Label();
        info.setId("staleInfo");
        info.getStyleClass().add(Styles.SUCCESS);
        info.textProperty().bind(vm.infoProperty());
        Label error = DialogLook.errorLine(vm.errorProperty());
        error.setId("staleError");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Button export = new Button("Export CSV…", new FontIcon(Feather.DOWNLOAD));
        export.setId("staleExport");
        export.disableProperty().bind(Bindings.isEmpty(vm.rows()).or(vm.busyProperty()));
        export.setOnAction(e -> dialogs.chooseSaveFile(stage, "Export stale secrets", null,
                "secretdesk-stale-secrets.csv", DialogService.FileType.of("CSV files", "*.csv"))
                .ifPresent(vm::exportTo));
        Button delete = new Button("Delete selected…", new FontIcon(Feather.TRASH_2));
        delete.setId("staleDelete");
        delete.getStyleClass().add(Styles.DANGER);
        delete.disableProperty().bind(Bindings.isEmpty(vm.selected()).or(vm.busyProperty()));
        delete.setOnAction(e -> confirmDelete());
        HBox footer = new HBox(12, count, info, error, grow, export, delete);
        footer.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(error, Priority.SOMETIMES);
        return footer;
    }

    private void confirmDelete() {
        TypedConfirmViewModel confirm = vm.deleteConfirmation();
        if (confirm == null) {
            return;
        }
        int n = vm.selected().size();
        TypedConfirmDialog[] dialog = new TypedConfirmDialog[1];
        dialog[0] = new TypedConfirmDialog(stage, "Delete secrets", "Delete " + (n == 1 ? "1 secret" : n + " secrets")
                + "?", List.of(vm.deleteWarning()), "number of secrets", "Delete " + (n == 1 ? "1 secret"
                : n + " secrets"), confirm, () -> vm.deleteSelected(confirm, () -> dialog[0].close()));
        dialog[0].show();
    }

    public Stage stage() {
        return stage;
    }

    /** Shows the window and reads the list for the default filter. */
    public void show() {
        stage.show();
        vm.load();
    }
}
