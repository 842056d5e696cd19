package org.secretdesk.ui.notify;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.model.ChannelDelivery;
import org.secretdesk.ui.common.DialogService;
import org.secretdesk.ui.notify.ChannelsViewModel.Row;
import org.secretdesk.ui.reveal.DialogLook;

/**
 * Settings → Notification channels (issue 23), bound to {@link ChannelsViewModel}: the channels (type, name,
 * events, on or off, last delivery), Add, Edit, Send a test (its result beside it) and Remove (asked first), and the
 * selected channel's last deliveries and failures. Escape or Close closes it.
 */
public final class ChannelsDialog {

    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final ChannelsViewModel vm;
    private final DialogService dialogs;
    private final TableView<Row> channels = new TableView<>();

    public ChannelsDialog(Window owner, ChannelsViewModel vm, DialogService dialogs) {
        this.vm = vm;
        this.dialogs = dialogs;
        DialogLook.prepare(dialog, owner, "Notification channels", "Notification channels");
        dialog.setGraphic(DialogLook.headerIcon(Feather.SEND, false));
        dialog.getDialogPane().setId("channels-dialog");
        dialog.getDialogPane().setPrefWidth(860);
        dialog.getDialogPane().setMinWidth(760);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);

        Label intro = DialogLook.muted("The gateway sends its warnings (secrets expiring, expired, renewed, deleted or "
                + "leaked, failed admin sign-ins, CA rotations) to these channels, and to each application's owners "
                + "by e-mail. Never a secret value.");
        Label message = DialogLook.errorLine(vm.messageProperty());
        message.setId("channels-message");
        VBox box = new VBox(10, intro, channelsTable(), actions(), message, deliveriesTitle(), deliveriesTable());
        dialog.getDialogPane().setContent(box);
        dialog.setOnShown(e -> channels.requestFocus());
    }

    private Node channelsTable() {
        channels.setId("channels-table");
        channels.setItems(vm.rows());
        channels.setPrefHeight(190);
        channels.getStyleClass().add(Styles.STRIPED);
        channels.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        channels.getColumns().setAll(
                column("Type", 110, r -> r.channel().kind().label()),
                column("Name", 150, r -> r.channel().name()),
                column("Events", 180, r -> ChannelsViewModel.filterText(r.channel().events())),
                column("State", 60, r -> r.channel().enabled() ? "On" : "Off"),
                column("Last delivery", 220, r -> vm.lastText(r.last())));
        channels.getSelectionModel().selectedItemProperty().addListener((obs, o, n) -> {
            if (n != null) {
                vm.selectedProperty().set(n);
            }
        });
        vm.selectedProperty().addListener((obs, o, n) -> {
            if (n != null && channels.getSelectionModel().getSelectedItem() != n) {
                channels.getSelectionModel().select(n);
            }
        });
        channels.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE) {
                remove();
            } else if (e.getCode() == KeyCode.ENTER && vm.selectedProperty().get() != null) {
                edit();
                e.consume();
            }
        });
        channels.setRowFactory(t -> {
            javafx.scene.control.TableRow<Row> row = new javafx.scene.control.TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    edit();
                }
            });
            return row;
        });
        Label empty = new Label("No channels yet: Add one to send the gateway's warnings to a chat, a mailbox or "
                + "a SIEM.");
        empty.setWrapText(true);
        Label loading = new Label("Reading the channels…");
        channels.placeholderProperty().bind(Bindings.createObjectBinding(() -> switch (vm.stateProperty().get()) {
            case LOADING -> loading;
            case FAILED -> new Label("The channels could not be read (see the message below).");
            default -> empty;
        }, vm.stateProperty()));
        VBox.setVgrow(channels, Priority.ALWAYS);
        return channels;
    }

    private Node actions() {
        Button add = button("_Add…", Feather.PLUS, "channel-add");
        add.setOnAction(e -> add());
        Button edit = button("_Edit…", Feather.EDIT_2, "channel-edit");
        edit.setOnAction(e -> edit());
        Button test = button("Send a _test", Feather.SEND, "channel-test");
        test.setOnAction(e -> vm.sendTest());
        Button remove = button("_Remove…", Feather.TRASH_2, "channel-remove");
        remove.getStyleClass().add(Styles.DANGER);
        remove.setOnAction(e -> remove());
        for (Button b : new Button[] {edit, test, remove}) {
            b.disableProperty().bind(vm.selectedProperty().isNull().or(vm.busyProperty()));
        }
        Label result = new Label();
        result.setId("channel-test-result");
        result.setWrapText(true);
        result.textProperty().bind(vm.testResultProperty());
        vm.testFailedProperty().addListener((obs, o, failed) -> {
            result.getStyleClass().removeAll(Styles.DANGER, Styles.SUCCESS);
            result.getStyleClass().add(failed ? Styles.DANGER : Styles.SUCCESS);
        });
        result.setMinHeight(Region.USE_PREF_SIZE);
        result.managedProperty().bind(result.textProperty().isNotEmpty());
        for (Button b : new Button[] {add, edit, test, remove}) {
            b.setMinWidth(Region.USE_PREF_SIZE); // a long result never shortens them to "…"
        }
        HBox row = new HBox(8, add, edit, test, remove);
        row.setAlignment(Pos.CENTER_LEFT);
        return new VBox(6, row, result);
    }

    private Node deliveriesTitle() {
        Label title = new Label();
        title.getStyleClass().add(Styles.TEXT_BOLD);
        title.textProperty().bind(Bindings.createStringBinding(() -> vm.selectedProperty().get() == null
                ? "Last deliveries" : "Last deliveries and failures of “" + vm.selectedProperty().get().channel()
                .name() + "”", vm.selectedProperty()));
        Label note = new Label();
        note.getStyleClass().add(Styles.TEXT_MUTED);
        note.textProperty().bind(vm.deliveriesMessageProperty());
        HBox row = new HBox(12, title, note);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private Node deliveriesTable() {
        TableView<ChannelDelivery> table = new TableView<>(vm.deliveries());
        table.setId("deliveries-table");
        table.setPrefHeight(200);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<ChannelDelivery, String> time = new TableColumn<>("Time");
        time.setCellValueFactory(c -> new ReadOnlyStringWrapper(vm.exactTime(c.getValue().finishedAt() != null
                ? c.getValue().finishedAt() : c.getValue().createdAt())));
        time.setPrefWidth(140);
        time.setMinWidth(150);
        table.getColumns().setAll(List.of(time,
                deliveryColumn("Event", 150, ChannelDelivery::eventType),
                deliveryColumn("Result", 170, ChannelsViewModel::resultText),
                deliveryColumn("Error", 300, d -> d.lastError() == null ? "" : d.lastError())));
        table.setPlaceholder(new Label("No deliveries."));
        return table;
    }

    private static TableColumn<ChannelDelivery, String> deliveryColumn(String title, double width,
                                                                       Function<ChannelDelivery, String> value) {
        TableColumn<ChannelDelivery, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static TableColumn<Row, String> column(String title, double width, Function<Row, String> value) {
        TableColumn<Row, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> (ObservableValue<String>) new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static Button button(String text, Feather icon, String id) {
        Button b = new Button(text, new FontIcon(icon));
        b.setId(id);
        b.setMnemonicParsing(true);
        return b;
    }

    /** "Add…": an empty form. */
    public ChannelFormDialog add() {
        return openForm(new ChannelFormViewModel());
    }

    /** "Edit…": the selected channel's form. */
    public ChannelFormDialog edit() {
        Row row = vm.selectedProperty().get();
        return row == null ? null : openForm(new ChannelFormViewModel(row.channel()));
    }

    private ChannelFormDialog openForm(ChannelFormViewModel form) {
        ChannelFormDialog[] view = new ChannelFormDialog[1];
        view[0] = new ChannelFormDialog(dialog.getDialogPane().getScene().getWindow(), form,
                () -> vm.save(form, saved -> view[0].close()));
        // Back on the list when the form closes: arrows choose, Enter edits, Delete removes.
        view[0].dialog().addEventHandler(javafx.scene.control.DialogEvent.DIALOG_HIDDEN, e -> channels.requestFocus());
        view[0].show();
        return view[0];
    }

    private void remove() {
        Row row = vm.selectedProperty().get();
        if (row == null || vm.busyProperty().get()) {
            return;
        }
        if (dialogs.confirm(dialog.getDialogPane().getScene().getWindow(), "Remove channel",
                "Remove “" + row.channel().name() + "”? The gateway stops sending to it at once; its queued and "
                        + "recorded deliveries go too. This cannot be undone.", "Remove", true)) {
            vm.remove(row, () -> { });
        }
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    public void show() {
        dialog.show();
        vm.load();
    }
}
