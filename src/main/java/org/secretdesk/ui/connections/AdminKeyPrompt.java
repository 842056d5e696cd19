package org.secretdesk.ui.connections;

import java.util.Objects;
import java.util.Optional;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.secretdesk.desk.connections.ConnectionProfile;
import org.secretdesk.model.SecretValue;
import org.secretdesk.ui.common.SecretInput;
import org.secretdesk.ui.common.TypedSecret;
import org.secretdesk.ui.reveal.DialogLook;

/** Asks for a connection's admin key for this session, when the keychain holds none or cannot be used. */
public final class AdminKeyPrompt {

    private AdminKeyPrompt() {
    }

    /**
     * @param why a sentence on why the key is asked for (e.g. no keychain), shown under the field
     * @return the key (the caller destroys it), or empty when cancelled
     */
    public static Optional<SecretValue> ask(Window owner, ConnectionProfile profile, String why) {
        Dialog<ButtonType> dialog = new Dialog<>();
        String credential = profile.kind().credentialName();
        String user = profile.settings().user();
        DialogLook.prepare(dialog, owner, "SecretDesk", credential + " for \"" + profile.name() + "\""
                + (user == null ? "" : " (user " + user + ")"));
        ButtonType connect = new ButtonType("Connect", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, connect);
        TypedSecret typed = new TypedSecret();
        SecretInput field = new SecretInput(typed);
        field.setId("admin-key-field");
        Button ok = (Button) dialog.getDialogPane().lookupButton(connect);
        ok.getStyleClass().add(atlantafx.base.theme.Styles.ACCENT);
        ok.disableProperty().bind(typed.emptyProperty());
        Label address = DialogLook.muted(profile.url());
        VBox box = new VBox(8, DialogLook.fieldLabel(credential, field), field, address,
                DialogLook.callout(DialogLook.Tone.INFO, Objects.requireNonNullElse(why, "")));
        dialog.getDialogPane().setContent(box);
        dialog.setOnShown(e -> field.requestFocus());
        Optional<ButtonType> result = dialog.showAndWait();
        try {
            return result.filter(b -> b == connect).map(b -> typed.copy());
        } finally {
            typed.wipe();
        }
    }
}
