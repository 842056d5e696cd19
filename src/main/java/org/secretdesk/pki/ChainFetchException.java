package org.secretdesk.pki;

import java.util.Objects;

/** The certificate chain of a server could not be fetched; the message is for the user. */
public class ChainFetchException extends Exception {

    public enum Reason {
        /** Nothing listens on that port (connection refused). */
        REFUSED,
        /** The host name does not resolve. */
        UNKNOWN_HOST,
        /** No connection or no TLS answer within the time limit. */
        TIMEOUT,
        /** Something answered, but not with TLS (for example plain HTTP). */
        NOT_TLS,
        OTHER
    }

    private final Reason reason;

    public ChainFetchException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ChainFetchException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
