package org.secretdesk.ui.leaks;

import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.client.scan.SecretScan;
import org.secretdesk.client.scan.SecretScanner;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.LeakReport;
import org.secretdesk.model.SecretIdentification;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.common.ErrorMessages;
import org.secretdesk.ui.common.RelativeTime;
import org.secretdesk.ui.common.TypedSecret;
import org.secretdesk.ui.mainwindow.SecretsViewModel;
import org.secretdesk.ui.secrets.RenewViewModel.GraceOption;

/**
 * The rules of "Report a leak": a pasted value (a {@code char[]} in a {@link TypedSecret}, wiped when the dialog
 * closes) and files and folders are searched for SecretDesk secrets offline (prefix and checksum: {@link SecretScanner},
 * folders with {@link SecretScan} in the background, cancellable, with progress); each value found is identified by
 * its SHA-256 hash through the gateway (the value is never sent) and listed with its application, description and
 * state. A value that works can be rotated (renewed with the grace period chosen here, then revealed) or revoked
 * (deleted after a typed confirmation); both first report the leak to the gateway ({@code POST /api/v1/leaks}), which
 * audits it, marks the secret leaked until it is renewed or deleted, and applies its leak policy.
 */
public final class LeakReportViewModel {

    /** The {@code source} of the console's leak reports, as the gateway's audit shows it. */
    public static final String SOURCE = "secretdesk-console";
    /** How a pasted value is named in the list. */
    static final String PASTED = "pasted text";
    /** The progress is told to the UI at most this often while files are read. */
    private static final long PROGRESS_EVERY_NANOS = 50_000_000L;

    public enum ScanState { IDLE, SCANNING, DONE, CANCELLED, FAILED }

    /** How long the leaked value keeps working after Rotate now; {@code duration} null: it stops at once. */
    static final List<GraceOption> GRACE_OPTIONS = List.of(
            new GraceOption(null, "none: the leaked value stops working at once"),
            new GraceOption(Duration.ofHours(1), "1 hour"),
            new GraceOption(Duration.ofHours(24), "24 hours"),
            new GraceOption(Duration.ofDays(7), "7 days"));

    private final Background background;
    private final GatewayClient client;
    private final Capabilities capabilities;
    private final Clock clock;
    private final RelativeTime times;
    private final Consumer<String> onChanged;
    private final TypedSecret pasted = new TypedSecret();
    private final ObservableList<Path> paths = FXCollections.observableArrayList();
    private final java.util.Set<Path> folders = new java.util.HashSet<>();
    private final ObservableList<LeakFinding> findings = FXCollections.observableArrayList();
    /** The read-only views handed out: one each, kept here (a view only lives as long as someone holds it). */
    private final ObservableList<Path> pathsView = FXCollections.unmodifiableObservableList(paths);
    private final ObservableList<LeakFinding> findingsView = FXCollections.unmodifiableObservableList(findings);
    private final ReadOnlyObjectWrapper<ScanState> state = new ReadOnlyObjectWrapper<>(this, "state", ScanState.IDLE);
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper(this, "progress", "");
    private final ReadOnlyDoubleWrapper progressFraction = new ReadOnlyDoubleWrapper(this, "progressFraction", -1);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ObjectProperty<GraceOption> grace = new SimpleObjectProperty<>(this, "grace");
    private final BooleanBinding canScan;
    private final Deque<LeakFinding> toIdentify = new ArrayDeque<>();
    private AtomicBoolean cancelScan = new AtomicBoolean();
    private long generation;
    private boolean identifying;

    /**
     * @param onChanged told the id of an application whose secrets were rotated or revoked (the main window reloads
     *                  it); on the UI thread
     */
    /** What the backend can do (and says it keeps of a value). */
    public Capabilities capabilities() {
        return capabilities;
    }

