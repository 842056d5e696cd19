package org.secretdesk.ui.mainwindow;

import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.stage.Window;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.model.Application;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.ui.common.Banner;
import org.secretdesk.ui.common.Workflows;

/**
 * What the main window's buttons, menus and keys do: each opens a workflow or window for the current selection and
 * tells the ViewModel what changed. One place, so a button, its menu entry and its shortcut do the same thing.
 */
final class MainWindowActions {

    private final MainWindowViewModel vm;
    private final Workflows workflows;
    private final Windows windows;
    private final Supplier<Window> owner;
    /** Switching and CA actions; without them the connection button only shows the details. */
    private final ObjectProperty<ConnectionActions> connectionActions = new SimpleObjectProperty<>();

    MainWindowActions(MainWindowViewModel vm, Workflows workflows, Windows windows, Supplier<Window> owner) {
        this.vm = Objects.requireNonNull(vm);
        this.workflows = Objects.requireNonNull(workflows);
        this.windows = Objects.requireNonNull(windows);
        this.owner = Objects.requireNonNull(owner);
    }

    MainWindowViewModel vm() {
        return vm;
    }

    ObjectProperty<ConnectionActions> connectionActions() {
        return connectionActions;
    }

    ReadOnlyObjectProperty<ConnectionActions> connectionActionsProperty() {
        return connectionActions;
    }

    Window owner() {
        return owner.get();
    }

    void newApplication() {
        if (vm.features().canCreateApplication().get()) {
            workflows.newApplication(owner(), vm.client(), vm::applicationCreated);
        }
    }

    void editApplication() {
        Application app = selectedApplication();
        if (app != null && vm.rules().editApplicationBlockedReason().get() == null) {
            workflows.editApplication(owner(), vm.client(), app, changeListener(app, vm::selectedApplicationChanged));
        }
    }

    void deleteApplication() {
        Application app = selectedApplication();
        if (app != null && vm.rules().canDeleteApplication().get()) {
            workflows.deleteApplication(owner(), vm.client(), app,
                    changeListener(app, () -> vm.applicationDeleted(app.id())));
        }
    }

    /** New secret; when it is not possible (e.g. the application is at its limit), says why instead. */
    void newSecret() {
        Application app = selectedApplication();
        String why = vm.rules().newSecretBlockedReason().get();
        if (why != null) {
            if (app != null) {
                vm.connection().showNotice(new Banner(Banner.Severity.INFO, "No new secret for “" + app.name() + "”",
                        why, false));
            }
            return;
        }
        workflows.newSecret(owner(), vm.client(), app, vm.secrets().all(),
                changeListener(app, vm::selectedApplicationChanged));
    }

    void renewSecret() {
        Application app = selectedApplication();
        SecretSummary s = vm.secrets().selectedProperty().get();
        if (app != null && s != null && vm.rules().canRenew().get()) {
            Workflows.ChangeListener changed = changeListener(app, vm::selectedApplicationChanged);
            workflows.renewSecret(owner(), vm.client(), app, s, new Workflows.ChangeListener() {
                @Override
                public void run() {
                    changed.run();
                }

                @Override
                public void changedElsewhere(Throwable cause) {
                    changed.changedElsewhere(cause);
                }

                @Override
                public void renewedWithGrace(SecretSummary renewed) {
                    // After the reveal: who still uses the old value, live.
                    if (app.equals(selectedApplication())) {
                        rotation(app, renewed);
                    }
                }
            });
        }
    }

    /** The rotation panel of the selected secret (from the table), when it has a previous value. */
    void rotation() {
        Application app = selectedApplication();
        SecretSummary s = vm.secrets().selectedProperty().get();
        if (app != null && s != null && vm.rules().rotationBlockedReason().get() == null) {
            rotation(app, s);
        }
    }

