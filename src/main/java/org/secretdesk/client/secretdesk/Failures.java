package org.secretdesk.client.secretdesk;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.HttpUrl;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.Problem;

/**
 * Turns transport failures and error responses into {@link GatewayException}s with a message that says what
 * happened and what to do. Messages name the gateway's host and port, never a header, a body or a secret.
 */
final class Failures {

    private Failures() {
    }

    static String hostPort(HttpUrl url) {
        String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
        return host + ":" + url.port();
    }

    static GatewayException io(IOException e, HttpUrl url) {
        String where = hostPort(url);
        if (e instanceof UnknownHostException || e instanceof ConnectException
                || e instanceof NoRouteToHostException || e instanceof PortUnreachableException) {
            return new GatewayException(GatewayException.Kind.OFFLINE,
                    "Cannot reach the gateway at " + where + ". Is it running?", null, e);
        }
        if (e instanceof SSLPeerUnverifiedException) {
            return new GatewayException(GatewayException.Kind.TLS,
                    "The gateway's certificate does not match the host name " + url.host()
                            + " (hostname mismatch). Connect with a host name or address the certificate was "
                            + "issued for.", null, e);
        }
        if (e instanceof SSLHandshakeException) {
            if (hasCause(e, CertificateExpiredException.class) || hasCause(e, CertificateNotYetValidException.class)
                    || expiredInPath(e)) {
                return new GatewayException(GatewayException.Kind.TLS,
                        "The gateway's certificate at " + where + " has expired or is not valid yet. Check this "
                                + "computer's clock, or renew the gateway's certificate.", null, e);
            }
            return new GatewayException(GatewayException.Kind.TLS,
                    "The gateway's certificate at " + where + " is not trusted: it was not issued by the CA this "
                            + "connection trusts. Trust the gateway's CA certificate, or check that this is the "
                            + "right gateway.", null, e);
        }
        if (e instanceof SSLException) {
            return new GatewayException(GatewayException.Kind.TLS,
                    "The secure connection to the gateway at " + where + " failed. Is it serving HTTPS on this "
                            + "port?", null, e);
        }
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            return new GatewayException(GatewayException.Kind.TIMEOUT,
                    "The gateway at " + where + " did not answer in time. Try again; if it keeps happening, "
                            + "check the network or the gateway's load.", null, e);
        }
        return new GatewayException(GatewayException.Kind.OFFLINE,
                "The connection to the gateway at " + where + " was interrupted. Try again.", null, e);
    }

    static GatewayException protocol(ProtocolViolation v, HttpUrl url) {
        return new GatewayException(GatewayException.Kind.PROTOCOL,
                "The gateway at " + hostPort(url) + " sent a response this console cannot read ("
                        + v.getMessage() + "). Is it a SecretDesk gateway of a compatible version?", null, v);
    }

    static GatewayException unexpectedStatus(int status, HttpUrl url) {
        return new GatewayException(GatewayException.Kind.PROTOCOL,
                "The gateway at " + hostPort(url) + " answered with an unexpected HTTP status " + status + ".",
                null, null);
    }

    /** An HTTP error: the gateway's problem when it sent one, else a generic problem for the status. */
    static GatewayException http(int status, Problem fromBody) {
        if (fromBody != null) {
            String title = fromBody.title() != null ? fromBody.title() : genericTitle(status);
            return GatewayException.http(new Problem(fromBody.type(), title, status, fromBody.detail(),
                    fromBody.code(), fromBody.field()));
        }
        return GatewayException.http(new Problem("about:blank", genericTitle(status), status,
                genericDetail(status), null, null));
    }

    private static String genericTitle(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 409 -> "Conflict";
            case 412 -> "Precondition failed";
            case 413 -> "Request too large";
            case 415 -> "Unsupported media type";
            case 422 -> "Unprocessable request";
            case 429 -> "Too many requests";
            case 502 -> "Bad gateway";
            case 503 -> "Service unavailable";
            case 504 -> "Gateway timeout";
            default -> status >= 500 ? "Server error" : "HTTP error";
        };
    }

    private static String genericDetail(int status) {
        return switch (status) {
            case 401 -> "The gateway did not accept the admin key (HTTP 401). Check the key of this connection.";
            case 403 -> "This admin key is not allowed to do that (HTTP 403).";
            case 404 -> "The gateway does not know this address (HTTP 404). Is it a SecretDesk gateway?";
            case 429 -> "Too many failed attempts (HTTP 429). Wait a minute and try again.";
            case 502, 503, 504 -> "The gateway, or a proxy in front of it, is not available (HTTP " + status
                    + "). Try again later.";
            default -> status >= 500
                    ? "The gateway had an internal error (HTTP " + status + ")."
                    : "The gateway refused the request (HTTP " + status + ").";
        };
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean expiredInPath(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertPathValidatorException v
                    && (v.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                    || v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID)) {
                return true;
            }
        }
        return false;
    }
}
