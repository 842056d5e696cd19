package org.secretdesk.ui.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.Channel;
import org.secretdesk.model.ChannelDelivery;
import org.secretdesk.model.ChannelEvent;
import org.secretdesk.model.ChannelSettings;
import org.secretdesk.model.Problem;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.ui.common.RelativeTime;
import org.secretdesk.ui.testing.StubGateway;
import org.secretdesk.ui.testing.SyncBackground;

/** Settings → Notification channels' states and texts (issue 23), without the toolkit. */
class ChannelsViewModelTest {

    private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");
    private final List<Channel> channels = new ArrayList<>(List.of(
            channel("ch_1", "Chat ops", Channel.Kind.WEBHOOK), channel("ch_2", "SIEM", Channel.Kind.SYSLOG)));
    private final StubGateway stub = new StubGateway()
            .on("listChannels", a -> List.copyOf(channels))
            .on("listChannelDeliveries", a -> "ch_1".equals(a[0])
                    ? List.of(delivery("d_2", ChannelDelivery.State.FAILED, "connection refused"),
                    delivery("d_1", ChannelDelivery.State.DELIVERED, null)).subList(0, Math.min(2, (int) a[1]))
                    : List.of());
    private final ChannelsViewModel vm = new ChannelsViewModel(new SyncBackground(), stub.client(),
            Clock.fixed(NOW, ZoneOffset.UTC), new RelativeTime(ZoneId.of("UTC")));

    private static Channel channel(String id, String name, Channel.Kind kind) {
        return new Channel(id, name, kind, true, ChannelEvent.defaults(kind), ChannelSettings.EMPTY, false, NOW, NOW, 1);
    }

    private static ChannelDelivery delivery(String id, ChannelDelivery.State state, String error) {
        return new ChannelDelivery(id, "evt_" + id, "SECRET_EXPIRING", state, state == ChannelDelivery.State.FAILED
                ? 8 : 1, 8, NOW.minusSeconds(600), null, NOW.minusSeconds(300), error);
    }

    @Test
    void listsTheChannelsWithTheirLastDeliveryAndTheSelectedOnesDeliveries() {
        assertThat(vm.stateProperty().get()).isEqualTo(ChannelsViewModel.State.LOADING);
        vm.load();
        assertThat(vm.stateProperty().get()).isEqualTo(ChannelsViewModel.State.READY);
        assertThat(vm.rows()).extracting(r -> r.channel().name()).containsExactly("Chat ops", "SIEM");
        assertThat(vm.lastText(vm.rows().get(0).last())).isEqualTo("Failed 5 min ago: connection refused");
        assertThat(vm.lastText(vm.rows().get(1).last())).isEqualTo("Nothing sent yet");
        assertThat(vm.selectedProperty().get().channel().id()).as("the first is selected").isEqualTo("ch_1");
        assertThat(vm.deliveries()).extracting(ChannelDelivery::id).containsExactly("d_2", "d_1");
        assertThat(ChannelsViewModel.resultText(vm.deliveries().get(0))).isEqualTo("Failed after 8 attempts");

        vm.selectedProperty().set(vm.rows().get(1));
        assertThat(vm.deliveries()).isEmpty();
        assertThat(vm.deliveriesMessageProperty().get()).contains("send a test");

        vm.load();
        assertThat(vm.selectedProperty().get().channel().id()).as("a reload keeps the selection").isEqualTo("ch_2");
    }

    @Test
    void noChannelsIsItsOwnStateAndAFailureIsSaidAndKeepsTheList() {
        channels.clear();
        vm.load();
        assertThat(vm.stateProperty().get()).isEqualTo(ChannelsViewModel.State.EMPTY);
        assertThat(vm.selectedProperty().get()).isNull();

        stub.on("listChannels", a -> {
            throw GatewayException.http(Problem.of(ProblemCode.AUTH_FORBIDDEN, "admin keys only"));
        });
        ChannelsViewModel fresh = new ChannelsViewModel(new SyncBackground(), stub.client(), Clock.systemUTC(),
                new RelativeTime(ZoneId.of("UTC")));
        fresh.load();
        assertThat(fresh.stateProperty().get()).isEqualTo(ChannelsViewModel.State.FAILED);
        assertThat(fresh.messageProperty().get()).isNotEmpty();
    }

    @Test
    void sendATestSaysHowItWentAndReloads() {
        vm.load();
        stub.on("testChannel", a -> delivery("d_3", ChannelDelivery.State.DELIVERED, null));
        vm.sendTest();
        assertThat(vm.testResultProperty().get()).isEqualTo("Test delivered to “Chat ops”.");
        assertThat(vm.testFailedProperty().get()).isFalse();
        assertThat(vm.busyProperty().get()).isFalse();

        stub.on("testChannel", a -> delivery("d_4", ChannelDelivery.State.PENDING, "HTTP 503 from the receiver"));
        vm.sendTest();
        assertThat(vm.testResultProperty().get()).isEqualTo("The test was not delivered: HTTP 503 from the receiver");
        assertThat(vm.testFailedProperty().get()).isTrue();
        assertThat(stub.calls.stream().filter("listChannels"::equals).count()).as("reloaded after each test")
                .isEqualTo(3);
        assertThat(vm.testResultProperty().get()).as("the reload keeps the result").isNotEmpty();
        vm.selectedProperty().set(vm.rows().get(1));
        assertThat(vm.testResultProperty().get()).as("another channel: no result").isEmpty();
    }

    @Test
    void removeDeletesAndReloadsAndAFailureIsSaid() {
        vm.load();
        stub.on("deleteChannel", a -> {
            channels.removeIf(c -> c.id().equals(a[0]));
            return null;
        });
        boolean[] done = {false};
        vm.remove(vm.rows().get(0), () -> done[0] = true);
        assertThat(done[0]).isTrue();
        assertThat(vm.rows()).extracting(r -> r.channel().id()).containsExactly("ch_2");

        stub.on("deleteChannel", a -> {
            throw GatewayException.http(Problem.of(ProblemCode.AUTH_FORBIDDEN, "admin keys only"));
        });
        vm.remove(vm.rows().get(0), () -> { });
        assertThat(vm.messageProperty().get()).isNotEmpty();
        assertThat(vm.rows()).hasSize(1);
    }

    @Test
    void theFilterReadsAsAFewWords() {
        assertThat(ChannelsViewModel.filterText(ChannelEvent.defaults(Channel.Kind.WEBHOOK))).isEqualTo("All warnings");
        assertThat(ChannelsViewModel.filterText(List.of(ChannelEvent.values()))).isEqualTo("Everything");
        assertThat(ChannelsViewModel.filterText(List.of(ChannelEvent.SECRET_LEAKED, ChannelEvent.CA_ROTATED)))
                .isEqualTo("Secret leaked, CA rotated");
        assertThat(ChannelsViewModel.filterText(ChannelEvent.defaults(Channel.Kind.SYSLOG)))
                .isEqualTo("Every audit record + 3 more");
    }
}
