package org.secretdesk.ui.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.PreviousValue;
import org.secretdesk.model.Problem;
import org.secretdesk.model.RotationPolicy;
import org.secretdesk.model.SecretStatus;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretUsage;
import org.secretdesk.ui.common.RelativeTime;
import org.secretdesk.ui.common.UsageLines;
import org.secretdesk.ui.testing.StubGateway;
import org.secretdesk.ui.testing.SyncBackground;

/** The rotation panel's rules, without the toolkit: End grace's warning window, Extend's limit, the policy. */
class RotationViewModelTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Instant RENEWED = NOW.minus(Duration.ofHours(1));
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Capabilities SECRETDESK = new Capabilities(EnumSet.allOf(Feature.class), 10, Map.of());

    private final StubGateway gateway = new StubGateway();

    private static SecretSummary renewed(Instant graceUntil, SecretUsage oldUse, SecretUsage newUse,
                                         Duration retireAfterQuiet) {
        return new SecretSummary("sec_1", "app_1", "prod rollout", "sds_Ab3x", "sds_Ab3x••••", RENEWED.minus(
                Duration.ofDays(30)), RENEWED, null, null, SecretStatus.ACTIVE, graceUntil, 3, newUse,
                graceUntil == null ? null : new PreviousValue(graceUntil, oldUse, retireAfterQuiet), null);
    }

    private static SecretUsage usedAgo(Duration ago, String from, long thisHour) {
        return new SecretUsage(NOW.minus(ago), from, thisHour + 5, List.of(thisHour, 5L));
    }

    private RotationViewModel vm(SecretSummary s, Capabilities caps) {
        return new RotationViewModel("app_1", "billing-service", s, caps, gateway.client(), new SyncBackground(),
                CLOCK, new UsageLines(new RelativeTime(ZoneOffset.UTC)));
    }

    @Test
    void bothValuesShowTheirUseSideBySideAndTheOldValuesStateLine() {
        RotationViewModel vm = vm(renewed(NOW.plus(Duration.ofHours(2)), usedAgo(Duration.ofMinutes(2), "10.0.0.5",
                37), usedAgo(Duration.ofSeconds(20), "10.0.0.7", 3), null), SECRETDESK);

        assertThat(vm.stateProperty().get()).isEqualTo(
                "Old value used 2 min ago from 10.0.0.5 · 37 uses in the last hour · valid until 14:00");
        assertThat(vm.oldCardProperty().get().from()).isEqualTo("10.0.0.5");
        assertThat(vm.oldCardProperty().get().lastHour()).isEqualTo("37 uses");
        assertThat(vm.oldCardProperty().get().last24h()).isEqualTo("42 uses");
        assertThat(vm.oldCardProperty().get().detail()).isEqualTo("Valid until 14:00 (in 2 h)");
        assertThat(vm.newCardProperty().get().from()).isEqualTo("10.0.0.7");
        assertThat(vm.newCardProperty().get().lastUsed()).startsWith("just now");
        assertThat(vm.retireTextProperty().get()).contains("runs its grace period to the end");

        // Live: the main window read the secret again after clients switched.
        vm.update(renewed(NOW.plus(Duration.ofHours(2)), usedAgo(Duration.ofMinutes(2), "10.0.0.5", 37),
                usedAgo(Duration.ZERO, "10.0.0.5", 4), Duration.ofHours(1)));
        assertThat(vm.newCardProperty().get().from()).isEqualTo("10.0.0.5");
        assertThat(vm.retireTextProperty().get()).contains("unused for 1 h");
    }

    @Test
    void endGraceWarnsOnlyWhenTheOldValueWasUsedWithinTheWarningWindow() {
        Instant until = NOW.plus(Duration.ofHours(2));
        SecretUsage fresh = usedAgo(RotationViewModel.WARN_WINDOW.minusSeconds(1), "10.0.0.5", 3);
        assertThat(vm(renewed(until, fresh, SecretUsage.NONE, null), SECRETDESK).endGraceWarning())
                .startsWith("The old value was used 14 min ago from 10.0.0.5 (3 uses in the last hour).")
                .contains("get 401");
        SecretUsage quiet = usedAgo(RotationViewModel.WARN_WINDOW.plusSeconds(1), "10.0.0.5", 3);
        assertThat(vm(renewed(until, quiet, SecretUsage.NONE, null), SECRETDESK).endGraceWarning()).isNull();
        assertThat(vm(renewed(until, SecretUsage.NONE, SecretUsage.NONE, null), SECRETDESK).endGraceWarning())
                .isNull();
    }

    @Test
    void endGraceCallsTheGatewayWithTheVersionAndShowsTheEnd() {
        List<Object[]> calls = new ArrayList<>();
        gateway.on("endGrace", args -> {
            calls.add(args);
            return renewed(null, null, SecretUsage.NONE, null);
        });
        RotationViewModel vm = vm(renewed(NOW.plus(Duration.ofHours(2)), SecretUsage.NONE, SecretUsage.NONE, null),
                SECRETDESK);
        int[] changed = {0};
        vm.onChanged(() -> changed[0]++, e -> { });

        vm.endGrace();

        assertThat(calls).singleElement().satisfies(a -> assertThat(a).containsExactly("app_1", "sec_1", 3L));
        assertThat(changed[0]).isEqualTo(1);
        assertThat(vm.stateProperty().get()).isEqualTo("Rotation complete: only the new value works.");
        assertThat(vm.endGraceBlockedProperty().get()).contains("no grace period running");
        assertThat(vm.extendOptionsProperty().get()).isEmpty();
        assertThat(vm.infoProperty().get()).isEqualTo("Grace period ended: the old value no longer works.");
    }

    @Test
    void aStaleEndGraceSaysSoAndAsksTheWindowToReload() {
        gateway.on("endGrace", args -> {
            throw GatewayException.http(new Problem(Problem.TYPE, "Precondition Failed", 412, "stale", null, null));
        });
        RotationViewModel vm = vm(renewed(NOW.plus(Duration.ofHours(2)), SecretUsage.NONE, SecretUsage.NONE, null),
                SECRETDESK);
        List<Throwable> elsewhere = new ArrayList<>();
        vm.onChanged(() -> { }, elsewhere::add);

        vm.endGrace();

        assertThat(elsewhere).hasSize(1);
        assertThat(vm.errorProperty().get()).contains("changed");
        assertThat(vm.busyProperty().get()).isFalse();
    }

    @Test
    void extendOffersOnlyWhatStaysWithinSevenDaysOfTheRenew() {
        // Renewed an hour ago; the grace runs 6 days 20 hours from the renew: 4 hours left before the limit.
        Instant until = RENEWED.plus(Duration.ofDays(6)).plus(Duration.ofHours(20));
        RotationViewModel vm = vm(renewed(until, SecretUsage.NONE, SecretUsage.NONE, null), SECRETDESK);

        List<RotationViewModel.ExtendOption> options = vm.extendOptionsProperty().get();
        assertThat(options).extracting(RotationViewModel.ExtendOption::label)
                .containsExactly("By 1 h", "By 4 h", "By 1 day", "By 3 days");
        assertThat(options).extracting(o -> o.blockedReason() == null).containsExactly(true, true, false, false);
        assertThat(options.get(2).blockedReason()).contains("at most 7 days from the renew");

        List<Object[]> calls = new ArrayList<>();
        gateway.on("extendGrace", args -> {
            calls.add(args);
            return renewed(until.plus(Duration.ofHours(4)), SecretUsage.NONE, SecretUsage.NONE, null);
        });
        vm.extend(options.get(2));
        assertThat(calls).isEmpty();
        vm.extend(options.get(1));
        assertThat(calls).singleElement().satisfies(a ->
                assertThat(a).containsExactly("app_1", "sec_1", Duration.ofHours(4), 3L));
        assertThat(vm.oldCardProperty().get().detail()).startsWith("Valid until 2026-12-14 11:00");
    }

    @Test
    void theApplicationsPolicyIsReadAndSavedOnlyWhenChanged() {
        List<RotationPolicy> saved = new ArrayList<>();
        gateway.on("getRotationPolicy", args -> RotationPolicy.NONE)
                .on("updateRotationPolicy", args -> {
                    saved.add((RotationPolicy) args[1]);
                    return args[1];
                });
        RotationViewModel vm = vm(renewed(NOW.plus(Duration.ofHours(2)), SecretUsage.NONE, SecretUsage.NONE, null),
                SECRETDESK);
        assertThat(vm.savePolicyBlocked().get()).startsWith("Reading");
        vm.open();
        assertThat(vm.policyChoiceProperty().get().quiet()).isNull();
        assertThat(vm.savePolicyBlocked().get()).isEqualTo("Nothing changed.");

        vm.policyChoiceProperty().set(new RotationViewModel.QuietChoice(Duration.ofHours(1)));
        assertThat(vm.savePolicyBlocked().get()).isNull();
        vm.savePolicy();

        assertThat(saved).containsExactly(new RotationPolicy(Duration.ofHours(1)));
        assertThat(vm.savePolicyBlocked().get()).isEqualTo("Nothing changed.");
        assertThat(vm.infoProperty().get()).contains("after 1 h unused");
        vm.close();
    }

    @Test
    void keycloaksRotatedSecretIsThePreviousValueWithoutUsageAndWithoutGraceControl() {
        Capabilities keycloak = new Capabilities(EnumSet.of(Feature.RENEW, Feature.ROTATED_SECRET,
                Feature.PREVIOUS_VALUE), 0, Map.of(
                Feature.USAGE, "Keycloak does not record when or from where a client secret is used.",
                Feature.GRACE_CONTROL, "The rotated secret's expiry is set by the realm's secret-rotation policy.",
                Feature.RETIRE_WHEN_QUIET, "Keycloak records no use of a secret to retire it by."));
        SecretSummary current = renewed(NOW.plus(Duration.ofDays(2)), null, null, null);
        RotationViewModel vm = vm(current, keycloak);

        assertThat(vm.stateProperty().get()).isEqualTo("Previous value valid until 2026-12-09 12:00");
        assertThat(vm.oldCardProperty().get().note()).startsWith("Keycloak does not record");
        assertThat(vm.oldCardProperty().get().lastUsed()).isNull();
        assertThat(vm.endGraceBlockedProperty().get()).startsWith("The rotated secret's expiry");
        assertThat(vm.extendOptionsProperty().get()).isEmpty();
        assertThat(vm.supportsPolicy()).isFalse();
        assertThat(vm.retireTextProperty().get()).startsWith("Keycloak records no use");
    }

    @Test
    void aDeletedSecretDisablesEverything() {
        RotationViewModel vm = vm(renewed(NOW.plus(Duration.ofHours(2)), SecretUsage.NONE, SecretUsage.NONE, null),
                SECRETDESK);
        vm.update(null);
        assertThat(vm.stateProperty().get()).startsWith("This secret was deleted");
        assertThat(vm.endGraceBlockedProperty().get()).isNotNull();
        vm.endGrace();
        assertThat(gateway.calls).isEmpty();
    }
}
