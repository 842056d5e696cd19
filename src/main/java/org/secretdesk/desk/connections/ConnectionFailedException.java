package org.secretdesk.desk.connections;

/** A connection could not be opened or tested; the message is one line for the operator, never a secret. */
public final class ConnectionFailedException extends Exception {

    public enum Reason {
        /** Refused, unknown host, timeout, not TLS: nothing usable answered. */
        UNREACHABLE,
        /** The TLS handshake failed for a reason other than an unknown CA (hostname mismatch, expired). */
        TLS,
        /** The gateway rejected the admin key (401/403). */
        AUTHENTICATION,
        /** The profile itself cannot be used (unsupported kind, damaged pin). */
        PROFILE,
        /** The gateway answered, but not as expected. */
        OTHER
    }

    private final Reason reason;

    public ConnectionFailedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
