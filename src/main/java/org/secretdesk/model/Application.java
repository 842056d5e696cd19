package org.secretdesk.model;

import java.time.Instant;
import java.util.List;

/**
 * An identity with a client_id, roles, an expiry policy and owners, as the gateway returns it. Gateways without
 * owners (and the other kinds) give {@link Owners#NONE}.
 */
public record Application(String id, String name, String description, String clientId, List<String> roles,
                          Instant createdAt, Instant updatedAt, long version, ExpiryPolicy secretPolicy,
                          int secretCount, Instant nextExpiry, int expiredCount, Owners owners) {

    public Application {
        roles = roles == null ? List.of() : List.copyOf(roles);
        description = description == null ? "" : description;
        secretPolicy = secretPolicy == null ? ExpiryPolicy.FOLLOW_DOMAIN : secretPolicy;
        owners = owners == null ? Owners.NONE : owners;
    }

    /** An application without owners. */
    public Application(String id, String name, String description, String clientId, List<String> roles,
                       Instant createdAt, Instant updatedAt, long version, ExpiryPolicy secretPolicy,
                       int secretCount, Instant nextExpiry, int expiredCount) {
        this(id, name, description, clientId, roles, createdAt, updatedAt, version, secretPolicy, secretCount,
                nextExpiry, expiredCount, Owners.NONE);
    }
}
