package org.secretdesk.ui.applications;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.SetChangeListener;
import org.secretdesk.client.ApplicationPatch;
import org.secretdesk.client.Capabilities;
import org.secretdesk.model.Application;
import org.secretdesk.model.Validation;
import org.secretdesk.ui.common.ErrorMessages;

/**
 * "Edit application": its description and roles after it was created (the name and client id stay). Save sends only
 * what changed, with the version read, so a change made elsewhere meanwhile is refused rather than overwritten.
 */
public final class EditApplicationViewModel {

    private final Application application;
    private final Capabilities capabilities;
    private final StringProperty description = new SimpleStringProperty(this, "description", "");
    private final StringBinding descriptionError;
    private final RoleChoice roles = new RoleChoice();
    private final ReadOnlyBooleanWrapper rolesChanged = new ReadOnlyBooleanWrapper(this, "rolesChanged", false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final BooleanBinding changed;
    private final BooleanBinding canSave;

    public EditApplicationViewModel(Application application, Capabilities capabilities) {
        this.application = Objects.requireNonNull(application);
        this.capabilities = Objects.requireNonNull(capabilities);
        description.set(application.description());
        roles.select(application.roles());
        roles.selected().addListener((SetChangeListener<String>) c ->
                rolesChanged.set(!new HashSet<>(roles.selected()).equals(new HashSet<>(application.roles()))));
        descriptionError = Bindings.createStringBinding(() -> Validation.normalize(description.get()).isEmpty()
                ? "" : Validation.checkLabel("Description", description.get()).orElse(""), description);
        changed = Bindings.createBooleanBinding(() -> !Validation.normalize(description.get())
                .equals(Validation.normalize(application.description())) || rolesChanged.get(), description,
                rolesChanged);
        canSave = Bindings.createBooleanBinding(() -> changed.get() && descriptionError.get().isEmpty()
                && !busy.get() && !roles.loadingProperty().get(), changed, descriptionError, busy,
                roles.loadingProperty());
    }

    public Application application() {
        return application;
    }

    public StringProperty descriptionProperty() {
        return description;
    }

    public StringBinding descriptionErrorBinding() {
        return descriptionError;
    }

    public boolean supportsRoles() {
        return capabilities.supports(Capabilities.Feature.ROLES);
    }

    public RoleChoice roles() {
        return roles;
    }

    public BooleanBinding canSaveBinding() {
        return canSave;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The change to send (only what differs), marking the dialog busy; empty when there is nothing to save. */
    public Optional<ApplicationPatch> begin() {
        if (!canSave.get()) {
            return Optional.empty();
        }
        busy.set(true);
        error.set("");
        String d = Validation.normalize(description.get());
        boolean descriptionChanged = !d.equals(Validation.normalize(application.description()));
        List<String> chosen = rolesChanged.get() ? roles.chosen() : null;
        return Optional.of(new ApplicationPatch(descriptionChanged ? d : null, chosen, null));
    }

    public void succeeded() {
        busy.set(false);
    }

    /** @return true when someone else changed or deleted the application first (the list is reloaded) */
    public boolean failed(Throwable e) {
        error.set(ErrorMessages.describe(e, "save the application"));
        busy.set(false);
        return ErrorMessages.isStale(e);
    }
}
