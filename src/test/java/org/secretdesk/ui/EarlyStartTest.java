package org.secretdesk.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.desk.SingleInstanceLock;
import org.secretdesk.desk.connections.ConnectionProfile;
import org.secretdesk.desk.connections.ConnectionProfileStore;
import org.secretdesk.desk.connections.GatewayKind;
import org.secretdesk.model.Page;
import org.secretdesk.ui.mainwindow.ConnectionInfo;
import org.secretdesk.ui.testing.StubGateway;

/**
 * The local gateway starts from {@code main}, before the window, exactly when the console will open it; the lock
 * is taken first; the window's first open takes what was started, a Retry starts anew.
 */
class EarlyStartTest {

    private static ConsoleConnection connection(StubGateway stub) {
        return new ConsoleConnection(stub.client(), new ConnectionInfo("Local gateway", "test", "https://x", "", ""),
                null);
    }

    private static StubGateway warmable() {
        return new StubGateway().on("capabilities", a -> null)
                .on("listApplications", a -> new Page<>(List.of(), null));
    }

    @Test
    void startsTheLocalGatewayInTheBackgroundAndHandsItToTheFirstOpen(@TempDir Path dir) throws Exception {
        StubGateway early = warmable();
        ConsoleConnection started = connection(early);
        AtomicInteger earlyOpens = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        EarlyStart start = EarlyStart.begin(dir, () -> {
            earlyOpens.incrementAndGet();
            release.await(30, TimeUnit.SECONDS);
            return started;
        });
        try {
            assertThat(start.lock()).isPresent();
            // Another console is refused while this one starts.
            assertThat(SingleInstanceLock.tryAcquire(dir)).isEmpty();
            AtomicInteger laterOpens = new AtomicInteger();
            ConsoleConnection.Opener opener = start.localOpener(() -> {
                laterOpens.incrementAndGet();
                return connection(warmable());
            });
            release.countDown();
            assertThat(opener.open()).isSameAs(started);
            assertThat(earlyOpens).hasValue(1);
            assertThat(laterOpens).hasValue(0);
            // The early start made the first (cold) calls itself, while the window was being shown.
            assertThat(early.calls).containsExactly("capabilities", "listApplications");
            // A second open (Retry after a failure, switching back) starts anew.
            opener.open();
            assertThat(laterOpens).hasValue(1);
            assertThat(earlyOpens).hasValue(1);
        } finally {
            start.lock().ifPresent(SingleInstanceLock::close);
        }
    }

    @Test
    void aFailedEarlyStartIsReportedByTheFirstOpenAndRetriedByTheNext(@TempDir Path dir) throws Exception {
        EarlyStart start = EarlyStart.begin(dir, () -> {
            throw new IllegalStateException("The database is locked by another program");
        });
        try {
            ConsoleConnection.Opener opener = start.localOpener(() -> connection(warmable()));
            assertThatThrownBy(opener::open).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("locked by another program");
            assertThat(opener.open()).isNotNull();
        } finally {
            start.lock().ifPresent(SingleInstanceLock::close);
        }
    }

    @Test
    void doesNotStartTheLocalGatewayWhenASavedConnectionOpensFirst(@TempDir Path dir) throws Exception {
        ConnectionProfile saved = ConnectionProfile.create("Production", GatewayKind.SECRETDESK,
                "https://gw.example.com:8443");
        new ConnectionProfileStore(dir, Clock.systemUTC()).save(List.of(saved), saved.id());
        AtomicInteger earlyOpens = new AtomicInteger();
        EarlyStart start = EarlyStart.begin(dir, () -> {
            earlyOpens.incrementAndGet();
            return connection(warmable());
        });
        try {
            AtomicInteger laterOpens = new AtomicInteger();
            // Switching to the local gateway later opens it then.
            start.localOpener(() -> {
                laterOpens.incrementAndGet();
                return connection(warmable());
            }).open();
            assertThat(earlyOpens).hasValue(0);
            assertThat(laterOpens).hasValue(1);
        } finally {
            start.lock().ifPresent(SingleInstanceLock::close);
        }
    }

    @Test
    void aSecondConsoleTakesNoLockAndStartsNothing(@TempDir Path dir) throws Exception {
        try (SingleInstanceLock first = SingleInstanceLock.tryAcquire(dir).orElseThrow()) {
            AtomicInteger opens = new AtomicInteger();
            EarlyStart second = EarlyStart.begin(dir, () -> {
                opens.incrementAndGet();
                return connection(warmable());
            });
            assertThat(first).isNotNull();
            assertThat(second.lock()).isEmpty();
            assertThat(second.lockProblem()).isNull();
            second.close();
            assertThat(opens).hasValue(0);
        }
    }
}
