package org.secretdesk.ui.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.secretdesk.model.IsoDurations;
import org.secretdesk.ui.policy.DurationInput.Unit;

/** Durations typed as amount + unit: each unit, and a clear sentence for each kind of bad input. */
class DurationInputTest {

    private static DurationInput.Parsed parse(String amount, Unit unit) {
        return DurationInput.parse(amount, unit, "The expiry");
    }

    @Test
    void eachUnitGivesTheDurationAndItsIsoForm() {
        assertThat(parse("30", Unit.DAYS).duration()).isEqualTo(Duration.ofDays(30));
        assertThat(IsoDurations.format(parse("30", Unit.DAYS).duration())).isEqualTo("P30D");
        assertThat(parse("12", Unit.HOURS).duration()).isEqualTo(Duration.ofHours(12));
        assertThat(IsoDurations.format(parse("12", Unit.HOURS).duration())).isEqualTo("PT12H");
        assertThat(parse("2", Unit.WEEKS).duration()).isEqualTo(Duration.ofDays(14));
        assertThat(parse(" 7 ", Unit.DAYS).duration()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void badInputGetsOneClearSentenceEach() {
        assertThat(parse("", Unit.DAYS).error()).isEqualTo("The expiry needs an amount.");
        assertThat(parse("   ", Unit.DAYS).error()).isEqualTo("The expiry needs an amount.");
        assertThat(parse("-5", Unit.DAYS).error()).isEqualTo("The expiry cannot be negative.");
        assertThat(parse("0", Unit.DAYS).error()).isEqualTo("The expiry must be at least 1 day.");
        assertThat(parse("0", Unit.HOURS).error()).isEqualTo("The expiry must be at least 1 hour.");
        assertThat(parse("40000", Unit.DAYS).error()).isEqualTo("The expiry can be at most 36500 days (100 years).");
        assertThat(parse("99999999999999999999", Unit.DAYS).error())
                .isEqualTo("The expiry can be at most 36500 days (100 years).");
        assertThat(parse("ten", Unit.DAYS).error()).isEqualTo("“ten” is not a whole number.");
        assertThat(parse("1.5", Unit.DAYS).error()).isEqualTo("“1.5” is not a whole number.");
        assertThat(parse("ten", Unit.DAYS).duration()).isNull();
    }

    @Test
    void theLargestAllowedAmountIsAccepted() {
        assertThat(parse("36500", Unit.DAYS).ok()).isTrue();
        assertThat(parse("36501", Unit.DAYS).ok()).isFalse();
    }

    @Test
    void existingDurationsAreShownInDaysOrHours() {
        assertThat(DurationInput.show(Duration.ofDays(90))).isEqualTo(new DurationInput.Shown("90", Unit.DAYS));
        assertThat(DurationInput.show(Duration.ofDays(14))).isEqualTo(new DurationInput.Shown("14", Unit.DAYS));
        assertThat(DurationInput.show(Duration.ofHours(36))).isEqualTo(new DurationInput.Shown("36", Unit.HOURS));
        assertThat(DurationInput.label(Duration.ofDays(5))).isEqualTo("5 days");
        assertThat(DurationInput.label(Duration.ofDays(1))).isEqualTo("1 day");
    }
}