    public LeakReportViewModel(Background background, GatewayClient client, Capabilities capabilities, Clock clock,
                               Consumer<String> onChanged) {
        this.background = Objects.requireNonNull(background);
        this.client = Objects.requireNonNull(client);
        this.capabilities = Objects.requireNonNull(capabilities);
        this.clock = Objects.requireNonNull(clock);
        this.times = new RelativeTime(clock.getZone());
        this.onChanged = Objects.requireNonNull(onChanged);
        grace.set(graceSupported() ? GRACE_OPTIONS.get(1) : null);
        canScan = Bindings.createBooleanBinding(() -> state.get() != ScanState.SCANNING
                && (!pasted.isEmpty() || !paths.isEmpty()), state, pasted.lengthProperty(), paths);
    }

    // ---------------------------------------------------------------- what to scan

    /** The pasted value (or text holding values): a {@code char[]}, wiped by {@link #close()}. */
    public TypedSecret pasted() {
        return pasted;
    }

    /** The files and folders chosen, in the order added. */
    public ObservableList<Path> paths() {
        return pathsView;
    }

    /** Adds files (one already there is not added twice). */
    public void addFiles(Collection<Path> chosen) {
        chosen.forEach(this::add);
    }

    /** Adds a folder, scanned with its subfolders. */
    public void addFolder(Path folder) {
        folders.add(add(folder));
    }

    private Path add(Path chosen) {
        Path normal = chosen.toAbsolutePath().normalize();
        if (!paths.contains(normal)) {
            paths.add(normal);
        }
        return normal;
    }

    /** Whether {@code path} was added as a folder (known without asking the disk, from the UI thread). */
    public boolean isFolder(Path path) {
        return folders.contains(path);
    }

    public void removePath(Path path) {
        paths.remove(path);
        folders.remove(path);
    }

    public BooleanBinding canScanBinding() {
        return canScan;
    }

    // ---------------------------------------------------------------- scanning

    /**
     * Looks for SecretDesk secrets in the pasted text (here, at once: no I/O) and in the files and folders chosen (in
     * the background), then identifies each value found through the gateway. The pasted value stays in its field.
     */
    public void scan() {
        if (!canScan.get()) {
            return;
        }
        long gen = ++generation;
        toIdentify.clear();
        findings.clear();
        error.set("");
        summary.set("");
        Map<String, LeakFinding> found = new LinkedHashMap<>();
        int pastedHits = recognisePasted(found);
        if (paths.isEmpty()) {
            finish(gen, found, null, pastedHits);
            return;
        }
        AtomicBoolean cancel = new AtomicBoolean();
        cancelScan = cancel;
        state.set(ScanState.SCANNING);
        progress.set("Listing files…");
        progressFraction.set(-1);
        // A file or folder inside a folder chosen is read once, as part of that folder.
        List<String> names = paths.stream().filter(p -> folders.stream().noneMatch(f -> !f.equals(p) && p.startsWith(f)))
                .map(Path::toString).toList();
        List<Path> roots = List.copyOf(paths);
        ProgressMonitor monitor = new ProgressMonitor(gen, cancel);
        background.call(() -> SecretScan.run(names, InputStream.nullInputStream(), SecretScan.Options.defaults(),
                monitor), result -> {
                    if (gen == generation) {
                        for (SecretScan.Finding f : result.findings()) {
                            add(found, f.sha256(), f.hint(), location(roots, f.location(), f.line()));
                        }
                        finish(gen, found, result, pastedHits);
                    }
                }, e -> {
                    if (gen != generation) {
                        return;
                    }
                    Throwable cause = ErrorMessages.unwrap(e);
                    progress.set("");
                    if (cause instanceof CancellationException) {
                        state.set(ScanState.CANCELLED);
                        summary.set("Scan cancelled: nothing was identified or reported.");
                    } else {
                        state.set(ScanState.FAILED);
                        error.set(cause instanceof NoSuchFileException nf
                                ? nf.getFile() + " no longer exists: remove it from the list and scan again."
                                : "The files could not be read (" + cause.getClass().getSimpleName()
                                + "). Check the files and folders chosen, then scan again.");
                    }
                });
    }

    /** Stops a scan of files under way (it ends as {@link ScanState#CANCELLED}). */
    public void cancel() {
        cancelScan.set(true);
    }

