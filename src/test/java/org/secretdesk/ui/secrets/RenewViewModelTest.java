package org.secretdesk.ui.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.model.ProblemCode;

class RenewViewModelTest {

    @Test
    void graceOptionsOnlyWhenTheBackendSupportsThem() {
        RenewViewModel with = new RenewViewModel(Fixtures.secret("prod"), Fixtures.all());
        assertThat(with.graceSupported()).isTrue();
        assertThat(with.graceOptions()).extracting(RenewViewModel.GraceOption::duration)
                .containsExactly(null, Duration.ofHours(1), Duration.ofHours(24), Duration.ofDays(7));
        assertThat(with.selectedGraceProperty().get().duration()).isNull();

        RenewViewModel without = new RenewViewModel(Fixtures.secret("prod"),
                Fixtures.without(Feature.RENEW_GRACE_PERIOD));
        assertThat(without.graceSupported()).isFalse();
        assertThat(without.graceOptions()).isEmpty();
        assertThat(without.begin()).contains(Optional.empty());
    }

    @Test
    void renewAgainAfterAFailureRepeatsTheRequestWithTheSameIdempotencyKey() {
        RenewViewModel vm = new RenewViewModel(Fixtures.secret("prod"), Fixtures.all());
        assertThat(vm.begin()).isPresent();
        String first = vm.idempotencyKey();
        vm.failed(new RuntimeException("answer lost"));
        assertThat(vm.begin()).isPresent();
        assertThat(vm.idempotencyKey()).as("the same renewal again").isEqualTo(first);
        vm.failed(new RuntimeException("answer lost"));
        vm.selectedGraceProperty().set(vm.graceOptions().get(1));
        assertThat(vm.begin()).isPresent();
        assertThat(vm.idempotencyKey()).as("another grace period").isNotEqualTo(first);
    }

    @Test
    void theChosenGraceIsSent() {
        RenewViewModel vm = new RenewViewModel(Fixtures.secret("prod"), Fixtures.all());
        vm.selectedGraceProperty().set(vm.graceOptions().get(2));
        assertThat(vm.begin()).contains(Optional.of(Duration.ofHours(24)));
        assertThat(vm.busyProperty().get()).isTrue();
        assertThat(vm.canRenewBinding().get()).isFalse();
    }

    @Test
    void aBackendThatCannotRenewExplainsInsteadOfOffering() {
        RenewViewModel vm = new RenewViewModel(Fixtures.secret("prod"), Fixtures.without(Feature.RENEW));
        assertThat(vm.renewSupported()).isFalse();
        assertThat(vm.canRenewBinding().get()).isFalse();
        assertThat(vm.begin()).isEmpty();
        assertThat(vm.unsupportedExplanation()).contains("cannot renew in place");
    }

    @Test
    void preconditionFailedSaysSomeoneElseChangedItAndAsksForAReload() {
        RenewViewModel vm = new RenewViewModel(Fixtures.secret("prod"), Fixtures.all());
        vm.begin();
        boolean reload = vm.failed(Fixtures.http(ProblemCode.PRECONDITION_FAILED));
        assertThat(reload).isTrue();
        assertThat(vm.errorProperty().get()).isEqualTo("This secret was changed by someone else. The list was reloaded.");
        assertThat(vm.busyProperty().get()).isFalse();
    }

    @Test
    void offlineDoesNotAskForAReload() {
        RenewViewModel vm = new RenewViewModel(Fixtures.secret("prod"), Fixtures.all());
        vm.begin();
        assertThat(vm.failed(Fixtures.offline())).isFalse();
        assertThat(vm.errorProperty().get()).contains("cannot be reached");
    }

    @Test
    void theWarningSaysExactlyWhatHappensWithTheGraceChosen() {
        // Issue 19: the dialog said "The current value stops working immediately" even with 7 days of grace chosen.
        java.time.Instant now = java.time.Instant.parse("2026-12-07T14:05:00Z");
        RenewViewModel vm = new RenewViewModel(Fixtures.secret("prod"), Fixtures.all(),
                java.time.Clock.fixed(now, java.time.ZoneOffset.UTC));
        assertThat(vm.warningText().get()).isEqualTo(RenewViewModel.WARNING);
        vm.selectedGraceProperty().set(vm.graceOptions().get(3));
        assertThat(vm.warningText().get()).doesNotContain("immediately")
                .contains("keeps working until 2026-12-14 14:05 (in 7 days)");
        vm.selectedGraceProperty().set(vm.graceOptions().get(1));
        assertThat(vm.warningText().get()).contains("until 2026-12-07 15:05 (in 1 h)");
    }

    @Test
    void retireWhenQuietFollowsThePolicyByDefaultAndIsSentOnlyWithAGracePeriod() {
        RenewViewModel vm = new RenewViewModel(Fixtures.secret("prod"), Fixtures.all());
        assertThat(vm.retireOptions()).extracting(RenewViewModel.RetireOption::quiet).containsExactly(null,
                Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(4), Duration.ofDays(1));
        assertThat(vm.selectedRetireProperty().get().quiet()).as("the application's policy").isNull();
        vm.rotationPolicyLoaded(new org.secretdesk.model.RotationPolicy(Duration.ofHours(1)));
        assertThat(vm.policyOptionLabel().get()).isEqualTo(
                "Retire the old value once unused for 1 h (the application's policy)");
        vm.rotationPolicyLoaded(org.secretdesk.model.RotationPolicy.NONE);
        assertThat(vm.policyOptionLabel().get()).startsWith("No: the grace runs its course");

        vm.selectedRetireProperty().set(vm.retireOptions().get(2));
        assertThat(vm.retireApplies().get()).as("no grace chosen").isFalse();
        vm.begin();
        assertThat(vm.retireAfterQuiet()).as("without a grace the old value stops at once").isNull();
        String withoutGrace = vm.idempotencyKey();
        vm.failed(new RuntimeException("answer lost"));

        vm.selectedGraceProperty().set(vm.graceOptions().get(2));
        assertThat(vm.retireApplies().get()).isTrue();
        vm.begin();
        assertThat(vm.retireAfterQuiet()).isEqualTo(Duration.ofHours(1));
        String first = vm.idempotencyKey();
        assertThat(first).isNotEqualTo(withoutGrace);
        vm.failed(new RuntimeException("answer lost"));
        vm.selectedRetireProperty().set(vm.retireOptions().get(1));
        vm.begin();
        assertThat(vm.idempotencyKey()).as("another retire period is another request").isNotEqualTo(first);

        RenewViewModel without = new RenewViewModel(Fixtures.secret("prod"),
                Fixtures.without(Feature.RETIRE_WHEN_QUIET));
        assertThat(without.retireOptions()).isEmpty();
    }
}
