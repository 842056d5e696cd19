package org.secretdesk.ui.mainwindow;

import java.util.List;
import java.util.function.Consumer;
import javafx.stage.Window;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.model.Application;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.ui.common.Workflows;

/** Workflows that open nothing, for screens that only show the main window. */
final class NoDialogs implements Workflows {

    @Override
    public void newSecret(Window owner, GatewayClient client, Application application, List<SecretSummary> existing,
                          Runnable onChanged) {
    }

    @Override
    public void renewSecret(Window owner, GatewayClient client, Application application, SecretSummary secret,
                            Runnable onChanged) {
    }

    @Override
    public void deleteSecret(Window owner, GatewayClient client, Application application, SecretSummary secret,
                             boolean lastSecret, Runnable onChanged) {
    }

    @Override
    public void newApplication(Window owner, GatewayClient client, Consumer<Application> onCreated) {
    }

    @Override
    public void deleteApplication(Window owner, GatewayClient client, Application application, Runnable onChanged) {
    }
}
