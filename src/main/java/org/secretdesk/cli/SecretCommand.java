package org.secretdesk.cli;

import picocli.CommandLine.Option;

/** A command about one secret of an application, named with {@code --app} and {@code --description}. */
abstract class SecretCommand extends AppCommand {

    @Option(names = "--description", paramLabel = "TEXT", required = true)
    String description;
}
