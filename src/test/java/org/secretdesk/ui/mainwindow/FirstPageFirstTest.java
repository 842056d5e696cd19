package org.secretdesk.ui.mainwindow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.beans.property.SimpleIntegerProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.common.RelativeTime;
import org.secretdesk.ui.testing.SyncBackground;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The first load reads the rest of the applications only once the View says the first page is laid out, so that
 * page's cells are styled without the next pages' reading competing with them (issue 24's stall).
 */
class FirstPageFirstTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    private final ExecutorService loader = Executors.newSingleThreadExecutor();
    /** Loads on a thread of its own; "UI" work runs where it is posted, under this lock. */
    private final Background background = new Background() {
        @Override
        public <T> void call(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
            loader.execute(() -> SyncBackground.runNow(work, r -> ui(() -> onSuccess.accept(r)),
                    e -> ui(() -> onError.accept(e))));
        }

        @Override
        public void onUi(Runnable action) {
            ui(action);
        }

        @Override
        public Cancellable later(Duration delay, Runnable action) {
            return () -> { };
        }
    };

    private synchronized void ui(Runnable action) {
        action.run();
    }

    private synchronized int shown(MainWindowViewModel vm) {
        return vm.applications().visible().size();
    }

    @AfterEach
    void stop() {
        loader.shutdownNow();
    }

    @Test
    void theRestIsReadOnceTheFirstPageIsDrawn() throws Exception {
        FakeGatewayClient gateway = new FakeGatewayClient(NOW.minus(Duration.ofDays(40)));
        for (int i = 0; i < 250; i++) {
            gateway.addApplication("a" + i, String.format("svc-%04d", i), "", 1, null, 0);
        }
        MainWindowViewModel vm = new MainWindowViewModel(background, new MutableClock(NOW),
                new RelativeTime(ZoneOffset.UTC), new SimpleIntegerProperty(0));
        vm.firstPageWait(Duration.ofMinutes(2)); // held until this test says the page is drawn
        vm.applications().reportsFirstPageDrawn();
        ui(() -> vm.connect(gateway, new ConnectionInfo("Local gateway", "SecretDesk gateway (embedded)",
                "https://127.0.0.1:1234", "OS keychain", null)));

        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> shown(vm) == MainWindowViewModel.FIRST_PAGE_SIZE);
        assertThat(gateway.listApplicationCalls).as("pages read before the first was drawn").isEqualTo(1);

        vm.applications().firstPageDrawn();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> shown(vm) == 250);
        assertThat(gateway.listApplicationCalls).isEqualTo(2);
    }
}
