package org.secretdesk.model;

import java.util.List;

public record GatewayInfo(String product, String version, String nodeId, List<String> capabilities) {

    public GatewayInfo {
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    }

    /**
     * The product and its whole version ("Keycloak 26.5.6"), or that the product does not report one (issue 25:
     * "DataMiner BrokerGateway unknown", and "Keycloak 26" for 26.5.6).
     */
    public String describe() {
        return version == null || version.isBlank() ? product + " (its API does not report a version)"
                : product + " " + version;
    }
}
