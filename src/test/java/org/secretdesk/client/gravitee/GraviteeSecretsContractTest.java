package org.secretdesk.client.gravitee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.Page;
import org.secretdesk.model.SecretStatus;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;

/**
 * Secrets, the domain's expiry and the errors against answers rebuilt from Gravitee AM's source
 * ({@link GraviteeFixtures}); see {@link GraviteeClientContractTest}.
 */
class GraviteeSecretsContractTest extends GraviteeContractBase {

    // ============================================================ secrets

    @Test
    void listsSecretsWithEpochMillisDatesAndNoValue() throws Exception {
        enqueueSession();
        queued.enqueue(json(200, "[" + SECRET_JSON + ",{\"id\":\"s-2\",\"settingsId\":\"set-1\",\"name\":\"old\","
                + "\"createdAt\":" + CREATED_MS + ",\"expiresAt\":" + (NOW.toEpochMilli() - 1000) + "},"
                + "{\"id\":\"s-3\",\"settingsId\":\"set-1\",\"name\":\"forever\",\"createdAt\":" + CREATED_MS + "}]"));

        Page<SecretSummary> page = client.listSecrets("app-1", 0, null);

        RecordedRequest r = takeCall();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getUrl().encodedPath()).isEqualTo(BASE + "/applications/app-1/secrets");
        assertThat(r.getUrl().query()).isNull();
        SecretSummary s = page.items().getFirst();
        assertThat(s.id()).isEqualTo("s-1");
        assertThat(s.applicationId()).isEqualTo("app-1");
        assertThat(s.description()).isEqualTo("prod rollout");
        assertThat(s.createdAt()).isEqualTo(Instant.ofEpochMilli(CREATED_MS));
        assertThat(s.expiresAt()).isEqualTo(Instant.ofEpochMilli(EXPIRES_MS));
        assertThat(s.hint()).isNull();
        assertThat(s.redacted()).isNull();
        assertThat(s.status()).isEqualTo(SecretStatus.ACTIVE);
        assertThat(page.items().get(1).status()).isEqualTo(SecretStatus.EXPIRED);
        assertThat(page.items().get(2).expiresAt()).isNull();
    }

    /** The create answer has no client id: it is read from the application before the secret is issued. */
    @Test
    void aCreatedSecretNamesTheClientIdOfItsApplicationAndItsNameIsSentTrimmed() throws Exception {
        enqueueSession();
        queued.enqueue(json(200, GraviteeFixtures.APPLICATION));
        queued.enqueue(json(201, GraviteeFixtures.issuedSecret(PLAINTEXT)));

        IssuedSecret issued = client.createSecret("app-1", "  prod rollout \t", null);

        assertThat(takeCall().getUrl().encodedPath()).isEqualTo(BASE + "/applications/app-1");
        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo(BASE + "/applications/app-1/secrets");
        assertThat(body(r)).isEqualTo(mapper.readTree("{\"name\":\"prod rollout\"}"));
        assertThat(issued.clientId()).isEqualTo("billing-client");
        assertThat(issued.value().sameAs(PLAINTEXT)).isTrue();
        assertThat(issued.secret().id()).isEqualTo("s-1");
        assertThat(issued.secret().expiresAt()).isEqualTo(Instant.ofEpochMilli(EXPIRES_MS));
        assertThat(issued.secret().hint()).isEqualTo("grav");
        assertThat(issued.secret().redacted()).startsWith("grav*").doesNotContain("plaintext");
        assertThat(issued.toString()).doesNotContain(PLAINTEXT);
    }

    @Test
    void aRenewedSecretNamesTheClientIdTooAndTheKnownIdIsNotReadAgain() throws Exception {
        enqueueSession();
        queued.enqueue(json(200, GraviteeFixtures.APPLICATION));
        queued.enqueue(json(200, GraviteeFixtures.issuedSecret(PLAINTEXT)));
        queued.enqueue(json(200, GraviteeFixtures.issuedSecret(PLAINTEXT)));

        IssuedSecret first = client.renewSecret("app-1", "s-1", null, 0);
        IssuedSecret second = client.renewSecret("app-1", "s-1", Duration.ZERO, 0);

        takeCall();
        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo(BASE + "/applications/app-1/secrets/s-1/_renew");
        assertThat(r.getBody().size()).isZero();
        assertThat(take().getUrl().encodedPath()).endsWith("/_renew");
        assertThat(first.clientId()).isEqualTo("billing-client");
        assertThat(second.clientId()).isEqualTo("billing-client");
        assertThat(first.value().sameAs(PLAINTEXT)).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(5);
    }

    @Test
    void deletesWith204() throws Exception {
        enqueueSession();
        queued.enqueue(new MockResponse.Builder().code(204).build());

        client.deleteSecret("app-1", "s-1", 0);

        RecordedRequest r = takeCall();
        assertThat(r.getMethod()).isEqualTo("DELETE");
        assertThat(r.getUrl().encodedPath()).isEqualTo(BASE + "/applications/app-1/secrets/s-1");
    }

    @Test
    void organizationAndEnvironmentArePartOfThePath() throws Exception {
        try (GraviteeClient other = new GraviteeClient(server.url("/").uri(), "ORG1", "PROD", "d1", "admin",
                SecretValue.copyOf(PASSWORD), null)) {
            enqueueToken(Instant.now().plusSeconds(3600).toEpochMilli());
            queued.enqueue(error(404, "Domain [d1] can not be found."));
            queued.enqueue(json(200, "[]"));
            other.listSecrets("a b", 0, null);
            assertTokenCall(take());
            assertThat(take().getUrl().encodedPath())
                    .isEqualTo("/management/organizations/ORG1/environments/PROD/domains/_hrid/d1");
            assertThat(take().getUrl().encodedPath())
                    .isEqualTo("/management/organizations/ORG1/environments/PROD/domains/d1/applications/a%20b/secrets");
        }
    }

    // ============================================================ domain expiry

    @Test
    void readsTheDomainExpiryAsSecretExpirationSettings() throws Exception {
        enqueueSession();
        queued.enqueue(json(200, GraviteeFixtures.DOMAIN));

        DomainSecretPolicy policy = client.getSecretPolicy();

        RecordedRequest r = takeCall();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getUrl().encodedPath()).isEqualTo(BASE);
        assertThat(policy.expiryEnabled()).isTrue();
        assertThat(policy.expiresAfter()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void updatesTheDomainExpiryAsSecretSettings() throws Exception {
        enqueueSession();
        queued.enqueue(json(200, GraviteeFixtures.DOMAIN.replace("7776000", "2592000")));
        queued.enqueue(json(200, GraviteeFixtures.DOMAIN.replace("\"enabled\":true,\"expiryTimeSeconds\":7776000",
                "\"enabled\":false")));

        DomainSecretPolicy on = client.updateSecretPolicy(new DomainSecretPolicy(true, Duration.ofDays(30),
                DomainSecretPolicy.DEFAULT_THRESHOLDS, 0));
        DomainSecretPolicy off = client.updateSecretPolicy(new DomainSecretPolicy(false, null, null, 0));

        RecordedRequest r = takeCall();
        assertThat(r.getMethod()).isEqualTo("PATCH");
        assertThat(r.getUrl().encodedPath()).isEqualTo(BASE);
        assertThat(body(r)).isEqualTo(mapper.readTree(
                "{\"secretSettings\":{\"enabled\":true,\"expiryTimeSeconds\":2592000}}"));
        assertThat(body(take())).isEqualTo(mapper.readTree("{\"secretSettings\":{\"enabled\":false}}"));
        assertThat(on.expiresAfter()).isEqualTo(Duration.ofDays(30));
        assertThat(off.expiryEnabled()).isFalse();
    }

    // ============================================================ errors

    @Test
    void aDuplicateDescriptionIsMapped() throws Exception {
        enqueueSession();
        queued.enqueue(json(200, GraviteeFixtures.APPLICATION));
        queued.enqueue(error(400, "Secret with description prod rollout already exists"));

        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> client.createSecret("app-1", "prod rollout", null));

        assertThat(e.code()).isEqualTo("secret.duplicate_description");
        assertThat(e.getMessage()).contains("prod rollout");
    }

    @Test
    void tooManySecretsIsMapped() throws Exception {
        enqueueSession();
        queued.enqueue(json(200, GraviteeFixtures.APPLICATION));
        queued.enqueue(error(400, "Too many Client Secrets. Cannot create more than 10 secrets"));

        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> client.createSecret("app-1", "eleventh", null));

        assertThat(e.code()).isEqualTo("secret.limit_reached");
        assertThat(e.getMessage()).contains("10");
    }

    @Test
    void theLastSecretIsExplained() throws Exception {
        enqueueSession();
        queued.enqueue(error(400, "Cannot remove last secret"));
        queued.enqueue(json(200, "[" + SECRET_JSON + "]"));

        GatewayException e = catchThrowableOfType(GatewayException.class, () -> client.deleteSecret("app-1", "s-1", 0));

        assertThat(e.code()).isEqualTo("secret.last_secret");
        assertThat(e.getMessage()).contains("Create a new secret first");
    }

    /** ApplicationSecretServiceImpl#delete refuses a one-secret application before it looks the secret up. */
    @Test
    void cannotRemoveLastSecretForASecretTheApplicationDoesNotHaveIsNotFound() throws Exception {
        enqueueSession();
        queued.enqueue(error(400, "Cannot remove last secret"));
        queued.enqueue(json(200, "[" + SECRET_JSON + "]"));

        GatewayException e = catchThrowableOfType(GatewayException.class, () -> client.deleteSecret("app-1", "s-9", 0));

        assertThat(e.code()).isEqualTo("secret.not_found");
        assertThat(e.getMessage()).contains("s-9").contains("elsewhere");
        assertThat(takeCall().getMethod()).isEqualTo("DELETE");
        assertThat(take().getUrl().encodedPath()).isEqualTo(BASE + "/applications/app-1/secrets");
    }

    @Test
    void anUnknownSecretIsNotFound() throws Exception {
        enqueueSession();
        queued.enqueue(json(200, GraviteeFixtures.APPLICATION));
        queued.enqueue(error(404, "Secret [s-9] can not be found."));

        GatewayException e = catchThrowableOfType(GatewayException.class, () -> client.renewSecret("app-1", "s-9", null, 0));

        assertThat(e.code()).isEqualTo("secret.not_found");
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.getMessage()).contains("s-9");
    }

    /** Delete checks APPLICATION_FORM[DELETE], list/create/renew APPLICATION_OPENID: a refusal says which. */
    @Test
    void aRefusedDeleteNamesThePermissionGraviteeChecks() throws Exception {
        enqueueSession();
        queued.enqueue(error(403, "Permission denied"));

        GatewayException e = catchThrowableOfType(GatewayException.class, () -> client.deleteSecret("app-1", "s-1", 0));

        assertThat(e.code()).isEqualTo("auth.forbidden");
        assertThat(e.getMessage()).contains("delete client secrets").contains("APPLICATION_FORM[DELETE]")
                .contains("not APPLICATION_OPENID");
    }

    @Test
    void capabilitiesAreHonest() {
        var caps = client.capabilities();
        for (Feature f : new Feature[] {Feature.APPLICATIONS, Feature.MULTIPLE_SECRETS, Feature.CREATE_SECRET,
                Feature.RENEW, Feature.DELETE_SECRET, Feature.EXPIRY, Feature.DOMAIN_POLICY, Feature.APPLICATION_POLICY}) {
            assertThat(caps.supports(f)).as(f.name()).isTrue();
        }
        for (Feature f : new Feature[] {Feature.LAST_USED, Feature.RENEW_GRACE_PERIOD, Feature.DELETE_LAST_SECRET,
                Feature.CREATE_APPLICATION, Feature.ROLES}) {
            assertThat(caps.supports(f)).as(f.name()).isFalse();
        }
        assertThatThrownBy(() -> client.renewSecret("app-1", "s-1", Duration.ofHours(1), 0))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("stops working at once");
        assertThatThrownBy(() -> client.createSecret("app-1", "   ", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.listRoles()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(server.getRequestCount()).isZero();
    }
}
