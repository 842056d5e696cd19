package org.secretdesk.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.testing.PostgresServer;

/** The gateway's H2 file gets a page cache sized from the heap, not H2's fixed 16 MB. */
class H2PageCacheTest {

    private static final long MB = 1024 * 1024;

    @Test
    void aQuarterOfTheHeapWithinBounds() {
        assertThat(Database.pageCacheKb(64 * MB)).as("small heap: H2's default").isEqualTo(16 * 1024);
        assertThat(Database.pageCacheKb(1024 * MB)).as("1 GB heap").isEqualTo(256 * 1024);
        assertThat(Database.pageCacheKb(16L * 1024 * MB)).as("large heap: capped").isEqualTo(512 * 1024);
    }

    @Test
    void theOpenedDatabaseUsesIt(@TempDir Path data) throws Exception {
        assumeFalse(PostgresServer.requested(), "H2 only");
        try (Database db = Database.open(GatewayConfig.defaults(data));
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
                     + "WHERE SETTING_NAME = 'info.CACHE_MAX_SIZE'")) {
            assertThat(rs.next()).isTrue();
            assertThat(Long.parseLong(rs.getString(1)))
                    .as("H2's page cache in MB").isEqualTo(Database.pageCacheKb(Runtime.getRuntime().maxMemory()) / 1024);
        }
    }
}
