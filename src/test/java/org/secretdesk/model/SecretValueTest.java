package org.secretdesk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The secret holder's comparison: constant time and lengths included (Cryptomator's Passphrase forgot them). */
class SecretValueTest {

    private static SecretValue of(String s) {
        return SecretValue.wrap(s.toCharArray());
    }

    @Test
    void valuesOfDifferentLengthsAreNeverTheSame() {
        SecretValue v = of("sds_abcdef");
        assertThat(v.sameAs("sds_abcdef")).isTrue();
        assertThat(v.sameAs("sds_abcde")).as("a prefix").isFalse();
        assertThat(v.sameAs("sds_abcdef\0")).as("a NUL more: the padding of the shorter side").isFalse();
        assertThat(v.sameAs("sds_abcdefg")).as("one more character").isFalse();
        assertThat(v.sameAs("")).isFalse();
        assertThat(v.sameAs(null)).isFalse();
        assertThat(of("").sameAs("")).isTrue();
        assertThat(of("").sameAs("\0")).isFalse();
        assertThat(of("ab\0").sameAs("ab")).isFalse();
    }

    @Test
    void everyPositionCounts() {
        SecretValue v = of("sds_abcdef");
        for (int i = 0; i < v.length(); i++) {
            char[] other = "sds_abcdef".toCharArray();
            other[i] ^= 1;
            assertThat(v.sameAs(new String(other))).as("differs at %d", i).isFalse();
        }
    }

    @Test
    void equalityFollowsTheValueAndADestroyedValueIsGone() {
        SecretValue a = of("sds_same");
        SecretValue b = of("sds_same");
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(of("sds_sam"));
        a.destroy();
        assertThat(a).isNotEqualTo(b);
        assertThatThrownBy(() -> a.sameAs("sds_same")).isInstanceOf(IllegalStateException.class);
    }
}
