package org.secretdesk.desk.connections;

/**
 * The kind of gateway a connection profile talks to, and what the connection dialog asks for it: the name of the
 * credential kept in the keychain, and whether a user name, realm or Gravitee domain is needed.
 */
public enum GatewayKind {
    SECRETDESK("SecretDesk gateway", "Admin key", "sdk_…", false),
    DATAMINER("DataMiner BrokerGateway", "API key", "The Administrator key of appsettings.runtime.json", false),
    GRAVITEE("Gravitee Access Management", "Password", "The administrator's password", true),
    KEYCLOAK("Keycloak", "Password", "The administrator's password", true);

    private final String displayName;
    private final String credentialName;
    private final String credentialPrompt;
    private final boolean needsUser;

    GatewayKind(String displayName, String credentialName, String credentialPrompt, boolean needsUser) {
        this.displayName = displayName;
        this.credentialName = credentialName;
        this.credentialPrompt = credentialPrompt;
        this.needsUser = needsUser;
    }

    public String displayName() {
        return displayName;
    }

    /** What the secret part of the credential is called: "Admin key", "API key", "Password". */
    public String credentialName() {
        return credentialName;
    }

    /** The credential field's prompt text. */
    public String credentialPrompt() {
        return credentialPrompt;
    }

    /** Whether the connection signs in as a named user (Gravitee AM, Keycloak). */
    public boolean needsUser() {
        return needsUser;
    }

    /** An address that shows what this kind expects, for the URL field's prompt. */
    public String urlExample() {
        return switch (this) {
            case SECRETDESK -> "https://gateway.example.com:8443";
            case DATAMINER -> "https://agent.example.com/BrokerGateway";
            case GRAVITEE -> "https://am.example.com";
            case KEYCLOAK -> "https://sso.example.com";
        };
    }

    @Override
    public String toString() {
        return displayName;
    }
}
