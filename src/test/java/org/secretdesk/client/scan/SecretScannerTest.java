package org.secretdesk.client.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.model.SecretFormat;
import org.secretdesk.server.Randoms;

/** The offline recogniser and the file walk of {@code secretdesk scan}. */
class SecretScannerTest {

    @TempDir
    Path dir;

    /** A well-formed value, as the gateway makes them (the scanner never sees a gateway in these tests). */
    static String value() {
        return new String(Randoms.newClientSecret().copyChars());
    }

    static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(value.getBytes(StandardCharsets.US_ASCII)));
    }

    private static List<SecretScanner.Hit> find(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<SecretScanner.Hit> hits = new ArrayList<>();
        SecretScanner.find(bytes, bytes.length, hits::add);
        return hits;
    }

    @Test
    void findsWellFormedValuesWithTheirLinesAndOnlyTheirHints() throws Exception {
        String a = value();
        String b = value();
        assertThat(SecretFormat.isWellFormed(a)).isTrue();
        String text = "first line\nclient_secret=\"" + a + "\"\n\n  token: " + b + "x\n" + a;
        List<SecretScanner.Hit> hits = find(text);
        assertThat(hits).extracting(SecretScanner.Hit::line).containsExactly(2, 4, 5);
        assertThat(hits.get(0).hint()).isEqualTo(a.substring(0, 8));
        assertThat(hits.get(0).sha256()).isEqualTo(sha256(a));
        assertThat(hits.get(1).sha256()).isEqualTo(sha256(b));
        assertThat(hits.toString()).doesNotContain(a, b);
    }

    @Test
    void aValueWithOneCharacterChangedOrCutShortIsNotReported() {
        String a = value();
        for (int i = 4; i < a.length(); i++) {
            char changed = a.charAt(i) == 'A' ? 'B' : 'A';
            String broken = a.substring(0, i) + changed + a.substring(i + 1);
            assertThat(find("x=" + broken + "\n")).as("changed at %d", i).isEmpty();
        }
        assertThat(find(a.substring(0, a.length() - 1))).isEmpty();
        assertThat(find("sds_" + "A".repeat(49))).isEmpty();
        assertThat(find("SDS_" + a.substring(4))).isEmpty();
    }

    @Test
    void walksFoldersSkipsBinaryLargeAndVersionControlFilesAndReadsStandardInput() throws Exception {
        String a = value();
        String b = value();
        Files.createDirectories(dir.resolve("src/main"));
        Files.writeString(dir.resolve("src/main/App.java"), "class App {\n  String s = \"" + a + "\";\n}\n");
        Files.writeString(dir.resolve("README.md"), "nothing here\n");
        byte[] binary = ("\0\1\2" + a).getBytes(StandardCharsets.US_ASCII);
        Files.write(dir.resolve("image.png"), binary);
        Files.writeString(dir.resolve("big.log"), "x".repeat(5000) + "\n" + a + "\n");
        Files.createDirectories(dir.resolve(".git/objects"));
        Files.writeString(dir.resolve(".git/config"), a);
        Files.createSymbolicLink(dir.resolve("link.java"), dir.resolve("src/main/App.java"));

        SecretScan.Result result = SecretScan.run(List.of(dir.toString(), "-"),
                new ByteArrayInputStream(("diff\n+" + b + "\n").getBytes(StandardCharsets.US_ASCII)),
                new SecretScan.Options(4096, false, 2));
        assertThat(result.findings()).extracting(SecretScan.Finding::location, SecretScan.Finding::line)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(
                        dir.resolve("src/main/App.java").toString(), 2), org.assertj.core.groups.Tuple.tuple("-", 2));
        assertThat(result.stats().skippedBinary()).isEqualTo(1);
        assertThat(result.stats().skippedLarge()).isEqualTo(1);
        assertThat(result.stats().files()).isEqualTo(3); // App.java, README.md, stdin

        assertThatThrownBy(() -> SecretScan.run(List.of(dir.resolve("missing").toString()), null,
                SecretScan.Options.defaults())).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void manyFilesOnSeveralThreadsGiveTheSameFindingsAsOne() throws Exception {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Path f = Files.createDirectories(dir.resolve("d" + (i % 7))).resolve("f" + i + ".txt");
            String content = "line\n".repeat(i % 13) + (i % 10 == 0 ? value() : "no secret") + "\n";
            Files.writeString(f, content);
            if (i % 10 == 0) {
                expected.add(f + ":" + (i % 13 + 1));
            }
        }
        for (int threads : new int[] {1, 4}) {
            SecretScan.Result r = SecretScan.run(List.of(dir.toString()), null,
                    new SecretScan.Options(SecretScan.DEFAULT_MAX_FILE_SIZE, false, threads));
            assertThat(r.findings()).extracting(f -> f.location() + ":" + f.line())
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(r.stats().files()).isEqualTo(300);
        }
    }

    /** What the console's leak dialog relies on: the monitor hears of every file, and a cancel stops the scan. */
    @Test
    void aScanTellsItsMonitorOfEachFileAndStopsWhenCancelled() throws Exception {
        for (int i = 0; i < 40; i++) {
            Files.writeString(dir.resolve("f" + i + ".txt"), i == 7 ? "S=" + value() + "\n" : "nothing\n");
        }
        java.util.concurrent.atomic.AtomicInteger counted = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger();
        SecretScan.Result r = SecretScan.run(List.of(dir.toString()), java.io.InputStream.nullInputStream(),
                SecretScan.Options.defaults(), new SecretScan.Monitor() {
                    @Override
                    public void counted(int files) {
                        counted.set(files);
                    }

                    @Override
                    public void read(long bytes) {
                        read.incrementAndGet();
                    }
                });
        assertThat(r.findings()).hasSize(1);
        assertThat(counted.get()).isEqualTo(40);
        assertThat(read.get()).isEqualTo(40);

        // Cancelled after the fifth file: the scan ends with CancellationException, not with part of a result.
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SecretScan.run(List.of(dir.toString()),
                java.io.InputStream.nullInputStream(), new SecretScan.Options(SecretScan.DEFAULT_MAX_FILE_SIZE, false,
                        1), new SecretScan.Monitor() {
                    @Override
                    public boolean cancelled() {
                        return seen.get() >= 5;
                    }

                    @Override
                    public void read(long bytes) {
                        seen.incrementAndGet();
                    }
                })).isInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(seen.get()).isEqualTo(5);
    }
}
