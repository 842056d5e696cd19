package org.secretdesk.ui.secrets;

import java.util.Objects;
import org.secretdesk.client.IdempotencyKeys;

/**
 * The idempotency key of a dialog's issuing request. The same request again (the operator presses Generate or
 * Renew after a failure without changing anything) keeps its key, so when the first attempt's answer was lost the
 * gateway replays the secret it issued then instead of issuing a second one; a changed request gets a new key.
 */
final class RepeatableRequest<T> {

    private T last;
    private String key;

    /** The key for {@code request}: the previous one when the request is unchanged. */
    String keyFor(T request) {
        if (key == null || !Objects.equals(request, last)) {
            last = request;
            key = IdempotencyKeys.newKey();
        }
        return key;
    }

    /** The key of the last request; null before the first. */
    String key() {
        return key;
    }
}
