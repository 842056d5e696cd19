package org.secretdesk.client;

import java.util.List;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.Owners;

/** Changes to an application; null fields are left as they are ({@code owners}: issue 23). */
public record ApplicationPatch(String description, List<String> roles, ExpiryPolicy secretPolicy, Owners owners) {

    /** Without a change of owners. */
    public ApplicationPatch(String description, List<String> roles, ExpiryPolicy secretPolicy) {
        this(description, roles, secretPolicy, null);
    }
}
