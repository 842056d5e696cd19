package org.secretdesk.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.secretdesk.client.CreatedApplication;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.client.NewApplication;
import org.secretdesk.model.Application;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code secretdesk apps}: a gateway's applications, for scripts. */
@Command(name = "apps",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Lists, creates and deletes a gateway's applications.",
        subcommands = {AppsCommand.ListApps.class, AppsCommand.Create.class, AppsCommand.Delete.class},
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage, 3 not found, 4 conflict."})
final class AppsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: list, create or delete.");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the applications.")
    static final class ListApps extends ClientCommand {

        @Option(names = "--query", paramLabel = "TEXT", description = "Only applications whose name contains TEXT.")
        String query;

        @Override
        int run(GatewayClient client) throws IOException {
            printApplications(allApplications(client, query));
            return Main.EXIT_OK;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates an application, with a first secret when --first-secret is given.")
    static final class Create extends ClientCommand {

        @Option(names = "--name", paramLabel = "NAME", required = true)
        String name;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Option(names = "--role", paramLabel = "ROLE", description = "A role (repeatable).")
        List<String> roles;

        @Option(names = "--first-secret", paramLabel = "DESCRIPTION",
                description = "Also issue a first secret with this description (shown once).")
        String firstSecret;

        @Option(names = "--out-file", paramLabel = "FILE",
                description = "Write the first secret to FILE (owner-only; never overwritten) instead of stdout.")
        Path outFile;

        @Override
        void validate() {
            SecretsCommand.checkOutFile(spec.commandLine(), outFile);
            if (outFile != null && firstSecret == null) {
                throw new ParameterException(spec.commandLine(), "--out-file needs --first-secret");
            }
        }

        @Override
        int run(GatewayClient client) throws IOException {
            CreatedApplication created = client.createApplication(
                    new NewApplication(name, description, roles, firstSecret));
            if (created.issuedSecret() != null) {
                if (!json) {
                    err().println("Created application \"" + created.application().name() + "\" (id "
                            + created.application().id() + ").");
                }
                showIssued(created.issuedSecret(), outFile, "First secret");
            } else {
                printApplications(List.of(created.application()));
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Deletes an application and all its secrets. --confirm must repeat the name.")
    static final class Delete extends ClientCommand {

        @Option(names = "--app", paramLabel = "NAME", required = true)
        String app;

        @Option(names = "--confirm", paramLabel = "NAME", required = true,
                description = "The application's name again, to confirm.")
        String confirm;

        @Override
        void validate() {
            if (!app.equals(confirm)) {
                throw new ParameterException(spec.commandLine(), "--confirm must repeat the application's name exactly");
            }
        }

        @Override
        int run(GatewayClient client) {
            Application a = application(client, app);
            client.deleteApplication(a.id(), a.version());
            if (json) {
                out().println("{\"deleted\":true}");
            } else {
                err().println("Deleted application \"" + a.name() + "\".");
            }
            out().flush();
            err().flush();
            return Main.EXIT_OK;
        }
    }
}
