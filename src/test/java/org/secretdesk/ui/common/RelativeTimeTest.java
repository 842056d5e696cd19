package org.secretdesk.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RelativeTimeTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final RelativeTime times = new RelativeTime(ZoneOffset.UTC);

    private String rel(Duration fromNow) {
        return times.relative(NOW.plus(fromNow), NOW, "never");
    }

    @Test
    void futureAndPastInTheLargestUnitThatFits() {
        assertThat(rel(Duration.ofDays(4).plusHours(3))).isEqualTo("in 4 days");
        assertThat(rel(Duration.ofDays(1))).isEqualTo("in 1 day");
        assertThat(rel(Duration.ofMinutes(-2))).isEqualTo("2 min ago");
        assertThat(rel(Duration.ofHours(-15))).isEqualTo("15 h ago");
        assertThat(rel(Duration.ofDays(90))).isEqualTo("in 3 months");
        assertThat(rel(Duration.ofDays(-800))).isEqualTo("2 years ago");
        assertThat(rel(Duration.ofSeconds(-20))).isEqualTo("just now");
    }

    @Test
    void aFutureInstantUnderAMinuteAwayIsNeverJustNow() {
        assertThat(rel(Duration.ofSeconds(40))).isEqualTo("in under a minute");
        assertThat(rel(Duration.ofSeconds(1))).isEqualTo("in under a minute");
        assertThat(rel(Duration.ofSeconds(61))).isEqualTo("in 1 min");
        assertThat(rel(Duration.ZERO)).isEqualTo("just now");
    }

    @Test
    void missingTimesUseTheCallersWord() {
        assertThat(times.relative(null, NOW, "never")).isEqualTo("never");
        assertThat(times.relative(null, NOW, "—")).isEqualTo("—");
    }

    @Test
    void statusBarAgeCountsSeconds() {
        assertThat(times.agoWithSeconds(NOW.minusSeconds(5), NOW)).isEqualTo("5 s ago");
        assertThat(times.agoWithSeconds(NOW.minusSeconds(125), NOW)).isEqualTo("2 min ago");
    }

    @Test
    void oneFormatForDatesAndTimes() {
        assertThat(times.exact(Instant.parse("2026-10-03T14:05:09Z"))).isEqualTo("2026-10-03 14:05");
        assertThat(times.date(Instant.parse("2026-10-03T14:05:09Z"))).isEqualTo("2026-10-03");
        assertThat(times.date(Instant.parse("2025-10-03T14:05:09Z"))).isEqualTo("2025-10-03");
    }

    @Test
    void aTypedIsoDateIsAccepted() {
        // Issue 19: "2026-12-07" was silently dropped; only the locale's "12/7/2026" worked.
        assertThat(RelativeTime.parseDate("2026-12-07")).isEqualTo(java.time.LocalDate.of(2026, 12, 7));
        assertThat(RelativeTime.parseDate(" 2026-12-07 ")).isEqualTo(java.time.LocalDate.of(2026, 12, 7));
        assertThat(RelativeTime.parseDate("")).isNull();
        assertThat(RelativeTime.formatDate(java.time.LocalDate.of(2026, 12, 7))).isEqualTo("2026-12-07");
    }

    @Test
    void hoursUnderTenCountTheMinutesToo() {
        // Issue 19: "in 1 h" was shown at 1 h 59 min.
        assertThat(rel(Duration.ofHours(1).plusMinutes(59))).isEqualTo("in 1 h 59 min");
        assertThat(rel(Duration.ofHours(2))).isEqualTo("in 2 h");
        assertThat(rel(Duration.ofHours(-3).minusMinutes(5))).isEqualTo("3 h 5 min ago");
        assertThat(rel(Duration.ofHours(23).plusMinutes(59))).isEqualTo("in 23 h");
    }
}
