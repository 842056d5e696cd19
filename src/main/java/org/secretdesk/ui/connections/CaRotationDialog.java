package org.secretdesk.ui.connections;

import atlantafx.base.theme.Styles;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.secretdesk.model.CaInfo;
import org.secretdesk.ui.reveal.DialogLook;

/**
 * "Rotate CA…" from the connection details: the current CA, whether rotation is blocked and why, and a typed
 * confirmation before forcing it. {@code onRotated} lets the shell reconnect, which re-pins through the
 * fingerprint prompt.
 */
public final class CaRotationDialog {

    private final Dialog<Void> dialog = new Dialog<>();

    public CaRotationDialog(Window owner, CaRotationViewModel vm, Consumer<CaInfo> onRotated) {
        Objects.requireNonNull(vm, "vm");
        DialogLook.prepare(dialog, owner, "SecretDesk", "Rotate the gateway's CA");
        dialog.getDialogPane().getStylesheets().add(Objects.requireNonNull(
                CaRotationDialog.class.getResource("connections.css")).toExternalForm());
        ButtonType rotate = new ButtonType("Rotate CA", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CLOSE, rotate);
        Button rotateButton = DialogLook.interceptSubmit(dialog, rotate, vm.busyProperty(), () -> vm.rotate(onRotated));
        rotateButton.getStyleClass().add(Styles.DANGER);
        rotateButton.disableProperty().bind(vm.canRotate().not());

        Label current = new Label();
        current.setId("rotation-current");
        current.setWrapText(true);
        current.setMinHeight(Region.USE_PREF_SIZE);
        VBox blockedBox = new VBox(8);
        blockedBox.setId("rotation-blocked");
        blockedBox.managedProperty().bind(blockedBox.visibleProperty());
        TextField typed = new TextField();
        typed.setId("rotation-confirm");
        typed.textProperty().bindBidirectional(vm.typedConfirmationProperty());
        Label done = new Label();
        done.setId("rotation-done");
        done.setWrapText(true);
        done.setMinHeight(Region.USE_PREF_SIZE);
        done.getStyleClass().add("sd-success");
        done.visibleProperty().bind(vm.rotatedProperty().isNotNull());
        done.managedProperty().bind(done.visibleProperty());

        Runnable refresh = () -> {
            CaInfo ca = vm.infoProperty().get();
            current.setText(ca == null ? "Reading the CA…" : ca.subject() + "\nSHA-256 " + ca.sha256Fingerprint()
                    + "\nValid until " + ca.notAfter());
            blockedBox.getChildren().clear();
            blockedBox.setVisible(vm.blocked() && vm.rotatedProperty().get() == null);
            if (vm.blocked()) {
                blockedBox.getChildren().addAll(DialogLook.callout(DialogLook.Tone.DANGER, vm.blockedReason()),
                        DialogLook.fieldLabel("Type " + CaRotationViewModel.CONFIRMATION + " to rotate anyway", typed),
                        typed);
            }
            CaInfo n = vm.rotatedProperty().get();
            done.setText(n == null ? "" : "Rotated. New CA SHA-256 " + n.sha256Fingerprint() + ". SecretDesk will ask"
                    + " you to trust it on the next connection; compare this fingerprint then, and give the new CA"
                    + " certificate (Export CA certificate…) to every client.");
        };
        vm.infoProperty().addListener((o, a, b) -> refresh.run());
        vm.rotatedProperty().addListener((o, a, b) -> refresh.run());
        refresh.run();
        VBox box = new VBox(12, DialogLook.muted("Rotating issues a new root CA and a new server certificate. Clients"
                        + " that trust the current CA stop trusting the gateway."),
                current, blockedBox, done, DialogLook.busyRow(vm.busyProperty(), "Working…"),
                DialogLook.errorLine(vm.errorProperty()));
        dialog.getDialogPane().setContent(box);
        vm.load();
    }

    /** Shows the dialog for the connected gateway; blocks until it is closed. */
    public static void show(Window owner, org.secretdesk.client.GatewayClient client, org.secretdesk.ui.common.Background background,
                            Consumer<CaInfo> onRotated) {
        new CaRotationDialog(owner, new CaRotationViewModel(client, background), onRotated).dialog.showAndWait();
    }

    public Dialog<Void> dialog() {
        return dialog;
    }
}
