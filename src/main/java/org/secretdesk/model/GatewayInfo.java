package org.secretdesk.model;

import java.util.List;

public record GatewayInfo(String product, String version, String nodeId, List<String> capabilities) {

    public GatewayInfo {
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    }
}
