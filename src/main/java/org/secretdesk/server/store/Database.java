package org.secretdesk.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
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

    private Database(HikariDataSource dataSource, boolean h2) {
        this.dataSource = dataSource;
        this.h2 = h2;
    }

    public static Database open(GatewayConfig config) {
        HikariConfig hc = new HikariConfig();
        String url = config.dbUrl();
        boolean h2 = url == null || url.startsWith("jdbc:h2:");
        if (url == null) {
            // File database in the data dir; FILE_LOCK stops a second process from opening it. WRITE_DELAY=0 makes
            // every commit reach the file before the request is answered: with H2's default (500 ms) a killed
            // process loses writes it had already acknowledged. Concurrent commits share the write, so this costs
            // little throughput under load.
            url = "jdbc:h2:file:" + config.dataDir().resolve("secretdesk").toAbsolutePath()
                    + ";FILE_LOCK=FILE;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;WRITE_DELAY=0"
                    // H2 re-parses a statement when its per-connection cache (8 by default) misses; a request uses
                    // more distinct statements than that.
                    + ";QUERY_CACHE_SIZE=64";
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
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        LOG.info("Database ready ({})", h2 ? "H2" : "PostgreSQL");
        return new Database(ds, h2);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean isH2() {
        return h2;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(TxWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
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
}
