package org.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code secretdesk --self-test} in-process: every check passes, nothing secret is printed, nothing is left behind. */
class SelfTestTest {

    @Test
    void selfTestRunsEveryCheckAndCleansUp() throws IOException {
        List<Path> before = selfTestDirs();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = Main.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute("--self-test");

        assertThat(exit).as("stdout:%n%s%nstderr:%n%s", out, err).isEqualTo(0);
        assertThat(out.toString())
                .contains("OK   embedded gateway started at https://")
                .contains("OK   application created")
                .contains("OK   secret created")
                .contains("OK   the secret gets a token at /oauth/token")
                .contains("OK   secret renewed with a new value")
                .contains("OK   the renewed value gets a token")
                .contains("OK   the old value is refused (401)")
                .contains("OK   secret deleted")
                .contains("OK   the deleted secret is refused (401)")
                .contains("OK   embedded gateway stopped")
                .contains("Self-test passed: 11 checks.");
        assertThat(err.toString()).doesNotContain("FAILED");
        // Only hints (the first 8 characters) may appear, never a whole secret value.
        assertThat(out.toString() + err).doesNotContainPattern("sds_[0-9A-Za-z]{20,}");
        assertThat(selfTestDirs()).as("temporary data directories left behind").isEqualTo(before);
    }

    @Test
    void selfTestIsListedInTheHelp() {
        StringWriter out = new StringWriter();
        Main.newCommandLine(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)).execute("--help");
        assertThat(out.toString()).contains("--self-test");
    }

    private static List<Path> selfTestDirs() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("secretdesk-self-test-")).sorted().toList();
        }
    }
}
