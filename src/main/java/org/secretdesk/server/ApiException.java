package org.secretdesk.server;

import org.secretdesk.model.ProblemCode;

/** A client error with its stable code; becomes an RFC 9457 problem. Messages never contain secret values. */
public final class ApiException extends RuntimeException {

    private final ProblemCode code;
    private final String field;

    public ApiException(ProblemCode code, String detail) {
        this(code, detail, null);
    }

    public ApiException(ProblemCode code, String detail, String field) {
        super(detail, null, false, false);
        this.code = code;
        this.field = field;
    }

    public ProblemCode code() {
        return code;
    }

    public String field() {
        return field;
    }

    public static ApiException validation(String field, String detail) {
        return new ApiException(ProblemCode.VALIDATION_FAILED, detail, field);
    }
}
