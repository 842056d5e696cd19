package org.secretdesk.ui.audit;

import atlantafx.base.theme.Styles;
import java.time.ZoneId;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
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
import org.secretdesk.model.Application;
import org.secretdesk.model.AuditEvent;
import org.secretdesk.ui.common.DateFields;
import org.secretdesk.ui.common.DialogService;
import org.secretdesk.ui.common.FocusRings;
import org.secretdesk.ui.common.RelativeTime;

/** The audit log window (≡ → Audit log), bound to {@link AuditViewModel}. */
public final class AuditWindow {

    private final Stage stage = new Stage();
    private final AuditViewModel vm;

    public AuditWindow(Window owner, AuditViewModel vm, DialogService files, ZoneId zone, String stylesheet) {
        this.vm = vm;
        RelativeTime time = new RelativeTime(zone);

        ComboBox<Application> application = new ComboBox<>();
        application.setId("auditApplication");
        application.setPromptText("Any application");
        application.getItems().add(null);
        application.getItems().addAll(vm.applications().sorted(
                java.util.Comparator.comparing(Application::name, String.CASE_INSENSITIVE_ORDER)));
        application.setButtonCell(appCell());
        application.setCellFactory(lv -> appCell());
        application.valueProperty().bindBidirectional(vm.applicationProperty());
        application.setPrefWidth(180);

        ComboBox<String> action = new ComboBox<>();
        action.setId("auditAction");
        action.getItems().setAll(AuditViewModel.ACTIONS);
        action.setCellFactory(lv -> actionCell());
        action.setButtonCell(actionCell());
        action.valueProperty().bindBidirectional(vm.actionProperty());
        action.setPrefWidth(160);

        TextField actor = new TextField();
        actor.setId("auditActor");
        actor.setPromptText("Actor");
        actor.setTooltip(new javafx.scene.control.Tooltip("The admin key's name, e.g. admin"));
        actor.textProperty().bindBidirectional(vm.actorProperty());
        actor.setPrefColumnCount(8);
        actor.setOnAction(e -> vm.search());

        DatePicker from = new DatePicker();
        from.setId("auditFrom");
        // The picker's prompt is its editor's (the skin binds them): the hint of the one date format goes there.
        from.setPromptText("From " + RelativeTime.DATE_HINT);
        from.setPrefWidth(190);
        from.setConverter(DateFields.CONVERTER);
        from.valueProperty().bindBidirectional(vm.fromDateProperty());
        typedAsItIs(from, vm::fromTyped);
        DatePicker to = new DatePicker();
        to.setId("auditTo");
        // The picker's prompt is its editor's (the skin binds them): the hint of the one date format goes there.
        to.setPromptText("To " + RelativeTime.DATE_HINT);
        to.setPrefWidth(190);
        to.setConverter(DateFields.CONVERTER);
        to.valueProperty().bindBidirectional(vm.toDateProperty());
        typedAsItIs(to, vm::toTyped);

        Button apply = new Button("Apply", new FontIcon(Feather.FILTER));
        apply.setId("auditApply");
        apply.getStyleClass().add(Styles.ACCENT);
        apply.setDefaultButton(true);
        apply.disableProperty().bind(vm.rangeError().isNotNull());
        apply.setOnAction(e -> vm.search());
        Button clear = new Button("Clear");
        clear.getStyleClass().add(Styles.FLAT);
        clear.setOnAction(e -> vm.clearFilters());

        // The buttons keep their words; the fields give up width first.
        apply.setMinWidth(Region.USE_PREF_SIZE);
        clear.setMinWidth(Region.USE_PREF_SIZE);
        HBox filters = new HBox(8, application, action, actor, from, to, apply, clear);
        filters.setAlignment(Pos.CENTER_LEFT);

        TableView<AuditEvent> table = new TableView<>(vm.rows());
        table.setId("auditTable");
        table.getStyleClass().add(Styles.STRIPED);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(java.util.List.of(
                column("Time", e -> e.time() == null ? "" : time.exact(e.time()), 140),
                column("Actor", AuditEvent::actor, 100),
                column("Action", AuditEvent::action, 140),
                applicationColumn(),
                column("Description", AuditEvent::description, 180),
                column("Outcome", AuditEvent::outcome, 90),
                column("Address", AuditEvent::remoteAddress, 110)));
        Label empty = new Label("No audit records match the filters");
        empty.getStyleClass().add(Styles.TEXT_MUTED);
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(24, 24);
        table.placeholderProperty().bind(Bindings.when(vm.busyProperty()).then((javafx.scene.Node) progress)
                .otherwise(empty));

        Label count = new Label();
        count.setId("auditCount");
        count.getStyleClass().add(Styles.TEXT_MUTED);
        count.textProperty().bind(vm.countText());
        Button more = new Button("Load more", new FontIcon(Feather.CHEVRONS_DOWN));
        more.setId("auditLoadMore");
        more.disableProperty().bind(vm.canLoadMore().not());
        more.setOnAction(e -> vm.loadMore());
        Button export = new Button("Export CSV…", new FontIcon(Feather.DOWNLOAD));
        export.setId("auditExport");
        export.disableProperty().bind(Bindings.isEmpty(vm.rows()).or(vm.busyProperty()));
        export.setOnAction(e -> files.chooseSaveFile(stage, "Export audit log", null, "secretdesk-audit.csv",
                DialogService.FileType.of("CSV files", "*.csv")).ifPresent(vm::exportTo));
        Label message = new Label();
        message.setId("auditMessage");
        message.textProperty().bind(Bindings.createStringBinding(() -> vm.errorProperty().get() != null
                ? vm.errorProperty().get() : vm.rangeError().get() != null ? vm.rangeError().get()
                : vm.infoProperty().get(), vm.errorProperty(), vm.rangeError(), vm.infoProperty()));
        message.getStyleClass().add("audit-message");
        message.setWrapText(true);
        vm.errorProperty().addListener((o, a, b) -> updateDanger(message));
        vm.rangeError().addListener((o, a, b) -> updateDanger(message));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox footer = new HBox(12, count, message, grow, more, export);
        footer.setAlignment(Pos.CENTER_LEFT);

        Label note = new Label("Who did what on this gateway. Audit records never contain secret values.");
        note.getStyleClass().add(Styles.TEXT_MUTED);
        VBox top = new VBox(10, note, filters);
        BorderPane root = new BorderPane(table, top, null, footer, null);
        BorderPane.setMargin(table, new Insets(12, 0, 12, 0));
        root.setPadding(new Insets(16));
        root.setId("auditWindow");

        Scene scene = new Scene(root, 1080, 620);
        scene.getStylesheets().add(FocusRings.STYLESHEET);
        if (stylesheet != null) {
            scene.getStylesheets().add(stylesheet);
        }
        stage.setScene(scene);
        stage.setTitle("Audit log — SecretDesk");
        if (owner != null) {
            stage.initOwner(owner);
        }
    }

