package org.secretdesk.ui.reveal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.secretdesk.client.GatewayException;

/**
 * What to tell the operator when a gateway call failed: what happened and what to do, in one or two sentences.
 * Never includes a secret (GatewayException messages never carry one).
 */
public final class GatewayErrorMessages {

    public static final String CHANGED_BY_SOMEONE_ELSE =
            "This secret was changed by someone else. The list was reloaded.";

    private GatewayErrorMessages() {
    }

    /** True when the failure means the caller's view is stale and it should reload (404, 412). */
    public static boolean isStale(Throwable error) {
        return unwrap(error) instanceof GatewayException ge && ge.kind() == GatewayException.Kind.HTTP
                && (ge.status() == 412 || ge.status() == 404);
    }

    public static boolean isPreconditionFailed(Throwable error) {
        return unwrap(error) instanceof GatewayException ge && ge.kind() == GatewayException.Kind.HTTP
                && ge.status() == 412;
    }

    /** @param action what was attempted, for the sentence ("create the secret") */
    public static String describe(Throwable error, String action) {
        Throwable e = unwrap(error);
        if (e instanceof UnsupportedOperationException u) {
            return u.getMessage() != null ? u.getMessage() : "This gateway does not support this operation.";
        }
        if (!(e instanceof GatewayException ge)) {
            return "Could not " + action + ": an unexpected error occurred (" + e.getClass().getSimpleName()
                    + "). Try again.";
        }
        return switch (ge.kind()) {
            case OFFLINE -> connectionBroke(ge)
                    ? "Could not " + action + ": the connection to the gateway broke before its answer arrived. "
                    + "Check the network, then try again."
                    : "Could not " + action + ": the gateway cannot be reached. "
                    + "Check that it is running and the network is up, then try again.";
            case TIMEOUT -> "Could not " + action + ": the gateway did not answer in time. "
                    + "It may have completed anyway; reload before trying again.";
            case TLS -> "Could not " + action + ": the gateway's certificate is not trusted (" + ge.getMessage()
                    + "). Check the connection's CA certificate.";
            case PROTOCOL -> "Could not " + action + ": the gateway sent an answer this console cannot read.";
            case HTTP -> describeHttp(ge, action);
        };
    }

    /** The gateway was reached, but the connection was reset or cut off before the whole answer arrived. */
    private static boolean connectionBroke(GatewayException ge) {
        Throwable cause = ge.getCause();
        return cause instanceof java.io.IOException && !(cause instanceof java.net.ConnectException
                || cause instanceof java.net.UnknownHostException || cause instanceof java.net.NoRouteToHostException
                || cause instanceof java.net.PortUnreachableException);
    }

    private static String describeHttp(GatewayException ge, String action) {
        String detail = ge.getMessage() == null || ge.getMessage().isBlank() ? "" : " " + sentence(ge.getMessage());
        return switch (ge.status()) {
            case 401 -> "The gateway refused the admin key. Check the connection's credentials.";
            case 403 -> "This admin key may not " + action + " (read-only access). Use an admin key with write access.";
            case 404 -> "It no longer exists: someone else deleted it. The list was reloaded.";
            case 409 -> conflict(ge, detail);
            case 412 -> CHANGED_BY_SOMEONE_ELSE;
            case 422 -> "The gateway refused the request." + detail;
            case 429 -> "Too many attempts. Wait a minute, then try again.";
            default -> ge.status() >= 500
                    ? "The gateway failed to " + action + " (error " + ge.status() + "). Try again; if it keeps "
                    + "failing, check the gateway's log."
                    : "Could not " + action + " (error " + ge.status() + ")." + detail;
        };
    }

    private static String conflict(GatewayException ge, String detail) {
        String code = ge.code() == null ? "" : ge.code();
        return switch (code) {
            case "secret.duplicate_description" -> "A secret with this description already exists in this "
                    + "application. Choose another description.";
            case "application.duplicate_name" -> "An application with this name already exists. Choose another name.";
            case "secret.limit_reached" -> "This application already has the maximum number of secrets. "
                    + "Delete one to make room.";
            case "secret.last_secret" -> "The gateway does not allow deleting an application's last secret. "
                    + "Create a new secret first, then delete this one.";
            default -> "The gateway refused the change because of a conflict." + detail;
        };
    }

    private static String sentence(String s) {
        String t = s.strip();
        return t.endsWith(".") ? t : t + ".";
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
