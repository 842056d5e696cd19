package org.secretdesk.cli;

import picocli.CommandLine.Option;

/** A command about one application, named with {@code --app} (its name, or its id). */
abstract class AppCommand extends ClientCommand {

    @Option(names = "--app", paramLabel = "NAME", required = true)
    String app;
}
