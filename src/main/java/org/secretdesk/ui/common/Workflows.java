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
 * thread after the gateway accepted a change (so the caller reloads), never when the user cancelled. When the gateway
 * refused a change because the data changed elsewhere (412, or 404 for something deleted), implementations call
 * {@link #notifyChangedElsewhere(Runnable, Throwable)}: a caller that passed a {@link ChangeListener} then hears
 * it apart from an ordinary change; any other {@code Runnable} simply runs, as before.
 */
public interface Workflows {

    /** An {@code onChanged} callback that also wants to know when the change was refused as stale. */
    interface ChangeListener extends Runnable {

        /** The gateway refused because someone else changed the data first; by default, reload like a change. */
        default void changedElsewhere(Throwable cause) {
            run();
        }

        /**
         * A renew kept the old value working for a grace period, and the operator has closed the reveal: the
         * caller may show who still uses the old value (the rotation panel). By default nothing.
         */
        default void renewedWithGrace(SecretSummary renewed) {
        }
    }

    /** For implementations: reports a renew with a grace period to {@code onChanged}. On the FX thread. */
    static void notifyRenewedWithGrace(Runnable onChanged, SecretSummary renewed) {
        if (onChanged instanceof ChangeListener listener) {
            listener.renewedWithGrace(renewed);
        }
    }

    /** For implementations: reports a stale refusal (412/404) to {@code onChanged}. On the FX thread. */
    static void notifyChangedElsewhere(Runnable onChanged, Throwable cause) {
        if (onChanged instanceof ChangeListener listener) {
            listener.changedElsewhere(cause);
        } else {
            onChanged.run();
        }
    }

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

    /**
     * Edit an application's description and roles; {@code onChanged} runs after the gateway saved them. Does nothing
     * where the gateway cannot (the main window says why before).
     */
    default void editApplication(Window owner, GatewayClient client, Application application, Runnable onChanged) {
    }

    /** Typed-name delete of an application and all its secrets. */
    void deleteApplication(Window owner, GatewayClient client, Application application, Runnable onChanged);
}
