package org.secretdesk.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.model.AuditEvent;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.Randoms;
import org.secretdesk.server.testing.PostgresServer;

/**
 * Every commit {@link Database#inTransaction} returns from is in the file a crash right after it leaves
 * ({@code Database.H2Recovery}). A SIGKILL leaves the file exactly as the operating system holds it, so a copy taken
 * once the commit has returned is what a process killed at that moment would reopen. RETENTION_TIME=0 lets H2 reuse
 * the space of old chunks at once, as it does 45 s after opening by default: without H2Recovery almost every copy
 * here reopens some commits in the past. Values of varying length make chunks of varying size, so that some land where
 * H2 predicted and some do not: both the kept header and the rewritten one must hold.
 */
class H2RecoveryTest {

    @TempDir
    Path dir;

    @Test
    void aCopyOfTheFileTakenAfterEachCommitReopensWithThatCommit() throws Exception {
        assumeFalse(PostgresServer.requested(), "H2 only: the PostgreSQL pass has nothing to add here");
        Path data = Files.createDirectories(dir.resolve("data"));
        GatewayConfig config = reusingSpaceAtOnce(data);
        Store store = new Store();
        List<String> lost = new ArrayList<>();
        long writesBefore = Database.H2Recovery.HEADER_WRITES.sum();
        long keptBefore = Database.H2Recovery.HEADER_KEPT.sum();
        try (Database db = Database.open(config)) {
            for (int i = 1; i <= 150; i++) {
                String commit = "commit-" + i;
                String value = commit + ";" + "x".repeat((i * 7919) % 3500);
                db.inTransaction(c -> {
                    store.settings().put(c, "crash-probe", value);
                    store.audit().insert(c, audit(commit));
                    return null;
                });
                Path copy = Files.createDirectories(dir.resolve("copy-" + i));
                Files.copy(data.resolve("secretdesk.mv.db"), copy.resolve("secretdesk.mv.db"));
                try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + copy.resolve("secretdesk")
                        + ";FILE_LOCK=NO", "", "")) {
                    Optional<String> reopened = store.settings().get(c, "crash-probe");
                    if (!reopened.equals(Optional.of(value))) {
                        lost.add(commit + " reopened as " + reopened.map(v -> v.split(";")[0]).orElse("nothing"));
                    }
                    // The restarted gateway's next write: its identity column must go on after every row the
                    // reopened file holds, never hand out a number a row already has.
                    c.setAutoCommit(false);
                    try {
                        store.audit().insert(c, audit("after reopening copy " + i));
                        c.commit();
                    } catch (java.sql.SQLException e) {
                        lost.add("the first write after reopening copy " + i + " failed: " + e.getMessage());
                    }
                }
            }
        }
        System.out.printf("H2RecoveryTest: 150 commits, store header rewritten after %d, kept after %d%n",
                Database.H2Recovery.HEADER_WRITES.sum() - writesBefore, Database.H2Recovery.HEADER_KEPT.sum() - keptBefore);
        assertThat(lost).as("commits that a crash right after them loses").isEmpty();
        assertThat(Database.H2Recovery.HEADER_WRITES.sum() - writesBefore)
                .as("commits whose chunk a reopened file would not have found without a new header").isPositive();
        assertThat(Database.H2Recovery.HEADER_KEPT.sum() - keptBefore)
                .as("commits whose chunk the existing header already leads to").isPositive();
    }

    /**
     * A write in flight when the process dies leaves its row locks in the file whenever another commit stored them
     * with its own chunk. The reopened store must not keep them: the restarted gateway's first write to that row
     * (typically the client's retry of exactly that request) would wait LOCK_TIMEOUT and fail with HTTP 500.
     */
    @Test
    void aWriteInFlightAtTheCrashLocksNothingAfterReopening() throws Exception {
        assumeFalse(PostgresServer.requested(), "H2 only: the PostgreSQL pass has nothing to add here");
        Path data = Files.createDirectories(dir.resolve("data"));
        GatewayConfig config = reusingSpaceAtOnce(data);
        Store store = new Store();
        Path copy = Files.createDirectories(dir.resolve("copy"));
        try (Database db = Database.open(config)) {
            db.inTransaction(c -> {
                store.applications().insert(c, "app_inflight", "in-flight", "", "sdc_inflight", List.of(),
                        org.secretdesk.model.Owners.NONE, 1L);
                return null;
            });
            try (Connection inFlight = db.dataSource().getConnection()) {
                inFlight.setAutoCommit(false);
                assertThat(store.applications().lock(inFlight, "app_inflight")).isPresent();
                // another request commits meanwhile: its chunk holds the in-flight transaction's lock too
                db.inTransaction(c -> {
                    store.settings().put(c, "other", "committed");
                    return null;
                });
                Files.copy(data.resolve("secretdesk.mv.db"), copy.resolve("secretdesk.mv.db"));
                inFlight.rollback();
            }
        }
        GatewayConfig reopened = GatewayConfig.defaults(copy);
        try (Database db = Database.open(reopened)) {
            // a lock left behind fails this with H2's lock timeout (the gateway's 10 s)
            Optional<Long> version = db.inTransaction(c -> store.applications().lock(c, "app_inflight"));
            assertThat(version).isPresent();
        }
    }

    /** The gateway's H2 file in {@code data}, with the space of dead chunks reused at once (RETENTION_TIME=0). */
    private static GatewayConfig reusingSpaceAtOnce(Path data) {
        return GatewayConfig.defaults(data).withDatabase(Database.h2FileUrl(data) + ";RETENTION_TIME=0", null, null);
    }

    private static AuditEvent audit(String description) {
        return new AuditEvent(Randoms.id("aud_", 20), Instant.now(), "test", "crash.probe", null, null, description,
                "SUCCESS", null);
    }
}
