package org.secretdesk.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.Application;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.Page;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.pki.SecureFiles;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that talks to a gateway through a {@link GatewayClient}: opens it from the connection options, runs,
 * and turns failures into one line on stderr and an exit code (1 failure, 3 not found, 4 conflict).
 */
abstract class ClientCommand implements Callable<Integer> {

    static final int EXIT_NOT_FOUND = 3;
    static final int EXIT_CONFLICT = 4;
    private static final JsonFactory JSON = new JsonFactory();

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--json", description = "Machine-readable output (JSON) on stdout.")
    boolean json;

    /** Runs against the open client; returns the exit code. */
    abstract int run(GatewayClient client) throws IOException;

    @Override
    public final Integer call() throws IOException {
        validate();
        try (GatewayClient client = connection.open(spec.commandLine(), System.getenv())) {
            return run(client);
        } catch (NotFound e) {
            return fail(e.getMessage(), EXIT_NOT_FOUND);
        } catch (GatewayException e) {
            return fail(e.getMessage(), exitCode(e));
        } catch (UnsupportedOperationException e) {
            return fail(e.getMessage(), Main.EXIT_FAILURE);
        }
    }

    /** Checks option combinations before any connection is made; throws a usage error. */
    void validate() {
    }

    static int exitCode(GatewayException e) {
        String code = e.code() == null ? "" : e.code();
        if (e.status() == 404 || code.endsWith("not_found")) {
            return EXIT_NOT_FOUND;
        }
        if (e.status() == 409 || e.status() == 412 || code.equals("secret.duplicate_description")
                || code.equals("application.duplicate_name") || code.equals("secret.limit_reached")
                || code.equals("secret.last_secret")) {
            return EXIT_CONFLICT;
        }
        return Main.EXIT_FAILURE;
    }

