package org.secretdesk.desk.connections;

import java.util.List;
import org.secretdesk.model.GatewayInfo;
import org.secretdesk.pki.CertificateDetails;

/**
 * What "Test connection" found.
 *
 * @param info          the gateway's product and version
 * @param chain         the presented chain, leaf first (empty for plain http on loopback)
 * @param caFingerprint SHA-256 of the trusted CA, or null without TLS
 * @param keyProblem    why the admin key was not accepted, or null when it was
 */
public record ConnectionReport(GatewayInfo info, List<CertificateDetails> chain, String caFingerprint,
                               String keyProblem) {

    public ConnectionReport {
        chain = List.copyOf(chain);
    }

    public boolean keyAccepted() {
        return keyProblem == null;
    }
}
