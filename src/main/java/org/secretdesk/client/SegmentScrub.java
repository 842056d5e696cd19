package org.secretdesk.client;

import java.util.concurrent.TimeUnit;
import okio.AsyncTimeout;
import okio.Buffer;

/**
 * Overwrites okio's recycled byte segments with zeros. OkHttp reads every response through okio, whose segment pool
 * keeps the segments of a body that was read (up to 64 KiB per pool bucket) for the next read, their bytes intact: a
 * response that carried a plaintext secret stayed in the pool, reachable, until other traffic happened to overwrite
 * it (found by RevealHeapDumpTest). The pool hands a thread the segments of its own bucket, most recently recycled
 * first, so taking 64 KiB on the thread that read the body, zeroing it and giving it back leaves no copy.
 *
 * <p>It also wakes okio's timeout watchdog: while it waits for the next socket timeout it holds that timeout, and
 * through it the socket, whose TLS layer keeps the last decrypted record (the secret's answer) in its buffer. Once
 * woken it lets go, so a connection that is closed (evicted from the pool, or the client closed) is garbage. A
 * connection still in the pool keeps that buffer until its next answer or its eviction after 5 idle minutes.
 */
public final class SegmentScrub {

    /** okio's SegmentPool.MAX_SIZE: the most one bucket holds. */
    private static final int POOL_BYTES = 64 * 1024;
    private static final byte[] ZEROS = new byte[POOL_BYTES];

    private SegmentScrub() {
    }

    /** Zeroes the segments this thread's pool bucket holds; call it on the thread that read the secret's body. */
    public static void scrubThisThreadsSegments() {
        Buffer zeros = new Buffer();
        zeros.write(ZEROS);
        zeros.clear();
        // A timeout earlier than any other goes first in the watchdog's queue, which signals the watchdog.
        AsyncTimeout kick = new AsyncTimeout();
        kick.timeout(1, TimeUnit.NANOSECONDS);
        kick.enter();
        kick.exit();
    }
}
