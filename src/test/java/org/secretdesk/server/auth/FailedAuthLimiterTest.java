package org.secretdesk.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.secretdesk.server.testing.MutableClock;

/** The failed-authentication limit: IPv6 sources by /64, a bounded table that forgets no limited source. */
class FailedAuthLimiterTest {

    private final MutableClock clock = MutableClock.startingNow();

    @Test
    void anIpv6HostCannotEscapeTheLimitByChangingTheLowBitsOfItsAddress() {
        FailedAuthLimiter limiter = new FailedAuthLimiter(clock, 10);
        for (int i = 1; i <= 10; i++) {
            limiter.recordFailure("2001:db8:1:2::" + Integer.toHexString(i));
        }
        assertThat(limiter.retryAfterSeconds("2001:db8:1:2::ffff")).as("same /64").isPositive();
        assertThat(limiter.retryAfterSeconds("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).as("same /64").isPositive();
        assertThat(limiter.retryAfterSeconds("[2001:db8:1:2::77]")).as("bracketed form").isPositive();
        assertThat(limiter.retryAfterSeconds("2001:db8:1:2::77%eth0")).as("with a zone").isPositive();
        assertThat(limiter.retryAfterSeconds("2001:db8:1:3::1")).as("another /64").isZero();
    }

    @Test
    void ipv4SourcesAreCountedPerAddressAndMappedOnesAsIpv4() {
        FailedAuthLimiter limiter = new FailedAuthLimiter(clock, 10);
        for (int i = 0; i < 10; i++) {
            limiter.recordFailure("::ffff:192.0.2.7");
        }
        assertThat(limiter.retryAfterSeconds("192.0.2.7")).isPositive();
        assertThat(limiter.retryAfterSeconds("192.0.2.8")).isZero();
        assertThat(FailedAuthLimiter.group("192.0.2.7")).isEqualTo("192.0.2.7");
    }

    @Test
    void recordFailureSaysWhetherTheSourceWasAlreadyLimitedAndTheLimitEndsAfterAMinute() {
        FailedAuthLimiter limiter = new FailedAuthLimiter(clock, 10);
        for (int i = 1; i <= 10; i++) {
            assertThat(limiter.recordFailure("203.0.113.5")).as("failure %d", i).isZero();
        }
        assertThat(limiter.recordFailure("203.0.113.5")).isBetween(1L, 60L);
        clock.advance(Duration.ofSeconds(61));
        assertThat(limiter.retryAfterSeconds("203.0.113.5")).isZero();
    }

    /**
     * Above its bound the table used to be emptied at once, so spraying 100,000 addresses reset every limited
     * source's count; now only sources that are not limited are forgotten.
     */
    @Test
    void sprayingAddressesDoesNotResetALimitedSource() {
        FailedAuthLimiter limiter = new FailedAuthLimiter(clock, 10);
        for (int i = 0; i < 10; i++) {
            limiter.recordFailure("198.51.100.1");
        }
        for (int i = 0; i <= FailedAuthLimiter.DEFAULT_CAPACITY; i++) {
            limiter.recordFailure("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }
        assertThat(limiter.retryAfterSeconds("198.51.100.1")).as("the limited source is remembered").isPositive();
        assertThat(limiter.size()).isLessThanOrEqualTo(FailedAuthLimiter.DEFAULT_CAPACITY);
    }

    @Test
    void aSmallTableKeepsItsBoundAndItsLimitedSources() {
        FailedAuthLimiter limiter = new FailedAuthLimiter(clock, 3, 50);
        for (int i = 0; i < 3; i++) {
            limiter.recordFailure("198.51.100.2");
        }
        for (int i = 0; i < 5_000; i++) {
            limiter.recordFailure("2001:db8:" + Integer.toHexString(i) + "::1");
        }
        assertThat(limiter.size()).isEqualTo(50);
        assertThat(limiter.retryAfterSeconds("198.51.100.2")).isPositive();
    }
}
