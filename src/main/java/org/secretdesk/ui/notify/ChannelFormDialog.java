package org.secretdesk.ui.notify;

import java.util.Objects;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.SetChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.secretdesk.model.Channel;
import org.secretdesk.model.ChannelEvent;
import org.secretdesk.ui.common.SecretInput;
import org.secretdesk.ui.reveal.DialogLook;

/**
 * "Add channel" / "Edit channel" (issue 23), bound to {@link ChannelFormViewModel}: the kind (fixed once added), the
 * name, the event filter as check boxes, and the kind's settings, each field with its message. The signing key or
 * SMTP password is typed into a {@link SecretInput} (its characters go to a wipeable array only); editing shows
 * "Unchanged" instead of the stored one, which is never sent back. Enter saves, Escape cancels, Alt with the
 * underlined letter moves to a field.
 */
public final class ChannelFormDialog {

    public static final ButtonType SAVE = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
    private static final double LABELS = 130;

    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final ChannelFormViewModel vm;

    public ChannelFormDialog(Window owner, ChannelFormViewModel vm, Runnable onSave) {
        this.vm = Objects.requireNonNull(vm);
        String title = vm.isEdit() ? "Edit channel" : "Add channel";
        DialogLook.prepare(dialog, owner, title, vm.isEdit() ? "Edit “" + vm.name().get() + "”"
                : "Add a notification channel");
        dialog.setGraphic(DialogLook.headerIcon(Feather.SEND, false));
        dialog.getDialogPane().setId("channel-form-dialog");
        dialog.getDialogPane().setPrefWidth(640);
        dialog.getDialogPane().setMinWidth(640);

        GridPane common = grid();
        int row = 0;
        common.add(DialogLook.fieldLabel("Type", null), 0, row);
        common.add(kindChooser(), 1, row++);
        TextField name = text("channel-name", vm.name(), "e.g. Chat ops, SIEM, Owners by mail");
        row = field(common, row, "_Name", name, vm.nameError());
        CheckBox enabled = new CheckBox("_Enabled: deliver events to this channel");
        enabled.setId("channel-enabled");
        enabled.selectedProperty().bindBidirectional(vm.enabled());
        common.add(enabled, 1, row);

        VBox box = new VBox(12, common, webhook(), email(), syslog(), events(), advanced(),
                DialogLook.busyRow(vm.submission().busyProperty(), "Saving…"), error());
        dialog.getDialogPane().setContent(box);
        box.disableProperty().bind(vm.submission().busyProperty());

        DialogLook.submitButton(dialog, SAVE, "channel-save", vm.submission().busyProperty(), vm.valid(), true,
                onSave);
        dialog.setOnHidden(e -> vm.close());
        dialog.setOnShown(e -> name.requestFocus());
    }

    private static GridPane grid() {
        GridPane grid = DialogLook.formGrid(12, 6, false);
        ColumnConstraints labels = grid.getColumnConstraints().getFirst();
        labels.setMinWidth(LABELS);
        labels.setPrefWidth(LABELS);
        return grid;
    }

    private Node kindChooser() {
        if (vm.isEdit()) {
            Label fixed = new Label(vm.kind().get().label());
            fixed.setId("channel-kind-fixed");
            return fixed;
        }
        ToggleGroup group = new ToggleGroup();
        HBox row = new HBox(16);
        for (Channel.Kind k : Channel.Kind.values()) {
            RadioButton r = new RadioButton(switch (k) {
                case WEBHOOK -> "_Webhook";
                case EMAIL -> "E-_mail";
                case SYSLOG -> "S_yslog (SIEM)";
            });
            r.setId("channel-kind-" + k.name().toLowerCase(java.util.Locale.ROOT));
            r.setToggleGroup(group);
            r.setSelected(vm.kind().get() == k);
            r.selectedProperty().addListener((obs, was, now) -> {
                if (now) {
                    vm.kind().set(k);
                }
            });
            row.getChildren().add(r);
        }
        return row;
    }

    private Node webhook() {
        GridPane g = grid();
        int row = field(g, 0, "_URL", text("channel-url", vm.url(), "https://hooks.example.com/secretdesk"),
                vm.urlError());
        row = secret(g, row, "Signing _key", "channel-signing-key", "At least 16 characters; the receiver checks "
                + "each event's HMAC-SHA256 signature with it (X-SecretDesk-Signature).");
        return forKind(g, Channel.Kind.WEBHOOK);
    }

    private Node email() {
        GridPane g = grid();
        int row = field(g, 0, "SMTP _host", text("channel-smtp-host", vm.host(), "smtp.example.com"),
                vm.hostError());
        row = portRow(g, row, "channel-smtp-port");
        row = choiceRow(g, row, "TLS mo_de", choice("channel-smtp-security", vm.security(), "STARTTLS", "TLS"),
                "STARTTLS on 587, or TLS from the start on 465; never in clear.");
        row = field(g, row, "U_ser", text("channel-smtp-user", vm.username(), "Optional: to sign in to the server"),
                null);
        row = secret(g, row, "_Password", "channel-smtp-password", "The SMTP user's password.");
        row = field(g, row, "_From", text("channel-from", vm.from(), "secretdesk@example.com"), vm.fromError());
        row = field(g, row, "T_o", text("channel-to", vm.to(), "it-ops@example.com, …"), vm.toError());
        CheckBox owners = new CheckBox("Also to each application's owne_rs");
        owners.setId("channel-to-owners");
        owners.selectedProperty().bindBidirectional(vm.toOwners());
        g.add(owners, 1, row);
        return forKind(g, Channel.Kind.EMAIL);
    }

