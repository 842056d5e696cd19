package org.secretdesk.ui.mainwindow;

import atlantafx.base.theme.Styles;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.model.SecretSummary;

/**
 * The selected application's secrets: description (marked while the secret is leaked), the redacted value, created,
 * expires (relative, the exact time in a tooltip, coloured), last used and the status chip; sortable; a context menu and Delete for the actions. Each
 * column has the width its longest value needs, so at 1024 px nothing is cut.
 */
final class SecretsTable {

    /** By expiry instant, soonest first; "never" after every date. */
    static final Comparator<SecretSummary> EXPIRES_ORDER = Comparator.comparing(
            SecretSummary::expiresAt, Comparator.nullsLast(Comparator.naturalOrder()));

    /** Below this width the Created column is left out (its date stays in the description's tooltip). */
    static final double NARROW_TABLE = 840;

    private final MainWindowViewModel vm;
    private final MainWindowActions actions;
    private final ExpiryClock clock;
    private final TableView<SecretSummary> table = new TableView<>();

    SecretsTable(MainWindowViewModel vm, MainWindowActions actions) {
        this.vm = vm;
        this.actions = actions;
        this.clock = vm.clock();
        SecretsViewModel secrets = vm.secrets();
        table.setId("secretsTable");
        table.getStyleClass().addAll("secrets-table", Styles.STRIPED);
        table.setAccessibleText("Secrets");
        // Sorted by the clicked column; the ViewModel's list stays the filtered one.
        SortedList<SecretSummary> sorted = new SortedList<>(secrets.visible());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setFixedCellSize(40);

        TableColumn<SecretSummary, String> description = textColumn("Description", SecretSummary::description,
                s -> s.description() + "\nCreated " + clock.exactTime(s.createdAt()), 190, 110);
        description.setId("descriptionColumn");
        TableColumn<SecretSummary, String> secret = textColumn("Secret", clock::redactedText, null, 160, 150);
        secret.setId("secretColumn");
        TableColumn<SecretSummary, String> created = textColumn("Created", clock::createdText,
                s -> clock.exactTime(s.createdAt()), 110, 106);
        created.setId("createdColumn");
        // In a narrow window the creation date moves to the description's tooltip rather than cutting every value.
        table.widthProperty().addListener((obs, o, w) -> created.setVisible(w.doubleValue() >= NARROW_TABLE));
        TableColumn<SecretSummary, SecretSummary> expires = expiresColumn();
        TableColumn<SecretSummary, SecretSummary> lastUsed = lastUsedColumn();
        lastUsed.visibleProperty().bind(vm.features().showsLastUsed());
        TableColumn<SecretSummary, SecretSummary> status = statusColumn();
        table.getColumns().setAll(List.of(description, secret, created, expires, lastUsed, status));

        table.getSelectionModel().selectedItemProperty().addListener((obs, o, s) -> secrets.select(s));
        secrets.visible().addListener((ListChangeListener<SecretSummary>) c ->
                Platform.runLater(() -> syncSelection(secrets.selectedProperty().get())));
        secrets.selectedProperty().addListener((obs, o, s) -> syncSelection(s));
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE && vm.rules().canDeleteSecret().get()) {
                actions.deleteSecret();
                e.consume();
            }
        });
        table.setRowFactory(t -> {
            TableRow<SecretSummary> row = new TableRow<>();
            row.contextMenuProperty().bind(Bindings.when(row.emptyProperty()).then((ContextMenu) null)
                    .otherwise(secretMenu()));
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    Controls.copyText(row.getItem().id());
                }
            });
            return row;
        });
        table.setPlaceholder(placeholder());
        // Relative times and markers move with the clock: the ViewModel says when the visible cells must redraw.
        clock.revisionProperty().addListener((obs, o, n) -> table.refresh());
    }

    Node root() {
        return table;
    }

    private void syncSelection(SecretSummary s) {
        if (table.getSelectionModel().getSelectedItem() != s) {
            if (s == null) {
                table.getSelectionModel().clearSelection();
            } else {
                table.getSelectionModel().select(s);
            }
        }
    }

    private Node placeholder() {
        Label noSecrets = new Label("No secrets — create one");
        noSecrets.getStyleClass().add("empty-title");
        Button create = new Button("New secret", new FontIcon(Feather.PLUS));
        create.getStyleClass().add(Styles.ACCENT);
        create.disableProperty().bind(vm.rules().canNewSecret().not());
        create.setOnAction(e -> actions.newSecret());
        VBox none = new VBox(12, noSecrets, create);
        none.setAlignment(Pos.CENTER);
        Label noMatches = new Label();
        noMatches.getStyleClass().add("empty-title");
        noMatches.textProperty().bind(Bindings.createStringBinding(vm.applications()::noMatchesText,
                vm.applications().searchTextProperty(), vm.applications().expiryFilterProperty()));
        Node progress = Controls.delayedSpinner(24);
        return Controls.stateSwitch(vm.secrets().stateProperty(), state -> switch (state) {
            case LOADING -> progress;
            case EMPTY -> none;
            case NO_MATCHES -> noMatches;
            case ROWS, UNAVAILABLE -> null;
        }, "secretsPlaceholder");
    }

    private ContextMenu secretMenu() {
        MenuItem renew = new MenuItem("Renew…", new FontIcon(Feather.REFRESH_CW));
        renew.textProperty().bind(vm.features().renewLabel().concat("…"));
        renew.disableProperty().bind(vm.rules().canRenew().not());
        renew.setOnAction(e -> actions.renewSecret());
        MenuItem delete = new MenuItem("Delete…", new FontIcon(Feather.TRASH_2));
        delete.setAccelerator(new KeyCodeCombination(KeyCode.DELETE));
        delete.disableProperty().bind(vm.rules().canDeleteSecret().not());
        delete.setOnAction(e -> actions.deleteSecret());
        MenuItem rotation = new MenuItem("Rotation…", new FontIcon(Feather.REPEAT));
        rotation.setId("rotationMenuItem");
        rotation.disableProperty().bind(vm.rules().rotationBlockedReason().isNotNull());
        rotation.setOnAction(e -> actions.rotation());
        MenuItem copyId = new MenuItem("Copy secret ID", new FontIcon(Feather.COPY));
        copyId.disableProperty().bind(vm.rules().canCopySecretId().not());
        copyId.setOnAction(e -> Controls.copyText(vm.secrets().selectedProperty().get().id()));
        return new ContextMenu(renew, rotation, delete, new SeparatorMenuItem(), copyId);
    }

    static final String LEAKED = "Leaked: a leak of this secret was reported";
    static final String LEAKED_ADVICE = "Renew it so that the leaked value stops working, or delete it.";

    private TableColumn<SecretSummary, String> textColumn(String title, Function<SecretSummary, String> text,
                                                                 Function<SecretSummary, String> tooltip,
                                                                 double width, double minWidth) {
        TableColumn<SecretSummary, String> col = new TableColumn<>(title);
        col.setPrefWidth(width);
        col.setMinWidth(minWidth);
        col.setCellValueFactory(cd -> new ReadOnlyStringWrapper(text.apply(cd.getValue())));
        col.setCellFactory(c -> new TableCell<>() {
            private final Tooltip tip = new Tooltip();

            {
                if ("Secret".equals(title)) {
                    getStyleClass().add("monospace");
                }
            }

            /** The description's leak marker (issue 22), made for the first leaked secret this cell shows. */
            private FontIcon leak;

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                SecretSummary s = empty || getTableRow() == null ? null : getTableRow().getItem();
                boolean leaked = s != null && s.leaked() && "Description".equals(title);
                if (leaked && leak == null) {
                    leak = new FontIcon(Feather.SHIELD_OFF);
                    leak.getStyleClass().addAll("marker", "marker-leaked");
                }
                setGraphic(leaked ? leak : null);
                if (tooltip != null && s != null) {
                    tip.setText(leaked ? LEAKED + " " + clock.exactTime(s.leakedAt()) + ". " + LEAKED_ADVICE + "\n\n"
                            + tooltip.apply(s) : tooltip.apply(s));
                    setTooltip(tip);
                } else {
                    setTooltip(null);
                }
            }
        });
        return col;
    }

    private TableColumn<SecretSummary, SecretSummary> expiresColumn() {
        TableColumn<SecretSummary, SecretSummary> col = new TableColumn<>("Expires");
        col.setId("expiresColumn");
        col.setPrefWidth(160);
        col.setMinWidth(156);
        col.setComparator(EXPIRES_ORDER);
        col.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue()));
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
                setText(clock.expiresText(s));
                Marker m = clock.markerFor(s);
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
                setContentDisplay(ContentDisplay.RIGHT);
                if (s.expiresAt() != null) {
                    tip.setText(clock.exactTime(s.expiresAt()));
                    setTooltip(tip);
                } else {
                    setTooltip(null);
                }
            }
        });
        return col;
    }

    /**
     * "2 min ago", the exact time, address and day's count in the tooltip; during a grace period a second, muted
     * line with the old value's last use, so both values show at a glance.
     */
    private TableColumn<SecretSummary, SecretSummary> lastUsedColumn() {
        TableColumn<SecretSummary, SecretSummary> col = new TableColumn<>("Last used");
        col.setId("lastUsedColumn");
        // Room for the old value's line during a grace period ("old value: 59 min ago").
        col.setPrefWidth(130);
        col.setMinWidth(96);
        col.setComparator(Comparator.comparing(SecretSummary::lastUsedAt, Comparator.nullsFirst(
                Comparator.naturalOrder())));
        col.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue()));
        col.setCellFactory(c -> new TableCell<>() {
            private final Label now = new Label();
            private final Label old = new Label();
            private final VBox both = new VBox(0, now, old);
            private final Tooltip tip = new Tooltip();

            {
                old.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
                both.setAlignment(Pos.CENTER_LEFT);
            }

            @Override
            protected void updateItem(SecretSummary s, boolean empty) {
                super.updateItem(s, empty);
                setText(null);
                if (empty || s == null) {
                    setGraphic(null);
                    setTooltip(null);
                    return;
                }
                now.setText(clock.lastUsedText(s));
                String oldLine = clock.oldValueShort(s);
                old.setText(oldLine);
                old.setVisible(oldLine != null);
                old.setManaged(oldLine != null);
                tip.setText(clock.lastUsedTooltip(s));
                setTooltip(tip);
                setGraphic(both);
            }
        });
        return col;
    }

    private TableColumn<SecretSummary, SecretSummary> statusColumn() {
        TableColumn<SecretSummary, SecretSummary> col = new TableColumn<>("Status");
        col.setId("statusColumn");
        // Wide enough for the longest chip, "Grace until 2026-12-14".
        col.setPrefWidth(190);
        col.setMinWidth(190);
        col.setComparator(Comparator.comparing(clock::statusChipText));
        col.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue()));
        col.setCellFactory(c -> new TableCell<>() {
            private final Label chip = new Label();
            private final Tooltip tip = new Tooltip();

            {
                chip.getStyleClass().add("chip");
                chip.setMinWidth(Label.USE_PREF_SIZE);
                tip.setWrapText(true);
                tip.setMaxWidth(360);
            }

            @Override
            protected void updateItem(SecretSummary s, boolean empty) {
                super.updateItem(s, empty);
                setText(null);
                if (empty || s == null) {
                    setGraphic(null);
                    setTooltip(null);
                    return;
                }
                chip.setText(clock.statusChipText(s));
                chip.getStyleClass().removeAll("chip-active", "chip-expired", "chip-grace");
                Marker m = clock.markerFor(s);
                chip.getStyleClass().add(m == Marker.EXPIRED ? "chip-expired"
                        : clock.statusChipText(s).startsWith("Grace") ? "chip-grace" : "chip-active");
                tip.setText(clock.statusTooltip(s));
                setTooltip(tip);
                setGraphic(chip);
            }
        });
        return col;
    }
}
