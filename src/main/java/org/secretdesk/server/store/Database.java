package org.secretdesk.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.Chunk;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.secretdesk.server.GatewayConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection pool and schema migrations; every write goes through {@link #inTransaction}. */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** Work done inside one transaction. */
    @FunctionalInterface
    public interface TxWork<T> {
        T run(Connection c) throws SQLException;
    }

    private final HikariDataSource dataSource;
    private final boolean h2;
    private final AtomicLong writeGeneration = new AtomicLong();
    /** Held for the whole of each write transaction on H2, commit included (see {@link #inTransaction}). */
    private final ReentrantLock h2Writer = new ReentrantLock();
    /** Writes waiting for {@link #h2Writer}; its holder runs them as one group (see {@link #inTransaction}). */
    private final ConcurrentLinkedQueue<QueuedWrite<?>> writeQueue = new ConcurrentLinkedQueue<>();

    private Database(HikariDataSource dataSource, boolean h2) {
        this.dataSource = dataSource;
        this.h2 = h2;
    }

    public static Database open(GatewayConfig config) {
        HikariConfig hc = new HikariConfig();
        String url = config.dbUrl();
        boolean h2 = url == null || url.startsWith("jdbc:h2:");
        if (url == null) {
            url = h2FileUrl(config.dataDir());
        }
        hc.setJdbcUrl(url);
        if (config.dbUser() != null) {
            hc.setUsername(config.dbUser());
        }
        if (config.dbPasswordFile() != null) {
            try {
                hc.setPassword(Files.readString(config.dbPasswordFile(), StandardCharsets.UTF_8).strip());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("Cannot read the database password file " + config.dbPasswordFile(), e);
            }
        }
        hc.setPoolName("secretdesk-db");
        hc.setMaximumPoolSize(h2 ? 16 : 20);
        hc.setAutoCommit(true);
        hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            SchemaMigrations.migrate(ds);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        if (h2) {
            // Fails the start, not a later request, if an H2 upgrade changed what H2Recovery relies on.
            try (Connection c = ds.getConnection()) {
                H2Recovery.afterCommit(c);
            } catch (SQLException | RuntimeException e) {
                ds.close();
                throw e instanceof RuntimeException r ? r : new StoreException((SQLException) e);
            }
        }
        LOG.info("Database ready ({})", h2 ? "H2" : "PostgreSQL");
        return new Database(ds, h2);
    }

    /**
     * The gateway's own H2 database in {@code dataDir}. FILE_LOCK stops a second process from opening it.
     * WRITE_DELAY=0 makes every commit write its chunk to the file before the request is answered (with H2's default
     * of 500 ms a killed process loses writes it had already acknowledged); {@link H2Recovery} then makes sure a
     * reopened file finds that chunk.
     */
    public static String h2FileUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("secretdesk").toAbsolutePath()
                + ";FILE_LOCK=FILE;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;WRITE_DELAY=0"
                // H2 re-parses a statement when its per-connection cache (8 by default) misses; a request uses
                // more distinct statements than that.
                + ";QUERY_CACHE_SIZE=64"
                // H2's page cache (16 MB by default) holds the pages each commit writes, so most of what survives a
                // young collection is cache pages for G1 to copy: with 4 MB the young pauses of a create run at
                // 500/s were 5-9 ms instead of 13-15 ms (docs/benchmarks.md). Reads come from the OS's file cache.
                + ";CACHE_SIZE=4096";
    }

    /**
     * A number that changes after every write transaction ends, committed or not (on H2, where this process is the
     * only writer: FILE_LOCK keeps every other process out). Something read after taking the number is current for as
     * long as the number has not changed; see {@code token.CredentialCache}. Not meaningful on PostgreSQL, where
     * other nodes write too.
     */
    public long writeGeneration() {
        return writeGeneration.get();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean isH2() {
        return h2;
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
     *
     * <p>On H2 write transactions run one at a time ({@link #h2Writer}). Each H2 commit stores every map as it is at
     * that moment, including the uncommitted changes of other open transactions; a process killed then leaves those
     * half transactions in the file for H2 to roll back when it reopens it, and H2 2.5.252 does not always manage:
     * a row changed by a transaction in flight at a SIGKILL could stay marked as changed by a transaction that no
     * longer exists, and the next statement that locks it spins forever (reproduced from a file a SIGKILL left,
     * docs/reliability.md §2). With one writer at a time no commit ever stores a transaction in flight.
     *
     * <p>Group commit: the writes that queued up while one was running are run by the next writer one after the
     * other in one H2 transaction, each inside a savepoint of its own, and committed together, so a burst of writes
     * pays for one commit (H2 writes a chunk of every changed page per commit) instead of one each. Each caller
     * still gets its own outcome: a write that throws is rolled back to its savepoint and its caller gets the
     * exception, the others are unaffected; none returns before the commit that holds it, and if that commit (or a
     * rollback to a savepoint) fails, every write of the group fails. The writes of a group run in their order of
     * arrival and each sees those before it, as if each had committed alone.
     */
    public <T> T inTransaction(TxWork<T> work) {
        if (!h2 || h2Writer.isHeldByCurrentThread()) {
            // PostgreSQL: concurrent transactions. Nested in a write on H2: a transaction of its own, as it was.
            return transaction(work);
        }
        QueuedWrite<T> write = new QueuedWrite<>(work);
        writeQueue.add(write);
        h2Writer.lock();
        try {
            if (!write.done) {
                runGroup();
            }
        } finally {
            h2Writer.unlock();
        }
        return write.outcome();
    }

    /** The most writes committed together; bounds the wait of the first one in a group. */
    static final int MAX_GROUP = 64;

    /** Groups committed and writes in them since start ({@code H2GroupCommitTest} checks groups form). */
    static final LongAdder GROUPS = new LongAdder();
    static final LongAdder GROUPED_WRITES = new LongAdder();

    /** One caller's write and, once its group has committed or failed, its outcome (guarded by h2Writer). */
    private static final class QueuedWrite<T> {
        final TxWork<T> work;
        boolean done;
        T result;
        Throwable failure;

        QueuedWrite(TxWork<T> work) {
            this.work = work;
        }

        void run(Connection c) throws SQLException {
            result = work.run(c);
        }

        T outcome() {
            return switch (failure) {
                case null -> result;
                case SQLException e -> throw new StoreException(e);
                case RuntimeException e -> throw e;
                case Error e -> throw e;
                default -> throw new IllegalStateException(failure);
            };
        }
    }

    /** Runs the queued writes (at least one: the caller's) as one group; the caller holds {@link #h2Writer}. */
    private void runGroup() {
        List<QueuedWrite<?>> group = new ArrayList<>();
        for (QueuedWrite<?> w; group.size() < MAX_GROUP && (w = writeQueue.poll()) != null; ) {
            group.add(w);
        }
        GROUPS.increment();
        GROUPED_WRITES.add(group.size());
        try {
            if (group.size() == 1) {
                QueuedWrite<?> only = group.getFirst();
                try {
                    transaction(c -> {
                        only.run(c);
                        return null;
                    });
                } catch (RuntimeException | Error e) {
                    only.failure = e;
                }
                return;
            }
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    for (QueuedWrite<?> w : group) {
                        Savepoint savepoint = c.setSavepoint();
                        try {
                            w.run(c);
                        } catch (SQLException | RuntimeException | Error e) {
                            w.failure = e;
                            // Throws if H2 has rolled back the whole transaction: then the group fails below.
                            c.rollback(savepoint);
                        }
                    }
                    c.commit();
                    H2Recovery.afterCommit(c);
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    failAll(group, e);
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                failAll(group, e);
            }
        } finally {
            writeGeneration.incrementAndGet();
            group.forEach(w -> w.done = true);
        }
    }

    /** Writes waiting to be run (for tests that make a group form). */
    int queuedWrites() {
        return writeQueue.size();
    }

    /** The group did not commit: no write of it is kept; each keeps its own failure if it had one. */
    private static void failAll(List<QueuedWrite<?>> group, Exception e) {
        for (QueuedWrite<?> w : group) {
            if (w.failure == null) {
                w.result = null;
                w.failure = e;
            }
        }
    }

    private <T> T transaction(TxWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                if (h2) {
                    H2Recovery.afterCommit(c);
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                writeGeneration.incrementAndGet();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Read-only work on one connection in autocommit mode. */
    public <T> T read(TxWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /**
     * Takes the cluster-wide lock {@code key} until {@code c}'s transaction ends, waiting for it (PostgreSQL
     * advisory lock). On H2 there is only one node (the file lock keeps others out), so this does nothing.
     */
    public void lockForTransaction(Connection c, long key) throws SQLException {
        if (h2) {
            return;
        }
        try (var ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            ps.setLong(1, key);
            ps.executeQuery().close();
        }
    }

    /** As {@link #lockForTransaction} without waiting: false when another node holds the lock now. */
    public boolean tryLockForTransaction(Connection c, long key) throws SQLException {
        if (h2) {
            return true;
        }
        try (var ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)");
             var rs = bindAndQuery(ps, key)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** A cluster-wide lock held by {@link #tryClusterLock} until closed. */
    public interface ClusterLock extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the cluster-wide lock {@code key} without waiting and holds it across any number of transactions
     * until the returned handle is closed; null when another node holds it now. On PostgreSQL a session-level
     * advisory lock on a connection of its own (kept out of the pool meanwhile): if this node dies, its session
     * ends and the server releases the lock. On H2 (one node) the handle does nothing.
     */
    public ClusterLock tryClusterLock(long key) throws SQLException {
        if (h2) {
            return () -> { };
        }
        Connection c = dataSource.getConnection();
        boolean locked = false;
        try (var ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)"); var rs = bindAndQuery(ps, key)) {
            rs.next();
            locked = rs.getBoolean(1);
        } finally {
            if (!locked) {
                c.close();
            }
        }
        if (!locked) {
            return null;
        }
        return () -> {
            try (var ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                ps.setLong(1, key);
                ps.executeQuery().close();
            } catch (SQLException e) {
                // Never hand a connection that may still hold the lock back to the pool.
                LOG.warn("Could not release cluster lock {}: {}", key, e.getMessage());
                dataSource.evictConnection(c);
            } finally {
                closeQuietly(c);
            }
        };
    }

    private static java.sql.ResultSet bindAndQuery(java.sql.PreparedStatement ps, long key) throws SQLException {
        ps.setLong(1, key);
        return ps.executeQuery();
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.warn("Closing a connection failed: {}", e.getMessage());
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.warn("Rollback failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /**
     * Keeps every committed H2 chunk findable after a crash (docs/reliability.md, promise 2).
     *
     * <p>H2's MVStore (2.3.232 and 2.5.252 alike) writes each commit as a chunk. Once the space of old chunks may be
     * reused (after RETENTION_TIME, 45 s by default), a new chunk can land in the middle of the file instead of after
     * the last one. A reopened file finds its newest chunk only from the chunk its store header names, following each
     * chunk's predicted next position, or from the footer at the end of the file. When a chunk does not land where
     * its predecessor predicted, H2 rewrites the store header, but (FileStore.storeBuffer) before it makes the new
     * chunk its last one, so the header names the predecessor, whose prediction is exactly what just failed. The new
     * chunk, and the ones after it until the header is rewritten (up to 20 versions later), are written and
     * acknowledged but unreachable: a process killed then reopens up to 20 commits in the past.
     *
     * <p>After each commit this makes sure the newest written chunk, which holds that commit, is found the way a
     * reopened file looks for it (RandomAccessStore.readStoreHeader after an unclean stop): from the chunk the store
     * header names, each next chunk must have the next id, a newer version, and sit exactly where its predecessor's
     * {@code next} says. While that chain reaches the newest chunk (the common case: chunks appended at the end of the
     * file, or landing where H2 predicted) nothing is written; where it is broken, the store header is rewritten to
     * name the newest chunk, before the request is answered. It uses H2's own header writer under H2's own lock, by
     * reflection; {@link #open} calls it once so that an H2 upgrade which changes these internals fails the start
     * instead of losing writes.
     */
    static final class H2Recovery {

        private static final Method WRITE_STORE_HEADER;
        private static final Method GET_CHUNKS;
        private static final Field SAVE_CHUNK_LOCK;
        private static final ReflectiveOperationException MISSING;

        /** Header rewrites done and found unnecessary since start (H2RecoveryTest checks both happen). */
        static final LongAdder HEADER_WRITES = new LongAdder();
        static final LongAdder HEADER_KEPT = new LongAdder();

        static {
            Method writeStoreHeader = null;
            Method getChunks = null;
            Field saveChunkLock = null;
            ReflectiveOperationException missing = null;
            try {
                writeStoreHeader = RandomAccessStore.class.getDeclaredMethod("writeStoreHeader");
                writeStoreHeader.setAccessible(true);
                getChunks = FileStore.class.getDeclaredMethod("getChunks");
                getChunks.setAccessible(true);
                saveChunkLock = FileStore.class.getDeclaredField("saveChunkLock");
                saveChunkLock.setAccessible(true);
            } catch (ReflectiveOperationException e) {
                missing = e;
            }
            WRITE_STORE_HEADER = writeStoreHeader;
            GET_CHUNKS = getChunks;
            SAVE_CHUNK_LOCK = saveChunkLock;
            MISSING = missing;
        }

        private H2Recovery() {
        }

        /** Makes the store header of {@code c}'s H2 file name its newest chunk; no-op for in-memory or remote H2. */
        static void afterCommit(Connection c) throws SQLException {
            if (!(c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)
                    || session.getDatabase().getStore() == null) {
                return;
            }
            MVStore mv = session.getDatabase().getStore().getMvStore();
            if (!(mv.getFileStore() instanceof RandomAccessStore fileStore)) {
                return;
            }
            if (MISSING != null) {
                throw new IllegalStateException("This H2 version lacks the store-header internals the gateway relies "
                        + "on to keep committed writes after a crash; see Database.H2Recovery", MISSING);
            }
            try {
                ReentrantLock lock = (ReentrantLock) SAVE_CHUNK_LOCK.get(fileStore);
                lock.lock();
                try {
                    var header = fileStore.getStoreHeader();
                    // "clean" (the file was closed cleanly) stays until the first chunk after opening; until then the
                    // header already names the last chunk.
                    if (!header.containsKey("clean") && fileStore.lastChunkVersion() > 0) {
                        @SuppressWarnings("unchecked")
                        Map<Integer, ? extends Chunk<?>> chunks =
                                (Map<Integer, ? extends Chunk<?>>) GET_CHUNKS.invoke(fileStore);
                        if (newestChunkIsFound(header, chunks, fileStore.lastChunkVersion())) {
                            HEADER_KEPT.increment();
                        } else {
                            WRITE_STORE_HEADER.invoke(fileStore);
                            HEADER_WRITES.increment();
                        }
                    }
                } finally {
                    lock.unlock();
                }
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("Could not write the H2 store header", e);
            }
        }

        /** The longest chain from the header's chunk that is walked instead of rewriting the header. */
        static final int MAX_CHAIN = 32;

        /**
         * Whether a reopened file reaches the chunk of version {@code newest}: following, from the chunk the store
         * header names, each chunk's predicted {@code next} block to a chunk with the next id and a newer version.
         */
        static boolean newestChunkIsFound(Map<String, Object> header, Map<Integer, ? extends Chunk<?>> chunks,
                                          long newest) {
            Chunk<?> chunk = chunks.get((int) headerValue(header, "chunk"));
            if (chunk == null || chunk.block != headerValue(header, "block")
                    || chunk.version != headerValue(header, "version")) {
                return false;
            }
            // H2 does not rewrite the header while it appends chunks at the end of the file, so the chain can grow
            // without bound; past MAX_CHAIN hops a header write (which resets it) is cheaper than the walk.
            for (int hops = 0; chunk.version < newest; hops++) {
                if (hops == MAX_CHAIN) {
                    return false;
                }
                Chunk<?> next = chunks.get((chunk.id + 1) & Chunk.MAX_ID);
                if (next == null || chunk.next == 0 || next.block != chunk.next || next.version <= chunk.version) {
                    return false;
                }
                chunk = next;
            }
            return chunk.version == newest;
        }

        /** A store-header number: H2 keeps those it wrote as numbers and those it read as hex strings. */
        private static long headerValue(Map<String, Object> header, String key) {
            return switch (header.get(key)) {
                case Number n -> n.longValue();
                case String hex -> Long.parseUnsignedLong(hex, 16);
                case null, default -> -1;
            };
        }
    }
}
