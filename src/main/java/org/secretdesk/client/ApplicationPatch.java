package org.secretdesk.client;

import java.util.List;
import org.secretdesk.model.ExpiryPolicy;

/** Changes to an application; null fields are left as they are. */
public record ApplicationPatch(String description, List<String> roles, ExpiryPolicy secretPolicy) {
}
