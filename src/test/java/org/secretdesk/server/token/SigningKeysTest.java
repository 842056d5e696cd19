package org.secretdesk.server.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.pki.Pem;
import org.secretdesk.pki.SecureFiles;

/** The token signing key keeps its public key beside it; a file from an older version gets it added once. */
class SigningKeysTest {

    @Test
    void aNewKeyIsWrittenWithItsPublicKeyAndReadBackTheSame(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token-signing.key");
        SigningKeys created = SigningKeys.loadOrCreate(file);
        String pem = Files.readString(file);
        assertThat(pem).contains("BEGIN PRIVATE KEY").contains("BEGIN PUBLIC KEY");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        SigningKeys loaded = SigningKeys.loadOrCreate(file);
        assertThat(loaded.publicKey()).isEqualTo(created.publicKey());
        assertThat(loaded.kid()).isEqualTo(created.kid());
        assertThat(loaded.jwkJson()).isEqualTo(created.jwkJson());
    }

    @Test
    void anOlderFileWithThePrivateKeyAloneGetsItsPublicKeyDerivedAndKept(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token-signing.key");
        SigningKeys original = SigningKeys.loadOrCreate(file);
        SecureFiles.writeOwnerOnly(file, Pem.privateKey(original.privateKey()).getBytes(StandardCharsets.US_ASCII));

        SigningKeys upgraded = SigningKeys.loadOrCreate(file);
        assertThat(upgraded.publicKey()).isEqualTo(original.publicKey());
        assertThat(upgraded.kid()).isEqualTo(original.kid());
        assertThat(Files.readString(file)).contains("BEGIN PUBLIC KEY");
        assertThat(Pem.readEcPublicKey(Files.readString(file))).contains(original.publicKey());
    }
}
