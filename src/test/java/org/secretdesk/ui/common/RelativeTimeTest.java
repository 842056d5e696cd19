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
        assertThat(rel(Duration.ofHours(-5))).isEqualTo("5 h ago");
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
    void exactAndShortDates() {
        assertThat(times.exact(Instant.parse("2026-10-03T14:05:09Z"))).isEqualTo("3 Oct 2026, 14:05:09");
        assertThat(times.shortDate(Instant.parse("2026-10-03T14:05:09Z"), NOW)).isEqualTo("3 Oct");
        assertThat(times.shortDate(Instant.parse("2025-10-03T14:05:09Z"), NOW)).isEqualTo("3 Oct 2025");
    }
}
