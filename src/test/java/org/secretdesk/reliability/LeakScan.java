package org.secretdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * One pass over the file for all values and encodings at once (a gateway's data dir after a soak holds tens of
     * MB and the suite thousands of values): every needle is keyed by its first 8 bytes, and a rolling 8-byte window
     * over the file is looked up, behind a bit-set filter, before a needle is compared in full.
     */
    static List<String> scanFile(Path file, Collection<String> values) throws IOException {
        byte[] data = Files.readAllBytes(file);
        Map<Long, List<Needle>> byPrefix = new HashMap<>();
        BitSet filter = new BitSet(1 << FILTER_BITS);
        for (String v : values) {
            if (v == null || v.length() < 8) {
                continue;
            }
            for (Charset cs : ENCODINGS) {
                byte[] bytes = v.getBytes(cs);
                long prefix = ByteBuffer.wrap(bytes, 0, 8).getLong();
                byPrefix.computeIfAbsent(prefix, k -> new ArrayList<>()).add(new Needle(bytes,
                        v.substring(0, Math.min(8, v.length())) + "… as " + cs));
                filter.set(slot(prefix));
            }
        }
        Set<String> found = new LinkedHashSet<>();
        long window = 0;
        for (int i = 0; i < data.length; i++) {
            window = (window << 8) | (data[i] & 0xFF);
            int start = i - 7;
            if (start < 0 || !filter.get(slot(window))) {
                continue;
            }
            List<Needle> candidates = byPrefix.get(window);
            if (candidates != null) {
                for (Needle n : candidates) {
                    if (start + n.bytes().length <= data.length
                            && Arrays.equals(data, start, start + n.bytes().length, n.bytes(), 0, n.bytes().length)) {
                        found.add(file + " holds " + n.label());
                    }
                }
            }
        }
        return new ArrayList<>(found);
    }

    private static final int FILTER_BITS = 22;

    private static int slot(long prefix) {
        return (int) ((prefix * 0x9E3779B97F4A7C15L) >>> (64 - FILTER_BITS));
    }

    private record Needle(byte[] bytes, String label) {
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
