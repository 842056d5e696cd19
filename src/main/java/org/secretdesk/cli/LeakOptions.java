package org.secretdesk.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.secretdesk.server.GatewayConfig;
import org.secretdesk.server.LeakPolicy;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The leak-response flags of {@code secretdesk gateway} (issue 22), checked as they are read (a bad value is a usage
 * error naming its flag); each one given replaces what the configuration file said.
 */
final class LeakOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private LeakPolicy.Action action;
    private Duration grace;
    private Path githubKeys;

    @Option(names = "--leak-policy", paramLabel = "ACTION",
            description = "What a reported leak of a secret does: revoke, rotate (the default) or flag.")
    void action(String value) {
        try {
            action = LeakPolicy.Action.parse(value);
        } catch (IllegalArgumentException e) {
            throw usage("--leak-policy: " + e.getMessage());
        }
    }

    @Option(names = "--leak-grace", paramLabel = "ISO", converter = IsoDurationConverter.class,
            description = "With --leak-policy rotate: how long a leaked value keeps working (default PT1H).")
    void grace(Duration value) {
        try {
            grace = LeakPolicy.defaults().withGrace(value).grace();
        } catch (IllegalArgumentException e) {
            throw usage("--leak-grace: " + e.getMessage());
        }
    }

    @Option(names = "--github-keys-file", paramLabel = "FILE",
            description = "GitHub's secret-scanning public keys (as api.github.com/meta/public_keys/secret_scanning "
                    + "serves them), to accept its leak reports at /api/v1/leaks/github.")
    void githubKeys(Path file) {
        if (!Files.isReadable(file)) {
            throw usage("--github-keys-file: " + file + " does not exist or is not readable");
        }
        githubKeys = file.toAbsolutePath();
    }

    /** {@code config} with the flags that were given. */
    GatewayConfig apply(GatewayConfig config) {
        LeakPolicy policy = config.leaks();
        policy = action == null ? policy : policy.withAction(action);
        policy = grace == null ? policy : policy.withGrace(grace);
        policy = githubKeys == null ? policy : policy.withGithubPublicKeys(githubKeys);
        return config.withLeaks(policy);
    }

    private ParameterException usage(String message) {
        return new ParameterException(command.commandLine(), message);
    }
}
