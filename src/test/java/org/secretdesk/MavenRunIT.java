package org.secretdesk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: {@code mvn javafx:run} printed five "[WARNING] ... pathException ... Unsupported major.minor version"
 * lines (the plugin read JavaFX 26's module descriptors with Maven's JDK 17) that looked like a failure. Runs the
 * goal as people do, with {@code --version} so that no display is needed, and reads what the plugin printed.
 */
class MavenRunIT {

    @Test
    void onTheMachinesDefaultJdkWithTheToolchain() throws Exception {
        javafxRunStartsTheProgramWithoutWarnings("default-jdk", null);
    }

    @Test
    void onJdk25ItselfWithoutAToolchain() throws Exception {
        javafxRunStartsTheProgramWithoutWarnings("jdk25", System.getProperty("java.home"));
    }

    private static void javafxRunStartsTheProgramWithoutWarnings(String name, String javaHome) throws Exception {
        Path log = Files.createDirectories(Path.of("target/maven-run-it")).resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "javafx:run", "-Djavafx.args=--version"));
        if (System.getProperty("secretdesk.test.mavenOffline", "").endsWith("true")) {
            command.add("-o");
        }
        String repo = System.getProperty("secretdesk.test.mavenRepo");
        if (repo != null && !repo.isBlank()) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (javaHome == null) {
            builder.environment().remove("JAVA_HOME"); // as people run it: Maven on the machine's default JDK
        } else {
            builder.environment().put("JAVA_HOME", javaHome);
        }
        Process maven = builder.start();
        assertThat(maven.waitFor(10, TimeUnit.MINUTES)).as("mvn javafx:run finished").isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(maven.exitValue()).as(output).isZero();

        String run = pluginOutput(output);
        assertThat(run).as(output).contains("SecretDesk 0.1");
        assertThat(run).as(output).doesNotContain("[WARNING]", "pathException", "Unsupported major.minor",
                "[ERROR]");
    }

    /** What follows the plugin's own heading (the forked build before it may warn about other things). */
    private static String pluginOutput(String output) throws IOException {
        int start = output.indexOf("--- javafx-maven-plugin:");
        assertThat(start).as(output).isNotNegative();
        return output.substring(start);
    }
}
