package org.secretdesk.ui.rotation;

import atlantafx.base.theme.Styles;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.ui.common.DialogService;
import org.secretdesk.ui.reveal.DialogLook;
import org.secretdesk.ui.rotation.RotationViewModel.Card;
import org.secretdesk.ui.rotation.RotationViewModel.ExtendOption;

/**
 * The rotation panel: the old and new values of a renewed secret side by side, live; "End grace now" (asking
 * first when the old value is still in use), "Extend", and retire-when-quiet for this renew and as the
 * application's policy. Not modal in spirit — it only watches and acts on one secret — but owned by the main window
 * so that it follows it.
 */
public final class RotationPanel {

    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final RotationViewModel vm;
    private final DialogService dialogs;

    /**
     * @param live the secret as the main window keeps reading it (null once deleted); followed while the panel is
     *             open
     */
    public RotationPanel(Window owner, RotationViewModel vm, ObservableValue<org.secretdesk.model.SecretSummary> live,
                         DialogService dialogs) {
        this.vm = Objects.requireNonNull(vm);
        this.dialogs = Objects.requireNonNull(dialogs);
        String description = vm.secretProperty().get().description();
        DialogLook.prepare(dialog, owner, "Rotation · " + description,
                "Rotation of \u201c" + description + "\u201d");
        dialog.setGraphic(DialogLook.headerIcon(Feather.REPEAT, false));
        dialog.getDialogPane().setId("rotation-panel");
        // Two columns need the room: wider than the other dialogs (a preferred width alone does not widen one).
        dialog.getDialogPane().setPrefWidth(760);
        dialog.getDialogPane().setMinWidth(760);
        dialog.getDialogPane().getStylesheets().add(Objects.requireNonNull(
                RotationPanel.class.getResource("rotation.css")).toExternalForm());

        Label app = DialogLook.muted(vm.applicationName());
        Label state = new Label();
        state.setId("rotationState");
        state.setWrapText(true);
        state.setMinHeight(Label.USE_PREF_SIZE);
        state.getStyleClass().add("rotation-state");
        state.textProperty().bind(vm.stateProperty());

        VBox oldCard = cardBox("old");
        VBox newCard = cardBox("new");
        vm.oldCardProperty().addListener((obs, o, c) -> fill(oldCard, "old", c));
        vm.newCardProperty().addListener((obs, o, c) -> fill(newCard, "new", c));
        fill(oldCard, "old", vm.oldCardProperty().get());
        fill(newCard, "new", vm.newCardProperty().get());
        HBox cards = new HBox(14, oldCard, newCard);
        HBox.setHgrow(oldCard, Priority.ALWAYS);
        HBox.setHgrow(newCard, Priority.ALWAYS);

        Label error = DialogLook.errorLine(vm.errorProperty());
        error.setId("rotationError");
        Label info = new Label();
        info.setId("rotationInfo");
        info.getStyleClass().add(Styles.SUCCESS);
        info.setWrapText(true);
        info.textProperty().bind(vm.infoProperty());
        info.visibleProperty().bind(vm.infoProperty().isNotEmpty());
        info.managedProperty().bind(info.visibleProperty());

        VBox box = new VBox(14, app, state, cards, graceActions(), retireSection(), info, error);
        dialog.getDialogPane().setContent(box);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
        dialog.getDialogPane().lookupButton(ButtonType.CLOSE).setId("rotation-close");

        javafx.beans.value.ChangeListener<org.secretdesk.model.SecretSummary> follow = (obs, o, s) -> vm.update(s);
        live.addListener(follow);
        dialog.setOnShown(e -> vm.open());
        dialog.setOnHidden(e -> {
            live.removeListener(follow);
            vm.close();
        });
    }

    private static VBox cardBox(String id) {
        VBox card = new VBox(8);
        card.setId(id + "ValueCard");
        card.getStyleClass().add("rotation-card");
        card.setMaxWidth(Double.MAX_VALUE);
        return card;
    }

    /** Redraws one value's column; ids {@code old…}/{@code new…} for what tests and screen readers look up. */
    private static void fill(VBox box, String id, Card c) {
        box.getChildren().clear();
        box.setVisible(c != null);
        if (c == null) {
            return;
        }
        Label heading = new Label(c.heading());
        heading.getStyleClass().add(Styles.TITLE_4);
        Label detail = new Label(c.detail());
        detail.setId(id + "Detail");
        detail.getStyleClass().add(Styles.TEXT_MUTED);
        if ("new".equals(id)) {
            detail.getStyleClass().add("monospace"); // the redacted value
        }
        detail.setWrapText(true);
        box.getChildren().addAll(heading, detail);
        GridPane grid = DialogLook.formGrid(12, 6, false);
        int row = 0;
        row = addRow(grid, row, "Last used", c.lastUsed(), id + "LastUsed");
        row = addRow(grid, row, "From", c.from(), id + "From");
        row = addRow(grid, row, "Last hour", c.lastHour(), id + "LastHour");
        addRow(grid, row, "Last 24 h", c.last24h(), id + "Last24h");
        if (!grid.getChildren().isEmpty()) {
            box.getChildren().add(grid);
        }
        if (c.note() != null) {
            Label note = DialogLook.muted(c.note());
            note.setId(id + "Note");
            box.getChildren().add(note);
        }
    }