    /** The pasted text, made into bytes only for as long as the recogniser needs them, then wiped. */
    private int recognisePasted(Map<String, LeakFinding> found) {
        if (pasted.isEmpty()) {
            return 0;
        }
        SecretValue copy = pasted.copy();
        byte[] bytes = new byte[copy.length()];
        try {
            for (int i = 0; i < bytes.length; i++) {
                char c = copy.charAt(i);
                bytes[i] = c < 128 ? (byte) c : (byte) '?';
            }
            List<SecretScanner.Hit> hits = new ArrayList<>();
            SecretScanner.find(bytes, bytes.length, hits::add);
            for (SecretScanner.Hit hit : hits) {
                add(found, hit.sha256(), hit.hint(), new LeakFinding.Location(PASTED, hit.line(), null));
            }
            return hits.size();
        } finally {
            Arrays.fill(bytes, (byte) 0);
            copy.destroy();
        }
    }

    private static void add(Map<String, LeakFinding> found, String sha256, String hint, LeakFinding.Location at) {
        found.computeIfAbsent(sha256, h -> new LeakFinding(h, hint)).addLocation(at);
    }

    /** Named relative to the folder chosen that holds it ("repo/config/app.env"); the report gets the full path. */
    static LeakFinding.Location location(List<Path> roots, String found, int line) {
        Path file = Path.of(found).toAbsolutePath().normalize();
        String shown = file.toString();
        for (Path root : roots) {
            if (!file.equals(root) && file.startsWith(root)) {
                Path name = root.getFileName();
                shown = (name == null ? root.relativize(file) : name.resolve(root.relativize(file))).toString();
                break;
            }
        }
        return new LeakFinding.Location(shown, line, file.toString());
    }

    private void finish(long gen, Map<String, LeakFinding> found, SecretScan.Result result, int pastedHits) {
        state.set(ScanState.DONE);
        progress.set("");
        progressFraction.set(1);
        findings.setAll(found.values());
        summary.set(summaryText(found.size(), result, pastedHits));
        toIdentify.addAll(found.values());
        identifyNext(gen);
    }

    static String summaryText(int values, SecretScan.Result result, int pastedHits) {
        String where;
        if (result == null) {
            where = "in the pasted text";
        } else {
            long files = result.stats().files();
            where = "in " + files + (files == 1 ? " file" : " files") + (pastedHits > 0 ? " and the pasted text" : "");
            long skipped = result.stats().skippedBinary() + result.stats().skippedLarge() + result.stats().unreadable();
            if (skipped > 0) {
                where += " (" + skipped + " binary, large or unreadable " + (skipped == 1 ? "file" : "files")
                        + " skipped)";
            }
        }
        if (values == 0) {
            return "No SecretDesk secret found " + where + ". A SecretDesk secret starts with sds_ and is 53 "
                    + "characters long; a value with a character changed fails its checksum and is not listed.";
        }
        return (values == 1 ? "1 SecretDesk secret" : values + " SecretDesk secrets") + " found " + where + ".";
    }

    /** Identifies the values one after the other (a big scan does not open a hundred requests at once). */
    private void identifyNext(long gen) {
        if (identifying || gen != generation) {
            return;
        }
        LeakFinding next = toIdentify.poll();
        if (next == null) {
            return;
        }
        identifying = true;
        background.call(() -> client.identifySecret(next.sha256()), id -> {
            identifying = false;
            if (gen == generation) {
                next.identified(id, explain(id));
                identifyNext(gen);
            }
        }, e -> {
            identifying = false;
            if (gen == generation) {
                next.notIdentified(ErrorMessages.describe(e, "ask the gateway whose value this is"));
                identifyNext(gen);
            }
        });
    }

    /** What the gateway's answer means, in a sentence. */
    String explain(SecretIdentification id) {
        Instant now = clock.instant();
        String leaked = id.leaked() ? " A leak of it was already reported " + times.relative(id.leakedAt(), now, "")
                + "." : "";
        return switch (id.state()) {
            case ACTIVE -> (id.expiresAt() == null ? "The current value: it works."
                    : "The current value: it works until " + when(id.expiresAt()) + ".") + leaked;
            case GRACE -> "The value before the last renew: it still works, until " + when(id.expiresAt()) + "."
                    + leaked;
            case EXPIRED -> "A value of this secret that no longer works: nothing to rotate." + leaked;
            case UNKNOWN -> "Not a secret of this gateway (or one deleted since): nothing to rotate here.";
        };
    }

