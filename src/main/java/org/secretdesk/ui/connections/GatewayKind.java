package org.secretdesk.ui.connections;

/**
 * The kind of gateway a connection profile talks to. Only {@link #SECRETDESK} has a connector today; the others
 * are here so profiles written by a later version stay readable, and the dialog does not offer them yet.
 */
public enum GatewayKind {
    SECRETDESK("SecretDesk gateway", true),
    DATAMINER("DataMiner BrokerGateway", false),
    GRAVITEE("Gravitee Access Management", false),
    KEYCLOAK("Keycloak", false);

    private final String displayName;
    private final boolean implemented;

    GatewayKind(String displayName, boolean implemented) {
        this.displayName = displayName;
        this.implemented = implemented;
    }

    public String displayName() {
        return displayName;
    }

    /** Whether this version can connect to such a gateway. */
    public boolean implemented() {
        return implemented;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
