package org.secretdesk.client.gravitee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.secretdesk.client.GatewayException;
import org.secretdesk.client.gravitee.GraviteeStandIn.Version;
import org.secretdesk.model.Application;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.Page;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;

/**
 * The connector against the stand-in Gravitee AM ({@link GraviteeStandIn}), on 4.8 and on the current version: what
 * only shows across calls — paging with a changing page size, the list completed without reading an unchanged
 * application twice, search, the HRID, permissions and the entrypoint.
 */
class GraviteeClientAgainstStandInTest {

    static GraviteeClient connect(GraviteeStandIn am, URI url, String domain, String user, String password) {
        return new GraviteeClient(url, null, null, domain, user, SecretValue.copyOf(password), null);
    }

    static GraviteeClient connect(GraviteeStandIn am) {
        return connect(am, am.url(), GraviteeStandIn.HRID, GraviteeStandIn.USER, GraviteeStandIn.PASSWORD);
    }

    /** The console's first load: 100, then pages of 1000 from the cursor. */
    static List<Application> loadAsTheConsoleDoes(GraviteeClient client) {
        List<Application> all = new ArrayList<>();
        Page<Application> page = client.listApplications(null, 100, null);
        all.addAll(page.items());
        while (page.nextCursor() != null) {
            page = client.listApplications(null, 1000, page.nextCursor());
            all.addAll(page.items());
        }
        return all;
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void everyApplicationLoadsCompleteWhenThePageSizeChanges(Version version) throws Exception {
        try (GraviteeStandIn am = new GraviteeStandIn(version); GraviteeClient client = connect(am)) {
            for (int i = 0; i < 157; i++) {
                am.addApplication("app-" + i, "client-" + i, null, null, "first", "second");
            }

            List<Application> all = loadAsTheConsoleDoes(client);

            Set<String> ids = new HashSet<>();
            all.forEach(a -> ids.add(a.id()));
            assertThat(ids).hasSize(157);
            assertThat(all).allSatisfy(a -> {
                assertThat(a.clientId()).isEqualTo("client-" + a.name().substring(4));
                assertThat(a.secretCount()).isEqualTo(2);
                assertThat(a.createdAt()).isNotNull();
            });
            assertThat(am.maxInFlight()).as("application resources read at most four at a time")
                    .isLessThanOrEqualTo(GraviteeApplications.DETAIL_CONCURRENCY);
            assertThat(am.count("GET " + am.domainPath() + "/applications/")).isEqualTo(157);

            // A refresh reads the list again, and only the one application that changed since.
            am.clearRequests();
            client.createSecret(am.idOf("app-42"), "third", null).value().destroy();
            am.clearRequests();
            List<Application> again = loadAsTheConsoleDoes(client);
            assertThat(again).hasSize(157);
            assertThat(am.count("GET " + am.domainPath() + "/applications/")).isEqualTo(1);
            assertThat(again.stream().filter(a -> a.name().equals("app-42")).findFirst().orElseThrow().secretCount())
                    .isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void aSearchFindsEveryApplicationWhoseNameOrClientIdContainsTheText(Version version) throws Exception {
        try (GraviteeStandIn am = new GraviteeStandIn(version); GraviteeClient client = connect(am)) {
            am.addApplication("billing", "c-1", null, null, "s");
            am.addApplication("Pre-BILL-ing", "c-2", null, null, "s");
            am.addApplication("orders", "orders-bill-client", null, null, "s");
            am.addApplication("shipping", "c-4", null, null, "s");
            am.addApplication("billing (eu)", "c-5", null, null, "s");

            List<String> found = client.listApplications("bill", 50, null).items().stream().map(Application::name).toList();
            List<String> parenthesis = client.listApplications("(eu)", 50, null).items().stream()
                    .map(Application::name).toList();

            assertThat(found).containsExactlyInAnyOrder("billing", "Pre-BILL-ing", "orders", "billing (eu)");
            assertThat(parenthesis).as("no pattern error on 4.8").containsExactly("billing (eu)");
        }
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void theDomainIsFoundByItsHridOrItsId(Version version) throws Exception {
        try (GraviteeStandIn am = new GraviteeStandIn(version)) {
            am.addApplication("billing", "c-1", null, null, "s");
            try (GraviteeClient byHrid = connect(am);
                 GraviteeClient byId = connect(am, am.url(), GraviteeStandIn.DOMAIN_ID, GraviteeStandIn.USER,
                         GraviteeStandIn.PASSWORD);
                 GraviteeClient unknown = connect(am, am.url(), "no-such-domain", GraviteeStandIn.USER,
                         GraviteeStandIn.PASSWORD)) {
                assertThat(byHrid.listApplications(null, 10, null).items()).hasSize(1);
                assertThat(byHrid.info().product()).contains("My domain");
                assertThat(byId.listApplications(null, 10, null).items()).hasSize(1);
                GatewayException e = catchThrowableOfType(GatewayException.class,
                        () -> unknown.listApplications(null, 10, null));
                assertThat(e.getMessage()).contains("Domain [no-such-domain] can not be found.").contains("HRID");
            }
            assertThat(am.count("GET /management/organizations/DEFAULT/environments/DEFAULT/domains/_hrid/"))
                    .as("resolved once per connection").isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void issuedSecretsNameTheirClientAndAreTheValuesGraviteeIssued(Version version) throws Exception {
        try (GraviteeStandIn am = new GraviteeStandIn(version); GraviteeClient client = connect(am)) {
            String id = am.addApplication("billing", "billing-client", null, null, "first");

            IssuedSecret created = client.createSecret(id, "  prod rollout  ", null);
            IssuedSecret renewed = client.renewSecret(id, created.secret().id(), null, 0);

            assertThat(created.clientId()).isEqualTo("billing-client");
            assertThat(renewed.clientId()).isEqualTo("billing-client");
            assertThat(created.value().sameAs(am.issuedValue(created.secret().id()))).isFalse(); // renewed since
            assertThat(renewed.value().sameAs(am.issuedValue(created.secret().id()))).isTrue();
            assertThat(am.application(id).secrets()).extracting(GraviteeFixtures.Secret::name)
                    .containsExactly("first", "prod rollout");
        }
    }

    /** Enabled without seconds is the domain's expiry: the list says so and a new secret gets it. */
    @ParameterizedTest
    @EnumSource(Version.class)
    void anApplicationExpiryEnabledWithoutSecondsFollowsTheDomain(Version version) throws Exception {
        try (GraviteeStandIn am = new GraviteeStandIn(version); GraviteeClient client = connect(am)) {
            am.domainExpiry(true, Duration.ofDays(90).toSeconds());
            String id = am.addApplication("billing", "c-1", true, null, "first");

            Application listed = client.listApplications(null, 10, null).items().getFirst();
            IssuedSecret issued = client.createSecret(id, "second", null);

            assertThat(listed.secretPolicy()).isEqualTo(ExpiryPolicy.FOLLOW_DOMAIN);
            assertThat(Duration.between(Instant.now(), issued.secret().expiresAt()).toDays()).isBetween(89L, 90L);
            assertThat(client.getSecretPolicy().expiresAfter()).isEqualTo(Duration.ofDays(90));
        }
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void aRoleWithOnlyOpenIdPermissionsRenewsButIsToldWhatDeletingNeeds(Version version) throws Exception {
        try (GraviteeStandIn am = new GraviteeStandIn(version)) {
            am.addUser("operator", "operator-pw", GraviteeStandIn.OPENID_ONLY);
            String id = am.addApplication("billing", "c-1", null, null, "first", "second");
            try (GraviteeClient client = connect(am, am.url(), GraviteeStandIn.HRID, "operator", "operator-pw")) {
                List<SecretSummary> secrets = client.listSecrets(id, 0, null).items();
                client.renewSecret(id, secrets.getFirst().id(), null, 0).value().destroy();
                client.createSecret(id, "third", null).value().destroy();

                GatewayException e = catchThrowableOfType(GatewayException.class,
                        () -> client.deleteSecret(id, secrets.getFirst().id(), 0));

                assertThat(e.status()).isEqualTo(403);
                assertThat(e.getMessage()).contains("APPLICATION_FORM[DELETE]").contains("not APPLICATION_OPENID");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void theLastSecretAndAnUnknownSecretOfAOneSecretApplicationAreToldApart(Version version) throws Exception {
        try (GraviteeStandIn am = new GraviteeStandIn(version); GraviteeClient client = connect(am)) {
            String id = am.addApplication("billing", "c-1", null, null, "only");
            String only = client.listSecrets(id, 0, null).items().getFirst().id();

            GatewayException last = catchThrowableOfType(GatewayException.class, () -> client.deleteSecret(id, only, 0));
            GatewayException gone = catchThrowableOfType(GatewayException.class,
                    () -> client.deleteSecret(id, "deleted-elsewhere", 0));

            assertThat(last.code()).isEqualTo("secret.last_secret");
            assertThat(gone.code()).isEqualTo("secret.not_found");
        }
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void theUrlCarriesGraviteesEntrypoint(Version version) throws Exception {
        try (GraviteeStandIn am = new GraviteeStandIn(version, "/am/management")) {
            am.addApplication("billing", "c-1", null, null, "s");
            URI entrypoint = am.url();
            URI proxyPrefixOnly = entrypoint.resolve("/am");
            try (GraviteeClient direct = connect(am, entrypoint, GraviteeStandIn.HRID, GraviteeStandIn.USER,
                         GraviteeStandIn.PASSWORD);
                 GraviteeClient prefixed = connect(am, proxyPrefixOnly, GraviteeStandIn.HRID, GraviteeStandIn.USER,
                         GraviteeStandIn.PASSWORD);
                 GraviteeClient bare = connect(am, entrypoint.resolve("/"), GraviteeStandIn.HRID,
                         GraviteeStandIn.USER, GraviteeStandIn.PASSWORD)) {
                assertThat(direct.listApplications(null, 10, null).items()).hasSize(1);
                assertThat(prefixed.listApplications(null, 10, null).items()).hasSize(1);
                GatewayException e = catchThrowableOfType(GatewayException.class,
                        () -> bare.listApplications(null, 10, null));
                assertThat(e.getMessage()).contains("/management/auth/token").contains("http.api.entrypoint");
            }
        }
    }
}
