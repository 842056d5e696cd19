package org.secretdesk.server.ca;

import java.io.IOException;
import org.secretdesk.pki.CertificateAuthority;

/**
 * Where the root CA lives: files in the data dir (one node, H2) or the shared database (a cluster, private key
 * sealed with the cluster key).
 */
public interface CaStore {

    /** A CA creator; called at most once, only when no CA exists yet. */
    @FunctionalInterface
    interface Creator {
        CertificateAuthority create();
    }

    /** The current CA, created with {@code creator} and saved when none exists (atomically across nodes). */
    CertificateAuthority loadOrCreate(Creator creator) throws IOException;

    /** The current CA as stored now (another node may have rotated it). */
    CertificateAuthority current() throws IOException;

    /** Makes {@code next} the current CA; {@code previous} is kept as history. */
    void rotate(CertificateAuthority previous, CertificateAuthority next) throws IOException;

    /** Where the CA is kept, for log lines (never key material). */
    String describe();
}
