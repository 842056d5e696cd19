package org.secretdesk.ui.mainwindow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.secretdesk.model.Application;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.GatewayEvent;
import org.secretdesk.model.Notification;

/**
 * Issue 19: two secrets expiring in 2 h and 23 h raised no bell for about 50 minutes — the gateway's scheduler runs
 * hourly, and creating a secret or saving the policy checked nothing; the table's ⚠ was there at once. The console
 * now warns from what it has loaded, at once, and the gateway's own notice later replaces its warning.
 */
class ExpiryWarningsTest {

    private final WindowFixture w = new WindowFixture();
    private final List<String> popups = new ArrayList<>();

    @BeforeEach
    void listen() {
        w.vm.alerts().popupProperty().addListener((o, a, p) -> {
            if (p != null) {
                popups.add(p.text());
                w.vm.alerts().popupShown();
            }
        });
    }

    @Test
    void secretsExpiringSoonWarnAsSoonAsTheyAreLoaded() {
        w.gateway.addApplication("a1", "billing", "", 1, WindowFixture.NOW.plus(Duration.ofHours(2)), 0);
        w.gateway.addApplication("a2", "ingest", "", 1, WindowFixture.NOW.plus(Duration.ofHours(23)), 0);
        w.gateway.addApplication("a3", "reporting", "", 1, WindowFixture.NOW.plus(Duration.ofDays(60)), 0);
        w.connect();

        assertThat(w.vm.alerts().unreadProperty().get()).isEqualTo(2);
        assertThat(popups).containsExactly("2 secrets expire within 1 day");
        assertThat(w.vm.alerts().all()).extracting(ExpiryAlerts::describe)
                .containsExactlyInAnyOrder("billing — a secret expires soon", "ingest — a secret expires soon");

        // Read again (a refresh, a reconnect): nothing new, no second popup.
        w.vm.refresh();
        assertThat(popups).hasSize(1);
        assertThat(w.vm.alerts().all()).hasSize(2);
    }

    @Test
    void theGatewaysNoticeReplacesTheConsolesOwnWarning() {
        w.gateway.addApplication("a1", "billing", "", 1, WindowFixture.NOW.plus(Duration.ofHours(2)), 0);
        w.connect();
        assertThat(popups).hasSize(1);

        // An hour later the scheduler records its notification for that secret.
        w.gateway.notifications.add(new Notification("n1", Notification.NotificationType.SECRET_EXPIRING, "a1",
                "billing", "s1", "prod", WindowFixture.NOW.plus(Duration.ofHours(2)), WindowFixture.NOW));
        w.gateway.emit(new GatewayEvent("notification.created", null, null, 0L));

        assertThat(popups).as("the same expiry is not announced twice").hasSize(1);
        assertThat(w.vm.alerts().all()).singleElement().extracting(Notification::id).isEqualTo("n1");
    }

    @Test
    void aNewSecretOrAShorterPolicyWarnsWithoutWaiting() {
        w.gateway.addApplication("a1", "billing", "", 1, null, 0);
        w.connect();
        assertThat(popups).isEmpty();

        // A dialog created a secret that expires in 3 hours: the application comes back with that next expiry.
        w.vm.applicationUpdated(new Application("a1", "billing", "", "sdc_a1", List.of(), WindowFixture.NOW,
                WindowFixture.NOW, 2, ExpiryPolicy.FOLLOW_DOMAIN, 2, WindowFixture.NOW.plus(Duration.ofHours(3)), 0));
        assertThat(popups).containsExactly("1 secret expires within 1 day");
    }

    @Test
    void anExpiredSecretSaysSo() {
        w.gateway.addApplication("a1", "billing", "", 2, null, 1);
        w.connect();
        assertThat(popups).containsExactly("1 secret has expired");
        assertThat(ExpiryAlerts.describe(w.vm.alerts().all().getFirst())).isEqualTo("billing — a secret has expired");
    }
}
