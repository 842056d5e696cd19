package org.secretdesk.ui.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.client.HttpTransport;
import org.secretdesk.client.LimitationsSayEachFactOnce;
import org.secretdesk.client.dataminer.DataMinerClient;
import org.secretdesk.client.gravitee.GraviteeClient;
import org.secretdesk.model.GatewayInfo;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.SecretValue;
import org.secretdesk.ui.cawizard.CaExportViewModel;
import org.secretdesk.ui.cawizard.CaSources;
import org.secretdesk.ui.reveal.RevealViewModel;
import org.secretdesk.ui.testing.SyncBackground;

/**
 * Issue 25: what the console says must be true of the backend it shows. The texts of the reveal, renew, delete and
 * CA wizard screens, from each connector's own capabilities. The screens themselves are walked in the main window by
 * {@link org.secretdesk.ui.testing.BackendWalk}: Keycloak against the real server (ConsoleWithKeycloakAndSecretDeskTest),
 * the SecretDesk gateway over HTTPS (ConnectionSwitcherTest), DataMiner and Gravitee AM against their stand-ins
 * (ConsoleWithDataMinerAndGraviteeTest).
 */
class BackendTruthTest {

    private static final URI NOWHERE = URI.create("https://127.0.0.1:1/BrokerGateway");

    private static Capabilities dataMiner() {
        try (DataMinerClient c = new DataMinerClient(NOWHERE, SecretValue.copyOf("key"), null)) {
            return c.capabilities();
        }
    }

    private static Capabilities gravitee() {
        try (GraviteeClient c = new GraviteeClient(URI.create("https://127.0.0.1:1"), "DEFAULT", "DEFAULT", "dom",
                "admin", SecretValue.copyOf("pw"), null)) {
            return c.capabilities();
        }
    }

    private static String revealWarning(Capabilities caps) {
        IssuedSecret issued = new IssuedSecret(Fixtures.secret("prod"), "sdc_abc", SecretValue.copyOf("sds_value"));
        return new RevealViewModel("billing", issued, v -> { }, t -> { }, Clock.fixed(Fixtures.NOW, ZoneOffset.UTC),
                caps.custody()).warning();
    }

    @Test
    void theRevealSaysWhatEachBackendKeepsOfTheValue() {
        assertThat(revealWarning(Fixtures.all())).isEqualTo(RevealViewModel.WARNING)
                .contains("The gateway keeps only a hash");
        assertThat(revealWarning(dataMiner())).doesNotContain("hash")
                .contains("DataMiner BrokerGateway stores it; its list shows only the first four characters");
        // Gravitee AM keeps the value, in plaintext by default (connectors.md), and never returns it.
        assertThat(revealWarning(gravitee())).doesNotContain("keeps only a hash")
                .contains("Gravitee AM does not return it again").contains("in plaintext unless");
    }

    @Test
    void noBackendListsAFactTwiceInOtherWords() {
        LimitationsSayEachFactOnce.check(dataMiner());
        LimitationsSayEachFactOnce.check(gravitee());
        LimitationsSayEachFactOnce.check(Fixtures.all());
    }

    @Test
    void deletingADataMinerSecretWarnsOfNoLastSecretEachNameIsItsOwnClient() {
        assertThat(SecretWorkflows.deleteSecretWarnings(true, dataMiner()))
                .containsExactly(SecretWorkflows.DELETE_SECRET_WARNING);
        assertThat(SecretWorkflows.deleteSecretWarnings(true, gravitee()))
                .containsExactly(SecretWorkflows.DELETE_SECRET_WARNING, SecretWorkflows.LAST_SECRET_WARNING);
        assertThat(SecretWorkflows.deleteSecretWarnings(true, Fixtures.all()))
                .containsExactly(SecretWorkflows.DELETE_SECRET_WARNING, SecretWorkflows.LAST_SECRET_WARNING);
    }

    @Test
    void renewSaysOneVerbAndWhatTheBackendDoes() {
        RenewViewModel gv = new RenewViewModel(Fixtures.secret("prod"), gravitee());
        assertThat(gv.actionName()).isEqualTo("Renew");
        assertThat(gv.noGraceExplanation()).contains("renews a secret in place");
        // What happens to the old value, said once: the warning is Gravitee's own explanation, not the gateway's
        // "stops working immediately" with the explanation repeating it underneath.
        assertThat(gv.warning()).isEqualTo("Renewing issues a new value. " + gv.noGraceExplanation());
        assertThat(gv.warning().split("stops working", -1)).hasSize(2);
        RenewViewModel dm = new RenewViewModel(Fixtures.secret("prod"), dataMiner());
        assertThat(dm.renewSupported()).isFalse();
        assertThat(dm.unsupportedExplanation()).contains("cannot renew in place");
    }

    @Test
    void oneFixedLengthMaskWhateverTheValuesLength() {
        String shortOne = HttpTransport.redacted(SecretValue.copyOf("KTn6abcdefgh"), 4);
        String longOne = HttpTransport.redacted(SecretValue.copyOf("KTn6" + "x".repeat(28)), 4);
        assertThat(longOne).isEqualTo("KTn6" + "*".repeat(16));
        assertThat(shortOne).hasSameSizeAs(longOne);
    }

    @Test
    void testConnectionNamesTheWholeVersionOrSaysThereIsNone() {
        assertThat(new GatewayInfo("DataMiner BrokerGateway", null, null, null).describe())
                .isEqualTo("DataMiner BrokerGateway (its API does not report a version)");
        assertThat(new GatewayInfo("Keycloak (realm acme)", "26.5.6", null, null).describe())
                .isEqualTo("Keycloak (realm acme) 26.5.6");
    }

    @Test
    void theCaWizardOnABackendThatServesNoCaSaysSoAndOffersTheAddressOrAFile() {
        CaExportViewModel vm = new CaExportViewModel(new SyncBackground(), Clock.systemUTC(),
                CaSources.servesNoCa("Broker", "https://broker.example/BrokerGateway",
                        dataMiner().explain(Feature.CA_EXPORT)));
        assertThat(vm.gatewayAvailable()).isFalse();
        assertThat(vm.gatewayNote()).startsWith("\"Broker\" is connected but does not serve its CA.")
                .contains("ca.pem").endsWith("Use the certificate chain its address presents, or the CA file.")
                .doesNotContain("No gateway is connected");
        assertThat(vm.urlProperty().get()).isEqualTo("https://broker.example/BrokerGateway");
        assertThat(vm.sourceProperty().get()).isEqualTo(CaExportViewModel.Source.URL);
    }
}
