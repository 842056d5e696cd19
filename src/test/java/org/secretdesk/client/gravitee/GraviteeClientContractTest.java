package org.secretdesk.client.gravitee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.secretdesk.client.ApplicationPatch;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.Application;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.Page;
import org.secretdesk.model.SecretValue;

/**
 * The Gravitee AM connector against answers rebuilt from Gravitee AM's source ({@link GraviteeFixtures}): the token
 * call, the domain's HRID resolved once, then for every management call the method, path, query, headers and body,
 * the answers and each error. The behaviour across calls (paging, search, permissions) is checked against the
 * stand-in server in {@link GraviteeClientAgainstStandInTest}.
 */
class GraviteeClientContractTest extends GraviteeContractBase {

    // ============================================================ token and domain

    @Test
    void theDomainsHridIsResolvedOnceAndItsIdAddressesEveryCall() throws Exception {
        enqueueSession();
        queued.enqueue(json(200, "[]"));
        queued.enqueue(json(200, "[]"));

        client.listSecrets("app-1", 0, null);
        client.listSecrets("app-2", 0, null);

        assertThat(takeCall().getUrl().encodedPath()).isEqualTo(BASE + "/applications/app-1/secrets");
        assertThat(take().getUrl().encodedPath()).isEqualTo(BASE + "/applications/app-2/secrets");
        assertThat(server.getRequestCount()).as("one token, one HRID lookup").isEqualTo(4);
    }

    @Test
    void aDomainIdIsUsedAsGivenWhenNoHridHasIt() throws Exception {
        enqueueToken(NOW.plusSeconds(3600).toEpochMilli());
        queued.enqueue(error(404, "Domain [d-5f1c] can not be found."));
        queued.enqueue(json(200, "[]"));
        try (GraviteeClient byId = new GraviteeClient(server.url("/").uri(), null, null, "d-5f1c", "admin",
                SecretValue.copyOf(PASSWORD), null, Clock.fixed(NOW, ZoneOffset.UTC))) {
            byId.listSecrets("app-1", 0, null);
        }
        assertTokenCall(take());
        assertThat(take().getUrl().encodedPath()).isEqualTo(ENV + "/domains/_hrid/d-5f1c");
        assertThat(take().getUrl().encodedPath()).isEqualTo(BASE + "/applications/app-1/secrets");
    }

    @Test
    void anUnknownDomainSaysToGiveTheHridOrTheId() throws Exception {
        enqueueToken(NOW.plusSeconds(3600).toEpochMilli());
        queued.enqueue(error(404, "Domain [my-domain] can not be found."));
        queued.enqueue(error(404, "Domain [my-domain] can not be found."));

        GatewayException e = catchThrowableOfType(GatewayException.class, () -> client.getSecretPolicy());

        assertThat(e.code()).isEqualTo("not_found");
        assertThat(e.getMessage()).contains("Domain [my-domain] can not be found.").contains("HRID");
    }

    @Test
    void theTokenIsReusedUntilItExpiresAndFetchedAgainOn401() throws Exception {
        enqueueSession();
        queued.enqueue(json(200, "[]"));
        queued.enqueue(json(200, "[]"));
        queued.enqueue(error(401, "Full authentication is required to access this resource"));
        enqueueToken(NOW.plusSeconds(3600).toEpochMilli());
        queued.enqueue(json(200, "[]"));

        client.listSecrets("app-1", 0, null);
        client.listSecrets("app-1", 0, null);
        client.listSecrets("app-1", 0, null);

        takeCall();
        assertThat(take().getUrl().encodedPath()).isEqualTo(BASE + "/applications/app-1/secrets");
        assertThat(take().getUrl().encodedPath()).isEqualTo(BASE + "/applications/app-1/secrets");
        assertTokenCall(take());
        assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(server.getRequestCount()).isEqualTo(7);
    }

