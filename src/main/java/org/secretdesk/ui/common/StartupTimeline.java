package org.secretdesk.ui.common;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.LoggerFactory;

/**
 * The console's start-up milestones, each logged once at INFO as {@code Start-up: <milestone> at <n> ms} (time
 * since the JVM started): window shown, local gateway listening, list fetched, list drawn, all applications loaded.
 * They tell an operator where a slow start goes, and the start-up and desktop memory benchmarks read them.
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

    /**
     * Looks up when the JVM started (on the start-up warm-up thread, so that the first milestone does not pay for
     * loading the management classes).
     */
    public static void warmUp() {
        sinceJvmStart();
    }

    /** Milliseconds since this JVM started. */
    static long sinceJvmStart() {
        return System.currentTimeMillis() - JvmStart.MILLIS;
    }

    /**
     * The JVM's own record of its start (the process's start time from the OS is only as precise as the clock
     * ticks and boot time it is derived from: half a second off was seen).
     */
    private static final class JvmStart {
        static final long MILLIS = ManagementFactory.getRuntimeMXBean().getStartTime();
    }
}
