package org.secretdesk.ui.leaks;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.stage.Window;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.ui.applications.TypedConfirmDialog;
import org.secretdesk.ui.applications.TypedConfirmViewModel;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.common.DialogService;
import org.secretdesk.ui.common.ErrorMessages;
import org.secretdesk.ui.secrets.SecretWorkflows;

/**
 * Opens "Report a leak" for a connected gateway, wired to the console's own dialogs: the one-time reveal of a rotated
 * secret ({@link SecretWorkflows}) and the typed confirmation of a revoke ({@link TypedConfirmDialog}).
 */
public final class LeakReportWorkflow implements LeakReportDialog.Actions {

    private final Background background;
    private final DialogService dialogs;
    private final SecretWorkflows secrets;
    private final Clock clock;

    public LeakReportWorkflow(Background background, DialogService dialogs, SecretWorkflows secrets, Clock clock) {
        this.background = Objects.requireNonNull(background);
        this.dialogs = Objects.requireNonNull(dialogs);
        this.secrets = Objects.requireNonNull(secrets);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Asks the gateway what it can do (off the UI thread), then opens the dialog; a gateway without leak response
     * gets its reason instead.
     *
     * @param onChanged told the id of each application whose secrets were rotated or revoked
     */
    public void open(Window owner, GatewayClient client, Consumer<String> onChanged) {
        background.call(client::capabilities, capabilities -> {
            if (!capabilities.supports(Feature.LEAK_RESPONSE)) {
                dialogs.showError(owner, "Report a leak is not available", capabilities.explain(Feature.LEAK_RESPONSE));
                return;
            }
            dialog(owner, client, capabilities, onChanged).show();
        }, e -> dialogs.showError(owner, "Gateway unavailable", ErrorMessages.describe(e, "reach the gateway")));
    }

    /** The dialog for {@code client}, not shown yet (tests look into it). */
    public LeakReportDialog dialog(Window owner, GatewayClient client, Capabilities capabilities,
                                   Consumer<String> onChanged) {
        return new LeakReportDialog(owner, new LeakReportViewModel(background, client, capabilities, clock, onChanged),
                dialogs, this);
    }

    @Override
    public void reveal(Window owner, String applicationName, IssuedSecret issued, Capabilities capabilities) {
        secrets.reveal(owner, applicationName, issued, capabilities);
    }

    @Override
    public void confirmRevoke(Window owner, LeakReportViewModel viewModel, LeakFinding finding, boolean lastSecret) {
        String description = finding.identification().description();
        TypedConfirmViewModel confirm = new TypedConfirmViewModel(description, "revoke the secret");
        List<String> lines = lastSecret
                ? List.of(SecretWorkflows.DELETE_SECRET_WARNING, SecretWorkflows.LAST_SECRET_WARNING)
                : List.of(SecretWorkflows.DELETE_SECRET_WARNING);
        TypedConfirmDialog[] view = new TypedConfirmDialog[1];
        view[0] = new TypedConfirmDialog(owner, "Revoke secret", "Revoke the leaked secret \u201c" + description
                + "\u201d of " + finding.identification().applicationName() + "?", lines, "description",
                "Revoke", confirm, () -> viewModel.revoke(finding, () -> {
                    confirm.succeeded();
                    view[0].close();
                }, confirm::failed));
        view[0].show();
    }
}