    int fail(String message, int code) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("Error: " + message);
        err.flush();
        return code;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** What the user named, or something that does not exist. */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }

    // ================================================================ lookups

    /** Every item of a paged list: {@code pageAt} gives the page at a cursor (null: the first). */
    static <T> List<T> all(java.util.function.Function<String, Page<T>> pageAt) {
        List<T> all = new ArrayList<>();
        String cursor = null;
        do {
            Page<T> page = pageAt.apply(cursor);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }

    static List<Application> allApplications(GatewayClient client, String query) {
        return all(cursor -> client.listApplications(query, 100, cursor));
    }

    /** The application with exactly this name (or, failing that, this id). */
    static Application application(GatewayClient client, String name) {
        List<Application> candidates = allApplications(client, name);
        for (Application a : candidates) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        for (Application a : candidates.isEmpty() ? allApplications(client, null) : candidates) {
            if (a.id().equals(name) || a.name().equals(name)) {
                return a;
            }
        }
        throw new NotFound("No application named \"" + name + "\".");
    }

    static List<SecretSummary> allSecrets(GatewayClient client, String applicationId) {
        return all(cursor -> client.listSecrets(applicationId, 100, cursor));
    }

    static SecretSummary secret(GatewayClient client, Application app, String description) {
        for (SecretSummary s : allSecrets(client, app.id())) {
            if (s.description().equals(description)) {
                return s;
            }
        }
        throw new NotFound("Application \"" + app.name() + "\" has no secret described \"" + description + "\".");
    }

    // ================================================================ output

    /**
     * Shows a new secret once: to {@code outFile} (owner-only, never overwriting) or to stdout. The value goes
     * from the {@link org.secretdesk.model.SecretValue}'s characters to the stream without becoming a String,
     * and is wiped after.
     */
    void showIssued(IssuedSecret issued, Path outFile, String what) throws IOException {
        PrintWriter out = out();
        try {
            if (outFile != null) {
                writeNew(outFile, issued);
            }
            if (json) {
                JsonGenerator g = JSON.createGenerator(out);
                g.writeStartObject();
                g.writeFieldName("secret");
                writeSecret(g, issued.secret());
                g.writeStringField("clientId", issued.clientId());
                if (outFile == null) {
                    char[] value = issued.value().copyChars();
                    try {
                        g.writeFieldName("value");
                        g.writeString(value, 0, value.length);
                    } finally {
                        Arrays.fill(value, '\0');
                    }
                } else {
                    g.writeStringField("outFile", outFile.toString());
                }
                g.writeEndObject();
                g.flush();
                out.println();
            } else {
                err().println(what + " \"" + issued.secret().description() + "\""
                        + (issued.clientId() == null ? "" : " (client id " + issued.clientId() + ")")
                        + (outFile == null ? ". It is shown once, below: store it now." : ". Written to " + outFile + " (owner-only)."));
                err().flush();
                if (outFile == null) {
                    char[] value = issued.value().copyChars();
                    try {
                        out.write(value);
                        out.println();
                    } finally {
                        Arrays.fill(value, '\0');
                    }
                }
            }
            out.flush();
        } finally {
            issued.value().destroy();
        }
    }

    private static void writeNew(Path outFile, IssuedSecret issued) throws IOException {
        if (Files.exists(outFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(outFile.toString(), null,
                    "refusing to overwrite it; choose another file or delete it first");
        }
        byte[] bytes = issued.value().utf8();
        try {
            SecureFiles.writeOwnerOnly(outFile, bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Writes one item of a JSON array. */
    @FunctionalInterface
    interface ItemWriter<T> {
        void write(JsonGenerator g, T item) throws IOException;
    }

    /** {@code items} as one JSON array on stdout, then a line break. */
    <T> void printJsonArray(List<T> items, ItemWriter<T> writer) throws IOException {
        PrintWriter out = out();
        JsonGenerator g = JSON.createGenerator(out);
        g.writeStartArray();
        for (T item : items) {
            writer.write(g, item);
        }
        g.writeEndArray();
        g.flush();
        out.println();
        out.flush();
    }

    void printSecrets(List<SecretSummary> secrets) throws IOException {
        PrintWriter out = out();
        if (json) {
            printJsonArray(secrets, ClientCommand::writeSecret);
        } else {
            out.printf("%-30s %-24s %-22s %-22s %s%n", "DESCRIPTION", "REDACTED", "CREATED", "EXPIRES", "STATUS");
            for (SecretSummary s : secrets) {
                out.printf("%-30s %-24s %-22s %-22s %s%n", s.description(), orDash(s.redacted() != null ? s.redacted() : s.hint()),
                        orDash(s.createdAt()), s.expiresAt() == null ? "never" : s.expiresAt().toString(), s.status());
            }
        }
        out.flush();
    }

    void printApplications(List<Application> apps) throws IOException {
        PrintWriter out = out();
        if (json) {
            printJsonArray(apps, ClientCommand::writeApplication);
        } else {
            out.printf("%-30s %-40s %-30s %s%n", "NAME", "ID", "CLIENT ID", "SECRETS");
            for (Application a : apps) {
                out.printf("%-30s %-40s %-30s %d%n", a.name(), a.id(), orDash(a.clientId()), a.secretCount());
            }
        }
        out.flush();
    }

    static void writeApplication(JsonGenerator g, Application a) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", a.id());
        g.writeStringField("name", a.name());
        g.writeStringField("description", a.description());
        g.writeStringField("clientId", a.clientId());
        g.writeArrayFieldStart("roles");
        for (String r : a.roles()) {
            g.writeString(r);
        }
        g.writeEndArray();
        g.writeNumberField("secretCount", a.secretCount());
        g.writeNumberField("version", a.version());
        g.writeEndObject();
    }

    static void writeSecret(JsonGenerator g, SecretSummary s) throws IOException {
        g.writeStartObject();
        writeSecretFields(g, s);
        g.writeEndObject();
    }

    /** A secret's members in the CLI's JSON (the object around them is the caller's). */
    static void writeSecretFields(JsonGenerator g, SecretSummary s) throws IOException {
        g.writeStringField("id", s.id());
        g.writeStringField("applicationId", s.applicationId());
        g.writeStringField("description", s.description());
        g.writeStringField("hint", s.hint());
        g.writeStringField("redacted", s.redacted());
        g.writeStringField("createdAt", iso(s.createdAt()));
        g.writeStringField("expiresAt", iso(s.expiresAt()));
        g.writeStringField("lastUsedAt", iso(s.lastUsedAt()));
        g.writeStringField("status", s.status() == null ? null : s.status().name());
        g.writeNumberField("version", s.version());
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    private static String orDash(Object o) {
        return o == null ? "-" : o.toString();
    }
}
