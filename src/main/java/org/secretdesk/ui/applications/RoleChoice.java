package org.secretdesk.ui.applications;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;
import org.secretdesk.model.Role;
import org.secretdesk.ui.common.ErrorMessages;

/** The roles an application gets, chosen from the gateway's catalog (loaded in the background). */
public final class RoleChoice {

    private final ObservableList<Role> available = FXCollections.observableArrayList();
    private final ObservableSet<String> selected = FXCollections.observableSet(new LinkedHashSet<>());
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");

    public ObservableList<Role> available() {
        return available;
    }

    public ObservableSet<String> selected() {
        return selected;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Ticks {@code roles} (an application's current ones). */
    public void select(Collection<String> roles) {
        selected.addAll(roles);
    }

    public void loading() {
        loading.set(true);
        message.set("Loading roles…");
    }

    /** The catalog arrived; a ticked role that is not in it any more is unticked. */
    public void loaded(List<Role> roles) {
        available.setAll(roles);
        selected.retainAll(roles.stream().map(Role::name).toList());
        loading.set(false);
        message.set(roles.isEmpty() ? "The gateway's role catalog is empty." : "");
    }

    /** The catalog could not be read: nothing to choose from now. */
    public void failed(Throwable e) {
        available.clear();
        selected.clear();
        loading.set(false);
        message.set("Roles could not be loaded; you can add them later. ("
                + ErrorMessages.describe(e, "read the roles") + ")");
    }

    /** The ticked roles in the catalog's order (not the order they were ticked). */
    public List<String> chosen() {
        Set<String> roles = new LinkedHashSet<>();
        for (Role r : available) {
            if (selected.contains(r.name())) {
                roles.add(r.name());
            }
        }
        return List.copyOf(roles);
    }
}