    private String when(Instant t) {
        return times.exact(t) + " (" + times.relative(t, clock.instant(), "") + ")";
    }

    // ---------------------------------------------------------------- acting on a value

    public boolean graceSupported() {
        return capabilities.supports(Feature.RENEW_GRACE_PERIOD);
    }

    /** Empty when the gateway keeps no old value after a renew. */
    public List<GraceOption> graceOptions() {
        return graceSupported() ? GRACE_OPTIONS : List.of();
    }

    public ObjectProperty<GraceOption> graceProperty() {
        return grace;
    }

    /** Why Rotate now is not offered with this gateway, or null. */
    public String rotateBlockedReason() {
        return capabilities.supports(Feature.RENEW) ? null : capabilities.explain(Feature.RENEW);
    }

    /** Why Revoke is not offered with this gateway, or null. */
    public String revokeBlockedReason() {
        return capabilities.supports(Feature.DELETE_SECRET) ? null : capabilities.explain(Feature.DELETE_SECRET);
    }

    /**
     * Rotate now: reports the leak, renews the secret with the grace period chosen, and hands the new value to
     * {@code reveal} (application name, issued secret) on the UI thread. The row then says when the leaked value
     * stops working, as the gateway now says (its leak policy may end it sooner than the grace chosen).
     */
    public void rotate(LeakFinding finding, BiConsumer<String, IssuedSecret> reveal) {
        if (!finding.actionable() || rotateBlockedReason() != null) {
            return;
        }
        SecretIdentification id = finding.identification();
        GraceOption chosen = grace.get();
        Duration keep = chosen == null ? null : chosen.duration();
        String key = finding.rotationKey(keep);
        finding.working("Reporting the leak and rotating…");
        background.call(() -> {
            report(finding);
            SecretSummary current = current(id);
            IssuedSecret issued = client.renewSecret(id.applicationId(), id.secretId(), keep, current.version(), key);
            return new Rotation(issued, identifyQuietly(finding));
        }, rotation -> {
            finding.rotated(rotatedText(rotation.after()));
            reveal.accept(id.applicationName(), rotation.issued());
            onChanged.accept(id.applicationId());
        }, e -> failed(finding, e, "rotate the secret"));
    }

    private record Rotation(IssuedSecret issued, SecretIdentification after) {
    }

    /** What became of the leaked value, as the gateway says after the rotation. */
    String rotatedText(SecretIdentification after) {
        if (after != null && after.state().works() && after.expiresAt() != null) {
            return "Rotated. The leaked value keeps working until " + when(after.expiresAt())
                    + ", then stops: deploy the new value before.";
        }
        if (after == null) {
            return "Rotated. A new value was issued.";
        }
        return "Rotated. The leaked value no longer works.";
    }

    /**
     * What the Revoke confirmation needs to know (whether this is the application's last secret), read in the
     * background and handed to {@code ask} on the UI thread.
     */
    public void prepareRevoke(LeakFinding finding, Consumer<Boolean> ask) {
        if (!finding.actionable() || revokeBlockedReason() != null) {
            return;
        }
        SecretIdentification id = finding.identification();
        finding.working("Reading the application's secrets…");
        background.call(() -> listAll(id.applicationId()).size() == 1, last -> {
            finding.actionFailed("");
            ask.accept(last);
        }, e -> failed(finding, e, "read the application's secrets"));
    }

    /**
     * Revoke, after the typed confirmation: reports the leak, then deletes the secret (every value of it stops
     * working). {@code done} or {@code failed} run on the UI thread.
     */
    public void revoke(LeakFinding finding, Runnable done, Consumer<Throwable> failed) {
        SecretIdentification id = finding.identification();
        if (id == null || !id.state().works()) {
            return;
        }
        finding.working("Reporting the leak and deleting the secret…");
        background.call(() -> {
            report(finding);
            client.deleteSecret(id.applicationId(), id.secretId(), current(id).version());
            return Boolean.TRUE;
        }, ok -> {
            done.run();
            finding.revoked("Revoked: the secret was deleted, and the leaked value no longer works.");
            onChanged.accept(id.applicationId());
        }, e -> {
            failed(finding, e, "revoke the secret");
            failed.accept(e);
        });
    }

