package org.secretdesk.server;

import java.time.Duration;

/** What a create asked for: the effective policy, no expiry, or a (shorter) duration. */
public sealed interface ExpiryRequest {

    record PolicyDefault() implements ExpiryRequest {
    }

    record Never() implements ExpiryRequest {
    }

    record After(Duration duration) implements ExpiryRequest {
    }
}
