package org.secretdesk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.server.GatewayConfigFile.ConfigFileException;

class GatewayConfigFileTest {

    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @TempDir
    Path dir;
    private Path dataDir;
    private GatewayConfig base;

    @BeforeEach
    void setUp() {
        dataDir = dir.resolve("data");
        base = GatewayConfig.defaults(dataDir);
    }

    private Path write(String json) throws IOException {
        Path file = dir.resolve("gateway.json");
        Files.writeString(file, json);
        return file;
    }

    private GatewayConfig load(String json) throws Exception {
        return GatewayConfigFile.load(write(json), base);
    }

    private String failure(String json) throws IOException {
        Path file = write(json);
        try {
            GatewayConfigFile.load(file, base);
        } catch (ConfigFileException e) {
            assertThat(e.getMessage()).startsWith("Configuration file " + file.toAbsolutePath() + ": ");
            return e.getMessage();
        }
        throw new AssertionError("expected the file to be refused: " + json);
    }

    @Test
    void anEmptyObjectKeepsTheBase() throws Exception {
        assertThat(load("{}")).isEqualTo(base);
    }

    @Test
    void everyFieldIsRead() throws Exception {
        Files.writeString(dir.resolve("ci.key"), "not-read-here");
        Files.writeString(dir.resolve("db.password"), "not-read-here");
        GatewayConfig config = load("""
                {"bind":"0.0.0.0","port":9443,"maxSecretsPerApplication":25,"schedulerInterval":"PT15M",
                 "tokenLifetime":"PT2H",
                 "adminKeys":[{"name":"ci","role":"viewer","keyFile":"ci.key"},
                              {"name":"ops","role":"ADMIN","sha256":"%s"}],
                 "database":{"url":"jdbc:postgresql://db/secretdesk","user":"sd","passwordFile":"db.password"},
                 "publicUrl":"https://gateway.example.com"}
                """.formatted(HASH.toUpperCase()));

        assertThat(config.dataDir()).isEqualTo(dataDir);
        assertThat(config.bind()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(9443);
        assertThat(config.maxSecretsPerApplication()).isEqualTo(25);
        assertThat(config.schedulerInterval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.tokenLifetime()).isEqualTo(Duration.ofHours(2));
        assertThat(config.adminKeys()).containsExactly(
                new AdminKeySpec("ci", AdminKeySpec.Role.VIEWER, dir.resolve("ci.key").toAbsolutePath(), null),
                new AdminKeySpec("ops", AdminKeySpec.Role.ADMIN, null, HASH));
        assertThat(config.dbUrl()).isEqualTo("jdbc:postgresql://db/secretdesk");
        assertThat(config.dbUser()).isEqualTo("sd");
        assertThat(config.dbPasswordFile()).isEqualTo(dir.resolve("db.password").toAbsolutePath());
        assertThat(config.insecureHttp()).isFalse();
        assertThat(config.publicUrl()).isEqualTo("https://gateway.example.com");
    }

    @Test
    void absentAndNullFieldsKeepTheBaseValues() throws Exception {
        GatewayConfig config = load("{\"port\":null,\"maxSecretsPerApplication\":3}");
        assertThat(config).isEqualTo(base.withMaxSecretsPerApplication(3));
    }

    @Test
    void relativeKeyFilesAreResolvedAgainstTheConfigFilesFolderNotTheWorkingDirectory() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(keys.resolve("ops.key"), "x");
        GatewayConfig config = load("{\"adminKeys\":[{\"name\":\"ops\",\"role\":\"admin\",\"keyFile\":\"keys/ops.key\"}]}");
        assertThat(config.adminKeys().getFirst().keyFile()).isEqualTo(keys.resolve("ops.key").toAbsolutePath());
    }

