package org.secretdesk.model;

import java.time.Duration;
import java.time.Instant;

/**
 * The value a secret had before its last renew, while it still works (a grace period; Keycloak: the rotated secret
 * until its expiry).
 *
 * @param graceUntil       when it stops working
 * @param usage            its own use, apart from the current value's; null when the backend records none
 * @param retireAfterQuiet the gateway ends the grace early once this value has been unused for so long (and the new
 *                         value was used); null when it simply runs to {@code graceUntil}
 */
public record PreviousValue(Instant graceUntil, SecretUsage usage, Duration retireAfterQuiet) {
}
