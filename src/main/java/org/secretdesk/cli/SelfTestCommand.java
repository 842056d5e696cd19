package org.secretdesk.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.secretdesk.client.CreatedApplication;
import org.secretdesk.client.NewApplication;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.model.Application;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.SecretValue;
import org.secretdesk.server.embedded.EmbeddedGateway;

/**
 * {@code secretdesk --self-test}: checks an installation without a display. Starts the embedded gateway in a
 * temporary data directory, drives it through the HTTP client the console uses (trusting only the gateway's own
 * CA) and prints one line per check. Everything is removed afterwards; secret values are never printed.
 */
final class SelfTestCommand {

    /** Thrown by {@link #check} with the line to print; the run stops at the first failed check. */
    private static final class CheckFailed extends RuntimeException {
        CheckFailed(String message) {
            super(message, null, false, false);
        }
    }

    private final PrintWriter out;
    private final PrintWriter err;
    private int passed;

    SelfTestCommand(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** Runs every check; 0 when all pass, 1 after the first failure. */
    int run() {
        Path dataDir = null;
        try {
            dataDir = Files.createTempDirectory("secretdesk-self-test-");
            runChecks(dataDir);
            out.println("Self-test passed: " + passed + " checks.");
            return Main.EXIT_OK;
        } catch (CheckFailed e) {
            err.println("Self-test FAILED at check: " + e.getMessage());
            return Main.EXIT_FAILURE;
        } catch (IOException | RuntimeException e) {
            err.println("Self-test FAILED after " + passed + " checks: " + Main.describe(e));
            return Main.EXIT_FAILURE;
        } finally {
            if (dataDir != null) {
                deleteTree(dataDir);
            }
            out.flush();
            err.flush();
        }
    }

    private void runChecks(Path dataDir) throws IOException {
        out.println("Java " + Runtime.version() + " (" + System.getProperty("java.home") + ")");
        try (EmbeddedGateway gateway = EmbeddedGateway.start(dataDir, null)) {
            ok("embedded gateway started at " + gateway.baseUri());
            X509Certificate ca = gateway.caCertificate();
            HttpClient http = HttpClient.newBuilder().sslContext(trusting(ca)).build();
            try (SecretDeskClient client = new SecretDeskClient(gateway.baseUri(), gateway.adminKey(), List.of(ca))) {
                check(client.info() != null, "gateway info over TLS, trusting only the gateway's CA");

                CreatedApplication created = client.createApplication(
                        new NewApplication("self-test", "Created by secretdesk --self-test", List.of("reader"), null));
                Application app = created.application();
                check(app.id() != null && app.clientId() != null, "application created (" + app.clientId() + ")");

                IssuedSecret first = client.createSecret(app.id(), "self-test secret", null);
                check(first.value() != null && first.value().length() > 0,
                        "secret created (" + first.secret().hint() + "...)");
                check(tokenStatus(http, gateway.baseUri(), app.clientId(), first.value()) == 200,
                        "the secret gets a token at /oauth/token");

                // No grace period: the old value must stop working at once.
                IssuedSecret renewed = client.renewSecret(app.id(), first.secret().id(), null,
                        first.secret().version());
                check(!renewed.value().sameAs(new String(first.value().copyChars())),
                        "secret renewed with a new value (" + renewed.secret().hint() + "...)");
                check(tokenStatus(http, gateway.baseUri(), app.clientId(), renewed.value()) == 200,
                        "the renewed value gets a token");
                check(tokenStatus(http, gateway.baseUri(), app.clientId(), first.value()) == 401,
                        "the old value is refused (401)");

                client.deleteSecret(app.id(), renewed.secret().id(), renewed.secret().version());
                check(client.listSecrets(app.id(), 10, null).items().isEmpty(), "secret deleted");
                check(tokenStatus(http, gateway.baseUri(), app.clientId(), renewed.value()) == 401,
                        "the deleted secret is refused (401)");

                first.value().destroy();
                renewed.value().destroy();
            }
        }
        ok("embedded gateway stopped");
    }

    /** The status of a client_credentials token request; the secret goes only into the request body. */
    private static int tokenStatus(HttpClient http, URI base, String clientId, SecretValue secret) {
        char[] chars = secret.copyChars();
        try {
            String body = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                    + "&client_secret=" + URLEncoder.encode(new String(chars), StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/oauth/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException("POST /oauth/token failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            java.util.Arrays.fill(chars, '\0');
        }
    }

    /** A TLS context that trusts exactly the given CA (hostname verification stays on in HttpClient). */
    private static SSLContext trusting(X509Certificate ca) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("secretdesk-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build a TLS context for the gateway's CA", e);
        }
    }

    private void check(boolean condition, String what) {
        if (!condition) {
            throw new CheckFailed(what);
        }
        ok(what);
    }

    private void ok(String what) {
        passed++;
        out.println("OK   " + what);
        out.flush();
    }

    private void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            err.println("secretdesk: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
