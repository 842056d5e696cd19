package org.secretdesk.ui.mainwindow;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import javafx.beans.property.SimpleIntegerProperty;
import org.secretdesk.model.Application;
import org.secretdesk.ui.common.RelativeTime;

/** A main window's ViewModel on a fake gateway, a manual clock and a synchronous background: no toolkit. */
final class WindowFixture {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    final MutableClock clock = new MutableClock(NOW);
    final ManualBackground background = new ManualBackground(clock);
    final FakeGatewayClient gateway = new FakeGatewayClient(NOW.minus(Duration.ofDays(40)));
    final MainWindowViewModel vm = new MainWindowViewModel(background, clock, new RelativeTime(ZoneOffset.UTC),
            new SimpleIntegerProperty(0));

    void connect() {
        vm.connect(gateway, new ConnectionInfo("Local gateway", "SecretDesk gateway (embedded)",
                "https://127.0.0.1:1234", "OS keychain", null));
    }

    Application app(String name) {
        return vm.applications().visible().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }
}
