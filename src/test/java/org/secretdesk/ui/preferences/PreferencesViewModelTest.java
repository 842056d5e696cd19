package org.secretdesk.ui.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.secretdesk.ui.common.ConsolePreferences;
import org.secretdesk.ui.common.ThemeChoice;

/** The Preferences dialog's validation and result. */
class PreferencesViewModelTest {

    @Test
    void defaultsAreThirtySecondsAndFollowTheGateway() {
        PreferencesViewModel vm = new PreferencesViewModel(ConsolePreferences.DEFAULTS, ThemeChoice.SYSTEM);
        assertThat(vm.clipboardSecondsProperty().get()).isEqualTo("30");
        assertThat(vm.neverClearClipboardProperty().get()).isFalse();
        assertThat(vm.followGatewayWarningProperty().get()).isTrue();
        assertThat(vm.result()).isEqualTo(ConsolePreferences.DEFAULTS);
        assertThat(vm.result().clipboardClearAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(vm.result().warningWindow()).isNull();
    }

    @Test
    void clipboardTimeoutMustBeTenToThreeHundredSecondsOrNever() {
        PreferencesViewModel vm = new PreferencesViewModel(ConsolePreferences.DEFAULTS, ThemeChoice.SYSTEM);
        vm.clipboardSecondsProperty().set("5");
        assertThat(vm.clipboardError().get()).isEqualTo("The clipboard timeout must be between 10 and 300 seconds.");
        assertThat(vm.result()).isNull();
        vm.clipboardSecondsProperty().set("301");
        assertThat(vm.canSave().get()).isFalse();
        vm.clipboardSecondsProperty().set("abc");
        assertThat(vm.clipboardError().get()).isEqualTo("“abc” is not a whole number.");
        vm.clipboardSecondsProperty().set("");
        assertThat(vm.clipboardError().get()).isEqualTo("The clipboard timeout needs a number of seconds.");
        vm.neverClearClipboardProperty().set(true);
        assertThat(vm.canSave().get()).isTrue();
        assertThat(vm.result().clipboardClearSeconds()).isZero();
        assertThat(vm.result().clipboardClearAfter()).isNull();
        vm.neverClearClipboardProperty().set(false);
        vm.clipboardSecondsProperty().set("120");
        assertThat(vm.result().clipboardClearAfter()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void themeReconnectAndWarningThresholdAreKept() {
        PreferencesViewModel vm = new PreferencesViewModel(ConsolePreferences.DEFAULTS, ThemeChoice.LIGHT);
        vm.themeProperty().set(ThemeChoice.DARK);
        vm.autoReconnectProperty().set(false);
        vm.followGatewayWarningProperty().set(false);
        vm.warningDaysProperty().set("0");
        assertThat(vm.warningError().get()).isEqualTo("The warning threshold must be between 1 and 365 days.");
        vm.warningDaysProperty().set("7");
        ConsolePreferences r = vm.result();
        assertThat(r.theme()).isEqualTo(ThemeChoice.DARK);
        assertThat(r.autoReconnect()).isFalse();
        assertThat(r.warningWindow()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void outOfRangeValuesFromAFileAreReportedAndReset() {
        ConsolePreferences bad = ConsolePreferences.DEFAULTS.withOptions(5000, false, -3);
        assertThat(bad.problems()).hasSize(2);
        ConsolePreferences fixed = bad.sanitized();
        assertThat(fixed.clipboardClearSeconds()).isEqualTo(30);
        assertThat(fixed.warningDays()).isZero();
        assertThat(fixed.autoReconnect()).isFalse();
        assertThat(fixed.problems()).isEmpty();
    }
}
