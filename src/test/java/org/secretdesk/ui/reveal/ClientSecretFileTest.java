package org.secretdesk.ui.reveal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
}
