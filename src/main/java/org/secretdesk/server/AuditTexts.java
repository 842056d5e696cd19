package org.secretdesk.server;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.IsoDurations;

/**
 * What an audit record says about a write beyond its action: what an update changed, and what a renew did to the
 * previous value. The application's name comes first, before {@code ": "}, so that the log names an application
 * the console no longer lists. Never a secret value.
 */
final class AuditTexts {

    private AuditTexts() {
    }

    /** {@code billing: description changed; roles +writer -reader; expiry P30D (was the gateway's)}. */
    static String applicationUpdate(String name, String oldDescription, String newDescription,
                                    List<String> oldRoles, List<String> newRoles,
                                    ExpiryPolicy oldPolicy, ExpiryPolicy newPolicy) {
        List<String> changes = new ArrayList<>();
        if (!Objects.equals(oldDescription, newDescription)) {
            changes.add("description changed");
        }
        List<String> roles = new ArrayList<>();
        newRoles.stream().filter(r -> !oldRoles.contains(r)).forEach(r -> roles.add("+" + r));
        oldRoles.stream().filter(r -> !newRoles.contains(r)).forEach(r -> roles.add("-" + r));
        if (!roles.isEmpty()) {
            changes.add("roles " + String.join(" ", roles));
        }
        if (!Objects.equals(oldPolicy, newPolicy)) {
            changes.add("expiry " + policy(newPolicy) + " (was " + policy(oldPolicy) + ")");
        }
        return name + ": " + (changes.isEmpty() ? "nothing changed" : String.join("; ", changes));
    }

    /**
     * {@code prod rollout: grace P7D, the previous value works until 2026-12-14T10:00:00Z}, or that it stopped at
     * once.
     *
     * @param graceUntil when the previous value stops; null when it stopped at once
     */
    static String renew(String description, java.time.Duration grace, Instant graceUntil) {
        if (graceUntil == null) {
            return description + ": no grace period, the previous value stopped working at once";
        }
        return description + ": grace " + IsoDurations.format(grace) + ", the previous value works until "
                + graceUntil;
    }

    private static String policy(ExpiryPolicy p) {
        return switch (p.mode()) {
            case DOMAIN -> "the gateway's";
            case NEVER -> "never";
            case CUSTOM -> IsoDurations.format(p.expiresAfter());
        };
    }
}
