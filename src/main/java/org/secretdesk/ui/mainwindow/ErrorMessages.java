package org.secretdesk.ui.mainwindow;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.secretdesk.client.GatewayException;

/** Turns a failed gateway call into a banner that says what happened and what to do. Never shows a secret. */
public final class ErrorMessages {

    private ErrorMessages() {
    }

    public static Banner bannerFor(Throwable error, String connectionName) {
        Throwable e = unwrap(error);
        String gw = connectionName == null || connectionName.isBlank() ? "the gateway" : connectionName;
        if (e instanceof GatewayException ge) {
            return switch (ge.kind()) {
                case OFFLINE -> new Banner(Banner.Severity.DANGER, "Cannot reach " + gw,
                        "Nobody answers at the gateway's address. Check that the gateway is running and the "
                                + "network is up; the console keeps retrying.", true);
                case TIMEOUT -> new Banner(Banner.Severity.WARNING, gw + " does not answer in time",
                        "The gateway accepted the connection but did not reply. It may be overloaded; "
                                + "try again in a moment.", true);
                case TLS -> new Banner(Banner.Severity.DANGER, "The gateway's certificate is not trusted",
                        "The TLS handshake failed (" + ge.getMessage() + "). Check that the connection trusts "
                                + "this gateway's CA certificate.", true);
                case PROTOCOL -> new Banner(Banner.Severity.DANGER, "Unexpected answer from " + gw,
                        "The gateway sent something the console cannot read (" + ge.getMessage()
                                + "). Check that the address points to a SecretDesk gateway.", true);
                case HTTP -> httpBanner(ge, gw);
            };
        }
        if (e instanceof UnsupportedOperationException) {
            return new Banner(Banner.Severity.INFO, "Not supported by this gateway", e.getMessage(), false);
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new Banner(Banner.Severity.DANGER, "Something went wrong", msg, true);
    }

    private static Banner httpBanner(GatewayException ge, String gw) {
        int status = ge.status();
        if (status == 401) {
            return new Banner(Banner.Severity.DANGER, gw + " rejected the admin key",
                    "The admin key is missing or wrong (401). Check the connection's admin key.", true);
        }
        if (status == 403) {
            return new Banner(Banner.Severity.WARNING, "This admin key may only read",
                    "The gateway refused the change (403). Use an admin key with the admin role.", false);
        }
        if (status == 404) {
            return new Banner(Banner.Severity.INFO, "It no longer exists",
                    "Someone else deleted it meanwhile; the list was reloaded.", false);
        }
        if (status == 412) {
            return new Banner(Banner.Severity.INFO, "Changed by someone else",
                    "Another operator changed it meanwhile; the list was reloaded with the latest data.", false);
        }
        if (status == 429) {
            return new Banner(Banner.Severity.WARNING, "Too many attempts",
                    "The gateway is rate-limiting this console (429). Wait a minute, then retry.", true);
        }
        if (status >= 500) {
            return new Banner(Banner.Severity.DANGER, gw + " had an internal error",
                    "The gateway failed (" + status + "): " + ge.getMessage()
                            + ". Try again; if it persists, check the gateway's log.", true);
        }
        return new Banner(Banner.Severity.WARNING, "The gateway refused the request",
                ge.getMessage() + " (" + status + ").", true);
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
