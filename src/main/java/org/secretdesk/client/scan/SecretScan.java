package org.secretdesk.client.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A scan of files, folders, standard input and (optionally) git history for SecretDesk secrets
 * ({@link SecretScanner}): folders are walked without following links, version-control folders are left out (their
 * history is what {@link GitHistory} reads), binary files (a NUL in the first 8,000 bytes) and files over the size
 * limit are skipped and counted. Files are read on several threads into buffers that are reused and zeroed at the
 * end, so the contents read (secrets included) do not stay behind in memory.
 */
public final class SecretScan {

    /** The default size limit: larger files are generated or data, seldom where a secret is pasted. */
    public static final long DEFAULT_MAX_FILE_SIZE = 10L * 1024 * 1024;
    private static final Set<String> SKIPPED_FOLDERS = Set.of(".git", ".hg", ".svn");

    /**
     * @param maxFileSize the largest file (or history object) read
     * @param gitHistory  also read every object of the history of each folder named that is a git repository
     * @param threads     how many files are read at once
     */
    public record Options(long maxFileSize, boolean gitHistory, int threads) {
        public Options {
            if (maxFileSize < 1024 || maxFileSize > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("the size limit must be between 1 KiB and 2 GiB");
            }
            threads = Math.max(1, threads);
        }

        public static Options defaults() {
            return new Options(DEFAULT_MAX_FILE_SIZE, false, Math.min(8, Runtime.getRuntime().availableProcessors()));
        }
    }

    /**
     * One secret found.
     *
     * @param location the file as named or found under a named folder, {@code -} for standard input, or the path
     *                 of a history object
     * @param commit   for a finding in git history: the commit that added it (abbreviated), else null
     */
    public record Finding(String location, int line, String commit, String hint, String sha256) {
    }

    public record Stats(long files, long bytes, long skippedBinary, long skippedLarge, long unreadable,
                        long historyObjects) {
    }

    public record Result(List<Finding> findings, Stats stats, List<String> warnings) {
    }

    /**
     * Follows a scan from another thread (the console's progress and Cancel): asked between files, told of each file
     * done. Called on the scan's threads; implementations are thread-safe and quick.
     */
    public interface Monitor {

        /** Follows nothing and never cancels. */
        Monitor NONE = new Monitor() {
        };

        /** True once the scan should stop: it then ends with {@link CancellationException}. */
        default boolean cancelled() {
            return false;
        }

        /** The folders were walked: {@code files} files are to be read. */
        default void counted(int files) {
        }

        /** One more file was read (or skipped); {@code bytes} of it were scanned. */
        default void read(long bytes) {
        }
    }

    private final Options options;
    private final Monitor monitor;
    private final ConcurrentLinkedQueue<Finding> findings = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> warnings = new ConcurrentLinkedQueue<>();
    private final Buffers buffers = new Buffers();
    private final LongAdder files = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder binary = new LongAdder();
    private final LongAdder large = new LongAdder();
    private final LongAdder unreadable = new LongAdder();
    private final LongAdder history = new LongAdder();

    private SecretScan(Options options, Monitor monitor) {
        this.options = options;
        this.monitor = monitor;
    }

    /**
     * Scans {@code paths} ({@code -} is {@code stdin}) and returns the findings in the order of location and line.
     *
     * @throws NoSuchFileException when a path named does not exist
     * @throws IOException          when a git repository cannot be read
     */
    public static Result run(List<String> paths, InputStream stdin, Options options) throws IOException {
        return run(paths, stdin, options, Monitor.NONE);
    }

    /**
     * As {@link #run(List, InputStream, Options)}, followed by {@code monitor}.
     *
     * @throws CancellationException when the monitor cancelled the scan (what was read is wiped all the same)
     */
    public static Result run(List<String> paths, InputStream stdin, Options options, Monitor monitor)
            throws IOException {
        SecretScan scan = new SecretScan(options, monitor);
        try {
            return scan.runAll(paths, stdin);
        } finally {
            scan.buffers.wipe();
        }
    }

