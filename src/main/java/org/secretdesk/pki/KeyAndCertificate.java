package org.secretdesk.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A private key and its certificate chain: {@code chain.get(0)} is the leaf certificate for the
 * key, followed by its issuer(s) up to the CA.
 */
public record KeyAndCertificate(PrivateKey privateKey, List<X509Certificate> chain) {

    public KeyAndCertificate {
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("A certificate chain needs at least the leaf certificate");
        }
    }

    /** The certificate belonging to {@link #privateKey()}. */
    public X509Certificate leaf() {
        return chain.getFirst();
    }

    /** Key material is never printed, not even its algorithm details. */
    @Override
    public String toString() {
        return "KeyAndCertificate[leaf=" + leaf().getSubjectX500Principal().getName() + ", chainLength=" + chain.size() + "]";
    }
}