    /** JWTGenerator writes {@code expires_at} as {@code Date#toString()}: a token about to expire is replaced. */
    @Test
    void theTokensDateToStringExpiryIsReadAndAnExpiringTokenReplacedBeforeTheCall() throws Exception {
        Instant[] now = {NOW};
        Clock moving = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        enqueueSession();
        queued.enqueue(json(200, "[]"));
        enqueueToken(NOW.plusSeconds(7200).toEpochMilli());
        queued.enqueue(json(200, "[]"));
        try (GraviteeClient c = new GraviteeClient(server.url("/").uri(), null, null, "my-domain", "admin",
                SecretValue.copyOf(PASSWORD), null, moving)) {
            c.listSecrets("app-1", 0, null);
            now[0] = NOW.plusSeconds(3600 - 20); // inside the safety margin of the first token
            c.listSecrets("app-1", 0, null);
        }

        takeCall();
        assertTokenCall(take());
        assertThat(take().getUrl().encodedPath()).isEqualTo(BASE + "/applications/app-1/secrets");
        assertThat(server.getRequestCount()).isEqualTo(5);
    }

    @Test
    void aRefusedPasswordIsReportedWithoutEchoingIt() throws Exception {
        queued.enqueue(error(401, "Bad credentials"));

        GatewayException e = catchThrowableOfType(GatewayException.class, () -> client.listSecrets("app-1", 0, null));

        assertTokenCall(take());
        assertThat(e.code()).isEqualTo("auth.invalid_api_key");
        assertThat(e.getMessage()).contains("user name or password");
        assertNoLeak(e);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    // ============================================================ applications

    /** 4.8: thin items, no client id even with expand; each one completed from its own resource. */
    @Test
    void listItemsAreCompletedFromTheApplicationsOwnResource() throws Exception {
        enqueueSession();
        queued.enqueue(json(200, GraviteeFixtures.LIST_4_8));
        answerPath(BASE + "/applications/app-1", json(200, GraviteeFixtures.APPLICATION));
        answerPath(BASE + "/applications/app-2", json(200, GraviteeFixtures.APPLICATION.replace("app-1", "app-2")
                .replace("billing-client", "orders-client").replace("\"enabled\":true,\"expiryTimeSeconds\":2592000",
                        "\"enabled\":true")));

        Page<Application> page = client.listApplications(null, 2, null);

        RecordedRequest r = takeCall();
        assertThat(r.getUrl().encodedPath()).isEqualTo(BASE + "/applications");
        assertThat(r.getUrl().queryParameter("page")).isEqualTo("0");
        assertThat(r.getUrl().queryParameter("size")).isEqualTo("2");
        assertThat(r.getUrl().queryParameter("expand")).isEqualTo("clientId");
        assertThat(r.getUrl().queryParameter("q")).isNull();
        assertThat(java.util.List.of(take().getUrl().encodedPath(), take().getUrl().encodedPath()))
                .containsExactlyInAnyOrder(BASE + "/applications/app-1", BASE + "/applications/app-2");
        Application billing = page.items().getFirst();
        assertThat(page.items()).extracting(Application::id).containsExactly("app-1", "app-2");
        assertThat(page.items()).extracting(Application::clientId).containsExactly("billing-client", "orders-client");
        assertThat(billing.secretCount()).isEqualTo(2);
        assertThat(billing.nextExpiry()).isEqualTo(Instant.ofEpochMilli(EXPIRES_MS));
        assertThat(billing.expiredCount()).isZero();
        assertThat(billing.createdAt()).isEqualTo(Instant.ofEpochMilli(CREATED_MS));
        assertThat(billing.updatedAt()).isEqualTo(Instant.ofEpochMilli(GraviteeFixtures.UPDATED_MS));
        assertThat(billing.secretPolicy()).isEqualTo(ExpiryPolicy.custom(Duration.ofDays(30)));
        assertThat(page.items().get(1).secretPolicy()).as("enabled without seconds: the domain's")
                .isEqualTo(ExpiryPolicy.FOLLOW_DOMAIN);
        assertThat(page.nextCursor()).as("the offset of the next item").isEqualTo("2");
    }

    /** 4.12+: the client id comes with the list; an unchanged application is not read again. */
    @Test
    void aSecondListReadsOnlyTheApplicationsThatChanged() throws Exception {
        enqueueSession();
        queued.enqueue(json(200, GraviteeFixtures.LIST_CURRENT_EXPANDED));
        answerPath(BASE + "/applications/app-1", json(200, GraviteeFixtures.APPLICATION));
        answerPath(BASE + "/applications/app-2", json(200, GraviteeFixtures.APPLICATION.replace("app-1", "app-2")));
        long later = GraviteeFixtures.UPDATED_MS + 60_000;
        String changed = GraviteeFixtures.LIST_CURRENT_EXPANDED.replaceFirst(
                "\"updatedAt\":" + GraviteeFixtures.UPDATED_MS + ",\"clientId\":\"orders-client\"",
                "\"updatedAt\":" + later + ",\"clientId\":\"orders-client\"");
        queued.enqueue(json(200, changed));

        client.listApplications(null, 2, null);
        answerPath(BASE + "/applications/app-2", json(200, GraviteeFixtures.APPLICATION.replace("app-1", "app-2")
                .replace("\"updatedAt\":" + GraviteeFixtures.UPDATED_MS, "\"updatedAt\":" + later)));
        Page<Application> again = client.listApplications(null, 2, null);

        takeCall();
        take();
        take();
        assertThat(take().getUrl().encodedPath()).isEqualTo(BASE + "/applications");
        assertThat(take().getUrl().encodedPath()).isEqualTo(BASE + "/applications/app-2");
        assertThat(server.getRequestCount()).isEqualTo(7);
        assertThat(again.items()).extracting(Application::clientId).containsExactly("billing-client", "orders-client");
        assertThat(again.items().getFirst().secretCount()).isEqualTo(2);
    }

    @Test
    void aSearchIsASubstringThroughGraviteesWildcard() throws Exception {
        enqueueSession();
        queued.enqueue(json(200, "{\"data\":[],\"currentPage\":0,\"totalCount\":0}"));

        client.listApplications("bill", 10, null);

        assertThat(takeCall().getUrl().queryParameter("q")).isEqualTo("*bill*");
    }

    @Test
    void getsOneApplication() throws Exception {
        enqueueSession();
        queued.enqueue(json(200, GraviteeFixtures.APPLICATION.replace("\"expiryTimeSeconds\":2592000",
                "\"expiryTimeSeconds\":0")));

        Application app = client.getApplication("app-1");

        RecordedRequest r = takeCall();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getUrl().encodedPath()).isEqualTo(BASE + "/applications/app-1");
        assertThat(app.clientId()).isEqualTo("billing-client");
        assertThat(app.secretPolicy()).as("enabled with seconds ≤ 0 means never").isEqualTo(ExpiryPolicy.NEVER);
        assertThat(app.secretCount()).isEqualTo(2);
    }

