package org.secretdesk.ui.mainwindow;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.client.dataminer.DataMinerClient;
import org.secretdesk.model.Application;
import org.secretdesk.model.SecretValue;

/** Issue 25: Keycloak showed "Roles: none" for service-account clients that have realm roles. */
class RolesTextTest {

    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    private static Application app(List<String> roles) {
        return new Application("a1", "billing", "", "billing", roles, T, T, 1, null, 1, null, 0);
    }

    private static FeaturesViewModel features(Capabilities caps) {
        FeaturesViewModel f = new FeaturesViewModel(() -> true);
        f.apply(caps, null);
        return f;
    }

    @Test
    void aBackendThatKeepsRolesToItselfSaysWhereTheyAreManaged() {
        Capabilities keycloakLike = new Capabilities(EnumSet.of(Feature.APPLICATIONS, Feature.RENEW), 0,
                Map.of(Feature.ROLES, "Roles (a service account's realm and client roles) are managed in Keycloak's "
                        + "admin console."), "Keycloak stores this secret.");
        assertThat(features(keycloakLike).rolesText(app(List.of()))).doesNotContain("none").contains("managed in");
        assertThat(features(keycloakLike).rolesText(app(List.of("offline_access")))).isEqualTo(
                "Roles: offline_access (read-only)");
        try (DataMinerClient dm = new DataMinerClient(URI.create("https://127.0.0.1:1/BrokerGateway"),
                SecretValue.copyOf("k"), null)) {
            assertThat(features(dm.capabilities()).rolesText(app(List.of()))).isEqualTo(
                    "DataMiner BrokerGateway client secrets have no roles.");
        }
    }

    @Test
    void aBackendWithRolesListsThem() {
        Capabilities all = new Capabilities(EnumSet.allOf(Feature.class), 0, Map.of());
        assertThat(features(all).rolesText(app(List.of()))).isEqualTo("Roles: none");
        assertThat(features(all).rolesText(app(List.of("reader", "writer")))).isEqualTo("Roles: reader, writer");
    }
}
