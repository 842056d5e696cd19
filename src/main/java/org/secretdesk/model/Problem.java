package org.secretdesk.model;

/** An RFC 9457 problem detail, as the gateway sends it. Never carries a secret value. */
public record Problem(String type, String title, int status, String detail, String code, String field) {

    /**
     * The {@code type} of every problem the gateway sends: {@code about:blank} (RFC 9457 §4.2.1), since the project
     * publishes no page per problem; the machine-readable kind is {@code code}.
     */
    public static final String TYPE = "about:blank";

    public static Problem of(ProblemCode code, String detail) {
        return of(code, detail, null);
    }

    public static Problem of(ProblemCode code, String detail, String field) {
        return new Problem(TYPE, code.title(), code.status(), detail,
                code.code(), field);
    }
}
