package org.secretdesk.ui.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.secretdesk.client.ApplicationPatch;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.Application;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.ExpiryMode;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.Problem;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.ui.testing.StubGateway;
import org.secretdesk.ui.testing.SyncBackground;

/** The secret policy and application policy dialogs' rules, without the toolkit. */
class PolicyViewModelsTest {

    private static final DomainSecretPolicy NINETY = new DomainSecretPolicy(true, Duration.ofDays(90),
            DomainSecretPolicy.DEFAULT_THRESHOLDS, 10);

    private final List<DomainSecretPolicy> sent = new ArrayList<>();
    private final StubGateway stub = new StubGateway()
            .on("getSecretPolicy", a -> NINETY)
            .on("updateSecretPolicy", a -> {
                sent.add((DomainSecretPolicy) a[0]);
                return a[0];
            });

    private SecretPolicyViewModel loaded() {
        SecretPolicyViewModel vm = new SecretPolicyViewModel(new SyncBackground(), stub.client());
        vm.load();
        return vm;
    }

    @Test
    void loadsThePolicyIntoTheFields() {
        SecretPolicyViewModel vm = loaded();
        assertThat(vm.expiryEnabledProperty().get()).isTrue();
        assertThat(vm.amountProperty().get()).isEqualTo("90");
        assertThat(vm.unitProperty().get()).isEqualTo(DurationInput.Unit.DAYS);
        assertThat(vm.thresholds()).containsExactly(Duration.ofDays(20), Duration.ofDays(15), Duration.ofDays(10),
                Duration.ofDays(5), Duration.ofDays(1));
        assertThat(vm.maxSecretsText().get()).startsWith("At most 10 secrets");
        assertThat(vm.isoText().get()).isEqualTo("Sent to the gateway as P90D");
        assertThat(vm.canSave().get()).isTrue();
    }

    @Test
    void savesThe30DayPolicyAsIso() {
        SecretPolicyViewModel vm = loaded();
        vm.amountProperty().set("30");
        List<DomainSecretPolicy> saved = new ArrayList<>();
        vm.save(saved::add);
        assertThat(sent).singleElement().satisfies(p -> {
            assertThat(p.expiryEnabled()).isTrue();
            assertThat(p.expiresAfter()).isEqualTo(Duration.ofDays(30));
            assertThat(p.notifyBefore()).hasSize(5);
        });
        assertThat(saved).hasSize(1);
    }

    @Test
    void aBadDurationBlocksSavingWithItsMessage() {
        SecretPolicyViewModel vm = loaded();
        vm.amountProperty().set("-3");
        assertThat(vm.durationError().get()).isEqualTo("The expiry cannot be negative.");
        assertThat(vm.canSave().get()).isFalse();
        vm.save(p -> { });
        assertThat(sent).isEmpty();
        // With expiry off the duration does not matter.
        vm.expiryEnabledProperty().set(false);
        assertThat(vm.durationError().get()).isNull();
        assertThat(vm.canSave().get()).isTrue();
    }

    @Test
    void thresholdsAreAddedSortedRemovedAndValidated() {
        SecretPolicyViewModel vm = loaded();
        vm.newThresholdAmountProperty().set("3");
        assertThat(vm.addThreshold()).isTrue();
        assertThat(vm.thresholds()).containsExactly(Duration.ofDays(20), Duration.ofDays(15), Duration.ofDays(10),
                Duration.ofDays(5), Duration.ofDays(3), Duration.ofDays(1));
        assertThat(vm.newThresholdAmountProperty().get()).isEmpty();

        vm.newThresholdAmountProperty().set("5");
        assertThat(vm.addThreshold()).isFalse();
        assertThat(vm.thresholdErrorProperty().get()).isEqualTo("There is already a warning 5 days before.");
        vm.newThresholdAmountProperty().set("x");
        assertThat(vm.addThreshold()).isFalse();
        assertThat(vm.thresholdErrorProperty().get()).isEqualTo("“x” is not a whole number.");
        vm.newThresholdAmountProperty().set("12");
        vm.newThresholdUnitProperty().set(DurationInput.Unit.HOURS);
        assertThat(vm.addThreshold()).isTrue();
        assertThat(vm.thresholds().getLast()).isEqualTo(Duration.ofHours(12));

        vm.removeThreshold(Duration.ofDays(20));
        vm.removeThreshold(Duration.ofDays(3));
        assertThat(vm.thresholds()).doesNotContain(Duration.ofDays(20), Duration.ofDays(3));
        vm.resetThresholds();
        assertThat(vm.thresholds()).isEqualTo(DomainSecretPolicy.DEFAULT_THRESHOLDS);
    }

