package org.secretdesk.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleInstanceLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondHolderIsRefusedUntilTheFirstReleases() throws Exception {
        Optional<SingleInstanceLock> first = SingleInstanceLock.tryAcquire(dir);
        assertThat(first).isPresent();
        assertThat(SingleInstanceLock.tryAcquire(dir)).isEmpty();

        first.get().close();
        Optional<SingleInstanceLock> again = SingleInstanceLock.tryAcquire(dir);
        assertThat(again).isPresent();
        again.get().close();
    }

    @Test
    void anotherProcessIsRefusedWhileThisOneHoldsTheLock() throws Exception {
        try (SingleInstanceLock held = SingleInstanceLock.tryAcquire(dir).orElseThrow()) {
            assertThat(otherProcessCanLock()).isFalse();
        }
        assertThat(otherProcessCanLock()).isTrue();
    }

    /** Runs {@link LockProbe} in a fresh JVM: exit code 0 when it got the lock. */
    private boolean otherProcessCanLock() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LockProbe.class.getName(), dir.toString()).inheritIO().start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0;
    }

    public static final class LockProbe {
        public static void main(String[] args) throws Exception {
            Optional<SingleInstanceLock> lock = SingleInstanceLock.tryAcquire(Path.of(args[0]));
            lock.ifPresent(SingleInstanceLock::close);
            System.exit(lock.isPresent() ? 0 : 3);
        }
    }
}