    /** The leak, reported by the value's hash: the gateway audits it and applies its leak policy (a replay: nothing). */
    private void report(LeakFinding finding) {
        client.reportLeaks(List.of(new LeakReport(finding.sha256(), finding.reportUrl(), SOURCE)));
    }

    /** The secret as it is now (its version moves with the report), or a clear failure when it is gone. */
    private SecretSummary current(SecretIdentification id) {
        return listAll(id.applicationId()).stream().filter(s -> s.id().equals(id.secretId())).findFirst()
                .orElseThrow(() -> new SecretGone(id.description()));
    }

    private List<SecretSummary> listAll(String applicationId) {
        return SecretsViewModel.listAll(client, applicationId);
    }

    private SecretIdentification identifyQuietly(LeakFinding finding) {
        try {
            return client.identifySecret(finding.sha256());
        } catch (RuntimeException e) {
            return null; // the rotation happened; only the sentence about the old value is less precise
        }
    }

    private void failed(LeakFinding finding, Throwable e, String action) {
        Throwable cause = ErrorMessages.unwrap(e);
        finding.actionFailed(cause instanceof SecretGone gone ? gone.getMessage()
                : ErrorMessages.describe(cause, action));
        if (ErrorMessages.isStale(cause) || cause instanceof SecretGone) {
            onChanged.accept(finding.identification().applicationId());
        }
    }

    /** The secret was deleted meanwhile. The message names its description, never a value. */
    static final class SecretGone extends RuntimeException {
        SecretGone(String description) {
            super("The secret \u201c" + description + "\u201d no longer exists: someone deleted it meanwhile. Scan "
                    + "again to see what the value is now.");
        }
    }

    // ---------------------------------------------------------------- state for the View

    public ObservableList<LeakFinding> findings() {
        return findingsView;
    }

    public ReadOnlyObjectProperty<ScanState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** "Reading 120 of 400 files…" while a scan runs. */
    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** 0 to 1 while files are read; -1 while they are being listed. */
    public ReadOnlyDoubleProperty progressFractionProperty() {
        return progressFraction.getReadOnlyProperty();
    }

    /** What the last scan found, in a sentence. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Why the last scan failed, or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The dialog closed: stop a scan, wipe the pasted value, identify nothing more. */
    public void close() {
        cancel();
        generation++;
        toIdentify.clear();
        pasted.wipe();
    }

    /** Counts the files a scan reads and tells the UI now and then (never per file: a big tree has thousands). */
    private final class ProgressMonitor implements SecretScan.Monitor {
        private final long gen;
        private final AtomicBoolean cancel;
        private final AtomicInteger total = new AtomicInteger(-1);
        private final AtomicLong done = new AtomicLong();
        private final AtomicLong lastTold = new AtomicLong(System.nanoTime());

        ProgressMonitor(long gen, AtomicBoolean cancel) {
            this.gen = gen;
            this.cancel = cancel;
        }

        @Override
        public boolean cancelled() {
            return cancel.get();
        }

        @Override
        public void counted(int files) {
            total.set(files);
            tell();
        }

        @Override
        public void read(long bytes) {
            done.incrementAndGet();
            long now = System.nanoTime();
            long last = lastTold.get();
            if (now - last >= PROGRESS_EVERY_NANOS && lastTold.compareAndSet(last, now)) {
                tell();
            }
        }

        private void tell() {
            int of = total.get();
            long read = done.get();
            background.onUi(() -> {
                if (gen == generation && state.get() == ScanState.SCANNING) {
                    progress.set("Reading " + read + " of " + of + (of == 1 ? " file…" : " files…"));
                    progressFraction.set(of <= 0 ? -1 : Math.min(1.0, (double) read / of));
                }
            });
        }
    }
}
