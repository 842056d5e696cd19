package org.secretdesk.ui.common;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.secretdesk.client.GatewayException;

/**
 * The console's one table of what a failed gateway call means: for each failure a title, a sentence that says what
 * happened and what to do, how serious it is and whether retrying helps. Dialogs show the sentence
 * ({@link #describe}), the main window a banner ({@link #bannerFor}). Never includes a secret (GatewayException
 * messages never carry one).
 */
public final class ErrorMessages {

    public static final String CHANGED_BY_SOMEONE_ELSE =
            "This secret was changed by someone else. The list was reloaded.";

    /**
     * One row of the table.
     *
     * @param couldNot whether the sentence follows "Could not {action}: " (it names a cause, not a whole message)
     */
    private record Entry(Banner.Severity severity, String title, String sentence, boolean couldNot, boolean retry) {
    }

    private ErrorMessages() {
    }

    /** @param action what was attempted, for the sentence ("create the secret") */
    public static String describe(Throwable error, String action) {
        Entry e = entry(unwrap(error), "the gateway", action);
        return e.couldNot() ? "Could not " + action + ": " + e.sentence() : e.sentence();
    }

    /** The main window's banner for a failed call to the connection named {@code connectionName}. */
    public static Banner bannerFor(Throwable error, String connectionName) {
        String gw = connectionName == null || connectionName.isBlank() ? "the gateway" : connectionName;
        Entry e = entry(unwrap(error), gw, "do this");
        String sentence = e.couldNot() ? capitalised(e.sentence()) : e.sentence();
        // A failure worth retrying is over once a later call succeeds; a refusal (403, 409, 412…) stays until read.
        return new Banner(e.severity(), e.title(), sentence, e.retry(), e.retry());
    }

    /** True when the failure means the caller's view is stale and it should reload (404, 412). */
    public static boolean isStale(Throwable error) {
        return unwrap(error) instanceof GatewayException ge && ge.kind() == GatewayException.Kind.HTTP
                && (ge.status() == 412 || ge.status() == 404);
    }

    /** True when the gateway answered 404: what was asked for does not exist (any more). */
    public static boolean isNotFound(Throwable error) {
        return unwrap(error) instanceof GatewayException ge && ge.kind() == GatewayException.Kind.HTTP
                && ge.status() == 404;
    }

    public static boolean isPreconditionFailed(Throwable error) {
        return unwrap(error) instanceof GatewayException ge && ge.kind() == GatewayException.Kind.HTTP
                && ge.status() == 412;
    }

    /** The failure itself, out of the executors' wrappers. */
    public static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static Entry entry(Throwable e, String gw, String action) {
        if (e instanceof UnsupportedOperationException u) {
            return new Entry(Banner.Severity.INFO, "Not supported by this gateway", u.getMessage() != null
                    ? u.getMessage() : "This gateway does not support this operation.", false, false);
        }
        if (!(e instanceof GatewayException ge)) {
            return new Entry(Banner.Severity.DANGER, "Something went wrong", "an unexpected error occurred ("
                    + e.getClass().getSimpleName() + "). Try again.", true, true);
        }
        return switch (ge.kind()) {
            case OFFLINE -> new Entry(Banner.Severity.DANGER, "Cannot reach " + gw, connectionBroke(ge)
                    ? "the connection to the gateway broke before its answer arrived. Check the network, then try "
                    + "again."
                    : "the gateway cannot be reached. Check that it is running and the network is up, then try again.",
                    true, true);
            case TIMEOUT -> new Entry(Banner.Severity.WARNING, gw + " does not answer in time",
                    "the gateway did not answer in time. It may have completed anyway; reload before trying again.",
                    true, true);
            case TLS -> new Entry(Banner.Severity.DANGER, "The gateway's certificate is not trusted",
                    "the gateway's certificate is not trusted (" + ge.getMessage()
                            + "). Check the connection's CA certificate.", true, true);
            case PROTOCOL -> new Entry(Banner.Severity.DANGER, "Unexpected answer from " + gw,
                    "the gateway sent an answer this console cannot read. Check that the address points to the "
                            + "right kind of gateway.", true, true);
            case HTTP -> http(ge, gw, action);
        };
    }

    private static Entry http(GatewayException ge, String gw, String action) {
        String detail = ge.getMessage() == null || ge.getMessage().isBlank() ? "" : " " + sentence(ge.getMessage());
        int status = ge.status();
        return switch (status) {
            case 401 -> new Entry(Banner.Severity.DANGER, gw + " rejected the admin key",
                    "The gateway refused the admin key. Check the connection's credentials.", false, true);
            case 403 -> new Entry(Banner.Severity.WARNING, "This admin key may only read", "This admin key may not "
                    + action + " (read-only access). Use an admin key with write access.", false, false);
            case 404 -> new Entry(Banner.Severity.INFO, "It no longer exists",
                    "It no longer exists: someone else deleted it. The list was reloaded.", false, false);
            case 409 -> new Entry(Banner.Severity.WARNING, "The gateway refused the change", conflict(ge, detail),
                    false, false);
            case 412 -> new Entry(Banner.Severity.INFO, "Changed by someone else", CHANGED_BY_SOMEONE_ELSE, false,
                    false);
            case 422 -> new Entry(Banner.Severity.WARNING, "The gateway refused the request",
                    "The gateway refused the request." + detail, false, false);
            case 429 -> new Entry(Banner.Severity.WARNING, "Too many attempts",
                    "Too many attempts. Wait a minute, then try again.", false, true);
            default -> status >= 500
                    ? new Entry(Banner.Severity.DANGER, gw + " had an internal error", "The gateway failed to " + action
                    + " (error " + status + "). Try again; if it keeps failing, check the gateway's log.", false, true)
                    : new Entry(Banner.Severity.WARNING, "The gateway refused the request",
                    "Could not " + action + " (error " + status + ")." + detail, false, true);
        };
    }

    /** The gateway was reached, but the connection was reset or cut off before the whole answer arrived. */
    private static boolean connectionBroke(GatewayException ge) {
        Throwable cause = ge.getCause();
        return cause instanceof java.io.IOException && !(cause instanceof java.net.ConnectException
                || cause instanceof java.net.UnknownHostException || cause instanceof java.net.NoRouteToHostException
                || cause instanceof java.net.PortUnreachableException);
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

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
