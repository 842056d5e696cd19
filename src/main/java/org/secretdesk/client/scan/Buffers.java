package org.secretdesk.client.scan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The byte buffers a scan reads contents into: reused between files (the readers take and give them back), and
 * all zeroed when the scan ends, so that no content read (secrets included) stays behind in memory.
 */
final class Buffers {

    private static final int MIN = 64 * 1024;

    private final List<byte[]> free = new ArrayList<>();
    private final List<byte[]> all = new ArrayList<>();

    /** A buffer of at least {@code wanted} bytes (at most {@code most}); its old content is garbage. */
    synchronized byte[] take(long wanted, long most) {
        int size = (int) Math.min(most, Math.max(wanted, MIN));
        byte[] best = null;
        for (byte[] b : free) {
            if (b.length >= size && (best == null || b.length < best.length)) {
                best = b;
            }
        }
        if (best != null) {
            free.remove(best);
            return best;
        }
        int capacity = (int) Math.min(most, Math.max(MIN, Integer.highestOneBit(Math.max(1, size - 1)) * 2L));
        byte[] fresh = new byte[Math.max(capacity, size)];
        all.add(fresh);
        return fresh;
    }

    synchronized void give(byte[] buffer) {
        free.add(buffer);
    }

    synchronized void wipe() {
        for (byte[] b : all) {
            Arrays.fill(b, (byte) 0);
        }
        free.clear();
        all.clear();
    }
}
