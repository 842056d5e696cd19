package org.secretdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * Searches files for secret values in the encodings a copy could have: UTF-8 (= Latin-1 and ASCII for these
 * values), UTF-16LE (Java strings in a heap dump, Windows files) and UTF-16BE. Reports where, never the value.
 */
final class LeakScan {

    private static final List<Charset> ENCODINGS = List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE,
            StandardCharsets.UTF_16BE);

    private LeakScan() {
    }

    /** Fails naming the file, the encoding and the value's hint (first 8 characters) of every copy found. */
    static void scanTree(Path root, Collection<String> values) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            // admin.key is where the gateway keeps its generated admin key by design (owner-only file)
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString()
                    .equals("admin.key")).toList()) {
                found.addAll(scanFile(f, values));
            }
        }
        assertThat(found).as("secret values found under %s", root).isEmpty();
    }

    static List<String> scanFile(Path file, Collection<String> values) throws IOException {
        byte[] data = Files.readAllBytes(file);
        List<String> found = new ArrayList<>();
        for (String v : values) {
            if (v == null || v.length() < 8) {
                continue;
            }
            for (Charset cs : ENCODINGS) {
                if (indexOf(data, v.getBytes(cs)) >= 0) {
                    found.add(file + " holds " + v.substring(0, Math.min(8, v.length())) + "… as " + cs);
                }
            }
        }
        return found;
    }

    static int indexOf(byte[] data, byte[] needle) {
        if (needle.length == 0) {
            return 0;
        }
        outer:
        for (int i = 0; i <= data.length - needle.length; i++) {
            if (data[i] != needle[0]) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
