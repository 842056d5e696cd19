package org.secretdesk.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.client.GatewayException;
import org.secretdesk.client.scan.SecretScan;
import org.secretdesk.model.SecretFormat;
import org.secretdesk.model.SecretIdentification;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code secretdesk scan PATH…}: finds SecretDesk client secrets (prefix and a valid checksum) in files, folders,
 * standard input ({@code -}) and, with {@code --git}, the history of git repositories; prints where, and each
 * value's hint, never the value. With a connection (the options of {@code secretdesk apps|secrets}) each value is
 * identified by its SHA-256 hash: application, secret and state. Exit 0 when none is found, 1 when one that works
 * (active, or in a grace period) is found, or any is found and no gateway said otherwise; 2 on usage errors.
 */
@Command(name = "scan",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {"Finds SecretDesk client secrets in files, folders, standard input (-) and git history.",
                "Prints file:line and each value's hint, never the value; with a connection (--profile, or --kind "
                        + "secretdesk --url …), also its application, secret and state."},
        footer = {"", "Exit codes: 0 none found, 1 a secret that works was found (without a connection: any "
                + "secret), 2 usage error."})
final class ScanCommand implements Callable<Integer> {

    private static final JsonFactory JSON = new JsonFactory();

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files and folders to scan; - for standard input.")
    List<String> paths;

    @Option(names = "--git", description = "Also scan the whole history (every ref) of each folder that is a git "
            + "repository; needs git.")
    boolean git;

    @Option(names = "--json", description = "Machine-readable output (JSON) on stdout.")
    boolean json;

    @Option(names = "--max-file-size", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Skip larger files, e.g. 512K or 20M (default 10M).")
    Long maxFileSize;

    @Override
    public Integer call() throws IOException {
        if (paths.stream().filter("-"::equals).count() > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Standard input (-) can be scanned once.");
        }
        SecretScan.Options defaults = SecretScan.Options.defaults();
        SecretScan.Options options = new SecretScan.Options(maxFileSize == null ? defaults.maxFileSize()
                : maxFileSize, git, defaults.threads());
        SecretScan.Result result;
        try {
            result = SecretScan.run(paths, System.in, options);
        } catch (NoSuchFileException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "No such file or folder: " + e.getFile());
        }
        Map<String, SecretIdentification> identified = identify(result);
        boolean works = false;
        for (SecretScan.Finding f : result.findings()) {
            SecretIdentification id = identified.get(f.sha256());
            works |= id == null || id.state().works();
        }
        if (json) {
            printJson(result, identified);
        } else {
            printText(result, identified);
        }
        return works ? Main.EXIT_FAILURE : Main.EXIT_OK;
    }

    /** Each distinct value once through the gateway, when a connection was given; empty otherwise or on failure. */
    private Map<String, SecretIdentification> identify(SecretScan.Result result) {
        Map<String, SecretIdentification> out = new HashMap<>();
        boolean connectionGiven = connection.profile != null || connection.kind != null || connection.url != null;
        if (result.findings().isEmpty() || !connectionGiven) {
            return out;
        }
        try (GatewayClient client = connection.open(spec.commandLine(), System.getenv())) {
            for (SecretScan.Finding f : result.findings()) {
                if (!out.containsKey(f.sha256())) {
                    out.put(f.sha256(), client.identifySecret(f.sha256()));
                }
            }
        } catch (GatewayException | UnsupportedOperationException e) {
            out.clear();
            warn("The secrets found could not be identified (" + e.getMessage() + "); each one counts as working.");
        }
        return out;
    }

