package org.secretdesk.desk.connections;

import java.security.cert.X509Certificate;
import java.util.List;
import org.secretdesk.pki.Fingerprints;

/**
 * The gateway presented a certificate chain this profile does not trust: either nothing is pinned yet (first
 * connect, {@link #pinnedFingerprint()} is null) or the chain does not lead to the pinned CA. The UI turns it into
 * the fingerprint prompt or the "certificate changed" warning.
 */
public final class UntrustedChainException extends Exception {

    private final transient List<X509Certificate> presentedChain;
    private final String pinnedFingerprint;

    public UntrustedChainException(List<X509Certificate> presentedChain, String pinnedFingerprint) {
        super(message(presentedChain, pinnedFingerprint));
        this.presentedChain = List.copyOf(presentedChain);
        this.pinnedFingerprint = pinnedFingerprint;
    }

    /** As the server sent it, leaf first. */
    public List<X509Certificate> presentedChain() {
        return presentedChain;
    }

    /** The certificate that would be pinned: the root (or topmost) certificate of the presented chain. */
    public X509Certificate presentedCa() {
        return ChainCheck.topOf(presentedChain);
    }

    public String presentedFingerprint() {
        return Fingerprints.sha256(presentedCa());
    }

    /** The fingerprint pinned in the profile, or null on first connect. */
    public String pinnedFingerprint() {
        return pinnedFingerprint;
    }

    public boolean firstUse() {
        return pinnedFingerprint == null;
    }

    private static String message(List<X509Certificate> chain, String pinned) {
        String presented = chain.isEmpty() ? "(none)" : Fingerprints.sha256(ChainCheck.topOf(chain));
        if (pinned == null) {
            return "The gateway's certificate is not trusted yet. Compare its SHA-256 fingerprint " + presented
                    + " with the one the gateway's administrator gave you.";
        }
        return "The gateway's certificate changed: it does not chain to the CA trusted for this connection. "
                + "Trusted (pinned) SHA-256: " + pinned + ". Presented SHA-256: " + presented + ".";
    }
}
