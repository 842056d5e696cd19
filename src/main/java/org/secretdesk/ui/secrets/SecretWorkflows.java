package org.secretdesk.ui.secrets;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.stage.Window;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.client.CreatedApplication;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.desk.DataDirectory;
import org.secretdesk.model.Application;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.ui.applications.EditApplicationDialog;
import org.secretdesk.ui.applications.EditApplicationViewModel;
import org.secretdesk.ui.applications.NewApplicationDialog;
import org.secretdesk.ui.applications.NewApplicationViewModel;
import org.secretdesk.ui.applications.TypedConfirmDialog;
import org.secretdesk.ui.applications.TypedConfirmViewModel;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.common.DialogService;
import org.secretdesk.ui.common.ErrorMessages;
import org.secretdesk.ui.common.Workflows;
import org.secretdesk.ui.reveal.ClipboardGuard;
import org.secretdesk.ui.reveal.RevealDialog;
import org.secretdesk.ui.reveal.RevealViewModel;

/**
 * The secret and application dialogs, wired to a gateway: every gateway call runs through {@link Background},
 * results come back on the FX thread, and every issued secret ends in the one-time reveal.
 */
public final class SecretWorkflows implements Workflows {

    public static final String DELETE_SECRET_WARNING =
            "This cannot be undone. Clients using this secret will fail to authenticate.";
    public static final String LAST_SECRET_WARNING =
            "This is the application's last secret: after deleting it, no client can authenticate as this "
                    + "application until a new secret is generated.";

    private final Background background;
    private final ClipboardGuard clipboard;
    private final DialogService dialogs;
    private final Clock clock;
    /** Where the last client-secret file was saved this session: the next save starts there. */
    private final AtomicReference<Path> lastSaveFolder = new AtomicReference<>(DataDirectory.home());

