package org.secretdesk.ui.common;

import java.util.List;
import java.util.function.Consumer;
import javafx.stage.Window;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.model.Application;
import org.secretdesk.model.SecretSummary;

/**
 * The console's write workflows (dialogs plus their background calls), as the main window uses them.
 * Each method opens a modal dialog owned by {@code owner} and returns at once; {@code onChanged} runs on the FX
 * thread after the gateway accepted a change (so the caller reloads), never when the user cancelled.
 */
public interface Workflows {

    /** New secret → reveal. {@code existing} are the application's current secrets (for live validation). */
    void newSecret(Window owner, GatewayClient client, Application application, List<SecretSummary> existing,
                   Runnable onChanged);

    /** Renew (with grace option when supported) → reveal. */
    void renewSecret(Window owner, GatewayClient client, Application application, SecretSummary secret,
                     Runnable onChanged);

    /** Typed-description delete; warns when it is the application's last secret. */
    void deleteSecret(Window owner, GatewayClient client, Application application, SecretSummary secret,
                      boolean lastSecret, Runnable onChanged);

    /** New application (roles checklist, first secret on by default) → reveal with client_id and secret. */
    void newApplication(Window owner, GatewayClient client, Consumer<Application> onCreated);

    /** Typed-name delete of an application and all its secrets. */
    void deleteApplication(Window owner, GatewayClient client, Application application, Runnable onChanged);
}
