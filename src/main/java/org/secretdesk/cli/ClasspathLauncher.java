package org.secretdesk.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The main class of {@code mvn javafx:run}. The JavaFX Maven plugin inspects its main class and dependencies
 * inside Maven's own JVM (JDK 17), which cannot read JavaFX 26's Java 25 class files; so this one class is
 * compiled for Java 17. Started by the plugin on the JDK 25 toolchain, it starts the console the way
 * {@code target/dist/bin/secretdesk} does: JavaFX on the module path, everything else on the class path, using
 * the runtime class path that the build wrote to {@code target/runtime-classpath.txt}, the JVM options of
 * every launcher from {@code target/jvm.options} and, unless it runs the gateway, the desktop console's from
 * {@code target/console.options}.
 */
public final class ClasspathLauncher {

    private ClasspathLauncher() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path classes = Paths.get(System.getProperty("secretdesk.classes", "target/classes")).toAbsolutePath();
        Path listFile = classes.getParent().resolve("runtime-classpath.txt");
        String list = new String(Files.readAllBytes(listFile), StandardCharsets.UTF_8).trim();
        List<String> modulePath = new ArrayList<>();
        List<String> classPath = new ArrayList<>();
        classPath.add(classes.toString());
        for (String entry : list.split(File.pathSeparator)) {
            String name = Paths.get(entry).getFileName().toString();
            if (name.matches("javafx-[a-z]+-[0-9.]+-[a-z0-9-]+\\.jar")) {
                modulePath.add(entry); // the platform jar holds the module
            } else if (!name.matches("javafx-[a-z]+-[0-9.]+\\.jar")) {
                classPath.add(entry); // the classifier-less javafx jars are empty placeholders
            }
        }
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--module-path");
        command.add(String.join(File.pathSeparator, modulePath));
        // The JVM options every launcher uses (src/dist/conf/jvm.options, copied there by the build).
        command.add("@" + classes.getParent().resolve("jvm.options"));
        if (args.length == 0 || !"gateway".equals(args[0])) {
            // The desktop console's JVM (heap, collector, compiler), as target/dist/bin/secretdesk adds it.
            command.add("@" + classes.getParent().resolve("console.options"));
        }
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        command.add("org.secretdesk.cli.Main");
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
        System.exit(p.waitFor());
    }
}