    public SecretWorkflows(Background background, ClipboardGuard clipboard, DialogService dialogs, Clock clock) {
        this.background = Objects.requireNonNull(background);
        this.clipboard = Objects.requireNonNull(clipboard);
        this.dialogs = Objects.requireNonNull(dialogs);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public void newSecret(Window owner, GatewayClient client, Application application, List<SecretSummary> existing,
                          Runnable onChanged) {
        List<SecretSummary> snapshot = List.copyOf(existing);
        withCapabilities(owner, client, capabilities -> newSecret(owner, client, application, snapshot, onChanged,
                capabilities));
    }

    private void newSecret(Window owner, GatewayClient client, Application application, List<SecretSummary> existing,
                           Runnable onChanged, Capabilities capabilities) {
        if (!capabilities.supports(Feature.CREATE_SECRET)) {
            dialogs.showError(owner, "Cannot create a secret", capabilities.explain(Feature.CREATE_SECRET));
            return;
        }
        NewSecretViewModel viewModel = new NewSecretViewModel(application, new ArrayList<>(existing),
                capabilities, clock);
        NewSecretDialog[] view = new NewSecretDialog[1];
        view[0] = new NewSecretDialog(owner, viewModel, () -> viewModel.begin().ifPresent(request ->
                background.call(() -> client.createSecret(application.id(), request.description(),
                                request.expiresAfter(), viewModel.idempotencyKey()), issued -> {
                            viewModel.succeeded();
                            view[0].close();
                            // Reveal first: nothing the caller's reload does may cost the operator the secret.
                            reveal(owner, application.name(), issued, capabilities);
                            onChanged.run();
                        }, e -> {
                            viewModel.failed(e);
                            if (ErrorMessages.isStale(e)) {
                                Workflows.notifyChangedElsewhere(onChanged, e);
                            }
                        })));
        if (capabilities.supports(Feature.DOMAIN_POLICY)) {
            background.call(client::getSecretPolicy, viewModel::policyLoaded, viewModel::policyFailed);
        } else {
            viewModel.policyLoaded(null);
        }
        view[0].show();
    }

    @Override
    public void renewSecret(Window owner, GatewayClient client, Application application, SecretSummary secret,
                            Runnable onChanged) {
        withCapabilities(owner, client, capabilities -> renewSecret(owner, client, application, secret, onChanged,
                capabilities));
    }

    private void renewSecret(Window owner, GatewayClient client, Application application, SecretSummary secret,
                             Runnable onChanged, Capabilities capabilities) {
        RenewViewModel viewModel = new RenewViewModel(secret, capabilities, clock);
        RenewDialog[] view = new RenewDialog[1];
        view[0] = new RenewDialog(owner, application.name(), viewModel, () -> viewModel.begin().ifPresent(grace ->
                background.call(() -> client.renewSecret(application.id(), secret.id(), grace.orElse(null),
                                viewModel.retireAfterQuiet(), secret.version(), viewModel.idempotencyKey()), issued -> {
                            viewModel.succeeded();
                            view[0].close();
                            // Reveal first: nothing the caller's reload does may cost the operator the secret.
                            RevealDialog revealed = reveal(owner, application.name(), issued, capabilities);
                            onChanged.run();
                            if (issued.secret().graceUntil() != null) {
                                // Then the rotation panel: who still uses the old value, live.
                                revealed.dialog().showingProperty().addListener((obs, was, showing) -> {
                                    if (!showing) {
                                        Workflows.notifyRenewedWithGrace(onChanged, issued.secret());
                                    }
                                });
                            }
                        }, e -> {
                            if (viewModel.failed(e)) {
                                Workflows.notifyChangedElsewhere(onChanged, e);
                            }
                        })));
        if (!viewModel.retireOptions().isEmpty()) {
            background.call(() -> client.getRotationPolicy(application.id()), viewModel::rotationPolicyLoaded,
                    e -> viewModel.rotationPolicyLoaded(null));
        }
        view[0].show();
    }

    @Override
    public void deleteSecret(Window owner, GatewayClient client, Application application, SecretSummary secret,
                             boolean lastSecret, Runnable onChanged) {
        withCapabilities(owner, client, capabilities -> deleteSecret(owner, client, application, secret, lastSecret,
                onChanged, capabilities));
    }

    private void deleteSecret(Window owner, GatewayClient client, Application application, SecretSummary secret,
                              boolean lastSecret, Runnable onChanged, Capabilities capabilities) {
        if (!capabilities.supports(Feature.DELETE_SECRET)) {
            dialogs.showError(owner, "Cannot delete the secret", capabilities.explain(Feature.DELETE_SECRET));
            return;
        }
        if (lastSecret && !capabilities.supports(Feature.DELETE_LAST_SECRET)) {
            dialogs.showError(owner, "Cannot delete the last secret",
                    capabilities.explain(Feature.DELETE_LAST_SECRET));
            return;
        }
        TypedConfirmViewModel viewModel = new TypedConfirmViewModel(secret.description(), "delete the secret");
        List<String> lines = deleteSecretWarnings(lastSecret, capabilities);
        TypedConfirmDialog[] view = new TypedConfirmDialog[1];
        view[0] = new TypedConfirmDialog(owner, "Delete secret",
                "Delete secret \u201c" + secret.description() + "\u201d of " + application.name() + "?",
                lines, "description", "Delete", viewModel, () ->
                background.call(() -> {
                            client.deleteSecret(application.id(), secret.id(), secret.version());
                            return Boolean.TRUE;
                        }, done -> {
                            viewModel.succeeded();
                            view[0].close();
                            onChanged.run();
                        }, e -> {
                            viewModel.failed(e);
                            if (ErrorMessages.isStale(e)) {
                                Workflows.notifyChangedElsewhere(onChanged, e);
                            }
                        }));
        view[0].show();
    }

    @Override
    public void newApplication(Window owner, GatewayClient client, Consumer<Application> onCreated) {
        withCapabilities(owner, client, capabilities -> newApplication(owner, client, onCreated, capabilities));
    }

    private void newApplication(Window owner, GatewayClient client, Consumer<Application> onCreated,
                                Capabilities capabilities) {
        if (!capabilities.supports(Feature.CREATE_APPLICATION)) {
            dialogs.showError(owner, "Cannot create an application",
                    capabilities.explain(Feature.CREATE_APPLICATION));
            return;
        }
        NewApplicationViewModel viewModel = new NewApplicationViewModel(capabilities);
        NewApplicationDialog[] view = new NewApplicationDialog[1];
        view[0] = new NewApplicationDialog(owner, viewModel, () -> viewModel.begin().ifPresent(request ->
                background.call(() -> client.createApplication(request), (CreatedApplication created) -> {
                            viewModel.succeeded();
                            view[0].close();
                            if (created.issuedSecret() != null) {
                                reveal(owner, created.application().name(), created.issuedSecret(), capabilities);
                            }
                            onCreated.accept(created.application());
                        }, viewModel::failed)));
        if (viewModel.supportsRoles()) {
            viewModel.rolesLoading();
            background.call(client::listRoles, viewModel::rolesLoaded, viewModel::rolesFailed);
        }
        view[0].show();
    }

    @Override
    public void editApplication(Window owner, GatewayClient client, Application application, Runnable onChanged) {
        withCapabilities(owner, client, capabilities -> editApplication(owner, client, application, onChanged,
                capabilities));
    }

    private void editApplication(Window owner, GatewayClient client, Application application, Runnable onChanged,
                                 Capabilities capabilities) {
        if (!capabilities.supports(Feature.EDIT_APPLICATION)) {
            dialogs.showError(owner, "Cannot edit the application", capabilities.explain(Feature.EDIT_APPLICATION));
            return;
        }
        EditApplicationViewModel viewModel = new EditApplicationViewModel(application, capabilities);
        EditApplicationDialog[] view = new EditApplicationDialog[1];
        view[0] = new EditApplicationDialog(owner, viewModel, () -> viewModel.begin().ifPresent(patch ->
                background.call(() -> client.updateApplication(application.id(), patch, application.version()),
                        saved -> {
                            viewModel.submission().succeeded();
                            view[0].close();
                            onChanged.run();
                        }, e -> {
                            if (viewModel.failed(e)) {
                                Workflows.notifyChangedElsewhere(onChanged, e);
                            }
                        })));
        if (viewModel.supportsRoles()) {
            viewModel.roles().loading();
            background.call(client::listRoles, viewModel.roles()::loaded, viewModel.roles()::failed);
        }
        view[0].show();
    }

    @Override
    public void deleteApplication(Window owner, GatewayClient client, Application application,
                                  Runnable onChanged) {
        withCapabilities(owner, client, capabilities -> deleteApplication(owner, client, application, onChanged,
                capabilities));
    }

    private void deleteApplication(Window owner, GatewayClient client, Application application, Runnable onChanged,
                                   Capabilities capabilities) {
        if (!capabilities.supports(Feature.DELETE_APPLICATION)) {
            dialogs.showError(owner, "Cannot delete the application",
                    capabilities.explain(Feature.DELETE_APPLICATION));
            return;
        }
        TypedConfirmViewModel viewModel = new TypedConfirmViewModel(application.name(), "delete the application");
        String warning = deleteApplicationWarning(application.secretCount());
        TypedConfirmDialog[] view = new TypedConfirmDialog[1];
        view[0] = new TypedConfirmDialog(owner, "Delete application",
                "Delete application \u201c" + application.name() + "\u201d?", List.of(warning), "name",
                "Delete application", viewModel, () ->
                background.call(() -> {
                            client.deleteApplication(application.id(), application.version());
                            return Boolean.TRUE;
                        }, done -> {
                            viewModel.succeeded();
                            view[0].close();
                            onChanged.run();
                        }, e -> {
                            viewModel.failed(e);
                            if (ErrorMessages.isStale(e)) {
                                Workflows.notifyChangedElsewhere(onChanged, e);
                            }
                        }));
        view[0].show();
    }

    /**
     * What deleting a secret does. The last-secret line only where secrets belong to an application whose clients
     * share them: each DataMiner name is a client of its own (issue 25: it was warned about on DataMiner too).
     */
    static List<String> deleteSecretWarnings(boolean lastSecret, Capabilities capabilities) {
        return lastSecret && capabilities.supports(Feature.APPLICATIONS)
                ? List.of(DELETE_SECRET_WARNING, LAST_SECRET_WARNING) : List.of(DELETE_SECRET_WARNING);
    }

    /** What deleting an application with {@code n} secrets does, in one sentence. */
    static String deleteApplicationWarning(int n) {
        if (n == 0) {
            return "This cannot be undone: the application is deleted.";
        }
        return "This cannot be undone: the application and its " + (n == 1 ? "secret are" : n + " secrets are")
                + " deleted, and clients using " + (n == 1 ? "it" : "them") + " will fail to authenticate.";
    }

    /**
     * Asks the connector for its capabilities off the FX thread (a connector may need the network to know them),
     * then opens the dialog on the FX thread.
     */
    private void withCapabilities(Window owner, GatewayClient client, Consumer<Capabilities> open) {
        background.call(client::capabilities, open, e -> dialogs.showError(owner, "Gateway unavailable",
                        ErrorMessages.describe(e, "reach the gateway")));
    }

    /**
     * The one-time reveal of a freshly issued secret (also after a leak's rotation, ui.leaks).
     *
     * @param capabilities the backend's, for what the reveal says it keeps of the value
     */
    public RevealDialog reveal(Window owner, String applicationName, IssuedSecret issued, Capabilities capabilities) {
        RevealViewModel viewModel = new RevealViewModel(applicationName, issued, clipboard::copySecret,
                clipboard::copyText, clock, capabilities.custody());
        RevealDialog dialog = new RevealDialog(owner, viewModel, clipboard, dialogs, background, lastSaveFolder);
        dialog.show();
        return dialog;
    }
}
