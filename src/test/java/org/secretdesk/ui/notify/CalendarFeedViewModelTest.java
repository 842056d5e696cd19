package org.secretdesk.ui.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.CalendarToken;
import org.secretdesk.model.IssuedCalendarToken;
import org.secretdesk.model.Problem;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.model.SecretValue;
import org.secretdesk.ui.testing.StubGateway;
import org.secretdesk.ui.testing.SyncBackground;

/** The calendar link's states (issue 23), without the toolkit: the URL is shown once and destroyed after. */
class CalendarFeedViewModelTest {

    private final List<CalendarToken> tokens = new ArrayList<>();
    private final List<SecretValue> issued = new ArrayList<>();
    private final StubGateway stub = new StubGateway()
            .on("listCalendarTokens", a -> List.copyOf(tokens))
            .on("issueCalendarToken", a -> {
                CalendarToken t = new CalendarToken("cal_" + (issued.size() + 1), (String) a[0], "admin",
                        Instant.EPOCH, null);
                tokens.add(t);
                SecretValue url = SecretValue.copyOf("https://gw.example.com/api/v1/calendar.ics?token=t"
                        + (issued.size() + 1));
                issued.add(url);
                return new IssuedCalendarToken(t, url);
            })
            .on("revokeCalendarToken", a -> {
                tokens.removeIf(t -> t.id().equals(a[0]));
                return null;
            });
    private final CalendarFeedViewModel vm = new CalendarFeedViewModel(new SyncBackground(), stub.client());

    @Test
    void issueShowsTheLinkOnceReissueReplacesItAndRevokeAndCloseDestroyIt() {
        vm.load();
        assertThat(vm.tokens()).isEmpty();
        assertThat(vm.loadedProperty().get()).isTrue();

        vm.name().set("Payments calendar");
        vm.issue();
        assertThat(vm.linkProperty().get().sameAs("https://gw.example.com/api/v1/calendar.ics?token=t1")).isTrue();
        assertThat(vm.linkNameProperty().get()).isEqualTo("Payments calendar");
        assertThat(vm.tokens()).extracting(CalendarToken::name).containsExactly("Payments calendar");

        vm.reissue(vm.tokens().getFirst());
        assertThat(stub.calls).containsSubsequence("revokeCalendarToken", "issueCalendarToken");
        assertThat(issued.getFirst().isDestroyed()).as("the first link's URL is wiped").isTrue();
        assertThat(vm.linkProperty().get().sameAs("https://gw.example.com/api/v1/calendar.ics?token=t1")).isFalse();
        assertThat(vm.tokens()).extracting(CalendarToken::name).containsExactly("Payments calendar");

        vm.revoke(vm.tokens().getFirst());
        assertThat(vm.linkProperty().get()).isNull();
        assertThat(issued.get(1).isDestroyed()).isTrue();
        assertThat(vm.tokens()).isEmpty();

        vm.issue();
        vm.close();
        assertThat(vm.linkProperty().get()).isNull();
        assertThat(issued.get(2).isDestroyed()).as("closing wipes the shown URL").isTrue();
    }

    @Test
    void aNameIsRequiredAndAFailureIsSaid() {
        vm.name().set("  ");
        vm.issue();
        assertThat(vm.messageProperty().get()).isEqualTo("Name is required.");
        assertThat(stub.calls).doesNotContain("issueCalendarToken");

        stub.on("issueCalendarToken", a -> {
            throw GatewayException.http(Problem.of(ProblemCode.AUTH_FORBIDDEN, "Calendar feed tokens are for admin "
                    + "keys only."));
        });
        vm.name().set("Team");
        vm.issue();
        assertThat(vm.messageProperty().get()).isNotEmpty();
        assertThat(vm.linkProperty().get()).isNull();
        assertThat(vm.busyProperty().get()).isFalse();
    }
}
