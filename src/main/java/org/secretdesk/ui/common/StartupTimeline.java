package org.secretdesk.ui.common;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.LoggerFactory;

/**
 * The console's start-up milestones, each logged once at INFO as {@code Start-up: <milestone> at <n> ms} (time
 * since the JVM started): window shown, local gateway listening, list fetched, list drawn. They tell an operator
 * where a slow start goes, and the start-up benchmark (installer/bench-startup.sh) reads them.
 */
public final class StartupTimeline {

    private static final Set<String> MARKED = ConcurrentHashMap.newKeySet();

    private StartupTimeline() {
    }

    /** Logs the milestone the first time it is reached; later calls do nothing. */
    public static void mark(String milestone) {
        if (MARKED.add(milestone)) {
            LoggerFactory.getLogger(StartupTimeline.class).info("Start-up: {} at {} ms", milestone, sinceJvmStart());
        }
    }

    /** Milliseconds since this JVM started (from the OS's process start time), or -1 when unknown. */
    static long sinceJvmStart() {
        return ProcessHandle.current().info().startInstant()
                .map(start -> Duration.between(start, Instant.now()).toMillis())
                .orElse(-1L);
    }
}
