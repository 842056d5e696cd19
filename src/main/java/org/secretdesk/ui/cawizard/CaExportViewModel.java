package org.secretdesk.ui.cawizard;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.secretdesk.client.GatewayException;
import org.secretdesk.desk.DataDirectory;
import org.secretdesk.desk.ca.CaExport;
import org.secretdesk.desk.ca.CaFileFormat;
import org.secretdesk.desk.ca.DataMinerBundle;
import org.secretdesk.desk.connections.Fingerprint;
import org.secretdesk.model.SecretValue;
import org.secretdesk.pki.CertificateDetails;
import org.secretdesk.pki.CertificateParseException;
import org.secretdesk.pki.ChainFetchException;
import org.secretdesk.pki.ChainFetcher;
import org.secretdesk.pki.Pem;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.common.RelativeTime;
import org.secretdesk.ui.common.TypedSecret;
import org.secretdesk.ui.reveal.ClientSecretFile;

/**
 * The CA certificate export wizard's state and rules, page by page (Source, Review, Format and place, Done).
 * No controls: the View binds to these properties and the tests drive it without the toolkit.
 */
public final class CaExportViewModel {

    public enum Source { GATEWAY, URL, FILE }

    public static final int MIN_PASSWORD_LENGTH = 6;
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);
    /** The console's one format (see RelativeTime), with the zone: certificates are read across zones. */
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern(RelativeTime.DATE_TIME_PATTERN + " z", Locale.ENGLISH);

    private final Background background;
    private final Clock clock;
    private final CaSources sources;

    // Source
    private final ObjectProperty<Source> source = new SimpleObjectProperty<>();
    private final StringProperty url = new SimpleStringProperty("");
    private final ObjectProperty<Path> file = new SimpleObjectProperty<>();
    private final ObservableList<X509Certificate> chain = FXCollections.observableArrayList();
    private final ObjectProperty<X509Certificate> selected = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper sourceError = new ReadOnlyStringWrapper("");
    /** Bumped on every new load, so a slow answer for an old choice is ignored. */
    private long loadGeneration;

    // Review
    private final ObjectBinding<CertificateDetails> details;
    private final StringProperty expectedFingerprint = new SimpleStringProperty("");
    private final BooleanProperty fingerprintConfirmed = new SimpleBooleanProperty();

    // Format and place
    private final ObjectProperty<CaFileFormat> format = new SimpleObjectProperty<>(CaFileFormat.PEM);
    /** The reason of the {@link NoSuchFileException} for a folder that is not there. */
    private static final String NO_SUCH_FOLDER = "no such folder";
    private final ObjectProperty<Path> folder = new SimpleObjectProperty<>();
    private final StringProperty fileName = new SimpleStringProperty("");
    /** The PKCS#12 password as typed, twice: characters only, wiped once written and when the wizard closes. */
    private final TypedSecret password = new TypedSecret();
    private final TypedSecret passwordConfirm = new TypedSecret();
    private final BooleanProperty dataMinerBundle = new SimpleBooleanProperty();
    private final StringProperty fqdn = new SimpleStringProperty("");
    private final StringProperty apiKeyPath = new SimpleStringProperty(DataMinerBundle.DEFAULT_API_KEY_PATH);
    private final ReadOnlyStringWrapper exportError = new ReadOnlyStringWrapper("");
    private final StringBinding formatProblem = Bindings.createStringBinding(this::firstFormatProblem, format, folder,
            fileName, password.revisionProperty(), passwordConfirm.revisionProperty(), dataMinerBundle, fqdn,
            apiKeyPath);
    // Reads formatProblem through get(), so that binding is revalidated and keeps reporting changes.
    private final BooleanBinding formatComplete = Bindings.createBooleanBinding(
            () -> formatProblem.get().isEmpty() && !busy.get(), formatProblem, busy);

    // Done
    private final ObservableList<Path> written = FXCollections.observableArrayList();

    public CaExportViewModel(Background background, Clock clock, CaSources sources) {
        this.background = Objects.requireNonNull(background, "background");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sources = Objects.requireNonNull(sources, "sources");
        if (sources.suggestedUrl() != null) {
            url.set(sources.suggestedUrl());
        }
        details = Bindings.createObjectBinding(
                () -> selected.get() == null ? null : CertificateDetails.of(selected.get()), selected);
        // A different certificate must be compared again; a different source starts over.
        selected.addListener((o, a, b) -> {
            fingerprintConfirmed.set(false);
            if (b != null) {
                fileName.set(suggestedFileName(b, format.get()));
            }
        });
        source.addListener((o, a, b) -> clearChain());
        url.addListener((o, a, b) -> {
            if (source.get() == Source.URL) {
                clearChain();
            }
        });
        format.addListener((o, a, b) -> fileName.set(withExtension(fileName.get(), b)));
        source.set(sources.gateway() != null ? Source.GATEWAY : Source.URL);
    }

    // ---------------------------------------------------------------- Source

    public ObjectProperty<Source> sourceProperty() {
        return source;
    }

    public boolean gatewayAvailable() {
        return sources.gateway() != null;
    }

    public String gatewayName() {
        return sources.gatewayName() == null ? "connected gateway" : sources.gatewayName();
    }

    /**
     * What the Source page says under "the connected gateway's CA": what it asks, that the connected backend serves
     * none (issue 25: on a BrokerGateway it said that no gateway was connected), or that none is connected.
     */
    public String gatewayNote() {
        if (gatewayAvailable()) {
            return "Asks \"" + gatewayName() + "\" for its root CA certificate.";
        }
        if (sources.noCaReason() != null) {
            return "\"" + gatewayName() + "\" is connected but does not serve its CA. " + sources.noCaReason()
                    + " Use the certificate chain its address presents, or the CA file.";
        }
        return "No gateway is connected. Connect first, or use one of the other sources.";
    }

    public StringProperty urlProperty() {
        return url;
    }

    public ObjectProperty<Path> fileProperty() {
        return file;
    }

    public ObservableList<X509Certificate> chain() {
        return chain;
    }

    public ObjectProperty<X509Certificate> selectedProperty() {
        return selected;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty sourceErrorProperty() {
        return sourceError.getReadOnlyProperty();
    }

    public BooleanBinding sourceComplete() {
        return selected.isNotNull().and(busy.not());
    }

    /** Loads the chosen source in the background; the root (last certificate) is selected by default. */
    public void load() {
        Source s = source.get();
        clearChain();
        long generation = ++loadGeneration;
        switch (s) {
            case GATEWAY -> {
                if (sources.gateway() == null) {
                    sourceError.set("No gateway is connected.");
                    return;
                }
                run(generation, () -> Pem.readCertificates(
                        sources.gateway().caCertificatePem().getBytes(StandardCharsets.US_ASCII)));
            }
            case URL -> {
                Optional<URI> uri = parseUrl(url.get());
                if (uri.isEmpty()) {
                    sourceError.set("Enter an https:// address, e.g. https://gateway.example.com:8443.");
                    return;
                }
                run(generation, () -> ChainFetcher.fetch(uri.get(), FETCH_TIMEOUT));
            }
            case FILE -> {
                Path f = file.get();
                if (f == null) {
                    sourceError.set("Choose a certificate file (PEM or DER).");
                    return;
                }
                run(generation, () -> {
                    byte[] bytes = Files.readAllBytes(f);
                    return Pem.readCertificates(bytes);
                });
            }
        }
    }

    /** Convenience for the View: choose a file and load it. */
    public void loadFile(Path chosen) {
        source.set(Source.FILE);
        file.set(chosen);
        load();
    }

    private interface Loader {
        List<X509Certificate> load() throws Exception;
    }

    private void run(long generation, Loader loader) {
        busy.set(true);
        background.call(loader::load, certs -> {
            if (generation != loadGeneration) {
                return;
            }
            busy.set(false);
            chain.setAll(certs);
            selected.set(certs.getLast());
        }, e -> {
            if (generation != loadGeneration) {
                return;
            }
            busy.set(false);
            sourceError.set(describe(e));
        });
    }

    private void clearChain() {
        loadGeneration++;
        busy.set(false);
        chain.clear();
        selected.set(null);
        sourceError.set("");
    }

    /** One line for the operator; never a stack trace. */
    static String describe(Throwable e) {
        return switch (e) {
            case ChainFetchException c -> c.getMessage();
            case CertificateParseException c -> c.getMessage();
            case GatewayException g -> g.getMessage();
            case NoSuchFileException n when NO_SUCH_FOLDER.equals(n.getReason()) ->
                    "The folder " + n.getFile() + " does not exist: type another one or choose one.";
            case NoSuchFileException n -> "The file " + n.getFile() + " does not exist.";
            case java.nio.file.AccessDeniedException a -> "The file " + a.getFile() + " cannot be read (access denied).";
            case IOException io -> "The file cannot be read (" + io.getClass().getSimpleName() + ").";
            default -> "Something went wrong (" + e.getClass().getSimpleName() + ").";
        };
    }

    private static Optional<URI> parseUrl(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        if (!t.contains("://")) {
            t = "https://" + t; // "gw.example.com:8443" is what people paste
        }
        try {
            URI uri = new URI(t);
            return uri.getHost() == null ? Optional.empty() : Optional.of(uri);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- Review

    public ObjectBinding<CertificateDetails> detailsBinding() {
        return details;
    }

    public CertificateDetails.Validity validity() {
        CertificateDetails d = details.get();
        return d == null ? CertificateDetails.Validity.VALID : d.validityAt(clock.instant());
    }

    /** "Expired on …" / "Not valid until …", or empty while valid. */
    public String validityProblem() {
        CertificateDetails d = details.get();
        if (d == null) {
            return "";
        }
        return switch (d.validityAt(clock.instant())) {
            case EXPIRED -> "Expired on " + formatDate(d.notAfter()) + ". Clients will reject it.";
            case NOT_YET_VALID -> "Not valid until " + formatDate(d.notBefore()) + ". Clients will reject it until then.";
            case VALID -> "";
        };
    }

    public String formatDate(java.time.Instant instant) {
        return DATE.format(instant.atZone(ZoneId.systemDefault()));
    }

    public StringProperty expectedFingerprintProperty() {
        return expectedFingerprint;
    }

    public enum FingerprintCheck { NONE, MATCHES, DIFFERENT, INVALID }

    public FingerprintCheck fingerprintCheck() {
        String typed = expectedFingerprint.get();
        if (typed == null || typed.isBlank() || details.get() == null) {
            return FingerprintCheck.NONE;
        }
        if (Fingerprint.normalize(typed).isEmpty()) {
            return FingerprintCheck.INVALID;
        }
        return Fingerprint.same(typed, details.get().sha256Fingerprint())
                ? FingerprintCheck.MATCHES : FingerprintCheck.DIFFERENT;
    }

    public BooleanProperty fingerprintConfirmedProperty() {
        return fingerprintConfirmed;
    }

    /** Confirmed, and no pasted fingerprint that says otherwise. */
    public BooleanBinding reviewComplete() {
        return Bindings.createBooleanBinding(() -> fingerprintConfirmed.get() && details.get() != null
                        && fingerprintCheck() != FingerprintCheck.DIFFERENT && fingerprintCheck() != FingerprintCheck.INVALID,
                fingerprintConfirmed, details, expectedFingerprint);
    }

    // ---------------------------------------------------------------- Format and place

    public ObjectProperty<CaFileFormat> formatProperty() {
        return format;
    }

    public ObjectProperty<Path> folderProperty() {
        return folder;
    }

    /** A folder typed into the field: the folder it names, or none while it names nothing. */
    public void setFolderText(String typed) {
        folder.set(parseFolder(typed));
    }

    /** The absolute path a typed folder names ({@code ~} is the home folder), or null. */
    static Path parseFolder(String typed) {
        String t = typed == null ? "" : typed.strip();
        if (t.isEmpty()) {
            return null;
        }
        try {
            if (t.equals("~") || t.startsWith("~/")) {
                return DataDirectory.home().resolve(t.substring(Math.min(2, t.length()))).normalize();
            }
            Path p = Path.of(t);
            return p.isAbsolute() ? p.normalize() : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    public StringProperty fileNameProperty() {
        return fileName;
    }

    /** The truststore password as typed. */
    public TypedSecret password() {
        return password;
    }

    public TypedSecret passwordConfirm() {
        return passwordConfirm;
    }

    /** The wizard closed (or the files are written): the typed passwords are wiped. */
    public void wipePasswords() {
        password.wipe();
        passwordConfirm.wipe();
    }

    public BooleanProperty dataMinerBundleProperty() {
        return dataMinerBundle;
    }

    public StringProperty fqdnProperty() {
        return fqdn;
    }

    public StringProperty apiKeyPathProperty() {
        return apiKeyPath;
    }

    public boolean hasClientSecret() {
        return sources.clientSecret() != null;
    }

    public ReadOnlyStringProperty exportErrorProperty() {
        return exportError.getReadOnlyProperty();
    }

    /** The first thing to fix on the Format page, or "" when it is complete. */
    public StringBinding formatProblem() {
        return formatProblem;
    }

    private String firstFormatProblem() {
        if (folder.get() == null) {
            return "Type the full path of the folder to save to, or choose one.";
        }
        String name = fileName.get() == null ? "" : fileName.get().strip();
        if (name.isEmpty()) {
            return "Enter a file name.";
        }
        if (name.matches(".*[\\\\/:*?\"<>|].*") || name.equals(".") || name.equals("..")) {
            return "The file name must not contain \\ / : * ? \" < > |.";
        }
        if (format.get().needsPassword()) {
            if (password.length() < MIN_PASSWORD_LENGTH) {
                return "The truststore password needs at least " + MIN_PASSWORD_LENGTH + " characters.";
            }
            if (!password.sameAs(passwordConfirm)) {
                return "The two passwords differ.";
            }
        }
        if (dataMinerBundle.get()) {
            Optional<String> p = DataMinerBundle.checkFqdn(fqdn.get()).or(() -> DataMinerBundle.checkApiKeyPath(apiKeyPath.get()));
            if (p.isPresent()) {
                return p.get();
            }
        }
        return "";
    }

    public BooleanBinding formatComplete() {
        return formatComplete;
    }

    /** The files the export will write, in order. */
    public List<Path> plannedFiles() {
        List<Path> files = new ArrayList<>();
        if (folder.get() == null) {
            return files;
        }
        files.add(folder.get().resolve(fileName.get().strip()));
        if (dataMinerBundle.get()) {
            files.add(folder.get().resolve(DataMinerBundle.CONFIG_FILE_NAME));
            if (hasClientSecret()) {
                files.add(folder.get().resolve(DataMinerBundle.CLIENT_SECRET_FILE_NAME));
            }
        }
        return files;
    }

    /**
     * Writes the files in the background. When some exist already, {@code confirmReplace} is asked (on the UI
     * thread) with their names; declining writes nothing. {@code onDone} runs after a successful write.
     */
    public void export(Predicate<List<Path>> confirmReplace, Runnable onDone) {
        List<Path> files = plannedFiles();
        exportError.set("");
        busy.set(true);
        Path into = folder.get();
        background.call(() -> {
            if (!Files.isDirectory(into)) {
                throw new NoSuchFileException(into.toString(), null, NO_SUCH_FOLDER);
            }
            return files.stream().filter(Files::exists).toList();
        }, existing -> {
            if (!existing.isEmpty() && !confirmReplace.test(existing)) {
                busy.set(false);
                exportError.set("Nothing was written. Choose another file name or folder.");
                return;
            }
            writeFiles(files, !existing.isEmpty(), onDone);
        }, e -> {
            busy.set(false);
            exportError.set(describe(e));
        });
    }

    private void writeFiles(List<Path> files, boolean replace, Runnable onDone) {
        X509Certificate ca = selected.get();
        CaFileFormat f = format.get();
        SecretValue typed = f.needsPassword() ? password.copy() : null;
        char[] pw = typed == null ? null : typed.copyChars();
        if (typed != null) {
            typed.destroy();
        }
        boolean bundle = dataMinerBundle.get();
        byte[] config = bundle ? DataMinerBundle.messageBrokerConfig(fqdn.get(), apiKeyPath.get()) : null;
        // The writer's own copy: the reveal that lent the secret wipes its own when it closes, on the FX thread.
        SecretValue secret = bundle && sources.clientSecret() != null
                ? SecretValue.wrap(sources.clientSecret().copyChars()) : null;
        background.call(() -> {
            try {
                CaExport.write(files.get(0), CaExport.encode(ca, f, pw), replace);
                if (bundle) {
                    CaExport.write(files.get(1), config, replace);
                    if (secret != null) {
                        ClientSecretFile.write(files.get(2), secret, replace);
                    }
                }
                return files;
            } finally {
                if (pw != null) {
                    java.util.Arrays.fill(pw, '\0');
                }
                if (secret != null) {
                    secret.destroy();
                }
            }
        }, done -> {
            busy.set(false);
            written.setAll(done);
            onDone.run();
            // After moving on: cleared earlier, the page would turn invalid and block the move.
            wipePasswords();
        }, e -> {
            busy.set(false);
            exportError.set(e instanceof FileAlreadyExistsException x
                    ? "The file " + x.getFile() + " appeared meanwhile; nothing was replaced."
                    : "The files could not be written: " + describe(e));
        });
    }

    // ---------------------------------------------------------------- Done

    public ObservableList<Path> written() {
        return written;
    }

    // ---------------------------------------------------------------- helpers

    static String suggestedFileName(X509Certificate cert, CaFileFormat format) {
        String cn = CertificateDetails.of(cert).subject().replaceAll("(?i)^.*?CN=([^,]+).*$", "$1");
        String base = cn.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return (base.isEmpty() ? "ca" : base) + format.extensions().getFirst();
    }

    static String withExtension(String name, CaFileFormat format) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            return n;
        }
        if (CaFileFormat.forFileName(n) == format && n.contains(".")) {
            return n; // keeps .crt for PEM
        }
        int dot = n.lastIndexOf('.');
        String base = dot > 0 ? n.substring(0, dot) : n;
        return base + format.extensions().getFirst();
    }
}
