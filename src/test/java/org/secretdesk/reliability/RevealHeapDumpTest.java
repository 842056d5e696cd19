package org.secretdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.Clipboard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secretdesk.client.TlsTrust;
import org.secretdesk.client.secretdesk.SecretDeskClient;
import org.secretdesk.model.IssuedSecret;
import org.secretdesk.model.SecretStatus;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretValue;
import org.secretdesk.server.testing.GatewayFixture;
import org.secretdesk.ui.reveal.ClipboardGuard;
import org.secretdesk.ui.reveal.RevealDialog;
import org.secretdesk.ui.reveal.RevealViewModel;
import org.secretdesk.ui.testing.HeadlessFx;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Promise 4 (console memory): after the reveal dialog showed a secret and closed, a heap dump of the console
 * (live objects only) holds no copy of it in UTF-16 (Java strings and char[]), Latin-1 (compact strings) or
 * UTF-8. The secret is made from random characters here and never becomes a String in this test, so every copy
 * found is the console's.
 */
class RevealHeapDumpTest {

    static {
        HeadlessFx.useBuiltInHeadlessPlatform();
    }

    @TempDir
    Path dir;

    @BeforeAll
    static void toolkit() throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        try {
            Platform.startup(() -> started.complete(null));
        } catch (IllegalStateException alreadyRunning) {
            started.complete(null);
        }
        started.get(30, TimeUnit.SECONDS);
        Platform.setImplicitExit(false);
    }

    /**
     * Issue 20: the secret comes from the gateway's real HTTPS answer (an in-process gateway, the console's
     * SecretDeskClient), is shown, copied with the dialog's Copy button, and the dialog closed with Done; then the
     * clipboard is cleared as its timeout would. No copy may remain once the client's connections are closed.
     * (The test used to build the secret by hand and never press Copy.) What is not covered: while its connection
     * stays pooled, the JDK's TLS layer keeps the last decrypted record, until the next answer on that connection or
     * the connection's eviction after 5 idle minutes; closing the connection after every issuing call (Connection:
     * close) was tried and changed how issuing calls behave under network faults (ConsoleUnderFaultsTest).
     */
    @Test
    void aSecretIssuedOverHttpsShownCopiedAndClosedLeavesNoCopyInTheHeap() throws Exception {
        GatewayFixture gw = GatewayFixture.start(dir.resolve("gateway"));
        String appId = gw.createApp(GatewayFixture.unique("heap")).path("id").asText();
        SecretDeskClient client = new SecretDeskClient(gw.server().baseUri(), SecretValue.copyOf(gw.adminKey()),
                TlsTrust.of(List.of(gw.server().caCertificate())));
        IssuedSecret issued = client.createSecret(appId, "heap", null);
        // The search patterns are kept masked until after the dump: unmasked they would be found in the heap.
        byte mask = (byte) (1 + new SecureRandom().nextInt(254));
        char[] chars = issued.value().copyChars();
        List<byte[]> needles = encodings(chars);
        needles.forEach(n -> xor(n, mask));
        java.util.Arrays.fill(chars, '\0');

        ClipboardGuard[] guard = new ClipboardGuard[1];
        RevealDialog[] dialog = new RevealDialog[1];
        onFx(() -> {
            guard[0] = new ClipboardGuard(() -> Duration.ofSeconds(30));
            RevealViewModel vm = new RevealViewModel("heap", issued, guard[0]::copySecret, guard[0]::copyText,
                    Clock.systemDefaultZone());
            dialog[0] = new RevealDialog(null, vm, guard[0], new ConsoleFx.NoQuestions(),
                    new org.secretdesk.ui.testing.SyncBackground(), new java.util.concurrent.atomic.AtomicReference<>());
            dialog[0].show();
        });
        showHideAndCheckRendered(dialog[0]);
        onFx(() -> ((Button) dialog[0].dialog().getDialogPane().lookup("#reveal-copy-secret")).fire());
        boolean[] copied = new boolean[1];
        onFx(() -> copied[0] = Clipboard.getSystemClipboard().hasString()
                && issued.value().sameAs(Clipboard.getSystemClipboard().getString()));
        assertThat(copied[0]).as("Copy put the secret on the clipboard").isTrue();
        onFx(() -> ((Button) dialog[0].dialog().getDialogPane().lookupButton(RevealDialog.DONE)).fire());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(issued.value().isDestroyed()).as("the dialog wiped the secret").isTrue();
        onFx(guard[0]::clearIfOurs); // what the clipboard's timeout does
        dialog[0] = null;
        guard[0] = null;
        client.close();
        gw.close();
        assertNoCopyInTheHeap(needles, mask, "reveal-heap-dump-https");
    }

    @Test
    void aClosedRevealDialogLeavesNoCopyInTheHeap() throws Exception {
        char[] chars = randomSecret();
        // The search patterns are kept masked until after the dump: unmasked they would be found in the heap.
        byte mask = (byte) (1 + new SecureRandom().nextInt(254));
        List<byte[]> needles = encodings(chars);
        needles.forEach(n -> xor(n, mask));
        SecretValue value = SecretValue.wrap(chars.clone());
        Instant now = Instant.now();
        IssuedSecret issued = new IssuedSecret(new SecretSummary("sec_heap", "app_heap", "heap", "sds_heap",
                "sds_heap****", now, null, null, null, SecretStatus.ACTIVE, null, 1), "sdc_heap", value);
        RevealDialog[] dialog = new RevealDialog[1];
        onFx(() -> {
            ClipboardGuard guard = new ClipboardGuard(() -> Duration.ofSeconds(30));
            RevealViewModel vm = new RevealViewModel("heap", issued, guard::copySecret, guard::copyText,
                    Clock.systemDefaultZone());
            dialog[0] = new RevealDialog(null, vm, guard, new ConsoleFx.NoQuestions(),
                    new org.secretdesk.ui.testing.SyncBackground(), new java.util.concurrent.atomic.AtomicReference<>());
            dialog[0].show();
        });
        showHideAndCheckRendered(dialog[0]);
        onFx(() -> ((javafx.scene.control.CheckBox) dialog[0].dialog().getDialogPane()
                .lookup("#reveal-stored-elsewhere")).fire());
        onFx(() -> ((Button) dialog[0].dialog().getDialogPane().lookupButton(RevealDialog.DONE)).fire());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(value.isDestroyed()).as("the dialog wiped the secret").isTrue();
        dialog[0] = null;
        java.util.Arrays.fill(chars, '\0');
        assertNoCopyInTheHeap(needles, mask, "reveal-heap-dump");
    }

    /** Show the value (the Text node renders it; checked), then hide it again. */
    private static void showHideAndCheckRendered(RevealDialog dialog) throws Exception {
        onFx(() -> ((ToggleButton) dialog.dialog().getDialogPane().lookup("#reveal-show")).fire());
        WaitForAsyncUtils.waitForFxEvents();
        onFx(() -> dialog.dialog().getDialogPane().applyCss());
        onFx(() -> dialog.dialog().getDialogPane().layout());
        WaitForAsyncUtils.waitForFxEvents();
        boolean[] rendered = new boolean[1];
        onFx(() -> rendered[0] = ((org.secretdesk.ui.reveal.SecretField) dialog.dialog().getDialogPane()
                .lookup("#reveal-secret")).renderedText().startsWith("sds_"));
        assertThat(rendered[0]).as("the value was rendered in clear while shown").isTrue();
        onFx(() -> ((ToggleButton) dialog.dialog().getDialogPane().lookup("#reveal-show")).fire());
    }

    private void assertNoCopyInTheHeap(List<byte[]> needles, byte mask, String figures) throws Exception {
        // Pulses after closing let JavaFX drop what the last frame used.
        for (int i = 0; i < 5; i++) {
            WaitForAsyncUtils.waitForFxEvents();
        }
        Path dump = dir.resolve("console.hprof");
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), true);
            needles.forEach(n -> xor(n, mask));
            long[] at = firstOffsets(dump, needles);
            List<String> found = new ArrayList<>();
            String[] names = {"UTF-16LE", "UTF-16BE", "Latin-1/UTF-8"};
            for (int i = 0; i < needles.size(); i++) {
                if (at[i] >= 0) {
                    found.add(names[i] + " at offset " + at[i]);
                }
            }
            ReliabilityFiles.report(figures, "heapBytes=" + Files.size(dump) + " copiesFound=" + found.size() + " "
                    + found);
            assertThat(found).as("copies of the revealed secret in a live heap dump after the dialog closed")
                    .isEmpty();
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    /**
     * Where each needle first occurs in {@code file} (-1: nowhere), read in chunks that overlap by a needle's length:
     * the dump of a test JVM that has run hundreds of tests can be as large as the heap that would have to hold it
     * (read whole, it ran this JVM out of memory in a full verify).
     */
    private static long[] firstOffsets(Path file, List<byte[]> needles) throws IOException {
        int overlap = needles.stream().mapToInt(n -> n.length).max().orElse(1) - 1;
        long[] found = new long[needles.size()];
        Arrays.fill(found, -1);
        byte[] chunk = new byte[8 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            long base = 0; // the file offset of chunk[0]
            int length = 0;
            int read;
            while ((read = in.readNBytes(chunk, length, chunk.length - length)) > 0) {
                length += read;
                byte[] view = length == chunk.length ? chunk : Arrays.copyOf(chunk, length);
                for (int i = 0; i < needles.size(); i++) {
                    int at = found[i] >= 0 ? -1 : LeakScan.indexOf(view, needles.get(i));
                    if (at >= 0) {
                        found[i] = base + at;
                    }
                }
                int keep = Math.min(overlap, length);
                System.arraycopy(chunk, length - keep, chunk, 0, keep);
                base += length - keep;
                length = keep;
            }
        }
        return found;
    }

    private static void xor(byte[] b, byte mask) {
        for (int i = 0; i < b.length; i++) {
            b[i] ^= mask;
        }
    }

    private static char[] randomSecret() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom r = new SecureRandom();
        char[] c = new char[47];
        c[0] = 's';
        c[1] = 'd';
        c[2] = 's';
        c[3] = '_';
        for (int i = 4; i < c.length; i++) {
            c[i] = alphabet.charAt(r.nextInt(alphabet.length()));
        }
        return c;
    }

    /** UTF-16LE, UTF-16BE and one byte per char (Latin-1 compact strings and UTF-8 for these ASCII values). */
    private static List<byte[]> encodings(char[] chars) {
        byte[] le = new byte[chars.length * 2];
        byte[] be = new byte[chars.length * 2];
        byte[] latin1 = new byte[chars.length];
        for (int i = 0; i < chars.length; i++) {
            le[2 * i] = (byte) chars[i];
            be[2 * i + 1] = (byte) chars[i];
            latin1[i] = (byte) chars[i];
        }
        return List.of(le, be, latin1);
    }

    private static void onFx(Runnable action) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                action.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        done.get(30, TimeUnit.SECONDS);
    }
}
