package org.secretdesk.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.desk.SingleInstanceLock;
import org.secretdesk.desk.connections.ConnectionProfileStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the console starts before the JavaFX toolkit is up. Showing a window costs a cold JVM about a second on one
 * core; starting the embedded gateway (database, CA, TLS) costs about as much on another. Done one after the other,
 * a user waited for both before seeing a list; here the gateway starts on a second core from {@code main}, and the
 * main window asks it for the list while the window is being shown, so the list is ready about when the window is.
 *
 * <p>The single-instance lock is taken first, on the calling thread: a second console must not touch the database.
 * Only the local gateway is started early, and only when it is the connection the console will open (no saved
 * connection was chosen last); a saved connection opens through the usual connect flow, which may ask questions.
 */
final class EarlyStart {

    private static final Logger LOG = LoggerFactory.getLogger(EarlyStart.class);

    /** Handed from {@code main} to the {@link javafx.application.Application} that JavaFX constructs. */
    private static final AtomicReference<EarlyStart> HANDOFF = new AtomicReference<>();

    private final Path dataDir;
    private final Optional<SingleInstanceLock> lock;
    private final IOException lockProblem;
    /**
     * The local gateway being started; null when it is not started early (or was taken). Completes with null when
     * a saved connection turned out to be the one to open.
     */
    private CompletableFuture<ConsoleConnection> local;

    private EarlyStart(Path dataDir, Optional<SingleInstanceLock> lock, IOException lockProblem) {
        this.dataDir = dataDir;
        this.lock = lock;
        this.lockProblem = lockProblem;
    }

    /** Takes the lock and, when the console will open the local gateway, starts it in the background. */
    static EarlyStart begin(Path dataDir, ConsoleConnection.Opener localOpener) {
        EarlyStart start;
        try {
            start = new EarlyStart(dataDir, SingleInstanceLock.tryAcquire(dataDir), null);
        } catch (IOException e) {
            return new EarlyStart(dataDir, Optional.empty(), e);
        }
        if (start.lock.isPresent()) {
            start.local = new CompletableFuture<>();
            CompletableFuture<ConsoleConnection> target = start.local;
            Thread.ofPlatform().daemon().name("early-start").start(() -> start.run(localOpener, target));
        }
        return start;
    }

    /** Leaves the early start for {@link SecretDeskApp#start}; see {@link #take}. */
    static void handOff(EarlyStart start) {
        HANDOFF.set(start);
    }

    /** The start {@code main} began, or null when the application was launched another way (tests). */
    static EarlyStart take() {
        return HANDOFF.getAndSet(null);
    }

    Path dataDir() {
        return dataDir;
    }

    /** The lock when this console is the only one; empty when another one holds it (or {@link #lockProblem}). */
    Optional<SingleInstanceLock> lock() {
        return lock;
    }

    IOException lockProblem() {
        return lockProblem;
    }

    /**
     * Opens the local gateway: the first call takes the one started early (waiting for it), later ones (a Retry
     * after a failure) start anew with {@code opener}.
     */
    ConsoleConnection.Opener localOpener(ConsoleConnection.Opener opener) {
        return () -> {
            CompletableFuture<ConsoleConnection> early;
            synchronized (this) {
                early = local;
                local = null;
            }
            if (early == null) {
                return opener.open();
            }
            ConsoleConnection started;
            try {
                started = early.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
            return started != null ? started : opener.open(); // null: not started early after all
        };
    }

    /** Closes a connection started early that nobody took (the console quit before it connected). */
    synchronized void close() {
        if (local != null) {
            local.thenAccept(c -> {
                if (c != null) {
                    c.close();
                }
            });
            local = null;
        }
    }

    private void run(ConsoleConnection.Opener opener, CompletableFuture<ConsoleConnection> target) {
        try {
            if (new ConnectionProfileStore(dataDir, Clock.systemUTC()).load().lastSelected() != null) {
                // A saved connection opens first: the local gateway starts only if the operator switches to it.
                target.complete(null);
                return;
            }
            ConsoleConnection connection = opener.open();
            warmUp(connection.client());
            target.complete(connection);
        } catch (Exception | Error e) {
            target.completeExceptionally(e);
        }
    }

    /**
     * The first HTTPS call of a cold JVM (TLS handshake on both ends, OkHttp, Jackson, the gateway's routes) takes a
     * few hundred milliseconds. The gateway usually listens before the window has been shown, and the window's own
     * calls wait for the FX thread: made here meanwhile, on the second core, those calls find everything warm and
     * the connection open. Answers are not kept: the window asks for its own (the secret limit learnt here is).
     */
    private static void warmUp(GatewayClient client) {
        try {
            client.capabilities();
            client.listApplications(null, 1, null);
        } catch (RuntimeException e) {
            LOG.debug("Warm-up call failed (the window reports it if it persists): {}", e.toString());
        }
    }
}
