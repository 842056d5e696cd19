package org.secretdesk.cli;

import ch.qos.logback.classic.Level;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code secretdesk}: the entry point. With no arguments it opens the console; {@code secretdesk gateway}
 * runs a gateway headless.
 *
 * <p>Exit codes: 0 success, 1 failure (one line on stderr; the stack trace only with {@code --verbose}),
 * 2 usage error.
 */
@Command(name = "secretdesk",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {"SecretDesk: a console for API client secrets, and its gateway server.",
                "Without a command, opens the console."},
        subcommands = {GatewayCommand.class, CaCommand.class, AppsCommand.class, SecretsCommand.class, ScanCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 failure, 2 usage error, 3 not found, 4 conflict (apps, secrets)."})
public final class Main implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Debug logging, and stack traces with errors.")
    boolean verbose;

    @Option(names = "--self-test",
            description = "Check this installation without a display: start a temporary gateway, create, renew and delete a secret, then remove everything.")
    boolean selfTest;

    public static void main(String[] args) {
        if (args.length == 0) {
            // The console: skip building the command line (picocli's model of every command), which only delays
            // the first window. Same as call() without options.
            org.secretdesk.ui.SecretDeskApp.launchConsole(new String[0]);
            System.exit(EXIT_OK);
        }
        System.exit(newCommandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true))
                .execute(args));
    }

    /** The command line with SecretDesk's error handling, writing to the given streams. */
    static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        Main root = new Main();
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionStrategy(parseResult -> {
            if (root.verbose) {
                enableDebugLogging();
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        commandLine.setParameterExceptionHandler(Main::usageError);
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            PrintWriter e = cmd.getErr();
            e.println("Error: " + describe(ex));
            if (root.verbose) {
                ex.printStackTrace(e);
            }
            e.flush();
            return EXIT_FAILURE;
        });
        return commandLine;
    }

    @Override
    public Integer call() {
        if (selfTest) {
            return new SelfTestCommand(spec.commandLine().getOut(), spec.commandLine().getErr()).run();
        }
        // No command: open the console (it blocks until the window is closed).
        org.secretdesk.ui.SecretDeskApp.launchConsole(new String[0]);
        return EXIT_OK;
    }

    /** A short usage error rather than the whole help page: the message, suggestions and where to get help. */
    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("Error: " + (ex instanceof CommandLine.UnmatchedArgumentException u ? unmatched(u) : ex.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return EXIT_USAGE;
    }

    /**
     * Names unknown options but never echoes the values typed after them: someone may have pasted a key
     * ({@code --api-key sk_…}) although credentials are only read from files or the environment.
     */
    static String unmatched(CommandLine.UnmatchedArgumentException ex) {
        List<String> options = new ArrayList<>();
        int values = 0;
        for (String token : ex.getUnmatched()) {
            if (token.startsWith("-")) {
                options.add("'" + token.split("=", 2)[0] + "'");
            } else {
                values++;
            }
        }
        String text = options.isEmpty() ? "Unexpected argument" + (values == 1 ? "" : "s")
                : "Unknown option" + (options.size() == 1 ? "" : "s") + ": " + String.join(", ", options);
        return values > 0 && !options.isEmpty() ? text + " (the values after it are not shown)" : text
                + (options.isEmpty() ? " (not shown; run with --help for the commands)" : "");
    }

    /**
     * One line from an exception and its causes, the causes in parentheses, e.g.
     * "Failed to bind to /127.0.0.1:8443 (Address already in use)". Each message is included once; an exception
     * without a message is named by its type.
     */
    static String describe(Throwable ex) {
        Set<String> parts = new LinkedHashSet<>();
        StringBuilder all = new StringBuilder();
        for (Throwable t = ex; t != null && parts.size() < 5; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            String part = message == null || message.isBlank() ? t.getClass().getSimpleName()
                    : message.strip().replaceAll("\\s*\\R\\s*", " ");
            if (all.toString().contains(part) || !parts.add(part)) {
                continue;
            }
            all.append(part).append('\n');
        }
        var iterator = parts.iterator();
        String line = iterator.next();
        List<String> causes = new ArrayList<>();
        iterator.forEachRemaining(causes::add);
        return causes.isEmpty() ? line : line + " (" + String.join(": ", causes) + ")";
    }

    private static void enableDebugLogging() {
        if (LoggerFactory.getLogger("org.secretdesk") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(Level.DEBUG);
        }
    }
}
