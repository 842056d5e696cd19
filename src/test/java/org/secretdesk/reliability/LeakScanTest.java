package org.secretdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scanner the leak checks rely on finds every planted copy, wherever and however it is encoded. */
class LeakScanTest {

    private static final String AT_START = "sds_AAAAaaaaBBBBbbbbCCCCccccDDDDdddd01";
    private static final String IN_UTF16LE = "sds_EEEEeeeeFFFFffffGGGGggggHHHHhhhh02";
    private static final String AT_END_UTF16BE = "sds_IIIIiiiiJJJJjjjjKKKKkkkkLLLLllll03";
    private static final String ABSENT = "sds_MMMMmmmmNNNNnnnnOOOOooooPPPPpppp04";
    /** Shares the first 8 bytes with a planted value, differs after: must not count. */
    private static final String SAME_PREFIX = "sds_AAAAzzzzzzzzzzzzzzzzzzzzzzzzzz05";

    @Test
    void findsEachPlantedCopyAndNothingElse(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(AT_START.getBytes(StandardCharsets.UTF_8));
        // filler of 'x', not zeros: a zero byte before a UTF-16LE copy makes it a UTF-16BE copy as well
        out.writeBytes("x".repeat(100_003).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(IN_UTF16LE.getBytes(StandardCharsets.UTF_16LE));
        out.writeBytes("sds_AAAA".getBytes(StandardCharsets.UTF_8)); // a prefix alone
        out.writeBytes("xxxxxxx".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(AT_END_UTF16BE.getBytes(StandardCharsets.UTF_16BE));
        Path file = Files.write(dir.resolve("data.bin"), out.toByteArray());

        List<String> found = LeakScan.scanFile(file, List.of(AT_START, IN_UTF16LE, AT_END_UTF16BE, ABSENT,
                SAME_PREFIX));

        assertThat(found).containsExactlyInAnyOrder(
                file + " holds sds_AAAA… as UTF-8",
                file + " holds sds_EEEE… as UTF-16LE",
                file + " holds sds_IIII… as UTF-16BE");
        assertThatThrownBy(() -> LeakScan.scanTree(dir, List.of(ABSENT, AT_START)))
                .hasMessageContaining("sds_AAAA… as UTF-8").hasMessageNotContaining(AT_START);
    }
}
