package org.secretdesk.client.gravitee;

import java.util.regex.Pattern;
import org.secretdesk.model.Problem;
import org.secretdesk.model.ProblemCode;

/**
 * Gravitee AM's error body {@code {"message","http_status"}} as one of our problems, worded for the call that failed:
 * a 403 names the permission Gravitee checked for that call (read from its resources' {@code checkAnyPermission}).
 */
final class GraviteeProblems {

    private static final Pattern DUPLICATE = Pattern.compile("(?i)^Secret with description .* already exists");
    private static final Pattern TOO_MANY = Pattern.compile("(?i)^Too many Client Secrets");
    static final Pattern LAST_SECRET = Pattern.compile("(?i)^Cannot remove last secret");
    private static final Pattern SECRET_NOT_FOUND = Pattern.compile("(?i)^Secret \\[.*] can not be found");
    private static final Pattern APPLICATION_NOT_FOUND = Pattern.compile("(?i)^Application \\[.*] can not be found");
    private static final Pattern DOMAIN_NOT_FOUND = Pattern.compile("(?i)^Domain \\[.*] can not be found");

    /** The management calls SecretDesk makes, with the permission Gravitee AM checks for each. */
    enum Call {
        DOMAIN("read the security domain", "DOMAIN[READ]"),
        UPDATE_DOMAIN("change the domain's secret expiry", "DOMAIN_SETTINGS[UPDATE]"),
        LIST_APPLICATIONS("list applications", "APPLICATION[LIST] and APPLICATION[READ]"),
        APPLICATION("read the application", "APPLICATION[READ]"),
        UPDATE_APPLICATION("change the application's secret expiry", "APPLICATION_SETTINGS[UPDATE]"),
        LIST_SECRETS("list client secrets", "APPLICATION_OPENID[LIST]"),
        CREATE_SECRET("create client secrets", "APPLICATION_OPENID[CREATE]"),
        RENEW_SECRET("renew client secrets", "APPLICATION_OPENID[UPDATE] (APPLICATION_OPENID[READ] before 4.12)"),
        DELETE_SECRET("delete client secrets", "APPLICATION_FORM[DELETE] (Gravitee checks this one for a delete, "
                + "not APPLICATION_OPENID, which is all that listing, creating and renewing need)");

        final String action;
        final String permission;

        Call(String action, String permission) {
            this.action = action;
            this.permission = permission;
        }
    }

    private GraviteeProblems() {
    }

    static Problem of(Call call, int status, String message, String where) {
        String m = message == null ? "" : message.strip();
        if (DUPLICATE.matcher(m).find()) {
            return Problem.of(ProblemCode.SECRET_DUPLICATE_DESCRIPTION, m + ". Choose another description.", "description");
        }
        if (TOO_MANY.matcher(m).find()) {
            return Problem.of(ProblemCode.SECRET_LIMIT_REACHED, m + ". Delete a secret first.");
        }
        if (LAST_SECRET.matcher(m).find()) {
            return lastSecret();
        }
        if (SECRET_NOT_FOUND.matcher(m).find()) {
            return Problem.of(ProblemCode.SECRET_NOT_FOUND, m);
        }
        if (APPLICATION_NOT_FOUND.matcher(m).find()) {
            return Problem.of(ProblemCode.APPLICATION_NOT_FOUND, m);
        }
        if (DOMAIN_NOT_FOUND.matcher(m).find()) {
            return Problem.of(ProblemCode.NOT_FOUND, m + " Give the domain's HRID (as in Gravitee AM's console "
                    + "URL) or its id, and check the organization and environment.");
        }
        return switch (status) {
            case 401 -> Problem.of(ProblemCode.AUTH_INVALID_API_KEY, "Gravitee AM at " + where
                    + " did not accept the token (HTTP 401). Check the user name and password.");
            case 403 -> Problem.of(ProblemCode.AUTH_FORBIDDEN, "This Gravitee AM user may not " + call.action
                    + " (HTTP 403" + (m.isEmpty() ? "" : ": " + m) + "). Its role needs " + call.permission
                    + " on the domain, the application, the environment or the organization.");
            case 404 -> Problem.of(ProblemCode.NOT_FOUND, "Gravitee AM at " + where + " does not know this address "
                    + "(HTTP 404" + (m.isEmpty() ? "" : ": " + m) + "). Check the URL (it must include the management "
                    + "API's entrypoint when it is not /management), the organization, environment and domain.");
            default -> new Problem("about:blank", status >= 500 ? "Server error" : "Request refused", status,
                    "Gravitee AM at " + where + " refused the request (HTTP " + status + ")"
                            + (m.isEmpty() ? "." : ": " + m), null, null);
        };
    }

    static Problem lastSecret() {
        return Problem.of(ProblemCode.SECRET_LAST_SECRET, "Gravitee AM does not allow deleting an application's "
                + "last secret. Create a new secret first, then delete this one.");
    }

    static boolean isDomainNotFound(String message) {
        return message != null && DOMAIN_NOT_FOUND.matcher(message.strip()).find();
    }

    /** Gravitee's "Cannot remove last secret" for a secret the application does not have (any more). */
    static Problem goneSecret(String secretId) {
        return Problem.of(ProblemCode.SECRET_NOT_FOUND, "Secret [" + secretId + "] can not be found: it was "
                + "deleted or renewed elsewhere. Refresh to see the application's secrets.");
    }
}
