package org.secretdesk.ui.mainwindow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.secretdesk.model.Notification;
import org.secretdesk.ui.testing.HeldBackground;

/**
 * The bell's fetches: one at a time per connection. The gateway sends an event per notification, and a scheduler
 * pass can raise thousands at once; the fetches asked for while one runs become one, from where it ended.
 */
class ExpiryAlertsFetchTest {

    private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");

    private final HeldBackground background = new HeldBackground();
    private final ExpiryAlerts alerts = new ExpiryAlerts(background, ExpiryAlerts.inMemory());
    private final FakeGatewayClient gateway = new FakeGatewayClient(NOW);

    @Test
    void fetchesAskedForWhileOneRunsAreDoneOnceAfterItFromWhereItEnded() {
        gateway.notifications.add(expiring("n1", NOW));
        int[] done = {0};
        alerts.fetch(gateway, () -> done[0]++);
        // Three more events while the first fetch is under way, a new notification among them.
        gateway.notifications.add(expiring("n2", NOW.plusSeconds(1)));
        for (int i = 0; i < 3; i++) {
            alerts.fetch(gateway, () -> done[0]++);
        }
        assertThat(background.waiting()).isEqualTo(1);

        background.runNext();
        assertThat(gateway.notificationSinces).containsExactly("null");
        assertThat(done[0]).isEqualTo(1);
        assertThat(background.waiting()).as("the three, as one fetch").isEqualTo(1);

        background.runNext();
        assertThat(gateway.notificationSinces).containsExactly("null", NOW.plusSeconds(1).toString());
        assertThat(done[0]).isEqualTo(4);
        assertThat(alerts.all()).extracting(Notification::id).containsExactlyInAnyOrder("n1", "n2");
        assertThat(background.waiting()).isZero();

        // Nothing running: the next event fetches at once.
        alerts.fetch(gateway, () -> done[0]++);
        assertThat(background.waiting()).isEqualTo(1);
    }

    @Test
    void aNewConnectionDoesNotWaitForTheOldOnesFetch() {
        alerts.fetch(gateway, () -> { });
        alerts.fetch(gateway, () -> { }); // held behind the first
        alerts.reset();
        alerts.fetch(gateway, () -> { });
        assertThat(background.waiting()).as("the old fetch and the new connection's").isEqualTo(2);

        background.runNext(); // the old connection's fetch ends: what was held for it is dropped
        background.runNext();
        assertThat(background.waiting()).isZero();
        assertThat(gateway.notificationSinces).hasSize(2);
    }

    private static Notification expiring(String id, Instant created) {
        return new Notification(id, Notification.NotificationType.SECRET_EXPIRING, "a1", "app a1", "s-" + id,
                "desc", created.plus(Duration.ofDays(3)), created);
    }
}
