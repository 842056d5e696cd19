package org.secretdesk.ui.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that starts the console in a JVM of its own, laid out as every launcher lays it out: this test JVM's
 * JavaFX module path and the launchers' JVM options (src/dist/conf/jvm.options, copied to target/ by the build).
 */
public final class ConsoleJvm {

    private ConsoleJvm() {
    }

    /** {@code java --module-path … @jvm.options <jvmArgs> -cp <this class path> <mainClass>}. */
    public static List<String> command(String mainClass, List<String> jvmArgs) {
        String modulePath = System.getProperty("jdk.module.path");
        String options = System.getProperty("secretdesk.test.jvmOptions", "target/jvm.options");
        if (modulePath == null || modulePath.isBlank() || !Files.isRegularFile(Path.of(options))) {
            throw new IllegalStateException("Run from Maven: JavaFX must be on the module path (jdk.module.path) and "
                    + options + " must exist");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--module-path");
        command.add(modulePath);
        command.add("@" + options);
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        return command;
    }
}
