package org.secretdesk.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/** File helpers for the reliability tests, and the figures they append to target/reliability-figures.txt. */
final class ReliabilityFiles {

    private ReliabilityFiles() {
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a file still held open (Windows); the temp dir is cleaned later
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line of figures (what ran, how many, outcomes) for docs/reliability.md; the soak prints them too. */
    static void report(String test, String figures) {
        String line = Instant.now() + " " + test + (Soak.enabled() ? " [soak] " : " ") + figures + "\n";
        System.out.print(line);
        try {
            Path file = Path.of("target", "reliability-figures.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // figures are a convenience
        }
    }
}
