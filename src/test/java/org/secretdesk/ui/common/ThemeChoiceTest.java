package org.secretdesk.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThemeChoiceTest {

    @Test
    void systemFollowsTheOsUntilTheUserPicks() {
        assertThat(ThemeChoice.SYSTEM.isDark(true)).isTrue();
        assertThat(ThemeChoice.SYSTEM.isDark(false)).isFalse();
        assertThat(ThemeChoice.LIGHT.isDark(true)).isFalse();
        assertThat(ThemeChoice.DARK.isDark(false)).isTrue();
    }

    @Test
    void toggleCyclesThroughAllThree() {
        assertThat(ThemeChoice.SYSTEM.next()).isEqualTo(ThemeChoice.LIGHT);
        assertThat(ThemeChoice.LIGHT.next()).isEqualTo(ThemeChoice.DARK);
        assertThat(ThemeChoice.DARK.next()).isEqualTo(ThemeChoice.SYSTEM);
    }
}