    private void printText(SecretScan.Result result, Map<String, SecretIdentification> identified) {
        PrintWriter out = spec.commandLine().getOut();
        for (SecretScan.Finding f : result.findings()) {
            out.println(f.location() + ":" + f.line() + (f.commit() == null ? "" : " (commit " + f.commit() + ")")
                    + ": " + SecretFormat.redact(f.hint()) + "  " + describe(identified.get(f.sha256())));
        }
        out.flush();
        for (String w : result.warnings()) {
            warn(w);
        }
        SecretScan.Stats s = result.stats();
        long working = result.findings().stream().filter(f -> identified.get(f.sha256()) == null
                || identified.get(f.sha256()).state().works()).count();
        String found = result.findings().isEmpty() ? "No SecretDesk secret found"
                : plural(result.findings().size(), "SecretDesk secret") + " found"
                        + (identified.isEmpty() ? "" : " (" + working + " that work" + (working == 1 ? "s" : "") + ")");
        String skipped = s.skippedBinary() + s.skippedLarge() == 0 ? ""
                : "; skipped " + plural(s.skippedBinary(), "binary file") + " and "
                        + plural(s.skippedLarge(), "file") + " over the size limit";
        warn(found + " in " + plural(s.files(), "file") + String.format(Locale.ROOT, " (%.1f MB)",
                s.bytes() / 1e6) + (git ? " and " + plural(s.historyObjects(), "history object") : "") + skipped
                + ".");
    }

    private static String describe(SecretIdentification id) {
        if (id == null) {
            return "(not checked with a gateway)";
        }
        if (id.state() == SecretIdentification.State.UNKNOWN) {
            return "not a secret of this gateway";
        }
        String what = switch (id.state()) {
            case ACTIVE -> "ACTIVE";
            case GRACE -> "GRACE (the value before a renew, still working until " + id.expiresAt() + ")";
            default -> "EXPIRED (no longer works)";
        };
        return "application \"" + id.applicationName() + "\", secret \"" + id.description() + "\": " + what
                + (id.leaked() ? ", reported leaked" : "");
    }

    private void printJson(SecretScan.Result result, Map<String, SecretIdentification> identified)
            throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        JsonGenerator g = JSON.createGenerator(out);
        g.writeStartObject();
        g.writeArrayFieldStart("findings");
        for (SecretScan.Finding f : result.findings()) {
            g.writeStartObject();
            g.writeStringField("path", f.location());
            g.writeNumberField("line", f.line());
            g.writeStringField("commit", f.commit());
            g.writeStringField("hint", f.hint());
            g.writeStringField("redacted", SecretFormat.redact(f.hint()));
            g.writeStringField("sha256", f.sha256());
            SecretIdentification id = identified.get(f.sha256());
            g.writeStringField("state", id == null ? null : id.state().name());
            if (id != null && id.state() != SecretIdentification.State.UNKNOWN) {
                g.writeStringField("applicationId", id.applicationId());
                g.writeStringField("applicationName", id.applicationName());
                g.writeStringField("secretId", id.secretId());
                g.writeStringField("description", id.description());
                g.writeStringField("expiresAt", id.expiresAt() == null ? null : id.expiresAt().toString());
                g.writeBooleanField("leaked", id.leaked());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        SecretScan.Stats s = result.stats();
        g.writeObjectFieldStart("scanned");
        g.writeNumberField("files", s.files());
        g.writeNumberField("bytes", s.bytes());
        g.writeNumberField("skippedBinary", s.skippedBinary());
        g.writeNumberField("skippedLarge", s.skippedLarge());
        g.writeNumberField("unreadable", s.unreadable());
        g.writeNumberField("historyObjects", s.historyObjects());
        g.writeEndObject();
        g.writeArrayFieldStart("warnings");
        for (String w : result.warnings()) {
            g.writeString(w);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
        out.println();
        out.flush();
    }

    private void warn(String line) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(line);
        err.flush();
    }

    private static String plural(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /** {@code 512K}, {@code 20M}, {@code 1G} or a number of bytes. */
    static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String v = value.strip().toUpperCase(Locale.ROOT);
            long unit = v.endsWith("K") ? 1024 : v.endsWith("M") ? 1024 * 1024 : v.endsWith("G") ? 1024 * 1024 * 1024 : 1;
            try {
                long n = Long.parseLong(unit == 1 ? v : v.substring(0, v.length() - 1)) * unit;
                if (n >= 1024 && n <= Integer.MAX_VALUE - 16) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a size from 1K to 2G such as "
                    + "512K or 20M");
        }
    }
}
