package org.secretdesk.ui.leaks;

import atlantafx.base.theme.Styles;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.client.Capabilities;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.SecretIdentification;
import org.secretdesk.ui.common.DialogService;
import org.secretdesk.ui.common.SecretInput;
import org.secretdesk.ui.reveal.DialogLook;
import org.secretdesk.ui.secrets.RenewViewModel;

/**
 * "Report a leak": a masked field for a pasted value, files and folders to scan, the values found with what the
 * gateway says they are, and per value Rotate now and Revoke… (see {@link LeakReportViewModel} for the rules). The
 * reveal after a rotation and the typed confirmation of a revoke are the console's own dialogs, opened through
 * {@link Actions}. Closing wipes the pasted value and stops a scan.
 */
public final class LeakReportDialog {

    static final String NOTE = "Rotate now and Revoke first report the leak to the gateway: it is recorded in the "
            + "audit log, the secret is marked leaked until it is rotated, and the gateway's leak policy applies "
            + "(it may end the leaked value sooner than the grace chosen here).";

    /** What the rows' buttons open: the reveal of a new value, the typed confirmation of a revoke. */
    public interface Actions {
        /** Shows {@code issued} once (the console's reveal dialog), saying what {@code capabilities}' backend keeps. */
        void reveal(Window owner, String applicationName, IssuedSecret issued, Capabilities capabilities);

        /** Asks for the typed description, then runs {@link LeakReportViewModel#revoke} for {@code finding}. */
        void confirmRevoke(Window owner, LeakReportViewModel viewModel, LeakFinding finding, boolean lastSecret);
    }

    /** Wider than the other dialogs: a row holds a hint, an application and description, a place and two buttons. */
    static final double WIDTH = 720;

    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final LeakReportViewModel vm;
    private final DialogService dialogs;
    private final Actions actions;
    private final VBox rows = new VBox(8);
    private final Window owner;

    public LeakReportDialog(Window owner, LeakReportViewModel viewModel, DialogService dialogs, Actions actions) {
        this.vm = Objects.requireNonNull(viewModel);
        this.dialogs = Objects.requireNonNull(dialogs);
        this.actions = Objects.requireNonNull(actions);
        this.owner = owner;
        DialogLook.prepare(dialog, owner, "Report a leak",
                "Find SecretDesk secrets in a value or in files, then rotate or revoke them");
        dialog.setGraphic(DialogLook.headerIcon(Feather.SHIELD_OFF, true));
        dialog.getDialogPane().setId("leak-dialog");
        dialog.getDialogPane().getStylesheets().add(
                Objects.requireNonNull(LeakReportDialog.class.getResource("leaks.css")).toExternalForm());
        dialog.getDialogPane().setPrefWidth(WIDTH);
        dialog.getDialogPane().setMinWidth(WIDTH);

        VBox box = new VBox(12, pasteSection(), filesSection(), scanRow(), resultSection());
        dialog.getDialogPane().setContent(box);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
        dialog.getDialogPane().lookupButton(ButtonType.CLOSE).setId("leak-close");
        dialog.setOnHidden(e -> vm.close());
        vm.findings().addListener((ListChangeListener<LeakFinding>) c -> rebuildRows());
    }

    private Node pasteSection() {
        SecretInput field = new SecretInput(vm.pasted());
        field.setId("leak-pasted");
        field.setPromptText("Paste a secret, or text that holds some (a log line, a config file)");
        field.setAccessibleText("Leaked value, masked");
        field.disableProperty().bind(vm.stateProperty().isEqualTo(LeakReportViewModel.ScanState.SCANNING));
        return new VBox(6, DialogLook.fieldLabel("Paste a value", field), field);
    }

    private Node filesSection() {
        Button addFiles = new Button("Add files…", new FontIcon(Feather.FILE_PLUS));
        addFiles.setId("leak-add-files");
        addFiles.setOnAction(e -> vm.addFiles(dialogs.chooseOpenFiles(window(), "Files to scan for secrets")));
        Button addFolder = new Button("Add folder…", new FontIcon(Feather.FOLDER_PLUS));
        addFolder.setId("leak-add-folder");
        addFolder.setOnAction(e -> dialogs.chooseFolder(window(), "A folder to scan for secrets", null)
                .ifPresent(vm::addFolder));
        for (Button b : List.of(addFiles, addFolder)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
            b.disableProperty().bind(vm.stateProperty().isEqualTo(LeakReportViewModel.ScanState.SCANNING));
        }
        VBox chosen = new VBox(4);
        chosen.setId("leak-paths");
        Runnable redraw = () -> chosen.getChildren().setAll(vm.paths().stream().map(this::pathRow).toList());
        vm.paths().addListener((ListChangeListener<Path>) c -> redraw.run());
        Label what = DialogLook.muted("Subfolders too (not .git); binary files and files over 10 MB are skipped.");
        what.setWrapText(true);
        HBox buttons = new HBox(8, addFiles, addFolder, what);
        buttons.setAlignment(Pos.CENTER_LEFT);
        return new VBox(6, DialogLook.fieldLabel("Or scan files and folders", null), buttons, chosen);
    }

