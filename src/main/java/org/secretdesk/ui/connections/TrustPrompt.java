package org.secretdesk.ui.connections;

import java.time.Clock;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.desk.connections.Fingerprint;
import org.secretdesk.desk.connections.UntrustedChainException;
import org.secretdesk.ui.reveal.DialogLook;

/**
 * The fingerprint prompt: trust on first use, or the "certificate changed" block with both fingerprints. Cancel is
 * the default button; accepting needs the "I compared it" confirmation.
 */
public final class TrustPrompt {

    private final TrustPromptViewModel vm;
    private final Dialog<Boolean> dialog = new Dialog<>();
    private final ButtonType accept;

    public TrustPrompt(Window owner, TrustPromptViewModel vm) {
        this.vm = Objects.requireNonNull(vm, "vm");
        DialogLook.prepare(dialog, owner, "SecretDesk", vm.title());
        dialog.getDialogPane().getStylesheets().add(Objects.requireNonNull(
                TrustPrompt.class.getResource("connections.css")).toExternalForm());
        FontIcon icon = new FontIcon(vm.firstUse() ? Feather.SHIELD : Feather.SHIELD_OFF);
        icon.getStyleClass().add(vm.firstUse() ? "sd-header-icon" : "sd-header-icon-danger");
        dialog.getDialogPane().setGraphic(icon);
        accept = new ButtonType(vm.acceptLabel(), ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType(vm.firstUse() ? "Cancel" : "Do not connect", ButtonBar.ButtonData.CANCEL_CLOSE);
        dialog.getDialogPane().getButtonTypes().addAll(cancel, accept);
        Button acceptButton = (Button) dialog.getDialogPane().lookupButton(accept);
        // Enter never accepts a changed certificate; on first use it can, once the comparison is confirmed.
        acceptButton.setDefaultButton(vm.firstUse());
        if (!vm.firstUse()) {
            acceptButton.getStyleClass().add(atlantafx.base.theme.Styles.DANGER);
        }
        acceptButton.disableProperty().bind(vm.canAccept().not());
        ((Button) dialog.getDialogPane().lookupButton(cancel)).setDefaultButton(!vm.firstUse());
        dialog.getDialogPane().setContent(content());
        dialog.setResultConverter(b -> b == accept);
    }

    /** Shows the prompt and returns whether the operator trusts the presented CA. */
    public static boolean ask(Window owner, UntrustedChainException untrusted, String connectionName) {
        return new TrustPrompt(owner, new TrustPromptViewModel(untrusted, connectionName, Clock.systemUTC()))
                .dialog.showAndWait().orElse(false);
    }

    public Dialog<Boolean> dialog() {
        return dialog;
    }

    private Node content() {
        VBox box = new VBox(12);
        box.setId("trust-prompt");
        Label message = new Label(vm.message());
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE);
        if (vm.firstUse()) {
            box.getChildren().add(message);
        } else {
            box.getChildren().add(DialogLook.callout(DialogLook.Tone.DANGER, vm.message()));
        }

        GridPane grid = DialogLook.formGrid(14, 7, false);
        int row = 0;
        grid.addRow(row++, DialogLook.rowKey("CA subject"), value(vm.ca().subject(), "trust-subject"));
        grid.addRow(row++, DialogLook.rowKey("Issuer"), value(vm.ca().issuer() + (vm.ca().selfSigned() ? "  (self-signed)" : ""),
                "trust-issuer"));
        Label validity = value(vm.validity(), "trust-validity");
        if (!vm.validityProblem().isEmpty()) {
            validity.getStyleClass().add("sd-validity-problem");
            validity.setText(vm.validity() + "\n" + vm.validityProblem());
        }
        grid.addRow(row++, DialogLook.rowKey("Valid"), validity);
        grid.addRow(row, DialogLook.rowKey("Server"), value(vm.server().subject(), "trust-server"));
        box.getChildren().add(grid);
        if (vm.firstUse()) {
            box.getChildren().add(new VBox(4, DialogLook.rowKey("SHA-256 fingerprint of the CA"),
                    fingerprint(vm.presentedFingerprint(), "trust-presented", false)));
        } else {
            VBox both = new VBox(10,
                    new VBox(4, DialogLook.rowKey("Trusted until now"), fingerprint(vm.pinnedFingerprint(), "trust-pinned", false)),
                    new VBox(4, DialogLook.rowKey("Presented now"), fingerprint(vm.presentedFingerprint(), "trust-presented", true)));
            box.getChildren().add(both);
        }

        TextField expected = new TextField();
        expected.setId("trust-expected");
        expected.setPromptText("Paste the fingerprint you were given (optional)");
        expected.textProperty().bindBidirectional(vm.expectedFingerprintProperty());
        Label mismatch = new Label();
        mismatch.setId("trust-comparison");
        mismatch.textProperty().bind(Bindings.createStringBinding(vm::comparisonText,
                vm.expectedFingerprintProperty()));
        vm.expectedFingerprintProperty().addListener((o, a, b) -> mismatch.getStyleClass().setAll("label",
                vm.comparison() == TrustPromptViewModel.Comparison.MATCHES ? "sd-success" : "sd-error"));
        mismatch.visibleProperty().bind(mismatch.textProperty().isNotEmpty());
        mismatch.managedProperty().bind(mismatch.visibleProperty());

        CheckBox confirm = new CheckBox(vm.firstUse()
                ? "I compared the SHA-256 fingerprint and it matches"
                : "The gateway's administrator confirmed this new fingerprint");
        confirm.setId("trust-confirm");
        confirm.selectedProperty().bindBidirectional(vm.confirmedProperty());
        VBox.setMargin(confirm, new Insets(4, 0, 0, 0));
        box.getChildren().addAll(expected, mismatch, confirm);
        return box;
    }

    private static Label value(String text, String id) {
        Label l = new Label(text);
        l.setId(id);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    private static Label fingerprint(String fp, String id, boolean changed) {
        Label l = new Label(Fingerprint.inTwoLines(fp));
        l.setId(id);
        l.getStyleClass().addAll("sd-mono", "sd-fingerprint");
        if (changed) {
            l.getStyleClass().add("sd-fingerprint-changed");
        }
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }
}