    private static Application app(ExpiryPolicy policy) {
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        return new Application("a1", "billing", "", "sdc_a1", List.of(), t, t, 7, policy, 1, null, 0);
    }

    @Test
    void applicationPolicyNeverIsSentWithTheVersionAndWarnsAboutTheOverride() {
        List<Object[]> patches = new ArrayList<>();
        StubGateway s = new StubGateway().on("updateApplication", a -> {
            patches.add(a);
            return app(((ApplicationPatch) a[1]).secretPolicy());
        });
        ApplicationPolicyViewModel vm = new ApplicationPolicyViewModel(new SyncBackground(), s.client(),
                app(ExpiryPolicy.FOLLOW_DOMAIN), NINETY);
        assertThat(vm.showsOverrideWarning().get()).isFalse();
        assertThat(vm.gatewayPolicyText()).isEqualTo("Gateway policy: secrets expire after 90 days");
        vm.modeProperty().set(ExpiryMode.NEVER);
        assertThat(vm.showsOverrideWarning().get()).isTrue();
        List<Application> saved = new ArrayList<>();
        vm.save(saved::add, e -> { });
        assertThat(patches).singleElement().satisfies(a -> {
            assertThat(a[0]).isEqualTo("a1");
            assertThat(((ApplicationPatch) a[1]).secretPolicy()).isEqualTo(ExpiryPolicy.NEVER);
            assertThat(a[2]).isEqualTo(7L);
        });
        assertThat(saved.getFirst().secretPolicy()).isEqualTo(ExpiryPolicy.NEVER);
    }

    @Test
    void customApplicationPolicyValidatesTheDuration() {
        ApplicationPolicyViewModel vm = new ApplicationPolicyViewModel(new SyncBackground(),
                new StubGateway().client(), app(ExpiryPolicy.custom(Duration.ofDays(7))), NINETY);
        assertThat(vm.amountProperty().get()).isEqualTo("7");
        vm.amountProperty().set("0");
        assertThat(vm.durationError().get()).isEqualTo("The expiry must be at least 1 day.");
        assertThat(vm.canSave().get()).isFalse();
        vm.modeProperty().set(ExpiryMode.DOMAIN);
        assertThat(vm.canSave().get()).isTrue();
        assertThat(vm.policy()).isEqualTo(ExpiryPolicy.FOLLOW_DOMAIN);
    }

    @Test
    void a412KeepsTheDialogOpenSaysWhyAndTellsTheCaller() {
        StubGateway s = new StubGateway().on("updateApplication", a -> {
            throw GatewayException.http(Problem.of(ProblemCode.PRECONDITION_FAILED, "stale"));
        });
        ApplicationPolicyViewModel vm = new ApplicationPolicyViewModel(new SyncBackground(), s.client(),
                app(ExpiryPolicy.FOLLOW_DOMAIN), NINETY);
        vm.modeProperty().set(ExpiryMode.NEVER);
        List<Throwable> stale = new ArrayList<>();
        vm.save(a -> { }, stale::add);
        assertThat(stale).hasSize(1);
        assertThat(vm.errorProperty().get()).containsIgnoringCase("someone else");
        assertThat(vm.canSave().get()).isFalse();
    }
}
