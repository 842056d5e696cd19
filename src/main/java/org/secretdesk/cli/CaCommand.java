package org.secretdesk.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.secretdesk.desk.ca.CaExport;
import org.secretdesk.desk.ca.CaFileFormat;
import org.secretdesk.desk.connections.Fingerprint;
import org.secretdesk.pki.CertificateDetails;
import org.secretdesk.pki.ChainFetchException;
import org.secretdesk.pki.ChainFetcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code secretdesk ca}: the gateway's CA certificate without the console. */
@Command(name = "ca",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Works with a gateway's CA certificate.",
        subcommands = {CaCommand.Export.class})
final class CaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: try 'secretdesk ca export --help'.");
    }

    /** {@code secretdesk ca export}: fetch the chain a URL presents and write its root. */
    @Command(name = "export",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            description = {
                    "Fetches the certificate chain the server at URL presents and writes its root CA (or, when the",
                    "server does not send its root, the topmost certificate) to FILE.",
                    "Nothing is trusted while fetching; compare the fingerprint, or pass --fingerprint to have it",
                    "checked: the export is refused when it does not match."})
    static final class Export implements Callable<Integer> {

        private static final Duration TIMEOUT = Duration.ofSeconds(10);

        @Spec
        CommandSpec spec;

        @Option(names = "--url", paramLabel = "URL", required = true,
                description = "The server, e.g. https://gateway.example.com:8443.")
        String url;

        @Option(names = "--out", paramLabel = "FILE", required = true, description = "The file to write.")
        Path out;

        @Option(names = "--format", paramLabel = "FORMAT",
                description = "pem, der or p12 (default: from the file name's extension, else pem).")
        String format;

        @Option(names = "--fingerprint", paramLabel = "SHA256",
                description = "The SHA-256 fingerprint the CA must have (colons and case do not matter).")
        String fingerprint;

        @Option(names = "--password-file", paramLabel = "FILE",
                description = "For p12: a file whose first line is the truststore password.")
        Path passwordFile;

        @Option(names = "--force", description = "Replace FILE if it exists.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            PrintWriter stdout = spec.commandLine().getOut();
            PrintWriter stderr = spec.commandLine().getErr();
            CaFileFormat fileFormat = parseFormat();
            String expected = null;
            if (fingerprint != null) {
                expected = Fingerprint.normalize(fingerprint).orElseThrow(() -> new ParameterException(
                        spec.commandLine(), "--fingerprint must be a SHA-256 fingerprint (64 hexadecimal digits)."));
            }
            if (fileFormat.needsPassword() && passwordFile == null) {
                throw new ParameterException(spec.commandLine(), "A p12 truststore needs --password-file FILE.");
            }
            if (!fileFormat.needsPassword() && passwordFile != null) {
                throw new ParameterException(spec.commandLine(), "--password-file is only used with --format p12.");
            }
            if (Files.exists(out) && !force) {
                stderr.println("Error: " + out + " exists already. Choose another file or add --force to replace it.");
                return Main.EXIT_FAILURE;
            }
            URI uri;
            try {
                uri = new URI(url.strip());
            } catch (URISyntaxException e) {
                throw new ParameterException(spec.commandLine(), "--url is not a valid address: " + url);
            }

            List<X509Certificate> chain;
            try {
                chain = ChainFetcher.fetch(uri, TIMEOUT);
            } catch (ChainFetchException e) {
                stderr.println("Error: " + e.getMessage());
                return Main.EXIT_FAILURE;
            }
            X509Certificate ca = chain.getLast();
            CertificateDetails details = CertificateDetails.of(ca);
            if (expected != null && !Fingerprint.same(expected, details.sha256Fingerprint())) {
                stderr.println("Error: the CA certificate's fingerprint does not match; nothing was written.");
                stderr.println("  expected  SHA-256 " + expected);
                stderr.println("  presented SHA-256 " + details.sha256Fingerprint());
                stderr.println("  subject   " + details.subject());
                return Main.EXIT_FAILURE;
            }

            char[] password = fileFormat.needsPassword() ? readPassword(passwordFile) : null;
            try {
                CaExport.write(out, CaExport.encode(ca, fileFormat, password), force);
            } catch (FileAlreadyExistsException e) {
                stderr.println("Error: " + out + " exists already. Choose another file or add --force to replace it.");
                return Main.EXIT_FAILURE;
            } finally {
                if (password != null) {
                    Arrays.fill(password, '\0');
                }
            }
            stdout.println("Wrote " + out + " (" + fileFormat.displayName() + ")");
            stdout.println("  subject " + details.subject());
            stdout.println("  SHA-256 " + details.sha256Fingerprint());
            if (!details.selfSigned()) {
                stdout.println("  note: the server did not send its root; this is the topmost certificate it sent"
                        + " (issued by " + details.issuer() + ").");
            }
            switch (details.validityAt(Clock.systemUTC().instant())) {
                case EXPIRED -> stdout.println("  warning: this certificate expired on " + details.notAfter() + ".");
                case NOT_YET_VALID -> stdout.println("  warning: this certificate is valid only from "
                        + details.notBefore() + ".");
                case VALID -> { }
            }
            if (expected == null) {
                stdout.println("  Compare the fingerprint with the one the gateway's administrator gave you.");
            }
            return Main.EXIT_OK;
        }

        private CaFileFormat parseFormat() {
            if (format == null) {
                return CaFileFormat.forFileName(out.getFileName().toString());
            }
            return switch (format.strip().toLowerCase(Locale.ROOT)) {
                case "pem", "crt" -> CaFileFormat.PEM;
                case "der", "cer" -> CaFileFormat.DER;
                case "p12", "pkcs12", "pfx" -> CaFileFormat.PKCS12;
                default -> throw new ParameterException(spec.commandLine(),
                        "--format must be pem, der or p12, not '" + format + "'.");
            };
        }

        private char[] readPassword(Path file) throws IOException {
            byte[] bytes = Files.readAllBytes(file);
            try {
                String text = new String(bytes, StandardCharsets.UTF_8);
                int end = text.indexOf('\n');
                String line = end < 0 ? text : text.substring(0, end);
                if (line.endsWith("\r")) {
                    line = line.substring(0, line.length() - 1);
                }
                if (line.isEmpty()) {
                    throw new ParameterException(spec.commandLine(), "The password file " + file + " is empty.");
                }
                return line.toCharArray();
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }
}
