package org.secretdesk.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The client-secret format's offline check: prefix, base62, length and the CRC32 checksum. */
class SecretFormatTest {

    private static char[] wellFormed() {
        char[] chars = new char[SecretFormat.LENGTH];
        SecretFormat.PREFIX.getChars(0, SecretFormat.PREFIX.length(), chars, 0);
        for (int i = SecretFormat.PREFIX.length(); i < chars.length; i++) {
            chars[i] = SecretFormat.base62((i * 7) % 62);
        }
        SecretFormat.writeChecksum(chars);
        return chars;
    }

    @Test
    void aValueWithItsChecksumIsWellFormed() {
        assertThat(SecretFormat.isWellFormed(new String(wellFormed()))).isTrue();
    }

    @Test
    void aBadChecksumIsRejected() {
        char[] chars = wellFormed();
        int last = chars.length - 1;
        chars[last] = chars[last] == 'a' ? 'b' : 'a';
        assertThat(SecretFormat.isWellFormed(new String(chars))).as("last checksum character changed").isFalse();
        // A change in the random part is caught by the checksum too (the characters are all still base62).
        for (int i = SecretFormat.PREFIX.length(); i < SecretFormat.LENGTH - SecretFormat.CHECKSUM_CHARS; i++) {
            char[] changed = wellFormed();
            changed[i] = changed[i] == 'Z' ? 'Y' : 'Z';
            assertThat(SecretFormat.isWellFormed(new String(changed))).as("random character %d changed", i).isFalse();
        }
        // Two characters swapped.
        char[] swapped = wellFormed();
        char t = swapped[10];
        swapped[10] = swapped[11];
        swapped[11] = t;
        assertThat(Arrays.equals(swapped, wellFormed())).isFalse();
        assertThat(SecretFormat.isWellFormed(new String(swapped))).isFalse();
    }

    @Test
    void theShapeIsChecked() {
        String good = new String(wellFormed());
        assertThat(SecretFormat.isWellFormed(good.substring(1))).isFalse();
        assertThat(SecretFormat.isWellFormed(good + "a")).isFalse();
        assertThat(SecretFormat.isWellFormed("sdx_" + good.substring(4))).isFalse();
        assertThat(SecretFormat.isWellFormed(good.substring(0, 20) + "-" + good.substring(21))).isFalse();
        assertThat(SecretFormat.isWellFormed(null)).isFalse();
    }
}
