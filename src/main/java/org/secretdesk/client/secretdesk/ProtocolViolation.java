package org.secretdesk.client.secretdesk;

/**
 * The gateway answered something this client cannot read. The message names what was wrong (a field, a shape),
 * never a value from the response.
 */
final class ProtocolViolation extends RuntimeException {

    ProtocolViolation(String reason) {
        super(reason);
    }

    ProtocolViolation(String reason, Throwable cause) {
        super(reason, cause);
    }
}
