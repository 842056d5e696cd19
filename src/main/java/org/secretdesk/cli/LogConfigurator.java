package org.secretdesk.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * SecretDesk's logging set-up, in code: Logback reading an XML configuration took about 100 ms of the console's
 * start-up. Logs go to stderr, so that stdout carries only what commands print (e.g. "Listening on https://…");
 * SecretDesk's own loggers at INFO, libraries at WARN.
 *
 * <p>An XML configuration still wins when there is one: {@code -Dlogback.configurationFile=FILE}, or a
 * {@code logback-test.xml} on the class path (the tests' own).
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level %logger{36} - %msg%n";

    private static final String[] QUIET_LIBRARIES = {"org.eclipse.jetty", "io.javalin", "com.zaxxer.hikari",
        "org.flywaydb", "org.h2", "h2database", "okhttp3"};

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        configureInCode(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static void configureInCode(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
        context.getLogger("org.secretdesk").setLevel(Level.INFO);
        for (String library : QUIET_LIBRARIES) {
            context.getLogger(library).setLevel(Level.WARN);
        }
    }
}
