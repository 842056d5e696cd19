package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.server.testing.GatewayFixture;

/** Issue 20: an existing data directory is made owner-only at start; an admin.key others can read is refused. */
class DataDirPermissionsTest {

    @Test
    void anExistingDataDirectoryOpenToOthersIsTightenedAtStart(@TempDir Path root) throws Exception {
        Path data = Files.createDirectories(root.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (GatewayFixture gw = GatewayFixture.start(root)) {
            assertThat(gw.dataDir()).isEqualTo(data);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        }
    }

    @Test
    void aGroupOrWorldReadableAdminKeyIsRefusedAtStart(@TempDir Path root) throws Exception {
        Path first = root.resolve("first");
        Path keyFile;
        try (GatewayFixture gw = GatewayFixture.start(first)) {
            keyFile = gw.server().adminKeyFile();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        }
        for (String mode : new String[] {"rw-r-----", "rw----r--", "rw--w----"}) {
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString(mode));
            assertThatThrownBy(() -> GatewayFixture.start(first).close()).as(mode)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(keyFile.toString())
                    .hasMessageContaining("chmod 600")
                    .hasMessageNotContaining(GatewayFixture.readKeyFile(keyFile));
        }
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        GatewayFixture.start(first).close();
    }
}
