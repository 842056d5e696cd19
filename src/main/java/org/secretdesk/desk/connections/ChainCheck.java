package org.secretdesk.desk.connections;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Structural questions about a presented chain. These only CLASSIFY a failed handshake (unknown CA vs. an
 * otherwise broken certificate); whether a chain is trusted is decided by the JDK's PKIX trust manager over
 * {@link org.secretdesk.pki.TrustStores} during the real TLS handshake, with hostname verification on.
 */
public final class ChainCheck {

    private ChainCheck() {
    }

    /** The root of the chain if the server sent it, else its topmost certificate. */
    public static X509Certificate topOf(List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("empty chain");
        }
        return chain.getLast();
    }

    /**
     * Whether {@code ca} is in the chain or signed its topmost certificate. Validity dates are not considered:
     * an expired certificate from the right CA is a different problem with its own message.
     */
    public static boolean leadsTo(List<X509Certificate> chain, X509Certificate ca) {
        for (X509Certificate c : chain) {
            if (c.equals(ca)) {
                return true;
            }
        }
        X509Certificate top = topOf(chain);
        if (!top.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            top.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
