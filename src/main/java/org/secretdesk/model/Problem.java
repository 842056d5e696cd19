package org.secretdesk.model;

/** An RFC 9457 problem detail, as the gateway sends it. Never carries a secret value. */
public record Problem(String type, String title, int status, String detail, String code, String field) {

    public static Problem of(ProblemCode code, String detail) {
        return of(code, detail, null);
    }

    public static Problem of(ProblemCode code, String detail, String field) {
        return new Problem("https://secretdesk.org/problems/" + code.code(), code.title(), code.status(), detail,
                code.code(), field);
    }
}