    private Node pathRow(Path path) {
        Label name = new Label(path.toString(), new FontIcon(vm.isFolder(path) ? Feather.FOLDER : Feather.FILE));
        name.getStyleClass().add("leak-path");
        name.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(name, Priority.ALWAYS);
        Button remove = new Button(null, new FontIcon(Feather.X));
        remove.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        remove.setAccessibleText("Remove " + path);
        remove.setTooltip(new Tooltip("Do not scan this"));
        remove.disableProperty().bind(vm.stateProperty().isEqualTo(LeakReportViewModel.ScanState.SCANNING));
        remove.setOnAction(e -> vm.removePath(path));
        HBox row = new HBox(6, name, remove);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private Node scanRow() {
        Button scan = new Button("Scan", new FontIcon(Feather.SEARCH));
        scan.setId("leak-scan");
        scan.getStyleClass().add(Styles.ACCENT);
        scan.disableProperty().bind(vm.canScanBinding().not());
        scan.setOnAction(e -> vm.scan());
        Button cancel = new Button("Cancel scan");
        cancel.setId("leak-cancel");
        var scanning = vm.stateProperty().isEqualTo(LeakReportViewModel.ScanState.SCANNING);
        cancel.visibleProperty().bind(scanning);
        cancel.managedProperty().bind(scanning);
        cancel.setOnAction(e -> vm.cancel());
        ProgressBar bar = new ProgressBar();
        bar.setId("leak-progress");
        bar.progressProperty().bind(vm.progressFractionProperty());
        bar.visibleProperty().bind(scanning);
        bar.managedProperty().bind(scanning);
        bar.setPrefWidth(160);
        Label progress = DialogLook.muted("");
        progress.setId("leak-progress-text");
        progress.textProperty().bind(vm.progressProperty());
        HBox row = new HBox(10, scan, cancel, bar, progress);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private Node resultSection() {
        Label summary = new Label();
        summary.setId("leak-summary");
        summary.setWrapText(true);
        summary.textProperty().bind(vm.summaryProperty());
        summary.managedProperty().bind(summary.textProperty().isNotEmpty());
        summary.visibleProperty().bind(summary.managedProperty());
        Label error = DialogLook.errorLine(vm.errorProperty());
        error.setId("leak-error");

        ScrollPane scroll = new ScrollPane(rows);
        scroll.setId("leak-findings");
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(170);
        scroll.getStyleClass().add("leak-findings");
        var some = Bindings.isNotEmpty(vm.findings());
        scroll.managedProperty().bind(some);
        scroll.visibleProperty().bind(some);

        VBox actionsBox = new VBox(8);
        if (vm.graceSupported()) {
            ComboBox<RenewViewModel.GraceOption> grace = new ComboBox<>();
            grace.setId("leak-grace");
            grace.getItems().setAll(vm.graceOptions());
            grace.valueProperty().bindBidirectional(vm.graceProperty());
            grace.setAccessibleText("How long the leaked value keeps working after Rotate now");
            Label label = DialogLook.fieldLabel("After Rotate now, the leaked value keeps working for", grace);
            HBox graceRow = new HBox(10, label, grace);
            graceRow.setAlignment(Pos.CENTER_LEFT);
            actionsBox.getChildren().add(graceRow);
        }
        var note = DialogLook.callout(DialogLook.Tone.INFO, NOTE);
        note.setId("leak-note");
        actionsBox.getChildren().add(note);
        actionsBox.managedProperty().bind(some);
        actionsBox.visibleProperty().bind(some);
        return new VBox(10, summary, error, scroll, actionsBox);
    }

    private void rebuildRows() {
        rows.getChildren().clear();
        int i = 0;
        for (LeakFinding f : vm.findings()) {
            rows.getChildren().add(row(f, i++));
        }
    }

    /** One value: hint, whose it is and its state, where it was found, what happened, and the two actions. */
    private Node row(LeakFinding f, int index) {
        Label hint = new Label(f.hintText());
        hint.getStyleClass().add("sd-mono");
        Label whose = new Label();
        whose.setId("leak-owner-" + index);
        whose.getStyleClass().add(Styles.TEXT_BOLD);
        whose.textProperty().bind(Bindings.createStringBinding(() -> ownerText(f.identification()),
                f.identificationProperty()));
        Label chip = new Label();
        chip.setId("leak-state-" + index);
        chip.getStyleClass().add("leak-chip");
        chip.textProperty().bind(Bindings.createStringBinding(() -> chipText(f), f.phaseProperty(),
                f.identificationProperty()));
        chip.textProperty().addListener((obs, o, n) -> chipStyle(chip, f));
        chipStyle(chip, f);
        HBox top = new HBox(8, hint, whose, chip);
        top.setAlignment(Pos.CENTER_LEFT);

        whose.setMinWidth(0);
        Label where = DialogLook.muted(f.whereText());
        where.setId("leak-where-" + index);
        where.setTooltip(new Tooltip(f.allLocationsText()));
        Label message = new Label();
        message.setId("leak-message-" + index);
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE);
        message.textProperty().bind(f.messageProperty());
        f.failedProperty().addListener((obs, o, failed) -> styleMessage(message, failed));
        styleMessage(message, f.failedProperty().get());
        VBox text = new VBox(3, top, where, message);
        HBox.setHgrow(text, Priority.ALWAYS);

        Button rotate = new Button("Rotate now", new FontIcon(Feather.REFRESH_CW));
        rotate.setId("leak-rotate-" + index);
        rotate.getStyleClass().add(Styles.ACCENT);
        Button revoke = new Button("Revoke…", new FontIcon(Feather.TRASH_2));
        revoke.setId("leak-revoke-" + index);
        revoke.getStyleClass().add(Styles.DANGER);
        bindAction(rotate, f, vm.rotateBlockedReason());
        bindAction(revoke, f, vm.revokeBlockedReason());
        // A rotation that ends after this dialog closed still reveals its value, over the main window then.
        BiConsumer<String, IssuedSecret> reveal = (app, issued) -> actions.reveal(dialog.isShowing() ? window() : owner,
                app, issued, vm.capabilities());
        rotate.setOnAction(e -> vm.rotate(f, reveal));
        revoke.setOnAction(e -> vm.prepareRevoke(f, last -> actions.confirmRevoke(window(), vm, f, last)));
        VBox buttons = new VBox(6, rotate, revoke);
        buttons.setAlignment(Pos.TOP_RIGHT);
        for (Button b : List.of(rotate, revoke)) {
            b.setMaxWidth(Double.MAX_VALUE);
            b.setMinWidth(Region.USE_PREF_SIZE);
        }

        HBox row = new HBox(12, text, buttons);
        row.setId("leak-row-" + index);
        row.getStyleClass().add("leak-row");
        return row;
    }

    /** Shown only while the value can be acted on; with a gateway that cannot, disabled with the reason. */
    private static void bindAction(Button button, LeakFinding f, String blockedReason) {
        if (blockedReason != null) {
            button.setDisable(true);
            button.setTooltip(new Tooltip(blockedReason));
            button.visibleProperty().bind(f.identificationProperty().isNotNull());
        } else {
            button.disableProperty().bind(f.actionableBinding().not());
            button.visibleProperty().bind(f.actionableBinding().or(f.busyProperty()));
        }
        button.managedProperty().bind(button.visibleProperty());
    }

    static String ownerText(SecretIdentification id) {
        if (id == null) {
            return "";
        }
        return id.applicationName() == null ? "" : id.applicationName() + " \u2014 \u201c" + id.description()
                + "\u201d";
    }

    static String chipText(LeakFinding f) {
        return switch (f.phaseProperty().get()) {
            case IDENTIFYING -> "Identifying…";
            case NOT_IDENTIFIED -> "Not identified";
            case ROTATED -> "Rotated";
            case REVOKED -> "Revoked";
            case IDENTIFIED -> switch (f.identification().state()) {
                case ACTIVE -> "Active";
                case GRACE -> "In grace";
                case EXPIRED -> "No longer works";
                case UNKNOWN -> "Unknown";
            };
        };
    }

    private static void chipStyle(Label chip, LeakFinding f) {
        chip.getStyleClass().removeAll("leak-chip-danger", "leak-chip-done", "leak-chip-muted");
        SecretIdentification id = f.identification();
        LeakFinding.Phase phase = f.phaseProperty().get();
        if (phase == LeakFinding.Phase.ROTATED || phase == LeakFinding.Phase.REVOKED) {
            chip.getStyleClass().add("leak-chip-done");
        } else if (id != null && phase == LeakFinding.Phase.IDENTIFIED && id.state().works()) {
            chip.getStyleClass().add("leak-chip-danger");
        } else {
            chip.getStyleClass().add("leak-chip-muted");
        }
    }

    private static void styleMessage(Label message, boolean failed) {
        message.getStyleClass().removeAll("sd-error", Styles.TEXT_MUTED);
        message.getStyleClass().add(failed ? "sd-error" : Styles.TEXT_MUTED);
    }

    private Window window() {
        return dialog.getDialogPane().getScene() == null ? null : dialog.getDialogPane().getScene().getWindow();
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    public void show() {
        dialog.show();
    }
}
