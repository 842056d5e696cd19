package org.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.gravitee.GraviteeStandIn;
import org.secretdesk.pki.Pem;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.GatewayServer;

/** {@code secretdesk secrets …} in-process against a real SecretDesk gateway, recorded DataMiner exchanges and the stand-in Gravitee AM. */
class SecretsCommandTest {

    @TempDir
    static Path gatewayDir;
    static GatewayServer server;
    static Path caFile;
    static String adminKey;

    @TempDir
    Path dir;

    final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        server = GatewayServer.start(GatewayConfig.defaults(gatewayDir).withPort(0));
        caFile = gatewayDir.resolve("ca-for-cli.pem");
        Files.writeString(caFile, Pem.certificates(List.of(server.caCertificate())));
        adminKey = Files.readString(server.adminKeyFile()).strip();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Run sd(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--kind", "secretdesk", "--url", server.baseUri().toString(),
                "--api-key-file", server.adminKeyFile().toString(), "--ca-file", caFile.toString()));
        return run(all.toArray(String[]::new));
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + System.nanoTime();
    }

    @Test
    void createListRenewDeleteAgainstARealGateway() throws Exception {
        String app = uniqueName("cli-app");
        assertThat(sd("apps", "create", "--name", app).exitCode()).isZero();

        Run created = sd("secrets", "create", "--app", app, "--description", "first", "--expires-after", "P30D");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String value = created.out().strip();
        assertThat(value).isNotBlank().doesNotContain(" ");
        assertThat(created.err()).contains("shown once").doesNotContain(value);

        Run listed = sd("secrets", "list", "--app", app, "--json");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        JsonNode list = mapper.readTree(listed.out());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("description").asText()).isEqualTo("first");
        assertThat(listed.out()).doesNotContain(value);

        Run renewed = sd("secrets", "renew", "--app", app, "--description", "first", "--grace", "PT1H", "--json");
        assertThat(renewed.exitCode()).as(renewed.err()).isZero();
        JsonNode issued = mapper.readTree(renewed.out());
        assertThat(issued.path("value").asText()).isNotBlank().isNotEqualTo(value);
        assertThat(issued.path("secret").path("description").asText()).isEqualTo("first");

        Run badConfirm = sd("secrets", "delete", "--app", app, "--description", "first", "--confirm", "firs");
        assertThat(badConfirm.exitCode()).isEqualTo(2);

        Run deleted = sd("secrets", "delete", "--app", app, "--description", "first", "--confirm", "first");
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(mapper.readTree(sd("secrets", "list", "--app", app, "--json").out())).isEmpty();
    }

    @Test
    void outFileIsOwnerOnlyAndNeverOverwritten() throws Exception {
        String app = uniqueName("cli-file");
        assertThat(sd("apps", "create", "--name", app).exitCode()).isZero();
        Path out = dir.resolve("secret.txt");

        Run created = sd("secrets", "create", "--app", app, "--description", "to file", "--out-file", out.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        String value = Files.readString(out).strip();
        assertThat(value).isNotBlank();
        assertThat(created.out()).doesNotContain(value);
        if (Files.getFileStore(out).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        }

        Run again = sd("secrets", "create", "--app", app, "--description", "second", "--out-file", out.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("never overwrites");
        assertThat(Files.readString(out).strip()).isEqualTo(value);
        // refused before anything was issued
        assertThat(mapper.readTree(sd("secrets", "list", "--app", app, "--json").out())).hasSize(1);
    }

    @Test
    void exitCodesForNotFoundAndConflict() {
        String app = uniqueName("cli-codes");
        assertThat(sd("apps", "create", "--name", app).exitCode()).isZero();
        assertThat(sd("secrets", "create", "--app", app, "--description", "dup").exitCode()).isZero();

        Run duplicate = sd("secrets", "create", "--app", app, "--description", "dup");
        assertThat(duplicate.exitCode()).as(duplicate.err()).isEqualTo(4);

        Run noApp = sd("secrets", "list", "--app", uniqueName("missing"));
        assertThat(noApp.exitCode()).isEqualTo(3);
        assertThat(noApp.err()).contains("No application named");

        Run noSecret = sd("secrets", "renew", "--app", app, "--description", "nope");
        assertThat(noSecret.exitCode()).isEqualTo(3);
    }

    @Test
    void credentialsAreNeverAcceptedOnTheCommandLine() {
        Run withKey = run("secrets", "list", "--app", "x", "--kind", "secretdesk", "--url", server.baseUri().toString(),
                "--api-key", adminKey, "--ca-file", caFile.toString());
        assertThat(withKey.exitCode()).isEqualTo(2);
        assertThat(withKey.err()).contains("Unknown option");

        Run withPassword = run("secrets", "list", "--app", "x", "--kind", "gravitee", "--url", "http://127.0.0.1:1",
                "--user", "admin", "--password", "adminadmin", "--domain", "d");
        assertThat(withPassword.exitCode()).isEqualTo(2);
    }

    @Test
    void credentialsComeFromTheEnvironmentWhenNoFileIsGiven() throws Exception {
        ConnectionOptions options = new ConnectionOptions();
        options.kind = ConnectionOptions.Kind.SECRETDESK;
        options.url = server.baseUri();
        options.caFile = caFile;
        picocli.CommandLine cmd = new picocli.CommandLine(new Main());

        try (var client = options.open(cmd, java.util.Map.of(ConnectionOptions.API_KEY_VARIABLE, adminKey))) {
            assertThat(client.listApplications(null, 10, null)).isNotNull();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> options.open(cmd, java.util.Map.of()))
                .isInstanceOf(picocli.CommandLine.ParameterException.class)
                .hasMessageContaining("SECRETDESK_API_KEY");
        options.kind = ConnectionOptions.Kind.GRAVITEE;
        options.url = java.net.URI.create("http://127.0.0.1:9");
        options.caFile = null;
        options.user = "admin";
        options.domain = "d";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> options.open(cmd, java.util.Map.of()))
                .isInstanceOf(picocli.CommandLine.ParameterException.class)
                .hasMessageContaining("SECRETDESK_PASSWORD");
        options.open(cmd, java.util.Map.of(ConnectionOptions.PASSWORD_VARIABLE, "from-env")).close();
    }

    @Test
    void httpsWithoutAChosenTrustIsAUsageError() {
        Run run = run("secrets", "list", "--app", "x", "--kind", "secretdesk", "--url", server.baseUri().toString(),
                "--api-key-file", server.adminKeyFile().toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--ca-file").contains("--system-trust");
    }

    @Test
    void aWrongKeyFailsWithoutEchoingIt() throws Exception {
        Path wrong = dir.resolve("wrong.key");
        Files.writeString(wrong, "sdk_wrong_key_do_not_echo\n");
        Run run = run("secrets", "list", "--app", "x", "--kind", "secretdesk", "--url", server.baseUri().toString(),
                "--api-key-file", wrong.toString(), "--ca-file", caFile.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("Error:").doesNotContain("sdk_wrong_key_do_not_echo");
    }

    // ============================================================ other kinds, recorded exchanges

    @Test
    void dataMinerSecretsThroughTheCli() throws Exception {
        Path key = dir.resolve("dm.key");
        Files.writeString(key, "DataMinerAdminKey\n");
        try (MockWebServer dm = new MockWebServer()) {
            dm.start(InetAddress.getLoopbackAddress(), 0);
            String url = dm.url("/BrokerGateway").toString();
            // apps lookup lists once, then the create itself
            dm.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body("[]").build());
            dm.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/plain").body("wxyzNewKey0123456789").build());

            Run run = run("secrets", "create", "--app", "BrokerGateway client secrets", "--description", "Cube 07",
                    "--kind", "dataminer", "--url", url, "--api-key-file", key.toString());

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out().strip()).isEqualTo("wxyzNewKey0123456789");
            RecordedRequest list = dm.takeRequest(5, TimeUnit.SECONDS);
            assertThat(list.getUrl().encodedPath()).isEqualTo("/BrokerGateway/api/clientSecret/list");
            RecordedRequest generate = dm.takeRequest(5, TimeUnit.SECONDS);
            assertThat(generate.getMethod()).isEqualTo("POST");
            assertThat(generate.getUrl().queryParameter("clientName")).isEqualTo("Cube 07");
            assertThat(generate.getHeaders().get("BrokerGateway-Api-Key")).isEqualTo("DataMinerAdminKey");

            for (int i = 0; i < 2; i++) { // the application's count, then the secret lookup
                dm.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("[{\"name\":\"Cube 07\",\"key\":\"wxyz****\"}]").build());
            }
            Run renew = run("secrets", "renew", "--app", "BrokerGateway client secrets", "--description", "Cube 07",
                    "--kind", "dataminer", "--url", url, "--api-key-file", key.toString());
            assertThat(renew.exitCode()).isEqualTo(1);
            assertThat(renew.err()).contains("cannot renew in place: delete and generate a new one");
            assertThat(dm.getRequestCount()).as("renew itself never reaches the gateway").isEqualTo(4);
        }
    }

    @Test
    void graviteeSecretsThroughTheCliWithThePasswordFromAFile() throws Exception {
        Path pw = dir.resolve("gravitee.pw");
        Files.writeString(pw, GraviteeStandIn.PASSWORD + "\n");
        try (GraviteeStandIn am = new GraviteeStandIn(GraviteeStandIn.Version.V4_8)) {
            String id = am.addApplication("billing", "billing-client", null, null, "prod");

            Run run = run("secrets", "delete", "--app", "billing", "--description", "prod", "--confirm", "prod",
                    "--kind", "gravitee", "--url", am.url().toString(), "--user", GraviteeStandIn.USER,
                    "--password-file", pw.toString(), "--domain", GraviteeStandIn.HRID);

            assertThat(run.exitCode()).as(run.err()).isEqualTo(4);
            assertThat(run.err()).contains("Create a new secret first").doesNotContain(GraviteeStandIn.PASSWORD);
            assertThat(am.requests()).anyMatch(r -> r.startsWith("DELETE " + am.domainPath() + "/applications/"
                    + id + "/secrets/"));
            assertThat(am.application(id).secrets()).hasSize(1);
        }
    }

    @Test
    void usageEndGraceAndStaleAgainstARealGateway() throws Exception {
        String app = uniqueName("cli-usage");
        assertThat(sd("apps", "create", "--name", app, "--first-secret", "main").exitCode()).isZero();
        Run renewed = sd("secrets", "renew", "--app", app, "--description", "main", "--grace", "PT1H",
                "--retire-after-quiet", "PT30M", "--json");
        assertThat(renewed.exitCode()).as(renewed.err()).isZero();

        Run usage = sd("secrets", "usage", "--app", app, "--json");
        assertThat(usage.exitCode()).as(usage.err()).isZero();
        JsonNode secret = mapper.readTree(usage.out()).get(0);
        assertThat(secret.path("usage").path("uses24h").asLong()).isZero();
        assertThat(secret.path("previous").path("retireAfterQuiet").asText()).isEqualTo("PT30M");
        Run table = sd("secrets", "usage", "--app", app);
        assertThat(table.out()).contains("LAST USED", "main", "valid until");

        Run ended = sd("secrets", "end-grace", "--app", app, "--description", "main");
        assertThat(ended.exitCode()).as(ended.err()).isZero();
        assertThat(ended.err()).contains("Ended the grace period");
        Run again = sd("secrets", "end-grace", "--app", app, "--description", "main");
        assertThat(again.exitCode()).as("no grace left: a conflict").isEqualTo(4);
        assertThat(again.err()).contains("No grace period");

        Run stale = sd("secrets", "stale", "--days", "0", "--json");
        assertThat(stale.exitCode()).as(stale.err()).isZero();
        assertThat(stale.out()).contains(secret.path("id").asText());
        assertThat(sd("secrets", "stale", "--days", "0").out()).contains(app);
        assertThat(sd("secrets", "stale", "--days", "-1").exitCode()).isEqualTo(2);
    }

    @Test
    void aGatewayWithoutUsageDataSaysSo() throws Exception {
        Path pw = dir.resolve("gravitee.pw");
        Files.writeString(pw, GraviteeStandIn.PASSWORD + "\n");
        try (GraviteeStandIn am = new GraviteeStandIn(GraviteeStandIn.Version.V4_8)) {
            am.addApplication("billing", "billing-client", null, null, "prod");
            for (String[] command : List.of(new String[] {"stale", "--days", "30"},
                    new String[] {"usage", "--app", "billing"})) {
                List<String> args = new ArrayList<>(List.of("secrets"));
                args.addAll(List.of(command));
                args.addAll(List.of("--kind", "gravitee", "--url", am.url().toString(), "--user",
                        GraviteeStandIn.USER, "--password-file", pw.toString(), "--domain", GraviteeStandIn.HRID));
                Run run = run(args.toArray(String[]::new));
                assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
                assertThat(run.err()).contains("Gravitee AM does not record when or from where");
            }
        }
    }
}
