package org.secretdesk.model;

import java.time.Instant;
import java.util.List;

/** An identity with a client_id, roles and an expiry policy, as the gateway returns it. */
public record Application(String id, String name, String description, String clientId, List<String> roles,
                          Instant createdAt, Instant updatedAt, long version, ExpiryPolicy secretPolicy,
                          int secretCount, Instant nextExpiry, int expiredCount) {

    public Application {
        roles = roles == null ? List.of() : List.copyOf(roles);
        description = description == null ? "" : description;
        secretPolicy = secretPolicy == null ? ExpiryPolicy.FOLLOW_DOMAIN : secretPolicy;
    }
}
