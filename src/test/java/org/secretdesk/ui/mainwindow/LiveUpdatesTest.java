package org.secretdesk.ui.mainwindow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.secretdesk.model.Application;
import org.secretdesk.model.GatewayEvent;

/** Following the gateway's events without losing a change: subscribe first, read after the stream opened. */
class LiveUpdatesTest {

    private final WindowFixture w = new WindowFixture();

    @Test
    void aChangeMadeWhileTheListIsBeingReadIsNotLost() {
        // Issue 19: the console read the list, then subscribed; another operator's change in between was missing
        // until the next reload.
        w.gateway.addApplication("a1", "one", "", 1, null, 0);
        w.gateway.afterNextList = () -> {
            w.gateway.addApplication("a2", "two", "", 1, null, 0);
            w.gateway.publish(new GatewayEvent("application.created", "a2", null, 1L));
        };
        w.connect();
        w.background.advance(LiveUpdates.EVENT_DEBOUNCE);

        assertThat(w.vm.applications().visible()).extracting(Application::name).containsExactly("one", "two");
        assertThat(w.vm.live().stateProperty().get()).isEqualTo(LiveUpdates.State.LIVE);
    }

    @Test
    void theWindowIsLiveOnlyOnceWhatItShowsWasReadAfterTheStreamOpened() {
        w.gateway.holdOpen = true;
        w.gateway.addApplication("a1", "one", "", 1, null, 0);
        w.connect();
        assertThat(w.vm.live().stateProperty().get()).isEqualTo(LiveUpdates.State.OPENING);
        assertThat(w.gateway.listApplicationCalls).as("waits for the stream first").isZero();

        // The stream is slow to open: the list is read anyway, but the window is not live yet.
        w.background.advance(LiveUpdates.OPEN_WAIT);
        assertThat(w.vm.applications().visible()).hasSize(1);
        assertThat(w.vm.live().stateProperty().get()).isEqualTo(LiveUpdates.State.OPENING);
        int reads = w.gateway.listApplicationCalls;

        // Changed before the stream opened: only a read after the opening shows it.
        w.gateway.addApplication("a2", "two", "", 1, null, 0);
        w.gateway.openStream();
        assertThat(w.gateway.listApplicationCalls).isGreaterThan(reads);
        assertThat(w.vm.applications().visible()).hasSize(2);
        assertThat(w.vm.live().stateProperty().get()).isEqualTo(LiveUpdates.State.LIVE);
        assertThat(w.vm.status().statusText().get()).endsWith("· live");
    }

    @Test
    void aReconnectSubscribesBeforeReadingAgain() {
        w.gateway.addApplication("a1", "one", "", 1, null, 0);
        w.connect();
        w.gateway.breakStream();
        assertThat(w.vm.live().stateProperty().get()).isEqualTo(LiveUpdates.State.LOST);
        assertThat(w.vm.status().statusText().get()).doesNotEndWith("· live");

        w.gateway.afterNextList = () -> {
            w.gateway.addApplication("a2", "two", "", 1, null, 0);
            w.gateway.publish(new GatewayEvent("application.created", "a2", null, 1L));
        };
        w.background.advance(LiveUpdates.RECONNECT_MIN);
        w.background.advance(LiveUpdates.EVENT_DEBOUNCE);
        assertThat(w.vm.applications().visible()).extracting(Application::name).containsExactly("one", "two");
        assertThat(w.vm.live().stateProperty().get()).isEqualTo(LiveUpdates.State.LIVE);
    }
}