    private Node syslog() {
        GridPane g = grid();
        int row = field(g, 0, "Syslog _host", text("channel-syslog-host", vm.host(), "siem.example.com"),
                vm.hostError());
        row = portRow(g, row, "channel-syslog-port");
        row = choiceRow(g, row, "T_ransport", choice("channel-syslog-transport", vm.transport(), "TLS", "TCP"),
                "RFC 5425 over TLS (6514) or plain TCP (601).");
        choiceRow(g, row, "F_ormat", choice("channel-syslog-format", vm.format(), "JSON", "CEF"),
                "Each event as JSON, or ArcSight CEF.");
        return forKind(g, Channel.Kind.SYSLOG);
    }

    private Node events() {
        FlowPane boxes = new FlowPane(14, 8);
        boxes.setId("channel-events");
        boxes.setPrefWrapLength(440);
        for (ChannelEvent e : ChannelEvent.values()) {
            CheckBox box = new CheckBox(e.label());
            box.setId("event-" + e.name());
            box.setSelected(vm.events().contains(e));
            box.selectedProperty().addListener((obs, was, now) -> {
                if (now) {
                    vm.events().add(e);
                } else {
                    vm.events().remove(e);
                }
            });
            vm.events().addListener((SetChangeListener<ChannelEvent>) c -> box.setSelected(vm.events().contains(e)));
            boxes.getChildren().add(box);
        }
        GridPane g = grid();
        Label label = DialogLook.fieldLabel("Events", boxes);
        GridPane.setValignment(label, VPos.TOP);
        g.add(label, 0, 0);
        g.add(boxes, 1, 0);
        Label error = DialogLook.errorLine(vm.eventsError());
        error.setId("channel-events-error");
        g.add(error, 1, 1);
        return g;
    }

    private Node advanced() {
        TextArea ca = new TextArea();
        ca.setId("channel-ca");
        ca.setPromptText("Optional: the PEM certificate of a private CA the receiver's certificate comes from "
                + "(otherwise the JDK's trusted roots)");
        ca.setPrefRowCount(2);
        ca.setWrapText(true);
        ca.textProperty().bindBidirectional(vm.caCertificate());
        GridPane g = grid();
        Label label = DialogLook.mnemonicLabel("_CA certificate", ca);
        GridPane.setValignment(label, VPos.TOP);
        g.add(label, 0, 0);
        g.add(ca, 1, 0);
        g.add(DialogLook.errorLine(vm.caError()), 1, 1);
        return g;
    }

    private Node error() {
        Label error = DialogLook.errorLine(vm.submission().errorProperty());
        error.setId("channel-form-error");
        return error;
    }

    private Node forKind(Node section, Channel.Kind kind) {
        section.visibleProperty().bind(vm.kind().isEqualTo(kind));
        section.managedProperty().bind(section.visibleProperty());
        return section;
    }

    private int portRow(GridPane g, int row, String id) {
        TextField port = text(id, vm.port(), "");
        port.setPrefColumnCount(6);
        port.setMaxWidth(110);
        Runnable hint = () -> port.setPromptText(vm.defaultPort());
        hint.run();
        vm.kind().addListener((obs, o, n) -> hint.run());
        vm.security().addListener((obs, o, n) -> hint.run());
        vm.transport().addListener((obs, o, n) -> hint.run());
        g.add(DialogLook.mnemonicLabel("Por_t", port), 0, row);
        HBox box = new HBox(10, port, DialogLook.muted("Empty: the default port."));
        box.setAlignment(Pos.CENTER_LEFT);
        g.add(box, 1, row++);
        g.add(DialogLook.errorLine(vm.portError()), 1, row++);
        return row;
    }

    private int secret(GridPane g, int row, String label, String id, String help) {
        SecretInput input = new SecretInput(vm.credential());
        input.setId(id);
        input.setAccessibleText(label.replace("_", ""));
        Label note = DialogLook.muted("");
        note.textProperty().bind(vm.credentialNote());
        note.setId(id + "-note");
        note.visibleProperty().bind(vm.credentialNote().isNotEmpty());
        note.managedProperty().bind(note.visibleProperty());
        input.promptTextProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() ->
                vm.credentialNote().get().isEmpty() ? "" : "Unchanged", vm.credentialNote()));
        g.add(DialogLook.mnemonicLabel(label, input), 0, row);
        g.add(input, 1, row++);
        g.add(note, 1, row++);
        Label error = DialogLook.errorLine(vm.credentialError());
        error.setId(id + "-error");
        g.add(error, 1, row++);
        g.add(DialogLook.muted(help), 1, row++);
        return row;
    }

    private static int field(GridPane g, int row, String label, TextField field, ObservableStringValue error) {
        g.add(DialogLook.mnemonicLabel(label, field), 0, row);
        g.add(field, 1, row++);
        GridPane.setHgrow(field, Priority.ALWAYS);
        if (error != null) {
            Label line = DialogLook.errorLine(error);
            line.setId(field.getId() + "-error");
            g.add(line, 1, row++);
        }
        return row;
    }

    private static TextField text(String id, StringProperty value, String prompt) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.textProperty().bindBidirectional(value);
        return field;
    }

    /** A labelled choice with its explanation beside it; returns the next row. */
    private static int choiceRow(GridPane g, int row, String label, ComboBox<String> choice, String hint) {
        g.add(DialogLook.mnemonicLabel(label, choice), 0, row);
        g.add(new HBox(10, choice, DialogLook.muted(hint)), 1, row);
        return row + 1;
    }

    private static ComboBox<String> choice(String id, StringProperty value, String... options) {
        ComboBox<String> box = new ComboBox<>();
        box.setId(id);
        box.getItems().setAll(options);
        box.valueProperty().bindBidirectional(value);
        box.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // never cut to "…"
        return box;
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    public void show() {
        dialog.show();
    }

    public void close() {
        dialog.setResult(SAVE);
        dialog.close();
    }
}
