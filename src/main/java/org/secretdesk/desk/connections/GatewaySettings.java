package org.secretdesk.desk.connections;

/**
 * The kind-specific, non-secret parts of a connection profile. Blank values are stored as null. The secret part
 * (password or API key) is never here: it is in the OS keychain.
 *
 * @param user         Gravitee AM and Keycloak: the administrator's user name
 * @param realm        Keycloak: the realm whose clients are managed
 * @param adminRealm   Keycloak: the realm the administrator signs in to (null for {@code master})
 * @param organization Gravitee AM: the organization (null for {@code DEFAULT})
 * @param environment  Gravitee AM: the environment (null for {@code DEFAULT})
 * @param domain       Gravitee AM: the security domain
 */
public record GatewaySettings(String user, String realm, String adminRealm, String organization, String environment,
                              String domain) {

    public static final GatewaySettings NONE = new GatewaySettings(null, null, null, null, null, null);

    public GatewaySettings {
        user = clean(user);
        realm = clean(realm);
        adminRealm = clean(adminRealm);
        organization = clean(organization);
        environment = clean(environment);
        domain = clean(domain);
    }

    public static GatewaySettings keycloak(String user, String realm, String adminRealm) {
        return new GatewaySettings(user, realm, adminRealm, null, null, null);
    }

    public static GatewaySettings gravitee(String user, String organization, String environment, String domain) {
        return new GatewaySettings(user, null, null, organization, environment, domain);
    }

    /** Only what {@code kind} uses: switching kinds in the dialog must not leave stray fields in the file. */
    public GatewaySettings forKind(GatewayKind kind) {
        return switch (kind) {
            case SECRETDESK, DATAMINER -> NONE;
            case GRAVITEE -> gravitee(user, organization, environment, domain);
            case KEYCLOAK -> keycloak(user, realm, adminRealm);
        };
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    private static String clean(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
