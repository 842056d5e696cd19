package org.secretdesk.client;

import org.secretdesk.model.Problem;

/**
 * A failed gateway call, with what the user needs to know. Messages never contain a secret value.
 */
public class GatewayException extends RuntimeException {

    public enum Kind {
        /** The gateway answered with an error (see {@link #problem()}). */
        HTTP,
        /** Nobody answered: connection refused, unknown host, network down. */
        OFFLINE,
        TIMEOUT,
        /** The TLS handshake failed: unknown chain, hostname mismatch, expired certificate. */
        TLS,
        /** The gateway answered something this client cannot read. */
        PROTOCOL
    }

    private final Kind kind;
    private final transient Problem problem;

    public GatewayException(Kind kind, String message, Problem problem, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.problem = problem;
    }

    public static GatewayException http(Problem problem) {
        String msg = problem.detail() != null && !problem.detail().isBlank() ? problem.detail() : problem.title();
        return new GatewayException(Kind.HTTP, msg, problem, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The gateway's problem for {@link Kind#HTTP}, else null. */
    public Problem problem() {
        return problem;
    }

    public int status() {
        return problem == null ? 0 : problem.status();
    }

    public String code() {
        return problem == null ? null : problem.code();
    }

    public boolean is(String code) {
        return code.equals(code());
    }
}
