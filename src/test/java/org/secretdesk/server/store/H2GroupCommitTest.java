package org.secretdesk.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.testing.PostgresServer;

/**
 * Group commit on H2 ({@link Database#inTransaction}): writes that queue up behind the one in flight are committed
 * together, and each caller still gets exactly its own outcome.
 */
class H2GroupCommitTest {

    private final Store store = new Store();
    private final java.util.concurrent.ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private Database db;

    @BeforeEach
    void open(@TempDir Path data) {
        assumeFalse(PostgresServer.requested(), "H2 only: on PostgreSQL each write is a transaction of its own");
        db = Database.open(GatewayConfig.defaults(data));
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        if (db != null) {
            db.close();
        }
    }

    @Test
    void writesQueuedBehindOneInFlightCommitAsOneGroupAndAllAreKept() throws Exception {
        long groups = Database.GROUPS.sum();
        long grouped = Database.GROUPED_WRITES.sum();
        List<CompletableFuture<String>> writes = queuedBehindABlocker(10, i -> c -> {
            store.settings().put(c, "w" + i, "value " + i);
            return "w" + i;
        });
        for (int i = 0; i < writes.size(); i++) {
            assertThat(writes.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("w" + i);
        }
        // The blocker alone, then the ten together.
        assertThat(Database.GROUPS.sum() - groups).isEqualTo(2);
        assertThat(Database.GROUPED_WRITES.sum() - grouped).isEqualTo(11);
        for (int i = 0; i < 10; i++) {
            int n = i;
            assertThat(setting("w" + n)).contains("value " + n);
        }
    }

    @Test
    void aWriteThatFailsInAGroupIsRolledBackAloneAndItsCallerGetsItsOwnFailure() throws Exception {
        IllegalArgumentException refused = new IllegalArgumentException("refused by the write itself");
        db.inTransaction(c -> {
            store.settings().put(c, "taken", "before");
            return null;
        });
        List<CompletableFuture<String>> writes = queuedBehindABlocker(5, i -> c -> {
            switch (i) {
                case 1 -> {
                    store.settings().put(c, "w1", "must not stay");
                    throw refused;
                }
                case 3 -> {
                    // A constraint violation inside H2: the statement fails, the transaction goes on.
                    try (var ps = c.prepareStatement("INSERT INTO settings (name, setting_value) VALUES (?, ?)")) {
                        ps.setString(1, "taken");
                        ps.setString(2, "twice");
                        ps.executeUpdate();
                    }
                    return "not reached";
                }
                default -> {
                    store.settings().put(c, "w" + i, "kept");
                    return "w" + i;
                }
            }
        });
        assertThat(writes.get(0).get(30, TimeUnit.SECONDS)).isEqualTo("w0");
        assertThat(failure(writes.get(1))).isSameAs(refused);
        assertThat(writes.get(2).get(30, TimeUnit.SECONDS)).isEqualTo("w2");
        assertThat(failure(writes.get(3))).isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.isUniqueViolation()).isTrue());
        assertThat(writes.get(4).get(30, TimeUnit.SECONDS)).isEqualTo("w4");

        Map<String, Optional<String>> stored = new java.util.TreeMap<>();
        for (String name : List.of("w0", "w1", "w2", "w4", "taken")) {
            stored.put(name, setting(name));
        }
        assertThat(stored).containsEntry("w0", Optional.of("kept")).containsEntry("w1", Optional.empty())
                .containsEntry("w2", Optional.of("kept")).containsEntry("w4", Optional.of("kept"))
                .containsEntry("taken", Optional.of("before"));
    }

    @Test
    void whenTheGroupCannotCommitNoWriteOfItIsReportedDone() throws Exception {
        IllegalStateException broke = new IllegalStateException("rolled back the whole transaction");
        List<CompletableFuture<String>> writes = queuedBehindABlocker(3, i -> c -> {
            store.settings().put(c, "w" + i, "value");
            if (i == 1) {
                // Undoes the whole group's transaction, as H2 does on some errors: its savepoint is then gone.
                c.rollback();
                throw broke;
            }
            return "w" + i;
        });
        // The first write had run without failing, but its changes were undone with the group: not reported done.
        assertThat(failure(writes.get(0))).isInstanceOf(StoreException.class);
        assertThat(failure(writes.get(1))).isSameAs(broke);
        assertThat(failure(writes.get(2))).isInstanceOf(StoreException.class);
        for (String name : List.of("w0", "w1", "w2")) {
            assertThat(setting(name)).as(name).isEmpty();
        }
        // The next write works as usual.
        db.inTransaction(c -> {
            store.settings().put(c, "after", "ok");
            return null;
        });
        assertThat(setting("after")).contains("ok");
    }

    private Optional<String> setting(String name) {
        return db.read(c -> store.settings().get(c, name));
    }

    /** A write i's work, given i. */
    private interface WorkFor {
        Database.TxWork<String> of(int i);
    }

    /**
     * Starts a write that holds the writer until {@code count} more have queued behind it (in order 0, 1, …), then
     * lets it commit; the queued ones then run as one group.
     */
    private List<CompletableFuture<String>> queuedBehindABlocker(int count, WorkFor work) throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> blocker = submit(() -> db.inTransaction(c -> {
            inside.countDown();
            H2SingleWriterTest.await(release);
            return "blocker";
        }));
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<String>> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Database.TxWork<String> w = work.of(i);
            writes.add(submit(() -> db.inTransaction(w)));
            waitUntil(i + 1);
        }
        release.countDown();
        assertThat(blocker.get(30, TimeUnit.SECONDS)).isEqualTo("blocker");
        return writes;
    }

    private void waitUntil(int queued) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (db.queuedWrites() < queued) {
            assertThat(System.nanoTime()).as("writes queued").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    private <T> CompletableFuture<T> submit(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, threads);
    }

    private static Throwable failure(CompletableFuture<?> write) throws InterruptedException {
        try {
            write.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("write did not finish", e);
        }
        throw new AssertionError("write succeeded but should have failed");
    }
}
