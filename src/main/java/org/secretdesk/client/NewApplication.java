package org.secretdesk.client;

import java.util.List;
import org.secretdesk.model.Owners;

/**
 * A request to create an application; {@code initialSecretDescription} null means no first secret; {@code owners}
 * (issue 23) null or empty means none.
 */
public record NewApplication(String name, String description, List<String> roles, String initialSecretDescription,
                             Owners owners) {

    public NewApplication {
        roles = roles == null ? List.of() : List.copyOf(roles);
        owners = owners == null ? Owners.NONE : owners;
    }

    /** Without owners. */
    public NewApplication(String name, String description, List<String> roles, String initialSecretDescription) {
        this(name, description, roles, initialSecretDescription, Owners.NONE);
    }
}
