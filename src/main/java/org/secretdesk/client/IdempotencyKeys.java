package org.secretdesk.client;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Fresh {@code Idempotency-Key} values: 256 bits from {@link SecureRandom}, base64url without padding. A key is
 * made once per logical operation and reused for every retry of it, so a lost response is recovered instead of a
 * second secret being issued.
 */
public final class IdempotencyKeys {

    private static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private IdempotencyKeys() {
    }

    public static String newKey() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
