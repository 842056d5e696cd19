package org.secretdesk.ui.connections;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.secretdesk.desk.connections.UntrustedChainException;
import org.secretdesk.pki.CertificateAuthority;
import org.secretdesk.pki.Fingerprints;
import org.secretdesk.pki.KeyAndCertificate;

class TrustPromptViewModelTest {

    static final Instant NOW = Instant.parse("2026-11-23T06:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final CertificateAuthority CA = CertificateAuthority.create("Prompt CA", Duration.ofDays(30), CLOCK);
    static final KeyAndCertificate SERVER = CA.issueServerCertificate("gw", List.of("gw.example"), List.of(),
            Duration.ofDays(5), CLOCK);

    @Test
    void firstUseNeedsTheConfirmationAndAMatchingPasteIfAny() {
        TrustPromptViewModel vm = new TrustPromptViewModel(new UntrustedChainException(SERVER.chain(), null), "Prod", CLOCK);
        assertThat(vm.firstUse()).isTrue();
        assertThat(vm.presentedFingerprint()).isEqualTo(Fingerprints.sha256(CA.certificate()));
        assertThat(vm.caCertificate()).isEqualTo(CA.certificate());
        assertThat(vm.server().subject()).isEqualTo("CN=gw");
        assertThat(vm.message()).contains("first connection to \"Prod\"");
        assertThat(vm.canAccept().get()).isFalse();
        vm.confirmedProperty().set(true);
        assertThat(vm.canAccept().get()).isTrue();
        vm.expectedFingerprintProperty().set(vm.presentedFingerprint().toLowerCase().replace(":", " "));
        assertThat(vm.canAccept().get()).isTrue();
        vm.expectedFingerprintProperty().set("AA" + vm.presentedFingerprint().substring(2));
        assertThat(vm.canAccept().get()).isFalse();
        assertThat(vm.validityProblem()).isEmpty();
    }

    @Test
    void aPastedFingerprintThatMatchesIsSaidToMatch() {
        // Issue 25: only a mismatch was said; pasting the matching fingerprint left no visible trace.
        TrustPromptViewModel vm = new TrustPromptViewModel(new UntrustedChainException(SERVER.chain(), null), "Prod", CLOCK);
        assertThat(vm.comparisonText()).isEmpty();
        vm.expectedFingerprintProperty().set(" " + vm.presentedFingerprint().toLowerCase() + " ");
        assertThat(vm.comparison()).isEqualTo(TrustPromptViewModel.Comparison.MATCHES);
        assertThat(vm.comparisonText()).isEqualTo("\u2713 It matches the fingerprint of the presented CA.");
        vm.expectedFingerprintProperty().set("AA" + vm.presentedFingerprint().substring(2));
        assertThat(vm.comparisonText()).isEqualTo("This is not the fingerprint of the presented CA.");
    }

    @Test
    void aChangedCertificateNamesBothFingerprints() {
        CertificateAuthority other = CertificateAuthority.create("Other CA", Duration.ofDays(30), CLOCK);
        String pinned = Fingerprints.sha256(other.certificate());
        TrustPromptViewModel vm = new TrustPromptViewModel(new UntrustedChainException(SERVER.chain(), pinned), "Prod", CLOCK);
        assertThat(vm.firstUse()).isFalse();
        assertThat(vm.title()).contains("changed");
        assertThat(vm.pinnedFingerprint()).isEqualTo(pinned);
        assertThat(vm.presentedFingerprint()).isEqualTo(Fingerprints.sha256(CA.certificate()));
        assertThat(vm.acceptLabel()).isEqualTo("Trust the new CA");
        assertThat(vm.canAccept().get()).isFalse();
    }

    @Test
    void expiredAndNotYetValidCasAreFlagged() {
        CertificateAuthority old = CertificateAuthority.create("Old", Duration.ofDays(1),
                Clock.fixed(NOW.minus(Duration.ofDays(10)), ZoneOffset.UTC));
        TrustPromptViewModel expired = new TrustPromptViewModel(
                new UntrustedChainException(List.of(old.certificate()), null), "x", CLOCK);
        assertThat(expired.validityProblem()).contains("expired");
        CertificateAuthority future = CertificateAuthority.create("Future", Duration.ofDays(10),
                Clock.fixed(NOW.plus(Duration.ofDays(2)), ZoneOffset.UTC));
        TrustPromptViewModel early = new TrustPromptViewModel(
                new UntrustedChainException(List.of(future.certificate()), null), "x", CLOCK);
        assertThat(early.validityProblem()).contains("not valid until");
    }
}
