package org.secretdesk.desk;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Instant;

/**
 * A second console asks the one already running to come to the front: it writes {@value #FILE_NAME} in the data
 * directory, which the running console watches. Nothing but a time is written; any user who can write the data
 * directory is the owner of the console anyway.
 */
public final class RaiseRequests {

    public static final String FILE_NAME = "console.raise";

    private RaiseRequests() {
    }

    /** Asks the console that holds the data directory's lock to show its window. */
    public static void request(Path dataDir) throws IOException {
        Files.writeString(dataDir.resolve(FILE_NAME), Instant.now().toString());
    }

    /**
     * Calls {@code onRequest} (on a daemon thread) whenever another console asks; closing stops watching.
     */
    public static AutoCloseable watch(Path dataDir, Runnable onRequest) throws IOException {
        WatchService watcher = dataDir.getFileSystem().newWatchService();
        dataDir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        Thread t = Thread.ofPlatform().daemon().name("raise-requests").start(() -> {
            try {
                while (true) {
                    WatchKey key = watcher.take();
                    boolean asked = false;
                    for (WatchEvent<?> event : key.pollEvents()) {
                        if (event.context() instanceof Path p && p.toString().equals(FILE_NAME)) {
                            asked = true;
                        }
                    }
                    if (asked) {
                        onRequest.run();
                    }
                    if (!key.reset()) {
                        return;
                    }
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                // closed: stop
            }
        });
        return () -> {
            watcher.close();
            t.interrupt();
        };
    }
}