    private void rotation(Application app, SecretSummary secret) {
        if (vm.client() == null || vm.features().capabilitiesProperty().get() == null) {
            return;
        }
        // The window's own copy when it has one (it has the usage the renew's answer may not have yet).
        SecretSummary current = vm.secrets().all().stream().filter(s -> s.id().equals(secret.id())).findFirst()
                .orElse(secret);
        windows.rotation(owner(), vm.client(), vm.features().capabilitiesProperty().get(), app,
                vm.secrets().watch(app.id(), secret.id(), current), vm::selectedApplicationChanged,
                () -> vm.changedElsewhere(app.id()));
    }

    /** Stale secrets across every application; says why not when the gateway records no use. */
    void staleSecrets() {
        if (vm.client() != null) {
            windows.staleSecrets(owner(), vm.client(), vm.features().capabilitiesProperty().get(), id -> {
                Application a = vm.applications().find(id);
                return a == null ? id : a.name();
            });
        }
    }

    void deleteSecret() {
        Application app = selectedApplication();
        SecretSummary s = vm.secrets().selectedProperty().get();
        if (app != null && s != null && vm.rules().canDeleteSecret().get()) {
            workflows.deleteSecret(owner(), vm.client(), app, s, vm.secrets().all().size() == 1,
                    changeListener(app, vm::selectedApplicationChanged));
        }
    }

    void invalidateRotated() {
        Application app = selectedApplication();
        SecretSummary rotated = vm.rules().rotatedSecret();
        if (app != null && rotated != null) {
            workflows.deleteSecret(owner(), vm.client(), app, rotated, false,
                    changeListener(app, vm::selectedApplicationChanged));
        }
    }

    void applicationPolicy() {
        Application app = selectedApplication();
        if (app != null && vm.client() != null && vm.rules().canEditApplicationPolicy()) {
            windows.applicationPolicy(owner(), vm.client(), app, vm.features().policyProperty().get(),
                    vm::applicationUpdated, () -> vm.changedElsewhere(app.id()));
        }
    }

    void secretPolicy() {
        if (vm.client() != null) {
            windows.secretPolicy(owner(), vm.client(), vm.features().explainMissing(Feature.NOTIFICATIONS),
                    vm::policySaved);
        }
    }

    void notificationChannels() {
        if (vm.client() != null) {
            windows.notificationChannels(owner(), vm.client());
        }
    }

    void calendarFeed() {
        if (vm.client() != null) {
            windows.calendarFeed(owner(), vm.client());
        }
    }

    void auditLog() {
        if (vm.client() != null) {
            windows.auditLog(owner(), vm.client(), vm.applications().all());
        }
    }

    void reportLeak() {
        if (vm.client() != null) {
            windows.reportLeak(owner(), vm.client(), vm::applicationChanged);
        }
    }

    void preferences() {
        windows.preferences(owner());
    }

    void quit() {
        windows.quit();
    }

    void exportCa() {
        ConnectionActions actions = connectionActions.get();
        if (actions != null) {
            actions.exportCa(owner());
        }
    }

    void rotateCa() {
        ConnectionActions actions = connectionActions.get();
        if (actions != null) {
            actions.rotateCa(owner());
        }
    }

    void addConnection() {
        ConnectionActions actions = connectionActions.get();
        if (actions != null) {
            actions.addConnection(owner());
        }
    }

    /** For a feature the gateway may lack: runs {@code open}, or says in a notice why it is not available. */
    void unlessMissing(Feature feature, String label, Runnable open) {
        String why = vm.features().explainMissing(feature);
        if (why == null) {
            open.run();
        } else {
            vm.connection().showNotice(new Banner(Banner.Severity.INFO, label + " is not available with "
                    + vm.connection().infoProperty().get().kind(), why, false));
        }
    }

    private Application selectedApplication() {
        return vm.applications().selectedProperty().get();
    }

    /** {@code onChanged} for a workflow on {@code app}: a refusal as stale (412) reloads it with a short notice. */
    private Workflows.ChangeListener changeListener(Application app, Runnable onChanged) {
        return new Workflows.ChangeListener() {
            @Override
            public void run() {
                onChanged.run();
            }

            @Override
            public void changedElsewhere(Throwable cause) {
                vm.changedElsewhere(app.id());
            }
        };
    }
}
