package org.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class LogConfiguratorTest {

    @Test
    void logsToStandardErrorWithSecretDeskAtInfoAndLibrariesAtWarn() {
        LoggerContext context = new LoggerContext();
        LogConfigurator.configureInCode(context);

        var appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
        assertThat(appender).isInstanceOfSatisfying(ConsoleAppender.class, console -> {
            assertThat(console.getTarget()).isEqualTo("System.err");
            assertThat(console.isStarted()).isTrue();
            assertThat(((PatternLayoutEncoder) console.getEncoder()).getPattern()).isEqualTo(LogConfigurator.PATTERN);
        });
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("org.secretdesk.server.requests").getEffectiveLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("org.eclipse.jetty.server.Server").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("com.zaxxer.hikari.HikariDataSource").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.h2").isDebugEnabled()).isFalse();
        context.stop();
    }

    @Test
    void isFoundByLogbackAndLeavesAnXmlConfigurationOnTheClassPathInCharge() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
                .contains(LogConfigurator.class);
        // The tests have logback-test.xml: Logback's XML configurator must run after this one.
        assertThat(new LogConfigurator().configure(new LoggerContext()))
                .isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
    }
}
