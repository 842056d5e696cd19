package org.secretdesk.ui.applications;

import java.util.List;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.GatewayException;
import org.secretdesk.client.NewApplication;
import org.secretdesk.model.Role;
import org.secretdesk.model.Validation;
import org.secretdesk.ui.common.ErrorMessages;

/**
 * The rules of "New application": a valid name (its uniqueness is the gateway's to check: a 409 comes back as a
 * message on the name), an optional description, roles from the gateway's catalog, and a first secret — on by
 * default, described "Default" — so the operator leaves with a working client_id and secret.
 */
public final class NewApplicationViewModel {

    public static final String DEFAULT_FIRST_SECRET = "Default";

    private final Capabilities capabilities;
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final BooleanProperty nameTouched = new SimpleBooleanProperty(this, "nameTouched", false);
    /** A name the gateway refused as a duplicate; the error stays while the name is unchanged. */
    private final StringProperty takenName = new SimpleStringProperty(this, "takenName");
    private final StringBinding nameError;
    private final StringBinding nameMessage;
    private final StringProperty description = new SimpleStringProperty(this, "description", "");
    private final StringBinding descriptionError;
    private final RoleChoice roles = new RoleChoice();
    private final BooleanProperty createFirstSecret = new SimpleBooleanProperty(this, "createFirstSecret", true);
    private final StringProperty firstSecretDescription =
            new SimpleStringProperty(this, "firstSecretDescription", DEFAULT_FIRST_SECRET);
    private final StringBinding firstSecretError;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyStringWrapper requestError = new ReadOnlyStringWrapper(this, "requestError", "");
    private final BooleanBinding canCreate;
    private final OwnersInput owners;

    public NewApplicationViewModel(Capabilities capabilities) {
        this.capabilities = capabilities;
        this.owners = new OwnersInput(null, capabilities);
        name.addListener((obs, was, now) -> nameTouched.set(true));
        nameError = Bindings.createStringBinding(() -> {
            Optional<String> basic = Validation.checkLabel("Name", name.get());
            if (basic.isPresent()) {
                return basic.get();
            }
            if (Validation.normalize(name.get()).equals(takenName.get())) {
                return "An application with this name already exists. Choose another name.";
            }
            return "";
        }, name, takenName);
        nameMessage = Bindings.createStringBinding(() -> nameTouched.get() ? nameError.get() : "",
                nameTouched, nameError);
        // Optional, but when given it follows the same rule as names (the gateway enforces it too).
        descriptionError = Bindings.createStringBinding(() -> Validation.normalize(description.get()).isEmpty()
                ? "" : Validation.checkLabel("Description", description.get()).orElse(""), description);
        firstSecretError = Bindings.createStringBinding(() -> createFirstSecret.get()
                ? Validation.checkLabel("Secret description", firstSecretDescription.get()).orElse("") : "",
                createFirstSecret, firstSecretDescription);
        canCreate = Bindings.createBooleanBinding(() -> nameError.get().isEmpty() && descriptionError.get().isEmpty()
                        && firstSecretError.get().isEmpty() && !busy.get() && !roles.loadingProperty().get()
                        && (!owners.supported() || owners.valid().get()),
                nameError, descriptionError, firstSecretError, busy, roles.loadingProperty(), owners.valid());
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringBinding nameErrorBinding() {
        return nameError;
    }

    /** The name error to show: empty until the operator typed, so a fresh dialog is not all red. */
    public StringBinding nameMessageBinding() {
        return nameMessage;
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

    /** The owners to give the application: whom its warnings go to. */
    public OwnersInput owners() {
        return owners;
    }

    /** The roles to give the application, from the gateway's catalog. */
    public RoleChoice roles() {
        return roles;
    }

    public ObservableList<Role> availableRoles() {
        return roles.available();
    }

    public ObservableSet<String> selectedRoles() {
        return roles.selected();
    }

    public ReadOnlyBooleanProperty rolesLoadingProperty() {
        return roles.loadingProperty();
    }

    public ReadOnlyStringProperty rolesMessageProperty() {
        return roles.messageProperty();
    }

    public void rolesLoading() {
        roles.loading();
    }

    public void rolesLoaded(List<Role> catalog) {
        roles.loaded(catalog);
    }

    /** Roles could not be read: the application can still be created without roles. */
    public void rolesFailed(Throwable e) {
        roles.failed(e);
    }

    public BooleanProperty createFirstSecretProperty() {
        return createFirstSecret;
    }

    public boolean firstSecretSupported() {
        return capabilities.supports(Capabilities.Feature.CREATE_SECRET);
    }

    public StringProperty firstSecretDescriptionProperty() {
        return firstSecretDescription;
    }

    public StringBinding firstSecretErrorBinding() {
        return firstSecretError;
    }

    public BooleanBinding canCreateBinding() {
        return canCreate;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty requestErrorProperty() {
        return requestError.getReadOnlyProperty();
    }

    /** The request to send, marking the dialog busy; empty when the rules do not allow creating now. */
    public Optional<NewApplication> begin() {
        nameTouched.set(true);
        if (!canCreate.get()) {
            return Optional.empty();
        }
        busy.set(true);
        requestError.set("");
        String d = Validation.normalize(description.get());
        return Optional.of(new NewApplication(Validation.normalize(name.get()), d.isEmpty() ? null : d,
                roles.chosen(), createFirstSecret.get() && firstSecretSupported()
                        ? Validation.normalize(firstSecretDescription.get()) : null,
                owners.supported() ? owners.value() : null));
    }

    public void succeeded() {
        busy.set(false);
    }

    /** Keeps what was typed; a duplicate name is shown on the name field itself. */
    public void failed(Throwable e) {
        if (e instanceof GatewayException ge && ge.is("application.duplicate_name")) {
            takenName.set(Validation.normalize(name.get()));
            requestError.set("");
        } else {
            requestError.set(ErrorMessages.describe(e, "create the application"));
        }
        busy.set(false); // last, so whoever watches busy sees the message already
    }
}