    private Result runAll(List<String> paths, InputStream stdin) throws IOException {
        List<Entry> entries = new ArrayList<>();
        List<Path> repositories = new ArrayList<>();
        for (String name : paths) {
            if (name.equals("-")) {
                scanStream(stdin, "-");
                continue;
            }
            Path path = Path.of(name);
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(name);
            }
            collect(path, entries);
            if (options.gitHistory() && Files.isDirectory(path)) {
                repositories.add(path);
            }
        }
        monitor.counted(entries.size());
        stopIfCancelled();
        scanFiles(entries);
        stopIfCancelled();
        Set<String> inWorkingTree = new HashSet<>();
        for (Finding f : findings) {
            inWorkingTree.add(f.sha256() + "\n" + absolute(Path.of(f.location())));
        }
        for (Path repository : repositories) {
            Path named = repository;
            GitHistory.scan(repository, options.maxFileSize(), buffers, (top, location, commit, hit) -> {
                if (top == null) {
                    findings.add(new Finding(location, hit.line(), commit, hit.hint(), hit.sha256()));
                    return;
                }
                // Named as the working tree's files are (under the folder given); the same value in the same file
                // of the working tree is reported once, as the file.
                Path file = top.resolve(location);
                if (!inWorkingTree.contains(hit.sha256() + "\n" + absolute(file))) {
                    String shown = named.resolve(absolute(named).relativize(absolute(file))).normalize().toString();
                    findings.add(new Finding(shown, hit.line(), commit, hit.hint(), hit.sha256()));
                }
            }, history, warnings::add);
        }
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparing(Finding::location).thenComparing(f -> f.commit() == null ? "" : f.commit())
                .thenComparingInt(Finding::line));
        return new Result(List.copyOf(sorted), new Stats(files.sum(), bytes.sum(), binary.sum(), large.sum(),
                unreadable.sum(), history.sum()), List.copyOf(warnings));
    }

    private void stopIfCancelled() {
        if (monitor.cancelled()) {
            throw new CancellationException("The scan was cancelled");
        }
    }

    private static Path absolute(Path p) {
        return p.toAbsolutePath().normalize();
    }

    private record Entry(Path path, long size) {
    }

    private void collect(Path start, List<Entry> entries) throws IOException {
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (monitor.cancelled()) {
                    return FileVisitResult.TERMINATE;
                }
                return !dir.equals(start) && SKIPPED_FOLDERS.contains(String.valueOf(dir.getFileName()))
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    entries.add(new Entry(file, attrs.size()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                unreadable.increment();
                warnings.add("Cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void scanFiles(List<Entry> entries) throws IOException {
        int threads = Math.min(options.threads(), Math.max(1, entries.size() / 16));
        if (threads == 1) {
            entries.forEach(this::scanFile);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "secretdesk-scan");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                workers.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < entries.size(); ) {
                        scanFile(entries.get(i));
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("The scan was interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("The scan failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private void scanFile(Entry entry) {
        if (monitor.cancelled()) {
            return;
        }
        if (entry.size() > options.maxFileSize()) {
            large.increment();
            monitor.read(0);
            return;
        }
        // A file that grows while it is read is read as far as the buffer's room (one byte more than the limit).
        byte[] buffer = buffers.take(entry.size() + 1, options.maxFileSize() + 1);
        try (FileChannel channel = FileChannel.open(entry.path(), StandardOpenOption.READ)) {
            int length = readFully(channel, buffer);
            if (length > options.maxFileSize()) {
                large.increment(); // grew while we looked
                return;
            }
            scanContent(buffer, length, entry.path().toString());
        } catch (IOException e) {
            unreadable.increment();
            warnings.add("Cannot read " + entry.path() + " (" + e.getClass().getSimpleName() + ")");
        } finally {
            buffers.give(buffer);
            monitor.read(entry.size());
        }
    }

    /** Reads until the end or one byte past the buffer's room for the expected size. */
    private static int readFully(FileChannel channel, byte[] buffer) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buffer);
        while (b.hasRemaining() && channel.read(b) >= 0) {
            // keep reading
        }
        return b.position();
    }

    private void scanStream(InputStream in, String location) throws IOException {
        byte[] content = in.readAllBytes();
        try {
            scanContent(content, content.length, location);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private void scanContent(byte[] content, int length, String location) {
        if (SecretScanner.looksBinary(content, length)) {
            binary.increment();
            return;
        }
        files.increment();
        bytes.add(length);
        SecretScanner.find(content, length, hit -> findings.add(new Finding(location, hit.line(), null, hit.hint(),
                hit.sha256())));
    }
}
