package org.secretdesk.pki;

/**
 * A certificate or key could not be read. The message is written for the user: it says what
 * was wrong with the input (empty, not PEM or DER, corrupt, no certificate in it, ...).
 */
public class CertificateParseException extends Exception {

    public CertificateParseException(String message) {
        super(message);
    }

    public CertificateParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
