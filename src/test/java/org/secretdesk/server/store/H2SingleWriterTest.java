package org.secretdesk.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.testing.PostgresServer;

/**
 * On H2 no write commits while another is in flight, so no commit stores a half transaction that a crash would
 * leave for H2 to undo (Database#inTransaction explains why that matters).
 */
class H2SingleWriterTest {

    @Test
    void aWriteWaitsUntilTheWriteInFlightHasCommitted(@TempDir Path data) throws Exception {
        assumeFalse(PostgresServer.requested(), "H2 only: PostgreSQL keeps its transactions apart itself");
        Store store = new Store();
        try (Database db = Database.open(GatewayConfig.defaults(data))) {
            CountDownLatch firstInside = new CountDownLatch(1);
            CountDownLatch releaseFirst = new CountDownLatch(1);
            CountDownLatch secondCommitted = new CountDownLatch(1);
            Thread first = Thread.ofVirtual().start(() -> db.inTransaction(c -> {
                store.settings().put(c, "first", "in flight");
                firstInside.countDown();
                await(releaseFirst);
                return null;
            }));
            assertThat(firstInside.await(30, TimeUnit.SECONDS)).isTrue();
            Thread second = Thread.ofVirtual().start(() -> {
                db.inTransaction(c -> {
                    store.settings().put(c, "second", "committed");
                    return null;
                });
                secondCommitted.countDown();
            });
            // A wrong implementation commits the second write at once; the right one never does until released.
            assertThat(secondCommitted.await(1, TimeUnit.SECONDS)).as("second write committed while the first was "
                    + "in flight").isFalse();
            releaseFirst.countDown();
            assertThat(secondCommitted.await(30, TimeUnit.SECONDS)).as("second write after the first").isTrue();
            first.join();
            second.join();
            java.util.Optional<String> stored = db.read(c -> store.settings().get(c, "second"));
            assertThat(stored).contains("committed");
        }
    }

    /** Waits for {@code latch} inside a write, where an InterruptedException cannot be thrown. */
    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
