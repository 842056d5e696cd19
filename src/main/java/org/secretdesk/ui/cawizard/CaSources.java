package org.secretdesk.ui.cawizard;

import org.secretdesk.client.GatewayClient;
import org.secretdesk.model.SecretValue;

/**
 * Where the wizard can take the CA certificate from, and what it may add to a DataMiner bundle.
 *
 * @param gateway      the connected gateway (its CA comes from {@link GatewayClient#caCertificatePem()}), or null
 * @param gatewayName  how the operator calls that connection, for the Source page
 * @param suggestedUrl prefilled address for the "chain a URL presents" source, or null
 * @param clientSecret a secret being revealed, written as the DataMiner client-secret file; null otherwise. The
 *                     wizard does not wipe it: it belongs to the caller (the Reveal dialog).
 * @param noCaReason   why the connected gateway cannot give its CA (its connector's words), when it is connected
 *                     but serves none; null otherwise
 */
public record CaSources(GatewayClient gateway, String gatewayName, String suggestedUrl, SecretValue clientSecret,
                        String noCaReason) {

    public CaSources(GatewayClient gateway, String gatewayName, String suggestedUrl, SecretValue clientSecret) {
        this(gateway, gatewayName, suggestedUrl, clientSecret, null);
    }

    /** Connected to a backend that does not serve its CA (DataMiner BrokerGateway): the address or a file. */
    public static CaSources servesNoCa(String gatewayName, String url, String reason) {
        return new CaSources(null, gatewayName, url, null, reason);
    }

    public static CaSources none() {
        return new CaSources(null, null, null, null);
    }

    public static CaSources connected(GatewayClient gateway, String gatewayName, String url) {
        return new CaSources(gateway, gatewayName, url, null);
    }
}