    private static int addRow(GridPane grid, int row, String key, String value, String id) {
        if (value == null) {
            return row;
        }
        Label v = new Label(value);
        v.setId(id);
        v.setWrapText(true);
        grid.addRow(row, DialogLook.rowKey(key), v);
        return row + 1;
    }

    private Node graceActions() {
        Button end = new Button("End grace now", new FontIcon(Feather.SLASH));
        end.setId("endGraceButton");
        end.getStyleClass().add(Styles.DANGER);
        end.disableProperty().bind(vm.endGraceBlockedProperty().isNotNull().or(vm.busyProperty()));
        end.setOnAction(e -> endGrace());
        MenuButton extend = new MenuButton("Extend", new FontIcon(Feather.CLOCK));
        extend.setId("extendGraceButton");
        extend.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.extendOptionsProperty().get().isEmpty()
                || vm.busyProperty().get(), vm.extendOptionsProperty(), vm.busyProperty()));
        Runnable items = () -> extend.getItems().setAll(vm.extendOptionsProperty().get().stream()
                .map(this::extendItem).toList());
        vm.extendOptionsProperty().addListener((obs, o, n) -> items.run());
        items.run();
        Label why = DialogLook.muted("");
        why.setId("endGraceReason");
        why.textProperty().bind(Bindings.createStringBinding(() -> vm.endGraceBlockedProperty().get() == null ? ""
                : vm.endGraceBlockedProperty().get(), vm.endGraceBlockedProperty()));
        why.visibleProperty().bind(vm.endGraceBlockedProperty().isNotNull());
        why.managedProperty().bind(why.visibleProperty());
        HBox.setHgrow(why, Priority.ALWAYS);
        HBox row = new HBox(10, end, extend, why);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private MenuItem extendItem(ExtendOption option) {
        MenuItem item = new MenuItem(option.blockedReason() == null ? option.label()
                : option.label() + " (beyond 7 days)");
        item.setDisable(option.blockedReason() != null);
        item.setOnAction(e -> vm.extend(option));
        return item;
    }

    private void endGrace() {
        String warning = vm.endGraceWarning();
        if (warning == null || dialogs.confirm(dialog.getDialogPane().getScene().getWindow(), "End grace period",
                warning, "End grace now", true)) {
            vm.endGrace();
        }
    }

    private Node retireSection() {
        Label title = DialogLook.fieldLabel("Retire when quiet", null);
        Label current = DialogLook.muted("");
        current.setId("retireThisRenew");
        current.textProperty().bind(vm.retireTextProperty());
        current.visibleProperty().bind(vm.retireTextProperty().isNotEmpty());
        current.managedProperty().bind(current.visibleProperty());
        VBox section = new VBox(6, title, current);
        if (vm.supportsPolicy()) {
            ComboBox<RotationViewModel.QuietChoice> choice = new ComboBox<>();
            choice.setId("rotationPolicyChoice");
            choice.getItems().setAll(vm.quietChoices());
            choice.valueProperty().bindBidirectional(vm.policyChoiceProperty());
            choice.disableProperty().bind(vm.busyProperty());
            Button save = new Button("Save policy");
            save.setId("saveRotationPolicy");
            save.disableProperty().bind(vm.savePolicyBlocked().isNotNull());
            save.setOnAction(e -> vm.savePolicy());
            save.setMinWidth(Button.USE_PREF_SIZE);
            choice.setMinWidth(Button.USE_PREF_SIZE);
            Label label = new Label("Application policy for every renew with grace:");
            label.setLabelFor(choice);
            label.setMinWidth(Label.USE_PREF_SIZE);
            HBox policy = new HBox(8, label, choice, save);
            policy.setAlignment(Pos.CENTER_LEFT);
            Tooltip.install(choice, new Tooltip("The gateway ends the grace by itself once the old value has been "
                    + "unused this long and the new value has been used."));
            section.getChildren().add(policy);
        }
        return section;
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    public void show() {
        dialog.show();
    }
}
