package org.secretdesk.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaiseRequestsTest {

    @Test
    void aSecondConsoleReachesTheFirst(@TempDir Path dataDir) throws Exception {
        // Issue 19: a second console only said "already running" and left the open window where it was.
        CountDownLatch asked = new CountDownLatch(1);
        try (AutoCloseable watching = RaiseRequests.watch(dataDir, asked::countDown)) {
            RaiseRequests.request(dataDir);
            assertThat(asked.await(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