    @Test
    void applicationExpiryIsPatchedUnderSettings() throws Exception {
        enqueueSession();
        String custom = GraviteeFixtures.APPLICATION.replace("2592000", "7776000");
        queued.enqueue(json(200, custom));
        queued.enqueue(json(200, GraviteeFixtures.APPLICATION.replace("2592000", "0")));
        queued.enqueue(json(200, GraviteeFixtures.APPLICATION.replace("\"enabled\":true,\"expiryTimeSeconds\":2592000",
                "\"enabled\":false")));

        Application c = client.updateApplication("app-1", new ApplicationPatch(null, null,
                ExpiryPolicy.custom(Duration.ofDays(90))), 0);
        Application never = client.updateApplication("app-1", new ApplicationPatch(null, null, ExpiryPolicy.NEVER), 0);
        Application domain = client.updateApplication("app-1",
                new ApplicationPatch(null, null, ExpiryPolicy.FOLLOW_DOMAIN), 0);

        RecordedRequest r = takeCall();
        assertThat(r.getMethod()).isEqualTo("PATCH");
        assertThat(r.getUrl().encodedPath()).isEqualTo(BASE + "/applications/app-1");
        assertThat(body(r)).isEqualTo(mapper.readTree(
                "{\"settings\":{\"secretExpirationSettings\":{\"enabled\":true,\"expiryTimeSeconds\":7776000}}}"));
        assertThat(body(take())).isEqualTo(mapper.readTree(
                "{\"settings\":{\"secretExpirationSettings\":{\"enabled\":true,\"expiryTimeSeconds\":0}}}"));
        assertThat(body(take())).isEqualTo(mapper.readTree(
                "{\"settings\":{\"secretExpirationSettings\":{\"enabled\":false}}}"));
        assertThat(c.secretPolicy()).isEqualTo(ExpiryPolicy.custom(Duration.ofDays(90)));
        assertThat(never.secretPolicy()).isEqualTo(ExpiryPolicy.NEVER);
        assertThat(domain.secretPolicy()).isEqualTo(ExpiryPolicy.FOLLOW_DOMAIN);
    }
}
