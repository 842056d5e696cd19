package org.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.LeakPolicy;
import picocli.CommandLine;

/** The command line run in-process: output, exit codes and how flags and the config file combine. */
class MainTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Parses a gateway command line and builds its configuration without starting anything. */
    private static GatewayConfig gatewayConfig(String... gatewayArgs) throws Exception {
        CommandLine commandLine = Main.newCommandLine(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        String[] args = new String[gatewayArgs.length + 1];
        args[0] = "gateway";
        System.arraycopy(gatewayArgs, 0, args, 1, gatewayArgs.length);
        CommandLine.ParseResult parsed = commandLine.parseArgs(args);
        GatewayCommand gateway = (GatewayCommand) parsed.subcommand().commandSpec().userObject();
        return gateway.buildConfig();
    }

    @Test
    void versionPrintsTheProductAndTheBuildVersion() {
        Run run = run("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).matches("SecretDesk \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
        assertThat(run.out().strip()).isEqualTo("SecretDesk " + Version.current());
        assertThat(run.err()).isEmpty();
    }

    @Test
    void helpListsTheCommands() {
        Run run = run("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: secretdesk").containsPattern("(?m)^\\s+gateway\\s+\\S")
                .containsPattern("(?m)^\\s+help\\s+\\S").contains("--version");
    }

    @Test
    void gatewayHelpListsEveryFlag() {
        Run run = run("help", "gateway");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--data-dir=DIR", "--bind=ADDR", "--port=N", "--config=FILE",
                "--insecure-http", "--max-secrets-per-application=N", "--scheduler-interval=ISO",
                "--token-lifetime=ISO", "--public-url=URL");
    }

    @Test
    void usageErrorsExitWith2AndAShortMessage() {
        Run unknown = run("--frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.out()).isEmpty();
        assertThat(unknown.err()).contains("Unknown option: '--frobnicate'").contains("secretdesk --help");

        Run typo = run("gatway");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("Did you mean").contains("gateway");

        Run noDataDir = run("gateway");
        assertThat(noDataDir.exitCode()).isEqualTo(2);
        assertThat(noDataDir.err()).contains("Missing required option: '--data-dir=DIR'")
                .contains("secretdesk gateway --help");
    }

    @Test
    void aKeyPastedAfterAnUnknownOptionIsNeverEchoed() {
        Run pasted = run("secrets", "list", "--kind", "secretdesk", "--url", "https://127.0.0.1:9", "--app", "billing",
                "--api-key", "sda_PastedKeyThatMustNotBeEchoed");
        assertThat(pasted.exitCode()).isEqualTo(2);
        assertThat(pasted.err()).contains("'--api-key'").doesNotContain("sda_PastedKeyThatMustNotBeEchoed");
        assertThat(pasted.out()).doesNotContain("sda_PastedKeyThatMustNotBeEchoed");

        Run inline = run("secrets", "list", "--kind", "secretdesk", "--url", "https://127.0.0.1:9", "--app", "billing",
                "--api-key=sda_PastedKeyThatMustNotBeEchoed");
        assertThat(inline.exitCode()).isEqualTo(2);
        assertThat(inline.err()).contains("'--api-key'").doesNotContain("sda_PastedKeyThatMustNotBeEchoed");
    }

    @Test
    void leakFlagsOverrideTheFileAndBadOnesAreUsageErrors() throws Exception {
        Path keys = Files.writeString(dir.resolve("github-keys.json"), "{}");
        Path config = Files.writeString(dir.resolve("gateway.json"), "{\"leaks\":{\"policy\":\"flag\",\"grace\":\"PT2H\"}}");
        GatewayConfig fromFile = gatewayConfig("--data-dir", dir.resolve("data").toString(), "--config",
                config.toString());
        assertThat(fromFile.leaks()).isEqualTo(new LeakPolicy(
                LeakPolicy.Action.FLAG, Duration.ofHours(2), null));
        GatewayConfig flags = gatewayConfig("--data-dir", dir.resolve("data").toString(), "--config",
                config.toString(), "--leak-policy", "revoke", "--github-keys-file", keys.toString());
        assertThat(flags.leaks()).isEqualTo(new LeakPolicy(
                LeakPolicy.Action.REVOKE, Duration.ofHours(2), keys.toAbsolutePath()));
        String dataDir = dir.resolve("data").toString();
        assertThat(run("gateway", "--data-dir", dataDir, "--leak-policy", "delete").err())
                .contains("--leak-policy: the leak policy must be revoke, rotate or flag");
        assertThat(run("gateway", "--data-dir", dataDir, "--leak-grace", "P8D").exitCode()).isEqualTo(2);
        assertThat(run("gateway", "--data-dir", dataDir, "--github-keys-file", "missing.json").err())
                .contains("--github-keys-file: missing.json does not exist");
        assertThat(Files.exists(dir.resolve("data"))).as("nothing is created on a usage error").isFalse();
    }

    @Test
    void badGatewayFlagValuesAreUsageErrors() {
        String dataDir = dir.resolve("data").toString();
        assertThat(run("gateway", "--data-dir", dataDir, "--port", "70000"))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.err()).contains("--port must be between 0 and 65535"));
        assertThat(run("gateway", "--data-dir", dataDir, "--port", "http"))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2));
        assertThat(run("gateway", "--data-dir", dataDir, "--token-lifetime", "1h"))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.err()).contains("'1h' is not an ISO-8601 duration"));
        assertThat(run("gateway", "--data-dir", dataDir, "--token-lifetime", "PT1S"))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.err()).contains("--token-lifetime: tokenLifetime must be between"));
        assertThat(run("gateway", "--data-dir", dataDir, "--max-secrets-per-application", "0"))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.err()).contains("--max-secrets-per-application: "));
        assertThat(run("gateway", "--data-dir", dataDir, "--insecure-http", "--bind", "0.0.0.0"))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.err()).contains("--insecure-http is only allowed on a loopback"));
        assertThat(Files.exists(dir.resolve("data"))).as("nothing is created on a usage error").isFalse();
    }

    @Test
    void aBadConfigFileIsAFailureWithOneLineAndNoStackTrace() throws IOException {
        Path config = Files.writeString(dir.resolve("gateway.json"), "{\"prot\":8443}");
        Run run = run("gateway", "--data-dir", dir.resolve("data").toString(), "--config", config.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("Error: Configuration file ").contains("unknown field \"prot\"");
    }

    @Test
    void verboseAddsTheStackTrace() throws IOException {
        Path config = Files.writeString(dir.resolve("gateway.json"), "{\"prot\":8443}");
        // --verbose turns on debug logging for this JVM; put it back for the tests that run after this one.
        var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.secretdesk");
        var level = logger.getLevel();
        Run run;
        try {
            run = run("gateway", "--verbose", "--data-dir", dir.resolve("data").toString(),
                    "--config", config.toString());
        } finally {
            logger.setLevel(level);
        }
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("Error: Configuration file ").contains("\tat org.secretdesk.");
    }

    @Test
    void theGatewayDefaultsToLoopbackOn8443() throws Exception {
        GatewayConfig config = gatewayConfig("--data-dir", dir.toString());
        assertThat(config).isEqualTo(GatewayConfig.defaults(dir.toAbsolutePath()));
        assertThat(config.bind()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8443);
        assertThat(config.insecureHttp()).isFalse();
    }

    @Test
    void flagsOverrideTheConfigFileWhichOverridesTheDefaults() throws Exception {
        Path config = Files.writeString(dir.resolve("gateway.json"), """
                {"bind":"0.0.0.0","port":9000,"maxSecretsPerApplication":20,"tokenLifetime":"PT2H"}
                """);
        GatewayConfig fileOnly = gatewayConfig("--data-dir", dir.toString(), "--config", config.toString());
        assertThat(fileOnly.bind()).isEqualTo("0.0.0.0");
        assertThat(fileOnly.port()).isEqualTo(9000);
        assertThat(fileOnly.maxSecretsPerApplication()).isEqualTo(20);
        assertThat(fileOnly.tokenLifetime()).isEqualTo(Duration.ofHours(2));
        assertThat(fileOnly.schedulerInterval()).isEqualTo(Duration.ofHours(1));

        GatewayConfig flagsWin = gatewayConfig("--data-dir", dir.toString(), "--config", config.toString(),
                "--bind", "127.0.0.1", "--port", "0", "--max-secrets-per-application", "5",
                "--scheduler-interval", "PT5M", "--insecure-http");
        assertThat(flagsWin.bind()).isEqualTo("127.0.0.1");
        assertThat(flagsWin.port()).isZero();
        assertThat(flagsWin.maxSecretsPerApplication()).isEqualTo(5);
        assertThat(flagsWin.schedulerInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(flagsWin.tokenLifetime()).as("from the file").isEqualTo(Duration.ofHours(2));
        assertThat(flagsWin.insecureHttp()).isTrue();
    }

    @Test
    void publicUrlComesFromTheFileOrTheFlagAndIsChecked() throws Exception {
        Path config = Files.writeString(dir.resolve("gateway.json"), """
                {"publicUrl":"https://from-file.example.com"}
                """);
        assertThat(gatewayConfig("--data-dir", dir.toString(), "--config", config.toString()).publicUrl())
                .isEqualTo("https://from-file.example.com");
        assertThat(gatewayConfig("--data-dir", dir.toString(), "--config", config.toString(),
                "--public-url", "https://gateway.example.com/").publicUrl()).isEqualTo("https://gateway.example.com");

        String dataDir = dir.resolve("data").toString();
        assertThat(run("gateway", "--data-dir", dataDir, "--public-url", "http://gateway.example.com"))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.err()).contains("--public-url: publicUrl must be an absolute https URL"));
        assertThat(run("gateway", "--data-dir", dataDir, "--public-url", "https://gateway.example.com?x=1"))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.err()).contains("must not have a query"));
        assertThat(Files.exists(dir.resolve("data"))).as("nothing is created on a usage error").isFalse();
    }

    @Test
    void errorLinesNameEachCauseOnce() {
        var bind = new IOException("Failed to bind to /127.0.0.1:8443", new BindException("Address already in use"));
        assertThat(Main.describe(bind)).isEqualTo("Failed to bind to /127.0.0.1:8443 (Address already in use)");
        var wrapped = new IllegalStateException("Port already in use.", bind);
        assertThat(Main.describe(wrapped))
                .isEqualTo("Port already in use. (Failed to bind to /127.0.0.1:8443: Address already in use)");
        assertThat(Main.describe(new RuntimeException(new BindException("Address already in use"))))
                .isEqualTo("java.net.BindException: Address already in use");
        assertThat(Main.describe(new NullPointerException())).isEqualTo("NullPointerException");
        assertThat(Main.describe(new IllegalStateException("two\n  lines"))).isEqualTo("two lines");
    }
}
