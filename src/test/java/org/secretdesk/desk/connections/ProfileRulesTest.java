package org.secretdesk.desk.connections;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://gw.example.com", "https://gw.example.com:8443/", "http://127.0.0.1:8080",
            "http://localhost:8080", "http://[::1]:8080", "HTTPS://GW.EXAMPLE.COM"})
    void acceptedUrls(String url) {
        assertThat(ProfileRules.checkUrl(url)).isEmpty();
    }

    @Test
    void plainHttpOnlyOnLoopback() {
        assertThat(ProfileRules.checkUrl("http://gw.example.com")).get().asString().contains("https://");
        assertThat(ProfileRules.checkUrl("http://10.0.0.1:8080")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "gw.example.com", "ftp://gw", "https://user:pw@gw", "https://gw?x=1",
            "https://gw#frag", "https://exa mple"})
    void rejectedUrls(String url) {
        assertThat(ProfileRules.checkUrl(url)).isPresent();
    }

    @Test
    void namesAreRequiredBoundedAndUniqueIgnoringCase() {
        ConnectionProfile prod = ConnectionProfile.create("Production", GatewayKind.SECRETDESK, "https://a");
        assertThat(ProfileRules.checkName(" ", null, List.of())).isPresent();
        assertThat(ProfileRules.checkName("x".repeat(61), null, List.of())).isPresent();
        assertThat(ProfileRules.checkName("x".repeat(60), null, List.of())).isEmpty();
        assertThat(ProfileRules.checkName("production ", null, List.of(prod))).get().asString().contains("already");
        assertThat(ProfileRules.checkName("Production", prod.id(), List.of(prod))).isEmpty();
    }

    @Test
    void fingerprintsCompareIgnoringCaseAndSeparators() {
        String canonical = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
        String plainLower = canonical.replace(":", "").toLowerCase();
        assertThat(Fingerprint.same(canonical, plainLower)).isTrue();
        assertThat(Fingerprint.same(canonical, " " + plainLower.substring(0, 32) + " " + plainLower.substring(32))).isTrue();
        assertThat(Fingerprint.same(canonical, "sha256=" + plainLower)).isTrue();
        assertThat(Fingerprint.normalize(plainLower)).contains(canonical);
        assertThat(Fingerprint.same(canonical, plainLower.replace('a', 'b'))).isFalse();
        assertThat(Fingerprint.same(canonical, plainLower.substring(2))).isFalse();
        assertThat(Fingerprint.same("zz", "zz")).isFalse();
        assertThat(Fingerprint.same(null, canonical)).isFalse();
    }

    @Test
    void eachKindNeedsItsOwnFields() {
        assertThat(ProfileRules.checkSettings(GatewayKind.SECRETDESK, GatewaySettings.NONE)).isEmpty();
        assertThat(ProfileRules.checkSettings(GatewayKind.DATAMINER, null)).isEmpty();
        assertThat(ProfileRules.checkSettings(GatewayKind.KEYCLOAK, GatewaySettings.keycloak(null, "r", null)))
                .hasValueSatisfying(m -> assertThat(m).contains("user name"));
        assertThat(ProfileRules.checkSettings(GatewayKind.KEYCLOAK, GatewaySettings.keycloak("admin", " ", null)))
                .hasValueSatisfying(m -> assertThat(m).contains("realm"));
        assertThat(ProfileRules.checkSettings(GatewayKind.KEYCLOAK, GatewaySettings.keycloak("admin", "a/b", null)))
                .hasValueSatisfying(m -> assertThat(m).contains("'/'"));
        assertThat(ProfileRules.checkSettings(GatewayKind.KEYCLOAK, GatewaySettings.keycloak("admin", "customers", null)))
                .isEmpty();
        assertThat(ProfileRules.checkSettings(GatewayKind.GRAVITEE, GatewaySettings.gravitee("admin", null, null, null)))
                .hasValueSatisfying(m -> assertThat(m).contains("security domain"));
        assertThat(ProfileRules.checkSettings(GatewayKind.GRAVITEE, GatewaySettings.gravitee("ad:min", null, null, "d")))
                .hasValueSatisfying(m -> assertThat(m).contains("':'"));
        assertThat(ProfileRules.checkSettings(GatewayKind.GRAVITEE, GatewaySettings.gravitee("admin", "O", "E", "d")))
                .isEmpty();
    }
}
