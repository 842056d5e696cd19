package org.secretdesk.client.scan;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Reads the history of a git repository for {@link SecretScan}: every blob and commit reachable from any ref
 * ({@code git rev-list --all --objects}), each object once, through one {@code git cat-file --batch}. A blob is
 * named by the path it was first seen under; a finding in it is told the commit that added it ({@code git log
 * --find-object}, asked only for blobs with findings). Commit messages are scanned too. Needs {@code git} on the
 * {@code PATH}.
 */
final class GitHistory {

    /**
     * A finding in history: the repository's top folder and the path in it, or null and {@code commit message};
     * the commit; the hit.
     */
    @FunctionalInterface
    interface Sink {
        void found(Path top, String location, String commit, SecretScanner.Hit hit);
    }

    private GitHistory() {
    }

    static void scan(Path repository, long maxSize, Buffers buffers, Sink sink, LongAdder objects,
                     Consumer<String> warnings) throws IOException {
        Output top = run(repository, List.of("rev-parse", "--show-toplevel"));
        if (!top.ok()) {
            warnings.accept(repository + " is not in a git repository: no history was scanned");
            return;
        }
        Path topLevel = Path.of(top.text().strip());
        Map<String, String> paths = new LinkedHashMap<>();
        Output list = run(repository, List.of("rev-list", "--all", "--objects"));
        if (!list.ok()) {
            throw new IOException("git rev-list failed in " + repository + ": " + list.error());
        }
        for (String line : list.text().split("\n")) {
            if (line.length() >= 40) {
                int space = line.indexOf(' ');
                String id = space < 0 ? line : line.substring(0, space);
                paths.putIfAbsent(id, space < 0 ? "" : line.substring(space + 1));
            }
        }
        Map<String, List<SecretScanner.Hit>> found = new HashMap<>();
        Map<String, String> foundIn = new HashMap<>();
        readObjects(repository, paths, maxSize, buffers, objects, (id, type, hits) -> {
            found.put(id, hits);
            foundIn.put(id, type.equals("commit") ? "commit message" : paths.get(id));
        });
        for (Map.Entry<String, List<SecretScanner.Hit>> e : found.entrySet()) {
            String id = e.getKey();
            boolean message = foundIn.get(id).equals("commit message");
            String commit = message ? id.substring(0, 12) : addedBy(repository, id);
            for (SecretScanner.Hit hit : e.getValue()) {
                sink.found(message ? null : topLevel, foundIn.get(id), commit, hit);
            }
        }
    }

    @FunctionalInterface
    private interface ObjectHits {
        void found(String id, String type, List<SecretScanner.Hit> hits);
    }

    /** Streams the objects through {@code git cat-file --batch}; the ids are written by a thread of their own. */
    private static void readObjects(Path repository, Map<String, String> paths, long maxSize, Buffers buffers,
                                    LongAdder objects, ObjectHits hits) throws IOException {
        Process git = new ProcessBuilder("git", "-C", repository.toString(), "cat-file", "--batch")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread writer = Thread.ofPlatform().daemon().name("secretdesk-scan-git").start(() -> {
            try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(git.getOutputStream(),
                    StandardCharsets.US_ASCII))) {
                for (String id : paths.keySet()) {
                    w.write(id);
                    w.write('\n');
                }
            } catch (IOException e) {
                git.destroy();
            }
        });
        byte[] buffer = buffers.take(maxSize + 1, maxSize + 1);
        try (InputStream in = git.getInputStream()) {
            String header;
            while ((header = line(in)) != null) {
                String[] parts = header.split(" ");
                if (parts.length != 3) {
                    continue; // "<id> missing"
                }
                long size = Long.parseLong(parts[2]);
                // Trees (binary lists of names) and tags are passed over; so are objects over the size limit.
                boolean wanted = (parts[1].equals("blob") || parts[1].equals("commit")) && size <= maxSize;
                if (!wanted) {
                    in.skipNBytes(size + 1);
                    continue;
                }
                int length = (int) size;
                in.readNBytes(buffer, 0, length);
                in.skipNBytes(1);
                objects.increment();
                if (SecretScanner.looksBinary(buffer, length)) {
                    continue;
                }
                List<SecretScanner.Hit> list = new ArrayList<>();
                SecretScanner.find(buffer, length, list::add);
                if (!list.isEmpty()) {
                    hits.found(parts[0], parts[1], list);
                }
            }
        } finally {
            buffers.give(buffer);
            waitFor(git);
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The commit that added the blob, abbreviated; the oldest of those that changed its number of occurrences. */
    private static String addedBy(Path repository, String blob) throws IOException {
        Output log = run(repository, List.of("log", "--all", "--format=%h", "--find-object=" + blob));
        String[] lines = log.text().strip().split("\n");
        return log.ok() && !lines[lines.length - 1].isBlank() ? lines[lines.length - 1].strip() : null;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            out.write(b);
        }
        return b == -1 && out.size() == 0 ? null : out.toString(StandardCharsets.US_ASCII);
    }

    private record Output(boolean ok, String text, String error) {
    }

    private static Output run(Path repository, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "-C", repository.toString()));
        command.addAll(args);
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new IOException("git is needed to scan history (--git) and could not be started", e);
        }
        p.getOutputStream().close();
        String[] err = new String[1];
        Thread errors = Thread.ofPlatform().daemon().start(() -> {
            try {
                err[0] = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                err[0] = "";
            }
        });
        String text;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder sb = new StringBuilder();
            char[] chunk = new char[8192];
            for (int n; (n = r.read(chunk)) > 0; ) {
                sb.append(chunk, 0, n);
            }
            text = sb.toString();
        }
        int exit = waitFor(p);
        try {
            errors.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Output(exit == 0, text, err[0]);
    }

    private static int waitFor(Process p) throws IOException {
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("git did not finish");
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while git ran", e);
        }
    }
}
