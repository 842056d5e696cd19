package org.secretdesk.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.client.IdempotencyKeys;
import org.secretdesk.model.Application;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.SecretSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code secretdesk secrets}: an application's client secrets, for scripts. */
@Command(name = "secrets",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {"Lists, creates, renews and deletes an application's client secrets; shows their use, ends",
                "grace periods and finds the secrets nobody uses.",
                "A new secret is shown once: on stdout, or written with --out-file."},
        subcommands = {SecretsCommand.ListSecrets.class, SecretsCommand.Create.class, SecretsCommand.Renew.class,
                SecretsCommand.Delete.class, SecretUsageCommands.Usage.class, SecretUsageCommands.EndGrace.class,
                SecretUsageCommands.Stale.class},
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage, 3 not found, 4 conflict."})
final class SecretsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: list, create, renew, delete, usage, end-grace or stale.");
    }

    /** Refuses an --out-file that exists, before anything is issued (a secret must never be lost). */
    static void checkOutFile(CommandLine cmd, Path outFile) {
        if (outFile == null) {
            return;
        }
        if (Files.exists(outFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new ParameterException(cmd, outFile + " exists; SecretDesk never overwrites a secret file");
        }
        Path parent = outFile.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new ParameterException(cmd, "The directory of " + outFile + " does not exist");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists an application's secrets (never their values).")
    static final class ListSecrets extends AppCommand {

        @Override
        int run(GatewayClient client) throws IOException {
            Application a = application(client, app);
            printSecrets(allSecrets(client, a.id()));
            return Main.EXIT_OK;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Issues a new secret (shown once).")
    static final class Create extends SecretCommand {

        @Option(names = "--expires-after", paramLabel = "DURATION", converter = IsoDurationConverter.class,
                description = "ISO-8601, e.g. P30D (default: the application's policy).")
        Duration expiresAfter;

        @Option(names = "--out-file", paramLabel = "FILE",
                description = "Write the secret to FILE (owner-only; never overwritten) instead of stdout.")
        Path outFile;

        @Override
        void validate() {
            checkOutFile(spec.commandLine(), outFile);
        }

        @Override
        int run(GatewayClient client) throws IOException {
            Application a = application(client, app);
            IssuedSecret issued = client.createSecret(a.id(), description, expiresAfter);
            showIssued(issued, outFile, "Created secret");
            return Main.EXIT_OK;
        }
    }

    @Command(name = "renew", mixinStandardHelpOptions = true,
            description = "Issues a new value for a secret (shown once); the old one stops at once or after --grace.")
    static final class Renew extends SecretCommand {

        @Option(names = "--grace", paramLabel = "DURATION", converter = IsoDurationConverter.class,
                description = "How long the old value keeps working, ISO-8601, e.g. PT1H.")
        Duration grace;

        @Option(names = "--retire-after-quiet", paramLabel = "DURATION", converter = IsoDurationConverter.class,
                description = {"With --grace: the gateway ends the grace early once the old value has been unused",
                        "this long and the new one was used, e.g. PT1H (default: the application's policy)."})
        Duration retireAfterQuiet;

        @Option(names = "--out-file", paramLabel = "FILE",
                description = "Write the secret to FILE (owner-only; never overwritten) instead of stdout.")
        Path outFile;

        @Override
        void validate() {
            checkOutFile(spec.commandLine(), outFile);
        }

        @Override
        int run(GatewayClient client) throws IOException {
            Application a = application(client, app);
            SecretSummary s = secret(client, a, description);
            IssuedSecret issued = retireAfterQuiet == null ? client.renewSecret(a.id(), s.id(), grace, s.version())
                    : client.renewSecret(a.id(), s.id(), grace, retireAfterQuiet, s.version(),
                    IdempotencyKeys.newKey());
            showIssued(issued, outFile, "Renewed secret");
            return Main.EXIT_OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Deletes a secret: it stops working at once. --confirm must repeat the description.")
    static final class Delete extends SecretCommand {

        @Option(names = "--confirm", paramLabel = "TEXT", required = true,
                description = "The secret's description again, to confirm.")
        String confirm;

        @Override
        void validate() {
            if (!description.equals(confirm)) {
                throw new ParameterException(spec.commandLine(), "--confirm must repeat the description exactly");
            }
        }

        @Override
        int run(GatewayClient client) {
            Application a = application(client, app);
            SecretSummary s = secret(client, a, description);
            client.deleteSecret(a.id(), s.id(), s.version());
            if (json) {
                out().println("{\"deleted\":true,\"id\":\"" + s.id().replace("\"", "\\\"") + "\"}");
            } else {
                err().println("Deleted secret \"" + s.description() + "\" of \"" + a.name() + "\".");
            }
            out().flush();
            err().flush();
            return Main.EXIT_OK;
        }
    }
}