    private void updateDanger(Label message) {
        message.getStyleClass().remove(Styles.DANGER);
        if (vm.errorProperty().get() != null || vm.rangeError().get() != null) {
            message.getStyleClass().add(Styles.DANGER);
        }
    }

    private static ListCell<Application> appCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(Application a, boolean empty) {
                super.updateItem(a, empty);
                setText(empty ? null : a == null ? "Any application" : a.name());
            }
        };
    }

    private static ListCell<String> actionCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(String a, boolean empty) {
                super.updateItem(a, empty);
                setText(empty ? null : a == null || a.isEmpty() ? "Any action" : a);
            }
        };
    }

    private static TableColumn<AuditEvent, String> column(String title, Function<AuditEvent, String> value,
                                                          double width) {
        TableColumn<AuditEvent, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        return c;
    }

    /** Read as it is typed: a DatePicker commits only on Enter or leaving it, and drops what it cannot read. */
    private static void typedAsItIs(DatePicker picker, java.util.function.Consumer<String> typed) {
        picker.getEditor().textProperty().addListener((obs, o, text) -> {
            if (picker.getEditor().isFocused()) {
                typed.accept(text);
            }
        });
    }

    /** Follows the names the view model learns after the rows arrived (applications the list had not loaded). */
    private TableColumn<AuditEvent, String> applicationColumn() {
        TableColumn<AuditEvent, String> c = column("Application", e -> "", 150);
        c.setCellValueFactory(cd -> Bindings.createStringBinding(
                () -> vm.applicationName(cd.getValue().applicationId()), vm.applicationNames()));
        return c;
    }

    public Stage stage() {
        return stage;
    }

    /** Shows the window and loads the first page. */
    public void show() {
        stage.show();
        vm.search();
    }
}
