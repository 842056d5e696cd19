package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.server.cluster.ClusterKey;

/** The cluster key file, sealing, and the cluster settings of the configuration file. No database needed. */
class ClusterConfigTest {

    @TempDir
    Path dir;

    @Test
    void sealedKeyMaterialOpensOnlyWithTheSameKeyAndLabel() throws IOException {
        Path keyFile = Files.writeString(dir.resolve("cluster.key"), ClusterKey.newKeyFileContent());
        ClusterKey key = ClusterKey.load(keyFile);
        byte[] plain = "-----BEGIN PRIVATE KEY-----probe".getBytes(StandardCharsets.US_ASCII);
        String sealed = key.seal("ca/abc", plain);
        assertThat(sealed).doesNotContain("PRIVATE").startsWith("v1:");
        assertThat(key.open("ca/abc", sealed)).isEqualTo(plain);
        assertThat(ClusterKey.load(keyFile).open("ca/abc", sealed)).as("the same key read again").isEqualTo(plain);

        assertThatThrownBy(() -> key.open("signing/abc", sealed)).as("moved to another row")
                .isInstanceOf(IllegalStateException.class);
        ClusterKey other = ClusterKey.load(Files.writeString(dir.resolve("other.key"), ClusterKey.newKeyFileContent()));
        assertThatThrownBy(() -> other.open("ca/abc", sealed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cluster key is not the one");
    }

    @Test
    void aKeyFileMustHoldThirtyTwoBytesInBase64() throws IOException {
        Path shortKey = Files.writeString(dir.resolve("short.key"), "c2hvcnQ=\n");
        assertThatThrownBy(() -> ClusterKey.load(shortKey)).isInstanceOf(IOException.class)
                .hasMessageContaining("exactly 32 bytes").hasMessageContaining("head -c 32 /dev/urandom")
                .hasMessageNotContaining("c2hvcnQ");
        Path notBase64 = Files.writeString(dir.resolve("text.key"), "correct horse battery staple!!\n");
        assertThatThrownBy(() -> ClusterKey.load(notBase64)).isInstanceOf(IOException.class)
                .hasMessageNotContaining("horse");
        assertThatThrownBy(() -> ClusterKey.load(dir.resolve("missing.key"))).isInstanceOf(IOException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void postgresqlWithoutAClusterKeyIsRefusedBeforeConnecting() {
        GatewayConfig config = GatewayConfig.defaults(dir.resolve("data")).withPort(0)
                .withDatabase("jdbc:postgresql://127.0.0.1:1/none", "nobody", null);
        assertThat(config.clustered()).isTrue();
        assertThatThrownBy(() -> GatewayServer.start(config).close())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--cluster-key-file").hasMessageContaining(ClusterKey.ENV);
        assertThat(GatewayConfig.defaults(dir).clustered()).isFalse();
    }

    @Test
    void theConfigurationFileNamesTheClusterKeyFileAndTlsNames() throws Exception {
        Files.writeString(dir.resolve("cluster.key"), ClusterKey.newKeyFileContent());
        Path file = Files.writeString(dir.resolve("gateway.json"), """
                {"clusterKeyFile":"cluster.key","tlsNames":["gateway.example.com","10.0.0.5"],
                 "database":{"url":"jdbc:postgresql://db/secretdesk","user":"sd"}}
                """);
        GatewayConfig config = GatewayConfigFile.load(file, GatewayConfig.defaults(dir.resolve("data")));
        assertThat(config.clusterKeyFile()).isEqualTo(dir.resolve("cluster.key"));
        assertThat(config.tlsNames()).containsExactly("gateway.example.com", "10.0.0.5");
        assertThat(config.dbUrl()).isEqualTo("jdbc:postgresql://db/secretdesk");

        Path missing = Files.writeString(dir.resolve("missing.json"), "{\"clusterKeyFile\":\"nope.key\"}");
        assertThatThrownBy(() -> GatewayConfigFile.load(missing, GatewayConfig.defaults(dir)))
                .hasMessageContaining("clusterKeyFile");
        Path badName = Files.writeString(dir.resolve("bad.json"), "{\"tlsNames\":[\"a b\"]}");
        assertThatThrownBy(() -> GatewayConfigFile.load(badName, GatewayConfig.defaults(dir)))
                .hasMessageContaining("tlsNames[0]");
    }

    @Test
    void tlsNamesAreInTheServerCertificate() throws Exception {
        GatewayConfig config = org.secretdesk.server.testing.TestDatabases.apply(GatewayConfig.defaults(dir.resolve("data"))
                .withPort(0).withTlsNames(List.of("gateway.example.com")), dir);
        try (GatewayServer server = GatewayServer.start(config)) {
            var chain = org.secretdesk.pki.Pem.readCertificates(
                    Files.readAllBytes(config.dataDir().resolve("server.pem")));
            assertThat(chain.getFirst().getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))))
                    .contains("gateway.example.com", "localhost", "127.0.0.1");
        }
    }
}
