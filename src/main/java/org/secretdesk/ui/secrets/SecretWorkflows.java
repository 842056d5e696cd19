package org.secretdesk.ui.secrets;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.stage.Window;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.model.Application;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.ui.common.Workflows;
import org.secretdesk.ui.reveal.ClipboardGuard;

/** The secret and application dialogs, wired to a gateway through background tasks. */
public final class SecretWorkflows implements Workflows {

    private final Executor executor;
    private final ClipboardGuard clipboard;

    public SecretWorkflows(Executor executor, ClipboardGuard clipboard) {
        this.executor = Objects.requireNonNull(executor);
        this.clipboard = Objects.requireNonNull(clipboard);
    }

    @Override
    public void newSecret(Window owner, GatewayClient client, Application application, List<SecretSummary> existing,
                          Runnable onChanged) {
        // in progress
    }

    @Override
    public void renewSecret(Window owner, GatewayClient client, Application application, SecretSummary secret,
                            Runnable onChanged) {
        // in progress
    }

    @Override
    public void deleteSecret(Window owner, GatewayClient client, Application application, SecretSummary secret,
                             boolean lastSecret, Runnable onChanged) {
        // in progress
    }

    @Override
    public void newApplication(Window owner, GatewayClient client, Consumer<Application> onCreated) {
        // in progress
    }

    @Override
    public void deleteApplication(Window owner, GatewayClient client, Application application,
                                  Runnable onChanged) {
        // in progress
    }
}
