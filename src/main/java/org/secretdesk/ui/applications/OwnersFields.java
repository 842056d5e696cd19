package org.secretdesk.ui.applications;

import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import org.secretdesk.ui.reveal.DialogLook;

/**
 * The owners' rows of New and Edit application (issue 23): the addresses, the team, their messages and where the
 * warnings go; or, on a gateway without owners, why there are none.
 */
final class OwnersFields {

    private OwnersFields() {
    }

    /** Adds the rows to {@code grid} from {@code row}; returns the next free row. */
    static int add(GridPane grid, int row, OwnersInput owners, ObservableBooleanValue busy, String idPrefix) {
        if (!owners.supported()) {
            Label why = DialogLook.muted(owners.unavailable());
            why.setId(idPrefix + "-owners-unavailable");
            grid.add(DialogLook.fieldLabel("Owners", why), 0, row);
            grid.add(why, 1, row);
            return row + 1;
        }
        TextField emails = new TextField();
        emails.setId(idPrefix + "-owners");
        emails.setPromptText("alice@example.com, bob@example.com");
        emails.textProperty().bindBidirectional(owners.emails());
        emails.disableProperty().bind(busy);
        Label emailsError = DialogLook.errorLine(owners.emailsError());
        emailsError.setId(idPrefix + "-owners-error");
        TextField team = new TextField();
        team.setId(idPrefix + "-team");
        team.setPromptText("Optional, e.g. Payments");
        team.textProperty().bindBidirectional(owners.team());
        team.disableProperty().bind(busy);
        Label teamError = DialogLook.errorLine(owners.teamError());
        grid.add(DialogLook.mnemonicLabel("_Owners", emails), 0, row);
        grid.add(emails, 1, row++);
        grid.add(emailsError, 1, row++);
        grid.add(DialogLook.mnemonicLabel("_Team", team), 0, row);
        grid.add(team, 1, row++);
        grid.add(teamError, 1, row++);
        Label where = DialogLook.muted(OwnersInput.WHERE_NOTIFICATIONS_GO);
        where.setId(idPrefix + "-owners-help");
        grid.add(where, 1, row++);
        return row;
    }
}
