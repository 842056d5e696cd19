package org.secretdesk.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.secretdesk.client.scan.SecretScan;
import org.secretdesk.server.Randoms;

/**
 * How fast {@code secretdesk scan} reads a tree of source files (issue 22: fast enough for pre-commit hooks, goal
 * 200 MB/s on the development machine). Generates a tree of Java-like source files (default 200 MB in about 12,000
 * files of 1-40 KB, a few real-looking secrets and many {@code sds_} look-alikes among them), then scans it in this
 * JVM as the command does, after warm-up rounds: MB/s and files/s on every core and on one; then the command as a
 * pre-commit hook runs it, a fresh JVM scanning 20 changed files (process start to exit); then, when the working
 * directory is a git repository, {@code --git} over its whole history. The files are in the page cache (just
 * written): this measures the scanner, not the disk. A benchmark, not a test: it prints and asserts nothing.
 *
 * <p>{@code mvn -B -Pbench-scan verify}; knobs {@code -Dbench.scanMb=200 -Dbench.rounds=5}.
 */
public final class ScanBenchmark {

    private static final String[] WORDS = {"public", "static", "final", "String", "secret", "session", "status",
            "class", "return", "this", "settings", "sds_prefix", "user_id", "client_secret", "assert", "List",
            "Map", "new", "if", "else", "for", "int", "long", "void", "private", "import", "org.secretdesk",
            "config", "value", "sds_", "tests", "describe", "=", "==", "(", ")", "{", "}", ";", "//", "\"sds\""};

    public static void main(String[] args) throws Exception {
        int megabytes = Integer.getInteger("bench.scanMb", 200);
        int rounds = Integer.getInteger("bench.rounds", 5);
        Path root = Path.of(System.getProperty("bench.scanDir", "target/bench-scan")).toAbsolutePath();
        Tree tree = generate(root.resolve("tree"), megabytes * 1_000_000L);
        System.out.printf(Locale.ROOT, "Tree: %,d files, %.1f MB, %d secrets planted, in %s%n", tree.files(),
                tree.bytes() / 1e6, tree.secrets(), root.resolve("tree"));
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder report = new StringBuilder("| threads | MB/s (median of " + rounds + ") | range | files/s |\n"
                + "|---|---|---|---|\n");
        for (int threads : cores > 1 ? new int[] {SecretScan.Options.defaults().threads(), 1} : new int[] {1}) {
            SecretScan.Options options = new SecretScan.Options(SecretScan.DEFAULT_MAX_FILE_SIZE, false, threads);
            for (int w = 0; w < 2; w++) {
                check(SecretScan.run(List.of(root.resolve("tree").toString()), null, options), tree);
            }
            double[] mbs = new double[rounds];
            double filesPerSecond = 0;
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                SecretScan.Result result = SecretScan.run(List.of(root.resolve("tree").toString()), null, options);
                double seconds = (System.nanoTime() - start) / 1e9;
                check(result, tree);
                mbs[r] = result.stats().bytes() / 1e6 / seconds;
                filesPerSecond = Math.max(filesPerSecond, result.stats().files() / seconds);
                System.out.printf(Locale.ROOT, "  %d thread(s), round %d: %.0f MB/s (%.2f s)%n", threads, r + 1,
                        mbs[r], seconds);
            }
            double[] sorted = mbs.clone();
            Arrays.sort(sorted);
            report.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f-%.0f | %,.0f |%n", threads,
                    sorted[rounds / 2], sorted[0], sorted[rounds - 1], filesPerSecond));
        }
        System.out.println();
        System.out.print(report);
        preCommit(root);
        history();
    }

    private record Tree(long files, long bytes, int secrets) {
    }

    /** Source-like files of 1-40 KB in nested folders, one real-looking secret every 1,500 files. */
    private static Tree generate(Path dir, long total) throws IOException {
        Random random = new Random(22);
        long bytes = 0;
        int files = 0;
        int secrets = 0;
        StringBuilder sb = new StringBuilder(64 * 1024);
        while (bytes < total) {
            sb.setLength(0);
            int size = 1024 + random.nextInt(39 * 1024);
            int line = 0;
            while (sb.length() < size) {
                sb.append("    ".repeat(random.nextInt(4)));
                int words = 3 + random.nextInt(9);
                for (int w = 0; w < words; w++) {
                    sb.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
                }
                sb.append('\n');
                if (++line == 40 && files % 1500 == 7) {
                    sb.append("    String clientSecret = \"").append(Randoms.newClientSecret().copyChars()).append("\";\n");
                    secrets++;
                }
            }
            Path file = dir.resolve("m" + files % 17).resolve("p" + files % 251).resolve("F" + files + ".java");
            Files.createDirectories(file.getParent());
            byte[] content = sb.toString().getBytes(StandardCharsets.UTF_8);
            Files.write(file, content);
            bytes += content.length;
            files++;
        }
        return new Tree(files, bytes, secrets);
    }

    private static void check(SecretScan.Result result, Tree tree) {
        if (result.findings().size() != tree.secrets() || result.stats().files() != tree.files()) {
            throw new IllegalStateException("The scan found " + result.findings().size() + " secrets in "
                    + result.stats().files() + " files; the tree has " + tree.secrets() + " in " + tree.files());
        }
    }

    /** A fresh JVM scanning 20 files, as a pre-commit hook does: process start to exit, five times. */
    private static void preCommit(Path root) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                "org.secretdesk.cli.Main", "scan"));
        for (int i = 0; i < 20; i++) {
            command.add(root.resolve("tree").resolve("m" + i % 17).resolve("p" + i % 251).resolve("F" + i + ".java")
                    .toString());
        }
        long[] ms = new long[5];
        int exit = -1;
        for (int r = 0; r < ms.length; r++) {
            long start = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(60, TimeUnit.SECONDS);
            exit = p.exitValue();
            ms[r] = (System.nanoTime() - start) / 1_000_000;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "%nPre-commit (a fresh JVM, 20 files, test class path): median %d ms, "
                + "range %d-%d ms (exit %d)%n", ms[2], ms[0], ms[4], exit);
    }

    /** {@code --git} over the history of the repository the benchmark runs in, if it is one. */
    private static void history() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        if (!Files.exists(here.resolve(".git")) || !Files.isDirectory(here.resolve("src"))) {
            return;
        }
        // src/ only for the working tree (target/ holds the generated tree); git reads the whole repository.
        SecretScan.Options options = new SecretScan.Options(SecretScan.DEFAULT_MAX_FILE_SIZE, true, 1);
        SecretScan.run(List.of(here.resolve("src").toString()), null, options); // warm-up
        long start = System.nanoTime();
        SecretScan.Result r = SecretScan.run(List.of(here.resolve("src").toString()), null, options);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "History (--git) of %s: %,d objects and %,d files of src/ in %.1f s, "
                + "%d findings%n", here, r.stats().historyObjects(), r.stats().files(), seconds, r.findings().size());
    }
}
