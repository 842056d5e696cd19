package org.secretdesk.client.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.client.LimitationsSayEachFactOnce;

/** Issue 25: what the console says of Keycloak, from Keycloak's own answers (the real server: KeycloakClientIntegrationTest). */
class KeycloakCapabilitiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ROTATION_PROFILE = """
            {"profiles":[{"name":"rotation","executors":[{"executor":"secret-rotation","configuration":
             {"expiration-period":"2505600","rotated-expiration-period":"172800","remaining-rotation-period":"864000"}}]}],
             "globalProfiles":[{"name":"fapi-1-baseline","executors":[{"executor":"secure-session"}]}]}""";

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void aPolicyForEveryConfidentialClientKeepsThePreviousValueForItsRotatedPeriod() throws Exception {
        String rotation = KeycloakCapabilities.rotation(json("""
                {"policies":[{"name":"rotate","enabled":true,"profiles":["rotation"],
                 "conditions":[{"condition":"client-access-type","configuration":{"type":["confidential"]}}]}]}"""),
                json(ROTATION_PROFILE));
        assertThat(rotation).isEqualTo("The realm's client policy “rotate” (secret-rotation) keeps the previous value "
                + "working as the rotated secret for 2 days after a regenerate, unless you invalidate it first (it "
                + "cannot be extended).");
    }

    @Test
    void withoutAnEnabledRotationPolicyThePreviousValueStopsAtOnce() throws Exception {
        assertThat(KeycloakCapabilities.rotation(json("{\"policies\":[]}"), json(ROTATION_PROFILE)))
                .isEqualTo(KeycloakCapabilities.NO_ROTATION);
        assertThat(KeycloakCapabilities.rotation(json("""
                {"policies":[{"name":"rotate","enabled":false,"profiles":["rotation"],"conditions":[]}]}"""),
                json(ROTATION_PROFILE))).isEqualTo(KeycloakCapabilities.NO_ROTATION);
        // A policy whose profiles rotate nothing.
        assertThat(KeycloakCapabilities.rotation(json("""
                {"policies":[{"name":"fapi","enabled":true,"profiles":["fapi-1-baseline"],"conditions":[]}]}"""),
                json(ROTATION_PROFILE))).isEqualTo(KeycloakCapabilities.NO_ROTATION);
    }

    @Test
    void aPolicyForSomeClientsSaysWhichOnes() throws Exception {
        String rotation = KeycloakCapabilities.rotation(json("""
                {"policies":[{"name":"rotate-payments","enabled":true,"profiles":["rotation"],
                 "conditions":[{"condition":"client-roles","configuration":{"roles":["payments"]}}]}]}"""),
                json(ROTATION_PROFILE));
        assertThat(rotation).startsWith("For clients that match its conditions, the realm's client policy "
                + "“rotate-payments” (conditions: client-roles) keeps the previous value working")
                .endsWith("For other clients, regenerating stops the previous value at once.");
    }

    @Test
    void theRegenerateWarningTheRevealAndTheLimitationsSayWhatIsTrueOfKeycloak() {
        Capabilities caps = KeycloakCapabilities.capabilities(KeycloakCapabilities.NO_ROTATION);
        assertThat(caps.custody()).contains("Keycloak stores this secret; realm administrators can read it")
                .doesNotContain("hash");
        assertThat(caps.explain(Feature.RENEW_GRACE_PERIOD)).isEqualTo(KeycloakCapabilities.NO_ROTATION);
        assertThat(caps.explain(Feature.ROLES)).contains("managed in Keycloak");
        assertThat(caps.supports(Feature.CHANNELS)).isFalse();
        assertThat(caps.explain(Feature.CHANNELS)).contains("need a SecretDesk gateway")
                .isEqualTo(caps.explain(Feature.OWNERS)).isEqualTo(caps.explain(Feature.CALENDAR));
        LimitationsSayEachFactOnce.check(caps);
        LimitationsSayEachFactOnce.check(KeycloakCapabilities.CAPABILITIES);
    }
}
