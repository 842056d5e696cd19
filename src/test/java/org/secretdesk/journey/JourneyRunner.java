package org.secretdesk.journey;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Runs {@link ConsoleJourney} through a shipped console: {@code target/dist/bin/secretdesk} (from
 * ShippedConsoleJourneyIT in {@code mvn verify}) or the installed package ({@code installer/check-linux.sh}).
 * The console starts from its own launcher, with a fresh home and {@code XDG_DATA_HOME}, in a real X window under
 * Xvfb with a window manager when those are installed (else on JavaFX's headless platform, still with the
 * launcher's module layout and options). The journey rides in as a Java agent. Afterwards: the process ended by
 * itself with 0, every step passed, the exported files are what they claim (openssl and keytool read them, each
 * holds the CA whose fingerprint the wizard showed), the data went where XDG says, and the console's output holds
 * no exception.
 *
 * <p>Only the JDK is used here, so that the installed package can be checked with {@code java -cp
 * target/test-classes org.secretdesk.journey.JourneyRunner /opt/secretdesk/bin/SecretDesk}.
 */
public final class JourneyRunner {

    private static final long TIMEOUT_SECONDS = 240;

    private JourneyRunner() {
    }

    /** What a run left behind, for a test's assertions and messages. */
    public record Outcome(String report, String output, Path exportDir, Path home, Path dataHome, String display) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: JourneyRunner LAUNCHER   (e.g. /opt/secretdesk/bin/SecretDesk)");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("secretdesk-journey-");
        Outcome o = run(Path.of(args[0]), work);
        System.out.println(o.report().strip());
        System.out.println("journey passed (" + o.display() + "), files in " + work);
    }

    /** Runs the journey and checks everything; throws an AssertionError naming what failed. */
    public static Outcome run(Path launcher, Path work) throws Exception {
        if (!Files.isExecutable(launcher)) {
            throw new AssertionError("No launcher at " + launcher);
        }
        Path home = Files.createDirectories(work.resolve("home"));
        Path dataHome = Files.createDirectories(work.resolve("xdg-data"));
        Path agent = agentJar(work.resolve("journey-agent.jar"));
        try (VirtualDisplay display = VirtualDisplay.start(work)) {
            List<String> agentOptions = new ArrayList<>(List.of("-javaagent:" + agent + "=" + work
                    + (display.windowManager() ? ",wm" : "")));
            if (display.headless()) {
                agentOptions.addAll(List.of("-Dglass.platform=Headless", "-Dprism.order=sw"));
            }
            ProcessBuilder pb = new ProcessBuilder(launcher.toString());
            Map<String, String> env = pb.environment();
            env.put("HOME", home.toString());
            env.put("XDG_DATA_HOME", dataHome.toString());
            env.remove("XDG_CONFIG_HOME");
            env.remove("XDG_CACHE_HOME");
            env.put("JAVA_HOME", System.getProperty("java.home")); // for target/dist's script; jpackage ignores it
            env.put("JAVA_TOOL_OPTIONS", String.join(" ", agentOptions));
            env.remove("SECRETDESK_JAVA_OPTS");
            if (display.name() != null) {
                env.put("DISPLAY", display.name());
            } else {
                env.remove("DISPLAY");
            }
            Path output = work.resolve("console-output.txt");
            Process console = pb.redirectErrorStream(true).redirectOutput(output.toFile()).start();
            Path reportFile = work.resolve(JourneyAgent.REPORT);
            boolean ended = waitForEndOrFailure(console, reportFile);
            String report = Files.exists(reportFile) ? Files.readString(reportFile) : "(no report)";
            String out = Files.readString(output, StandardCharsets.UTF_8);
            if (!ended) {
                console.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
                throw new AssertionError("The journey did not finish with the console quitting by itself ("
                        + display.describe() + ").\nReport:\n" + report + "\nConsole output:\n" + tail(out)
                        + (Files.exists(work.resolve("journey-failure.png"))
                        ? "\nScreenshot: " + work.resolve("journey-failure.png") : ""));
            }
            Outcome outcome = new Outcome(report, out, work.resolve("export"), home, dataHome, display.describe());
            check(outcome, console.exitValue());
            return outcome;
        }
    }

    /** True when the console exited; false when the journey reported a failure or time ran out. */
    private static boolean waitForEndOrFailure(Process console, Path report) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (console.waitFor(200, TimeUnit.MILLISECONDS)) {
                return true;
            }
            if (Files.exists(report) && Files.readString(report).contains("RESULT FAIL")) {
                return false;
            }
        }
        return false;
    }

    private static void check(Outcome o, int exitValue) throws Exception {
        if (!o.report().contains("RESULT OK")) {
            throw new AssertionError("The journey failed:\n" + o.report() + "\nConsole output:\n" + tail(o.output()));
        }
        if (exitValue != 0) {
            throw new AssertionError("The console exited with " + exitValue + " after quitting.\n" + tail(o.output()));
        }
        List<String> problems = o.output().lines()
                .filter(l -> l.contains("Exception") || l.contains(" ERROR ") || l.startsWith("Caused by"))
                .toList();
        if (!problems.isEmpty()) {
            throw new AssertionError("The console logged exceptions or errors:\n" + String.join("\n", problems)
                    + "\n\nWhole output:\n" + tail(o.output()));
        }
        // Per-user data where XDG says; nothing in the passwd entry's home.
        if (!Files.isDirectory(o.dataHome().resolve("secretdesk/gateway"))) {
            throw new AssertionError("The console did not keep its data in $XDG_DATA_HOME/secretdesk");
        }
        String sha256 = o.report().lines().filter(l -> l.startsWith("CA_SHA256 ")).findFirst()
                .map(l -> l.substring(10).strip().toLowerCase(Locale.ROOT)).orElseThrow();
        Path export = o.exportDir();
        expectCa(export, "PEM", sha256, List.of("openssl", "x509", "-in", pem(export).toString(), "-noout",
                "-outform", "DER"), pem(export));
        Path der = only(export, ".cer");
        expectCa(export, "DER", sha256, List.of("openssl", "x509", "-inform", "DER", "-in", der.toString(),
                "-noout"), der);
        Path p12 = only(export, ".p12");
        String listing = run(List.of(keytool(), "-list", "-rfc", "-keystore", p12.toString(), "-storetype",
                "PKCS12", "-storepass", ConsoleJourney.P12_PASSWORD));
        if (!listing.contains("trustedCertEntry")) {
            throw new AssertionError("keytool finds no trusted certificate in " + p12 + ":\n" + listing);
        }
        String inStore = listing.substring(listing.indexOf("-----BEGIN CERTIFICATE-----"));
        if (!fingerprint(inStore.getBytes(StandardCharsets.US_ASCII)).equals(sha256)) {
            throw new AssertionError("The PKCS#12 truststore holds another certificate than the CA shown");
        }
        Path config = export.resolve("MessageBrokerConfig.json");
        String json = Files.exists(config) ? Files.readString(config) : "";
        if (!json.contains("\"CredentialsUrl\":\"https://dma01.example.com/BrokerGateway/")) {
            throw new AssertionError("The DataMiner bundle's MessageBrokerConfig.json is missing or wrong: " + json);
        }
    }

    private static void expectCa(Path export, String format, String sha256, List<String> openssl, Path file)
            throws Exception {
        run(openssl); // openssl reads it, or this throws with its message
        if (!fingerprint(Files.readAllBytes(file)).equals(sha256)) {
            throw new AssertionError("The " + format + " file " + file + " holds another certificate than the CA "
                    + "the wizard showed (" + sha256 + ")");
        }
    }

    private static Path pem(Path export) throws IOException {
        return only(export, ".pem");
    }

    private static Path only(Path dir, String extension) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().endsWith(extension)).toList();
            if (found.size() != 1) {
                throw new AssertionError("Expected one " + extension + " file in " + dir + ", found " + found);
            }
            return found.getFirst();
        }
    }

    private static String fingerprint(byte[] pemOrDer) throws Exception {
        X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(pemOrDer));
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    }

    private static String keytool() {
        Path inJdk = Path.of(System.getProperty("java.home"), "bin", "keytool");
        return Files.isExecutable(inJdk) ? inJdk.toString() : "keytool";
    }

    static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    /** The agent's classes (and nothing else of the tests) in a jar whose manifest names the agent. */
    static Path agentJar(Path jar) throws IOException, URISyntaxException {
        Path classes = Path.of(JourneyRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path pkg = classes.resolve("org/secretdesk/journey");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), JourneyAgent.class.getName());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest);
             Stream<Path> files = Files.list(pkg)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith("JourneyAgent") || name.startsWith("ConsoleJourney")
                        || name.startsWith("ScreenDriver")) {
                    j.putNextEntry(new JarEntry("org/secretdesk/journey/" + name));
                    j.write(Files.readAllBytes(f));
                    j.closeEntry();
                }
            }
        }
        return jar;
    }
}
