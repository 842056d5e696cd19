package org.secretdesk.client.secretdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.secretdesk.model.IssuedSecret;

/** The streaming read of IssuedSecret bodies: the plaintext becomes a SecretValue, exactly as sent. */
class SecretDeskJsonTest {

    final SecretDeskJson json = new SecretDeskJson();

    static byte[] issued(String secretJsonValue) {
        return ("{" + SecretDeskClientContractTest.SECRET_FIELDS + ",\"clientId\":\"sdc_abc\",\"secret\":"
                + secretJsonValue + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void escapedCharactersAreDecoded() {
        IssuedSecret secret = json.issuedSecret(issued("\"sds_\\u0041b\\\"c\\\\d\""));

        assertThat(secret.value().sameAs("sds_Ab\"c\\d")).isTrue();
    }

    @Test
    void aLongValueIsReadWhole() {
        String longValue = "sds_" + "x".repeat(5000);

        assertThat(json.issuedSecret(issued("\"" + longValue + "\"")).value().sameAs(longValue)).isTrue();
    }

    @Test
    void fieldOrderDoesNotMatter() {
        byte[] body = ("{\"secret\":\"sds_first\",\"clientId\":\"sdc_abc\"," + SecretDeskClientContractTest.SECRET_FIELDS
                + "}").getBytes(StandardCharsets.UTF_8);

        IssuedSecret secret = json.issuedSecret(body);

        assertThat(secret.value().sameAs("sds_first")).isTrue();
        assertThat(secret.secret().id()).isEqualTo("sec_1");
    }

    @Test
    void twoValuesOrANonStringValueAreRefused() {
        byte[] twice = ("{\"secret\":\"a\",\"secret\":\"b\"," + SecretDeskClientContractTest.SECRET_FIELDS
                + ",\"clientId\":\"c\"}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> json.issuedSecret(twice)).isInstanceOf(ProtocolViolation.class);
        assertThatThrownBy(() -> json.issuedSecret(issued("42"))).isInstanceOf(ProtocolViolation.class);
    }

    @Test
    void onlyTheIssuedSecretOfACreatedApplicationCarriesAValue() {
        String app = SecretDeskClientContractTest.APP;
        byte[] withoutIssued = (app.substring(0, app.length() - 1) + ",\"secret\":\"not-an-issued-secret\"}")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(json.createdApplication(withoutIssued).issuedSecret()).isNull();
    }

    @Test
    void usageAndThePreviousValueAreRead() {
        String fields = SecretDeskClientContractTest.SECRET_FIELDS;
        byte[] body = ("{" + fields + ",\"usage\":{\"lastUsedAt\":\"2026-12-07T03:00:00Z\",\"lastUsedFrom\":\"10.0.0.7\","
                + "\"uses24h\":5,\"usesByHour\":[3,2]},\"previous\":{\"graceUntil\":\"2026-12-07T05:00:00Z\","
                + "\"lastUsedAt\":null,\"lastUsedFrom\":null,\"uses24h\":0,\"usesByHour\":[],"
                + "\"retireAfterQuiet\":\"PT1H\"}}").getBytes(StandardCharsets.UTF_8);

        var secret = json.secret(json.tree(body));

        assertThat(secret.usage().lastUsedFrom()).isEqualTo("10.0.0.7");
        assertThat(secret.usage().uses24h()).isEqualTo(5);
        assertThat(secret.usage().usesThisHour()).isEqualTo(3);
        assertThat(secret.previous().graceUntil()).isEqualTo(java.time.Instant.parse("2026-12-07T05:00:00Z"));
        assertThat(secret.previous().usage().neverUsed()).isTrue();
        assertThat(secret.previous().retireAfterQuiet()).isEqualTo(java.time.Duration.ofHours(1));
        // A gateway before issue 21 sends neither: not known, rather than "never used".
        var older = json.secret(json.tree(("{" + fields + "}").getBytes(StandardCharsets.UTF_8)));
        assertThat(older.usage()).isNull();
        assertThat(older.previous()).isNull();
        byte[] bad = ("{" + fields + ",\"usage\":{\"uses24h\":-1}}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> json.secret(json.tree(bad))).isInstanceOf(ProtocolViolation.class);
    }
}
