package org.secretdesk.ui.mainwindow;

import java.util.function.Consumer;
import javafx.collections.ObservableList;
import javafx.stage.Window;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.model.Application;
import org.secretdesk.model.DomainSecretPolicy;

/**
 * The windows the main window opens besides the secret dialogs ({@link org.secretdesk.ui.common.Workflows}): the
 * audit log, the expiry policies, the preferences, and quitting. The composition root provides them.
 */
public interface Windows {

    /** Opens nothing (a main window on its own, in tests). */
    Windows NONE = new Windows() {
        @Override
        public void auditLog(Window owner, GatewayClient client, ObservableList<Application> applications) {
        }

        @Override
        public void secretPolicy(Window owner, GatewayClient client, String withoutThresholds,
                                 Consumer<DomainSecretPolicy> onSaved) {
        }

        @Override
        public void applicationPolicy(Window owner, GatewayClient client, Application application,
                                      DomainSecretPolicy gatewayPolicy, Consumer<Application> onSaved,
                                      Runnable onChangedElsewhere) {
        }
    };

    /** The gateway's audit log; {@code applications} name the applications in it. */
    void auditLog(Window owner, GatewayClient client, ObservableList<Application> applications);

    /** The gateway-wide secret policy; {@code withoutThresholds} says why there are no notification thresholds. */
    void secretPolicy(Window owner, GatewayClient client, String withoutThresholds,
                      Consumer<DomainSecretPolicy> onSaved);

    /** One application's expiry policy. */
    void applicationPolicy(Window owner, GatewayClient client, Application application,
                           DomainSecretPolicy gatewayPolicy, Consumer<Application> onSaved,
                           Runnable onChangedElsewhere);

    default void preferences(Window owner) {
    }

    /**
     * "Report a leak" (issue 22) for a gateway with leak response; {@code onChanged} is told the id of each
     * application whose secrets were rotated or revoked there.
     */
    default void reportLeak(Window owner, GatewayClient client, Consumer<String> onChanged) {
    }

    /** Quits the console (≡ → Quit, Ctrl+Q). */
    default void quit() {
    }
}
