package org.secretdesk.ui.mainwindow;

import java.time.Instant;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.ui.common.RelativeTime;

/**
 * The status bar's words: the connection state, what is loaded, and how fresh it is — "live" while every change
 * shows by itself, else when it was last read, and a reminder to refresh on a backend without live updates; the
 * clipboard countdown.
 */
public final class StatusBarViewModel {

    private final ObjectProperty<Instant> lastRefresh = new SimpleObjectProperty<>();
    private final ReadOnlyIntegerProperty clipboardSecondsLeft;
    private final StringBinding statusText;
    private final StringBinding clipboardText;

    StatusBarViewModel(ConnectionViewModel connection, ApplicationsViewModel applications, FeaturesViewModel features,
                       LiveUpdates live, ExpiryClock clock, RelativeTime times,
                       ReadOnlyIntegerProperty clipboardSecondsLeft) {
        this.clipboardSecondsLeft = clipboardSecondsLeft;
        statusText = Bindings.createStringBinding(() -> {
            ConnectionState state = connection.stateProperty().get();
            StringBuilder sb = new StringBuilder(state.label());
            if (state == ConnectionState.CONNECTING && applications.isEmpty()) {
                return sb.toString();
            }
            int apps = applications.all().size();
            long total = applications.totalSecretsProperty().get();
            sb.append(" · ").append(apps).append(apps == 1 ? " application" : " applications");
            sb.append(" · ").append(total).append(total == 1 ? " secret" : " secrets");
            if (applications.loadingProperty().get()) {
                sb.append(" · loading…");
            } else if (live.stateProperty().get() == LiveUpdates.State.LIVE && state == ConnectionState.CONNECTED) {
                sb.append(" · live");
            } else if (lastRefresh.get() != null) {
                sb.append(" · updated ").append(times.agoWithSeconds(lastRefresh.get(), clock.nowProperty().get()));
            }
            if (features.capabilitiesProperty().get() != null && !features.supports(Feature.LIVE_EVENTS)
                    && state == ConnectionState.CONNECTED) {
                sb.append(" · no live updates: refresh to update");
            }
            return sb.toString();
        }, connection.stateProperty(), applications.all(), applications.totalSecretsProperty(), lastRefresh,
                clock.nowProperty(), applications.loadingProperty(), features.capabilitiesProperty(),
                live.stateProperty());
        clipboardText = Bindings.createStringBinding(() -> clipboardSecondsLeft.get() > 0
                ? "Clipboard clears in " + clipboardSecondsLeft.get() + " s" : "", clipboardSecondsLeft);
    }

    /** Data was read from the gateway just now. */
    void refreshed(Instant at) {
        lastRefresh.set(at);
    }

    public StringBinding statusText() {
        return statusText;
    }

    public StringBinding clipboardText() {
        return clipboardText;
    }

    public ReadOnlyIntegerProperty clipboardSecondsLeftProperty() {
        return clipboardSecondsLeft;
    }
}
