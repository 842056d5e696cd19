package org.secretdesk.client;

import java.util.List;

/** A request to create an application; {@code initialSecretDescription} null means no first secret. */
public record NewApplication(String name, String description, List<String> roles, String initialSecretDescription) {

    public NewApplication {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }
}
