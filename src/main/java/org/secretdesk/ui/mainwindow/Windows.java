package org.secretdesk.ui.mainwindow;

import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.value.ObservableValue;
import javafx.collections.ObservableList;
import javafx.stage.Window;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.model.Application;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.SecretSummary;

/**
 * The windows the main window opens besides the secret dialogs ({@link org.secretdesk.ui.common.Workflows}): the
 * audit log, the expiry policies, the notification channels and calendar link, the rotation panel, the stale
 * secrets, the preferences, and quitting. The
 * composition root provides them.
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

    /**
     * The rotation panel of a renewed secret (issue 21): its old and new values side by side.
     *
     * @param live             the secret as the main window keeps reading it (live events reload it); null once
     *                         deleted
     * @param onChanged        after the panel changed the secret (end or extend the grace)
     * @param changedElsewhere when a change was refused because someone else changed it first
     */
    default void rotation(Window owner, GatewayClient client, Capabilities capabilities, Application application,
                          ObservableValue<SecretSummary> live, Runnable onChanged, Runnable changedElsewhere) {
    }

    /** Stale secrets across every application; {@code applicationNames} maps an id to its name. */
    default void staleSecrets(Window owner, GatewayClient client, Capabilities capabilities,
                              Function<String, String> applicationNames) {
    }

    /** Settings → Notification channels (issue 23): add, edit, test and remove; their last deliveries. */
    default void notificationChannels(Window owner, GatewayClient client) {
    }

    /** The expiry calendar's link (issue 23): issue, copy, revoke, re-issue. */
    default void calendarFeed(Window owner, GatewayClient client) {
    }

    /** Quits the console (≡ → Quit, Ctrl+Q). */
    default void quit() {
    }
}