    @Test
    void absoluteKeyFilesAreKept() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere")).resolve("k");
        Files.writeString(elsewhere, "x");
        GatewayConfig config = load("{\"adminKeys\":[{\"name\":\"ops\",\"role\":\"admin\",\"keyFile\":\""
                + elsewhere.toAbsolutePath() + "\"}]}");
        assertThat(config.adminKeys().getFirst().keyFile()).isEqualTo(elsewhere.toAbsolutePath());
    }

    @Test
    void leakPolicyReporterKeysAndGithubKeysAreRead() throws Exception {
        Files.writeString(dir.resolve("gh.json"), "{}");
        GatewayConfig config = load("{\"adminKeys\":[{\"name\":\"ci\",\"role\":\"reporter\",\"sha256\":\"" + HASH
                + "\"}],\"leaks\":{\"policy\":\"Revoke\",\"grace\":\"PT30M\",\"githubPublicKeysFile\":\"gh.json\"}}");
        assertThat(config.adminKeys().getFirst().role()).isEqualTo(AdminKeySpec.Role.REPORTER);
        assertThat(config.leaks()).isEqualTo(new LeakPolicy(LeakPolicy.Action.REVOKE, java.time.Duration.ofMinutes(30),
                dir.resolve("gh.json")));
        assertThat(load("{}").leaks()).isEqualTo(LeakPolicy.defaults());
        assertThat(failure("{\"leaks\":{\"policy\":\"delete\"}}")).contains("\"leaks.policy\" must be");
        assertThat(failure("{\"leaks\":{\"grace\":\"P8D\"}}")).contains("leaks.grace").contains("P7D");
        assertThat(failure("{\"leaks\":{\"githubPublicKeysFile\":\"missing.json\"}}"))
                .contains("leaks.githubPublicKeysFile");
        assertThat(failure("{\"leaks\":{\"keys\":1}}")).contains("unknown field \"leaks.keys\"");
    }

    @Test
    void unknownFieldsAreRefusedByName() throws Exception {
        assertThat(failure("{\"prot\":8443}")).contains("unknown field \"prot\"").contains("port");
        assertThat(failure("{\"adminKeys\":[{\"name\":\"a\",\"role\":\"admin\",\"sha256\":\"" + HASH
                + "\",\"roles\":\"x\"}]}")).contains("unknown field \"adminKeys[0].roles\"");
        assertThat(failure("{\"database\":{\"url\":\"jdbc:h2:mem:x\",\"username\":\"u\"}}"))
                .contains("unknown field \"database.username\"");
    }

    @Test
    void aPlaintextAdminKeyIsRefusedWithoutRepeatingIt() throws Exception {
        String key = "sdk_ThisIsAPlaintextKeyThatMustNotLeak0123";
        String message = failure("{\"adminKeys\":[{\"name\":\"ops\",\"role\":\"admin\",\"key\":\"" + key + "\"}]}");
        assertThat(message).contains("adminKeys[0].key").contains("plaintext admin key is not accepted")
                .contains("keyFile").doesNotContain(key);

        assertThat(failure("{\"apiKey\":\"" + key + "\"}")).contains("plaintext admin key").doesNotContain(key);
    }

    @Test
    void aKeyPastedIntoTheHashFieldIsRefusedWithoutRepeatingIt() throws Exception {
        String key = "sdk_ThisIsAPlaintextKeyThatMustNotLeak0123";
        String message = failure("{\"adminKeys\":[{\"name\":\"ops\",\"role\":\"admin\",\"sha256\":\"" + key + "\"}]}");
        assertThat(message).contains("adminKeys[0].sha256").contains("64 hexadecimal").doesNotContain(key);
    }

    @Test
    void malformedJsonIsReportedWithItsPositionButNotItsContent() throws Exception {
        String key = "sdk_UnquotedKeyMustNotLeak";
        String message = failure("{\n  \"bind\": " + key + "\n}");
        assertThat(message).contains("not valid JSON").contains("line 2").doesNotContain(key);
    }

    @Test
    void aPlaintextDatabasePasswordIsRefused() throws Exception {
        assertThat(failure("{\"database\":{\"url\":\"jdbc:postgresql://db/x\",\"password\":\"hunter2\"}}"))
                .contains("database.password").contains("passwordFile").doesNotContain("hunter2");
    }

    @Test
    void eachAdminKeyNeedsExactlyOneOfKeyFileOrHash() throws Exception {
        Files.writeString(dir.resolve("k"), "x");
        assertThat(failure("{\"adminKeys\":[{\"name\":\"ops\",\"role\":\"admin\"}]}"))
                .contains("exactly one of \"keyFile\" or \"sha256\"");
        assertThat(failure("{\"adminKeys\":[{\"name\":\"ops\",\"role\":\"admin\",\"keyFile\":\"k\",\"sha256\":\""
                + HASH + "\"}]}")).contains("exactly one of");
    }

    @Test
    void adminKeysAreChecked() throws Exception {
        assertThat(failure("{\"adminKeys\":[{\"name\":\"ops\",\"role\":\"root\",\"sha256\":\"" + HASH + "\"}]}"))
                .contains("adminKeys[0].role").contains("\"admin\", \"viewer\" or \"reporter\"");
        assertThat(failure("{\"adminKeys\":[{\"role\":\"admin\",\"sha256\":\"" + HASH + "\"}]}"))
                .contains("\"adminKeys[0]\" needs a \"name\"");
        assertThat(failure("{\"adminKeys\":[{\"name\":\"a\",\"role\":\"admin\",\"sha256\":\"" + HASH + "\"},"
                + "{\"name\":\"a\",\"role\":\"viewer\",\"sha256\":\"" + HASH + "\"}]}"))
                .contains("adminKeys[1].name").contains("already named \"a\"");
        assertThat(failure("{\"adminKeys\":[{\"name\":\"admin\",\"role\":\"admin\",\"sha256\":\"" + HASH + "\"}]}"))
                .contains("reserved");
        assertThat(failure("{\"adminKeys\":[{\"name\":\"ops\",\"role\":\"admin\",\"keyFile\":\"missing.key\"}]}"))
                .contains("adminKeys[0].keyFile").contains(dir.resolve("missing.key").toAbsolutePath().toString())
                .contains("does not exist");
        assertThat(failure("{\"adminKeys\":{\"name\":\"ops\"}}")).contains("\"adminKeys\" must be a list");
    }

    @Test
    void valuesAreTypeAndRangeChecked() throws Exception {
        assertThat(failure("{\"port\":\"8443\"}")).contains("\"port\" must be a whole number");
        assertThat(failure("{\"port\":8443.5}")).contains("\"port\" must be a whole number");
        assertThat(failure("{\"port\":70000}")).contains("port must be between 0 and 65535");
        assertThat(failure("{\"maxSecretsPerApplication\":0}")).contains("maxSecretsPerApplication");
        assertThat(failure("{\"bind\":5}")).contains("\"bind\" must be a string");
        assertThat(failure("{\"bind\":\" \"}")).contains("\"bind\" must not be empty");
        assertThat(failure("{\"database\":{\"url\":\"postgres://x\"}}")).contains("JDBC URL");
    }

    @Test
    void durationsUseIsoNotation() throws Exception {
        assertThat(load("{\"schedulerInterval\":\"P1D\"}").schedulerInterval()).isEqualTo(Duration.ofDays(1));
        assertThat(failure("{\"schedulerInterval\":\"1h\"}")).contains("\"schedulerInterval\" must be an ISO-8601");
        assertThat(failure("{\"tokenLifetime\":\"P1M\"}")).contains("\"tokenLifetime\" must be an ISO-8601");
        assertThat(failure("{\"tokenLifetime\":\"PT1S\"}")).contains("tokenLifetime must be between");
    }

    @Test
    void theFileMustBeOneJsonObject() throws Exception {
        assertThat(failure("")).contains("is empty");
        assertThat(failure("[1]")).contains("must contain a JSON object");
        assertThat(failure("{\"port\":1}{\"port\":2}")).contains("not valid JSON");
        assertThat(failure("{\"port\":1,\"port\":2}")).contains("duplicate field");
    }

    @Test
    void publicUrlIsReadAndAbsentMeansUnset() throws Exception {
        assertThat(base.publicUrl()).isNull();
        assertThat(load("{}").publicUrl()).isNull();
        assertThat(load("{\"publicUrl\":\"https://gateway.example.com\"}").publicUrl())
                .isEqualTo("https://gateway.example.com");
        assertThat(load("{\"publicUrl\":\"https://gateway.example.com:8443/secretdesk\"}").publicUrl())
                .isEqualTo("https://gateway.example.com:8443/secretdesk");
        assertThat(load("{\"publicUrl\":\"https://[2001:db8::1]:8443\"}").publicUrl())
                .isEqualTo("https://[2001:db8::1]:8443");
    }

    @Test
    void publicUrlTrailingSlashesAndSchemeCaseAreNormalised() throws Exception {
        // Every node must put the very same string into "iss"; these spellings mean the same URL.
        assertThat(load("{\"publicUrl\":\" https://gateway.example.com/ \"}").publicUrl())
                .isEqualTo("https://gateway.example.com");
        assertThat(load("{\"publicUrl\":\"HTTPS://gateway.example.com/sd//\"}").publicUrl())
                .isEqualTo("https://gateway.example.com/sd");
    }

    @Test
    void publicUrlMustBeAnAbsoluteHttpsUrlWithoutQueryOrFragment() throws Exception {
        assertThat(failure("{\"publicUrl\":\"http://gateway.example.com\"}"))
                .contains("publicUrl must be an absolute https URL").contains("scheme must be https, not http");
        assertThat(failure("{\"publicUrl\":\"gateway.example.com\"}"))
                .contains("publicUrl must be an absolute https URL").contains("not an absolute URL");
        assertThat(failure("{\"publicUrl\":\"/api\"}")).contains("not an absolute URL");
        assertThat(failure("{\"publicUrl\":\"https:///path\"}")).contains("no valid host");
        assertThat(failure("{\"publicUrl\":\"https://gateway.example.com/?a=b\"}")).contains("must not have a query");
        assertThat(failure("{\"publicUrl\":\"https://gateway.example.com/#top\"}"))
                .contains("must not have a fragment");
        assertThat(failure("{\"publicUrl\":\"https://gate way.example.com\"}")).contains("not a valid URL");
        assertThat(failure("{\"publicUrl\":\"\"}")).contains("publicUrl must be an absolute https URL");
        assertThat(failure("{\"publicUrl\":8443}")).contains("\"publicUrl\" must be a string");
    }

    @Test
    void aPublicUrlWithAPasswordIsRefusedWithoutRepeatingIt() throws Exception {
        String message = failure("{\"publicUrl\":\"https://ops:hunter2@gateway.example.com\"}");
        assertThat(message).contains("must not contain a user name or password").doesNotContain("hunter2");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> GatewayConfigFile.load(missing, base))
                .isInstanceOf(ConfigFileException.class)
                .hasMessage("Configuration file " + missing.toAbsolutePath() + ": does not exist");
    }
}
