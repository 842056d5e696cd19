package org.secretdesk.ui.applications;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.SetChangeListener;
import org.secretdesk.client.ApplicationPatch;
import org.secretdesk.client.Capabilities;
import org.secretdesk.model.Application;
import org.secretdesk.model.Owners;
import org.secretdesk.model.Validation;
import org.secretdesk.ui.common.ErrorMessages;
import org.secretdesk.ui.common.Submission;

/**
 * "Edit application": its description, roles and owners after it was created (the name and client id stay). Save sends only
 * what changed, with the version read, so a change made elsewhere meanwhile is refused rather than overwritten.
 */
public final class EditApplicationViewModel {

    private final Application application;
    private final Capabilities capabilities;
    private final StringProperty description = new SimpleStringProperty(this, "description", "");
    private final StringBinding descriptionError;
    private final RoleChoice roles = new RoleChoice();
    private final ReadOnlyBooleanWrapper rolesChanged = new ReadOnlyBooleanWrapper(this, "rolesChanged", false);
    private final Submission submission = new Submission();
    private final BooleanBinding changed;
    private final BooleanBinding canSave;
    private final OwnersInput owners;

    public EditApplicationViewModel(Application application, Capabilities capabilities) {
        this.application = Objects.requireNonNull(application);
        this.capabilities = Objects.requireNonNull(capabilities);
        owners = new OwnersInput(application.owners(), capabilities);
        description.set(application.description());
        roles.select(application.roles());
        roles.selected().addListener((SetChangeListener<String>) c ->
                rolesChanged.set(!new HashSet<>(roles.selected()).equals(new HashSet<>(application.roles()))));
        descriptionError = Bindings.createStringBinding(() -> Validation.normalize(description.get()).isEmpty()
                ? "" : Validation.checkLabel("Description", description.get()).orElse(""), description);
        changed = Bindings.createBooleanBinding(() -> !Validation.normalize(description.get())
                .equals(Validation.normalize(application.description())) || rolesChanged.get()
                || owners.supported() && owners.changed().get(), description, rolesChanged, owners.changed());
        canSave = Bindings.createBooleanBinding(() -> changed.get() && descriptionError.get().isEmpty()
                && !submission.isBusy() && !roles.loadingProperty().get()
                && (!owners.supported() || owners.valid().get()), changed, descriptionError,
                submission.busyProperty(), roles.loadingProperty(), owners.valid());
    }

    public Application application() {
        return application;
    }

    /** The description as typed (optional; when given, a label the gateway accepts). */
    public StringProperty description() {
        return description;
    }

    public StringBinding descriptionError() {
        return descriptionError;
    }

    public boolean supportsRoles() {
        return capabilities.supports(Capabilities.Feature.ROLES);
    }

    /** Whom the application's warnings go to. */
    public OwnersInput owners() {
        return owners;
    }

    public RoleChoice roles() {
        return roles;
    }

    /** Something changed, it is valid, and nothing is under way. */
    public BooleanBinding canSave() {
        return canSave;
    }

    /** The save under way, and what went wrong. */
    public Submission submission() {
        return submission;
    }

    /** The change to send (only what differs), marking the dialog busy; empty when there is nothing to save. */
    public Optional<ApplicationPatch> begin() {
        if (!canSave.get()) {
            return Optional.empty();
        }
        submission.start();
        String d = Validation.normalize(description.get());
        boolean descriptionChanged = !d.equals(Validation.normalize(application.description()));
        List<String> chosen = rolesChanged.get() ? roles.chosen() : null;
        Owners newOwners = owners.supported() && owners.changed().get() ? owners.value() : null;
        return Optional.of(new ApplicationPatch(descriptionChanged ? d : null, chosen, null, newOwners));
    }

    /** @return true when someone else changed or deleted the application first (the list is reloaded) */
    public boolean failed(Throwable e) {
        submission.failed(ErrorMessages.describe(e, "save the application"));
        return ErrorMessages.isStale(e);
    }
}
