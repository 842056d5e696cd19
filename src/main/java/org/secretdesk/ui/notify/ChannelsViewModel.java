package org.secretdesk.ui.notify;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.model.Channel;
import org.secretdesk.model.ChannelDelivery;
import org.secretdesk.model.ChannelEvent;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.common.ErrorMessages;
import org.secretdesk.ui.common.RelativeTime;

/**
 * Settings → Notification channels (issue 23): the gateway's channels with their type, filter, state and how their
 * last delivery went; for the selected one its last deliveries and failures, "Send a test" with its result, and
 * Remove. Every call runs in the {@link Background}; a failure becomes a message, the list stays as it was.
 */
public final class ChannelsViewModel {

    /** How many deliveries of the selected channel are shown. */
    public static final int DELIVERIES = 50;

    public enum State { LOADING, READY, EMPTY, FAILED }

    /** A channel as listed, with its last delivery (null when nothing was sent yet). */
    public record Row(Channel channel, ChannelDelivery last) {
    }

    private final Background background;
    private final GatewayClient client;
    private final Clock clock;
    private final RelativeTime time;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObjectProperty<Row> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObservableList<ChannelDelivery> deliveries = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.LOADING);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper deliveriesMessage = new ReadOnlyStringWrapper(this, "deliveriesMessage", "");
    private final ReadOnlyStringWrapper testResult = new ReadOnlyStringWrapper(this, "testResult", "");
    private final ReadOnlyBooleanWrapper testFailed = new ReadOnlyBooleanWrapper(this, "testFailed", false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);

    public ChannelsViewModel(Background background, GatewayClient client, Clock clock, RelativeTime time) {
        this.background = Objects.requireNonNull(background);
        this.client = Objects.requireNonNull(client);
        this.clock = Objects.requireNonNull(clock);
        this.time = Objects.requireNonNull(time);
        selected.addListener((obs, was, now) -> {
            // A reload selects the same channel's new row: its test result stays.
            if (now == null || was == null || !was.channel().id().equals(now.channel().id())) {
                testResult.set("");
                loadDeliveries();
            }
        });
    }

    /** Reads the channels (and each one's last delivery); the selection stays on the same channel. */
    public void load() {
        String keep = selected.get() == null ? null : selected.get().channel().id();
        if (rows.isEmpty()) {
            state.set(State.LOADING);
        }
        busy.set(true);
        background.call(() -> {
            List<Row> out = new ArrayList<>();
            for (Channel c : client.listChannels()) {
                List<ChannelDelivery> last = client.listChannelDeliveries(c.id(), 1);
                out.add(new Row(c, last.isEmpty() ? null : last.getFirst()));
            }
            return out;
        }, list -> {
            busy.set(false);
            message.set("");
            rows.setAll(list);
            state.set(list.isEmpty() ? State.EMPTY : State.READY);
            Row again = keep == null ? null : list.stream().filter(r -> r.channel().id().equals(keep)).findFirst()
                    .orElse(null);
            selected.set(again != null ? again : list.isEmpty() ? null : list.getFirst());
            if (again != null) {
                loadDeliveries();
            }
        }, e -> {
            busy.set(false);
            message.set(ErrorMessages.describe(e, "read the notification channels"));
            if (rows.isEmpty()) {
                state.set(State.FAILED);
            }
        });
    }

    private void loadDeliveries() {
        Row row = selected.get();
        deliveries.clear();
        if (row == null) {
            deliveriesMessage.set("");
            return;
        }
        deliveriesMessage.set("Reading the deliveries…");
        String id = row.channel().id();
        background.call(() -> client.listChannelDeliveries(id, DELIVERIES), list -> {
            if (selected.get() != null && selected.get().channel().id().equals(id)) {
                deliveries.setAll(list);
                deliveriesMessage.set(list.isEmpty() ? "Nothing sent to this channel yet: send a test." : "");
            }
        }, e -> deliveriesMessage.set(ErrorMessages.describe(e, "read the channel's deliveries")));
    }

    /** Sends a test event to the selected channel now and says how it went. */
    public void sendTest() {
        Row row = selected.get();
        if (row == null || busy.get()) {
            return;
        }
        busy.set(true);
        testFailed.set(false);
        testResult.set("Sending a test to “" + row.channel().name() + "”…");
        background.call(() -> client.testChannel(row.channel().id()), d -> {
            busy.set(false);
            boolean ok = d.state() == ChannelDelivery.State.DELIVERED;
            testFailed.set(!ok);
            testResult.set(ok ? "Test delivered to “" + row.channel().name() + "”." : "The test was not delivered: "
                    + (d.lastError() == null ? d.state().name().toLowerCase(java.util.Locale.ROOT) : d.lastError()));
            load();
        }, e -> {
            busy.set(false);
            testFailed.set(true);
            testResult.set(ErrorMessages.describe(e, "send a test"));
        });
    }

    /** Removes {@code row}'s channel (the caller asked first); {@code onDone} runs after the gateway removed it. */
    public void remove(Row row, Runnable onDone) {
        busy.set(true);
        background.call(() -> {
            client.deleteChannel(row.channel().id());
            return null;
        }, ignored -> {
            busy.set(false);
            message.set("");
            selected.set(null);
            onDone.run();
            load();
        }, e -> {
            busy.set(false);
            message.set(ErrorMessages.describe(e, "remove the channel"));
            if (ErrorMessages.isNotFound(e)) {
                load();
            }
        });
    }

    /** Saves {@code form} (add or edit) and reloads; the form says what went wrong and keeps what was typed. */
    public void save(ChannelFormViewModel form, Consumer<Channel> onSaved) {
        form.begin().ifPresent(request -> background.call(() -> {
            try {
                return form.isEdit()
                        ? client.updateChannel(form.editing().id(), request.spec(), request.credential(),
                        form.expectedVersion())
                        : client.createChannel(request.spec(), request.credential());
            } finally {
                if (request.credential() != null) {
                    request.credential().destroy();
                }
            }
        }, saved -> {
            form.succeeded();
            onSaved.accept(saved);
            load();
        }, e -> {
            if (form.failed(e)) {
                background.call(() -> client.getChannel(form.editing().id()), form::rebase, again -> { });
            }
        }));
    }

    // ---------------------------------------------------------------- texts

    /** "All warnings", "Every audit record + 3 more", or the chosen events' names. */
    public static String filterText(List<ChannelEvent> events) {
        EnumSet<ChannelEvent> warnings = EnumSet.complementOf(EnumSet.of(ChannelEvent.AUDIT));
        if (events.containsAll(warnings)) {
            return events.contains(ChannelEvent.AUDIT) ? "Everything" : "All warnings";
        }
        if (events.size() > 3) {
            return events.getFirst().label() + " + " + (events.size() - 1) + " more";
        }
        return String.join(", ", events.stream().map(ChannelEvent::label).toList());
    }

    /** How the last delivery went: "Delivered 5 min ago", "Failed: …", "Retrying (2 of 8)", "Nothing sent yet". */
    public String lastText(ChannelDelivery last) {
        if (last == null) {
            return "Nothing sent yet";
        }
        return switch (last.state()) {
            case DELIVERED -> "Delivered " + time.relative(last.finishedAt() != null ? last.finishedAt()
                    : last.createdAt(), clock.instant(), "");
            case FAILED -> "Failed " + time.relative(last.finishedAt() != null ? last.finishedAt()
                    : last.createdAt(), clock.instant(), "") + (last.lastError() == null ? "" : ": "
                    + last.lastError());
            case PENDING -> last.attempts() == 0 ? "Queued" : "Retrying (attempt " + last.attempts() + " of "
                    + last.maxAttempts() + " failed" + (last.lastError() == null ? ")" : ": " + last.lastError()
                    + ")");
        };
    }

    /** A delivery's result for the deliveries table. */
    public static String resultText(ChannelDelivery d) {
        return switch (d.state()) {
            case DELIVERED -> d.attempts() > 1 ? "Delivered after " + d.attempts() + " attempts" : "Delivered";
            case FAILED -> "Failed after " + d.attempts() + " attempts";
            case PENDING -> d.attempts() == 0 ? "Queued" : "Retrying (" + d.attempts() + " of " + d.maxAttempts()
                    + " failed)";
        };
    }

    public String exactTime(java.time.Instant t) {
        return t == null ? "" : time.exact(t);
    }

    // ---------------------------------------------------------------- state

    public ObservableList<Row> rows() {
        return rows;
    }

    public ObjectProperty<Row> selectedProperty() {
        return selected;
    }

    public ObservableList<ChannelDelivery> deliveries() {
        return deliveries;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The last failure of a list, test or remove call, or empty. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty deliveriesMessageProperty() {
        return deliveriesMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty testResultProperty() {
        return testResult.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty testFailedProperty() {
        return testFailed.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
