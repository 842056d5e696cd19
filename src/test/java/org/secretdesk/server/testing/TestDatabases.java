package org.secretdesk.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.cluster.ClusterKey;

/**
 * Chooses the database of a gateway started by a test: H2 in the data dir (default), or, with
 * {@code -Dsecretdesk.test.db=postgres}, a fresh PostgreSQL database on the JVM's {@link PostgresServer} plus a
 * cluster key. The choice is remembered in {@code root}, so a gateway restarted on the same root finds its data.
 */
public final class TestDatabases {

    private TestDatabases() {
    }

    /** {@code config} on the database the test run asked for. */
    public static GatewayConfig apply(GatewayConfig config, Path root) {
        if (!PostgresServer.requested() || config.dbUrl() != null) {
            return config; // H2, or a test that chose its database itself (e.g. a cluster on one database)
        }
        try {
            Files.createDirectories(root);
            Path urlFile = root.resolve("test-db.url");
            String url;
            if (Files.exists(urlFile)) {
                url = Files.readString(urlFile, StandardCharsets.UTF_8).strip();
            } else {
                url = PostgresServer.get().newDatabase(callerHint());
                Files.writeString(urlFile, url);
            }
            return clustered(config, root, url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code config} on the PostgreSQL database {@code url}, with the cluster key in {@code root} (created once). */
    public static GatewayConfig clustered(GatewayConfig config, Path root, String url) {
        return config.withDatabase(url, PostgresServer.get().user(), null).withClusterKeyFile(clusterKeyFile(root));
    }

    /** A cluster key file in {@code dir}, created on first use. */
    public static Path clusterKeyFile(Path dir) {
        try {
            Path keyFile = dir.resolve("cluster.key");
            if (!Files.exists(keyFile)) {
                Files.createDirectories(dir);
                Files.writeString(keyFile, ClusterKey.newKeyFileContent());
            }
            return keyFile;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * With PostgreSQL: writes every row of every table of the database used under {@code root} as text to
     * {@code target} (so that a scan of the data dir also covers the database, as it does for H2's file).
     * Returns false with H2.
     */
    public static boolean dumpDatabase(Path root, Path target) {
        Path urlFile = root.resolve("test-db.url");
        if (!PostgresServer.requested() || !Files.exists(urlFile)) {
            return false;
        }
        StringBuilder out = new StringBuilder();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                Files.readString(urlFile, StandardCharsets.UTF_8).strip(), PostgresServer.get().user(), "")) {
            java.util.List<String> tables = new java.util.ArrayList<>();
            try (var rs = c.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            for (String table : tables) {
                out.append("== ").append(table).append('\n');
                try (var st = c.createStatement(); var rs = st.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            out.append(rs.getString(i)).append('\t');
                        }
                        out.append('\n');
                    }
                }
            }
            Files.writeString(target, out, StandardCharsets.UTF_8);
            return true;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot dump the test database: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test class that started the gateway, for a readable database name. */
    private static String callerHint() {
        for (StackTraceElement e : Thread.currentThread().getStackTrace()) {
            String c = e.getClassName();
            if (c.endsWith("Test") || c.endsWith("Benchmark")) {
                return c.substring(c.lastIndexOf('.') + 1);
            }
        }
        return "gateway";
    }
}
