package org.secretdesk.ui.reveal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.model.SecretValue;

class ClientSecretFileTest {

    @TempDir
    Path dir;

    @Test
    void writesTheDataMinerFormatOwnerOnly() throws Exception {
        Path file = dir.resolve("client-secret.json");
        ClientSecretFile.write(file, SecretValue.copyOf("sds_abc\"\\"), false);
        assertThat(Files.readString(file, StandardCharsets.UTF_8).strip())
                .isEqualTo("{\"APIKeys\":[{\"Key\":\"sds_abc\\\"\\\\\",\"Name\":\"ClientSecret\"}]}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void neverOverwritesWithoutBeingTold() throws Exception {
        Path file = dir.resolve("client-secret.json");
        Files.writeString(file, "keep me");
        assertThatThrownBy(() -> ClientSecretFile.write(file, SecretValue.copyOf("sds_new"), false))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(file)).isEqualTo("keep me");
    }

    @Test
    void replacesWhenTheOperatorAgreedAndTheResultIsOwnerOnly() throws Exception {
        Path file = dir.resolve("client-secret.json");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        ClientSecretFile.write(file, SecretValue.copyOf("sds_new"), true);
        assertThat(Files.readString(file)).contains("\"Key\":\"sds_new\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var listing = Files.list(dir)) {
            assertThat(listing).containsExactly(file); // no temporary file left behind
        }
    }

    /**
     * Issue 20: on a file system with neither POSIX permissions nor ACLs (a FAT stick; here a zip file system) the
     * secret was written with default permissions. Now nothing is written and the operator is told why.
     */
    @Test
    void aFileSystemThatCannotRestrictTheFileGetsNoFile() throws Exception {
        Path zip = dir.resolve("stick.zip");
        try (FileSystem stick = FileSystems.newFileSystem(zip, Map.of("create", "true"))) {
            assertThat(stick.supportedFileAttributeViews()).doesNotContain("posix", "acl");
            Path file = stick.getPath("/client-secret.json");
            assertThatThrownBy(() -> ClientSecretFile.write(file, SecretValue.copyOf("sds_plain"), false))
                    .isInstanceOf(IOException.class).hasMessageContaining("neither POSIX permissions nor ACLs");
            assertThat(Files.exists(file)).isFalse();
            Files.writeString(file, "old");
            assertThatThrownBy(() -> ClientSecretFile.write(file, SecretValue.copyOf("sds_plain"), true))
                    .isInstanceOf(IOException.class);
            assertThat(Files.readString(file)).isEqualTo("old");
        }
    }
}
