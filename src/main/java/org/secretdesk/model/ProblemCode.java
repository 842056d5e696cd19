package org.secretdesk.model;

/** The gateway's stable, machine-readable error codes and their HTTP status. */
public enum ProblemCode {
    AUTH_MISSING_API_KEY("auth.missing_api_key", 401, "Missing API key"),
    AUTH_INVALID_API_KEY("auth.invalid_api_key", 401, "Invalid API key"),
    AUTH_FORBIDDEN("auth.forbidden", 403, "Forbidden"),
    AUTH_RATE_LIMITED("auth.rate_limited", 429, "Too many failed attempts"),
    /** A leak report without a valid signature of a configured scanning provider's key. */
    AUTH_INVALID_SIGNATURE("auth.invalid_signature", 401, "Invalid signature"),
    APPLICATION_NOT_FOUND("application.not_found", 404, "Application not found"),
    SECRET_NOT_FOUND("secret.not_found", 404, "Secret not found"),
    NOT_FOUND("not_found", 404, "Not found"),
    /** Issue 23. */
    CHANNEL_NOT_FOUND("channel.not_found", 404, "Notification channel not found"),
    CALENDAR_TOKEN_NOT_FOUND("calendar_token.not_found", 404, "Calendar feed token not found"),
    METHOD_NOT_ALLOWED("request.method_not_allowed", 405, "Method not allowed"),
    APPLICATION_DUPLICATE_NAME("application.duplicate_name", 409, "Application name already in use"),
    SECRET_DUPLICATE_DESCRIPTION("secret.duplicate_description", 409, "Secret description already in use"),
    SECRET_LIMIT_REACHED("secret.limit_reached", 409, "Secret limit reached"),
    /** A backend that refuses to delete an application's last secret (Gravitee AM). */
    SECRET_LAST_SECRET("secret.last_secret", 409, "Cannot delete the last secret"),
    CA_ROTATION_BLOCKED("ca.rotation_blocked", 409, "CA rotation blocked"),
    /** A renew while the previous renew's grace period runs (it would end that grace period early). */
    SECRET_GRACE_PERIOD_ACTIVE("secret.grace_period_active", 409, "Grace period still running"),
    /** End or extend a grace period where none runs (the secret's previous value no longer works). */
    SECRET_NO_GRACE_PERIOD("secret.no_grace_period", 409, "No grace period running"),
    PRECONDITION_FAILED("precondition.failed", 412, "Precondition failed"),
    VALIDATION_FAILED("validation.failed", 422, "Validation failed"),
    SECRET_EXPIRY_NOT_ALLOWED("secret.expiry_not_allowed", 422, "Expiry not allowed"),
    IDEMPOTENCY_MISMATCH("idempotency.mismatch", 422, "Idempotency key reused with a different request"),
    REQUEST_MALFORMED("request.malformed", 400, "Malformed request"),
    REQUEST_TOO_LARGE("request.malformed", 413, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE("request.malformed", 415, "Unsupported media type"),
    INTERNAL("internal", 500, "Internal error");

    private final String code;
    private final int status;
    private final String title;

    ProblemCode(String code, int status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
