package org.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.desk.DataDirectory;
import org.secretdesk.desk.connections.ConnectionProfile;
import org.secretdesk.desk.connections.ConnectionProfileStore;
import org.secretdesk.desk.connections.GatewayKind;
import org.secretdesk.desk.connections.GatewaySettings;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.GatewayServer;

/**
 * {@code --profile NAME}: the CLI reads the console's saved connections (the same profiles file in the per-user
 * data directory, here redirected with {@code secretdesk.dataDir}) and trusts the profile's pinned CA, against a
 * real SecretDesk gateway.
 */
class ProfileOptionTest {

    @TempDir
    static Path gatewayDir;
    static GatewayServer server;

    @TempDir
    Path dataDir;

    final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        server = GatewayServer.start(GatewayConfig.defaults(gatewayDir).withPort(0));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void saveProfiles() throws Exception {
        System.setProperty(DataDirectory.OVERRIDE_PROPERTY, dataDir.toString());
        ConnectionProfile pinned = ConnectionProfile.create("Staging", GatewayKind.SECRETDESK,
                server.baseUri().toString()).withPinnedCa(server.caCertificate());
        ConnectionProfile unpinned = ConnectionProfile.create("New one", GatewayKind.SECRETDESK,
                server.baseUri().toString());
        ConnectionProfile keycloak = ConnectionProfile.create("SSO", GatewayKind.KEYCLOAK, "http://127.0.0.1:9",
                GatewaySettings.keycloak("admin", "customers", null));
        new ConnectionProfileStore(dataDir, Clock.systemUTC()).save(List.of(pinned, unpinned, keycloak), null);
    }

    @AfterEach
    void clear() {
        System.clearProperty(DataDirectory.OVERRIDE_PROPERTY);
    }

    @Test
    void aSavedProfileGivesKindUrlAndTrustTheCredentialComesFromAFile() throws Exception {
        SecretsCommandTest.Run listed = SecretsCommandTest.run("apps", "list", "--profile", "staging",
                "--api-key-file", server.adminKeyFile().toString(), "--json");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        JsonNode apps = mapper.readTree(listed.out());
        assertThat(apps.isArray()).isTrue();
    }

    @Test
    void withoutAStoredCredentialItSaysSoAndHowToPassOne() {
        SecretsCommandTest.Run run = SecretsCommandTest.run("apps", "list", "--profile", "Staging");
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).contains("keychain").contains("--api-key-file FILE")
                .contains(ConnectionOptions.API_KEY_VARIABLE);

        SecretsCommandTest.Run kc = SecretsCommandTest.run("secrets", "list", "--app", "x", "--profile", "SSO");
        assertThat(kc.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(kc.err()).contains("password").contains("--password-file FILE");
    }

    @Test
    void anUnknownProfileListsTheSavedOnesAndAnUnpinnedHttpsOneNeedsACa() {
        SecretsCommandTest.Run run = SecretsCommandTest.run("apps", "list", "--profile", "Prod",
                "--api-key-file", server.adminKeyFile().toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).contains("No saved connection named \"Prod\"").contains("Staging, New one, SSO");

        SecretsCommandTest.Run unpinned = SecretsCommandTest.run("apps", "list", "--profile", "New one",
                "--api-key-file", server.adminKeyFile().toString());
        assertThat(unpinned.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(unpinned.err()).contains("--ca-file");

        SecretsCommandTest.Run neither = SecretsCommandTest.run("apps", "list");
        assertThat(neither.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(neither.err()).contains("--profile NAME, or --kind and --url");
    }
}
