package org.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.cli.SecretsCommandTest.run;
import static org.secretdesk.server.testing.GatewayFixture.expect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.scan.TestGit;
import org.secretdesk.pki.Pem;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.server.testing.MutableClock;

/**
 * Issue 22's acceptance for the scanner, end to end over real HTTPS: a secret issued by a gateway, written into a
 * file of a temporary git repository among other files, is found by {@code secretdesk scan} (exit 1, file and line,
 * the application's name, never the value); a copy with one character changed is not; history is read with
 * {@code --git}.
 */
class ScanCommandTest {

    @TempDir
    static Path gatewayDir;
    static GatewayFixture gw;
    static Path caFile;
    static Path keyFile;

    @TempDir
    Path repo;

    final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayFixture.start(gatewayDir, MutableClock.startingNow(), 10);
        caFile = gatewayDir.resolve("ca-for-cli.pem");
        Files.writeString(caFile, Pem.certificates(List.of(gw.server().caCertificate())));
        keyFile = gw.server().adminKeyFile();
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    /** {@code secretdesk scan ARGS} with the connection options of {@code secretdesk apps|secrets}. */
    static SecretsCommandTest.Run scan(String... args) {
        List<String> all = new ArrayList<>(List.of("scan"));
        all.addAll(List.of(args));
        all.addAll(List.of("--kind", "secretdesk", "--url", gw.server().baseUri().toString(),
                "--api-key-file", keyFile.toString(), "--ca-file", caFile.toString()));
        return run(all.toArray(String[]::new));
    }

    private void git(String... args) throws Exception {
        TestGit.run(repo, args);
    }

    @Test
    void findsAnIssuedSecretInARepositoryAndNamesItsApplicationButNotTheBrokenCopy() throws Exception {
        JsonNode app = gw.createAppWithSecret(GatewayFixture.unique("billing-service"), "prod rollout");
        String appName = app.path("name").asText();
        String value = app.path("issuedSecret").path("secret").asText();
        char changed = value.charAt(20) == 'a' ? 'b' : 'a';
        String broken = value.substring(0, 20) + changed + value.substring(21);

        git("init", "-q");
        Files.createDirectories(repo.resolve("src/main/java"));
        Files.writeString(repo.resolve("README.md"), "# Billing\n\nSee config/.\n");
        Files.writeString(repo.resolve("src/main/java/App.java"), "class App {\n    // sds_ is our prefix\n}\n");
        Files.createDirectories(repo.resolve("config"));
        Files.writeString(repo.resolve("config/app.env"), "# billing\nCLIENT_ID=" + app.path("clientId").asText()
                + "\nCLIENT_SECRET=" + value + "\nTIMEOUT=30\n");
        Files.writeString(repo.resolve("config/old.env"), "CLIENT_SECRET=" + broken + "\n");
        git("add", "-A");
        git("commit", "-q", "-m", "configuration");

        SecretsCommandTest.Run found = scan(repo.toString());
        assertThat(found.exitCode()).as(found.out() + found.err()).isEqualTo(1);
        String line = repo.resolve("config/app.env") + ":3: " + value.substring(0, 8) + "****************";
        assertThat(found.out()).contains(line, "application \"" + appName + "\"", "secret \"prod rollout\"",
                "ACTIVE");
        assertThat(found.out().strip().lines()).hasSize(1); // not the broken copy, not the history (same value)
        assertThat(found.out() + found.err()).doesNotContain(value, broken.substring(8));
        assertThat(found.err()).contains("1 SecretDesk secret found (1 that works)");

        SecretsCommandTest.Run json = scan("--json", repo.toString());
        assertThat(json.exitCode()).isEqualTo(1);
        JsonNode report = mapper.readTree(json.out());
        JsonNode finding = report.path("findings").get(0);
        assertThat(finding.path("path").asText()).isEqualTo(repo.resolve("config/app.env").toString());
        assertThat(finding.path("line").asInt()).isEqualTo(3);
        assertThat(finding.path("state").asText()).isEqualTo("ACTIVE");
        assertThat(finding.path("applicationName").asText()).isEqualTo(appName);
        assertThat(finding.path("secretId").asText()).isEqualTo(app.path("issuedSecret").path("id").asText());
        assertThat(report.path("findings")).hasSize(1);
        assertThat(json.out()).doesNotContain(value);

        // Offline: found and counted as working, since no gateway said otherwise.
        SecretsCommandTest.Run offline = run("scan", repo.toString());
        assertThat(offline.exitCode()).isEqualTo(1);
        assertThat(offline.out()).contains(line, "(not checked with a gateway)").doesNotContain(value);

        // Removed from the working tree: gone from a plain scan, still in the history with --git.
        Files.writeString(repo.resolve("config/app.env"), "# billing\nCLIENT_SECRET=${SECRET}\n");
        git("commit", "-q", "-am", "secret from the environment");
        assertThat(scan(repo.toString()).exitCode()).isZero();
        SecretsCommandTest.Run history = scan("--git", repo.toString());
        assertThat(history.exitCode()).as(history.out() + history.err()).isEqualTo(1);
        assertThat(history.out()).contains("config/app.env:3 (commit ", "application \"" + appName + "\"")
                .doesNotContain(value);

        // Standard input, e.g. a pre-commit hook's staged diff.
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream(("+CLIENT_SECRET=" + value + "\n").getBytes(StandardCharsets.UTF_8)));
            SecretsCommandTest.Run piped = scan("-");
            assertThat(piped.exitCode()).isEqualTo(1);
            assertThat(piped.out()).startsWith("-:1: ");
        } finally {
            System.setIn(stdin);
        }

        // Once the secret is deleted, the gateway no longer knows the value: nothing that works, exit 0.
        expect(gw.delete("/api/v1/applications/" + app.path("id").asText()), 204);
        SecretsCommandTest.Run afterDelete = scan("--git", repo.toString());
        assertThat(afterDelete.exitCode()).as(afterDelete.out() + afterDelete.err()).isZero();
        assertThat(afterDelete.out()).contains("not a secret of this gateway");
    }

    @Test
    void nothingFoundIsExitZeroAndUsageErrorsAreExitTwo() throws Exception {
        Files.writeString(repo.resolve("notes.txt"), "sds_ but nothing else\n");
        SecretsCommandTest.Run clean = run("scan", repo.toString());
        assertThat(clean.exitCode()).isZero();
        assertThat(clean.err()).contains("No SecretDesk secret found in 1 file");
        assertThat(run("scan").exitCode()).isEqualTo(2);
        assertThat(run("scan", repo.resolve("missing").toString()).exitCode()).isEqualTo(2);
        assertThat(run("scan", "--max-file-size", "12", repo.toString()).exitCode()).isEqualTo(2);
        assertThat(run("scan", "-", "-").exitCode()).isEqualTo(2);
    }
}
