package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.server.testing.GatewayFixture.expect;
import static org.secretdesk.server.testing.GatewayFixture.unique;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.GatewayPerClass;
import org.secretdesk.server.testing.Problems;

/** An application's owners (issue 23): set on create, changed on PATCH, kept when a PATCH names none. */
class ApplicationOwnersTest {

    static GatewayFixture gw;
    @RegisterExtension
    static final GatewayPerClass GATEWAY = new GatewayPerClass(started -> gw = started);

    @Test
    void ownersAreKeptInLowerCaseOnceAndChangedOnlyWhenNamed() {
        JsonNode app = expect(gw.post("/api/v1/applications", gw.obj("name", unique("owned"), "owners",
                gw.obj("emails", List.of("Ann@Example.com", "ann@example.com", "bob@example.org"),
                        "team", " Platform "))), 201).json();
        String id = app.path("id").asText();
        assertThat(app.path("owners").path("emails").toString()).isEqualTo("[\"ann@example.com\",\"bob@example.org\"]");
        assertThat(app.path("owners").path("team").asText()).isEqualTo("Platform");

        JsonNode described = expect(gw.patch("/api/v1/applications/" + id, gw.obj("description", "changed")), 200)
                .json();
        assertThat(described.path("owners")).isEqualTo(app.path("owners"));
        JsonNode changed = expect(gw.patch("/api/v1/applications/" + id, gw.obj("owners",
                gw.obj("emails", List.of("carol@example.com")))), 200).json();
        assertThat(changed.path("owners").path("emails").toString()).isEqualTo("[\"carol@example.com\"]");
        assertThat(changed.path("owners").path("team").isNull()).isTrue();
        assertThat(expect(gw.get("/api/v1/applications/" + id), 200).json().path("owners"))
                .isEqualTo(changed.path("owners"));

        JsonNode plain = gw.createApp(unique("unowned"));
        assertThat(plain.path("owners").path("emails").size()).isZero();
        assertThat(plain.path("owners").path("team").isNull()).isTrue();
    }

    @Test
    void ownersThatAreNotAddressesAreRefused() {
        Problems.assertValidation(gw.post("/api/v1/applications", gw.obj("name", unique("bad"), "owners",
                gw.obj("emails", List.of("not an address")))), "owners.emails");
        Problems.assertValidation(gw.post("/api/v1/applications", gw.obj("name", unique("bad"), "owners",
                gw.obj("emails", List.of("a@example.com"), "team", "x".repeat(101)))), "owners.team");
        Problems.assertValidation(gw.post("/api/v1/applications", gw.obj("name", unique("bad"), "owners",
                gw.obj("emails", List.of("a@example.com"), "phone", "1"))), "owners.phone");
    }
}
