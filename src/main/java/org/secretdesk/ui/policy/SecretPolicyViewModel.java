package org.secretdesk.ui.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.IsoDurations;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.common.ErrorMessages;

/**
 * Settings → Secret policy: the gateway-wide expiry (on/off, amount + unit), the notification thresholds (an
 * editable list, largest first) and the read-only per-application limit. Loads and saves through
 * {@link Background}; no controls.
 */
public final class SecretPolicyViewModel {

    private final Background background;
    private final GatewayClient client;

    private final BooleanProperty expiryEnabled = new SimpleBooleanProperty(true);
    private final StringProperty amount = new SimpleStringProperty("90");
    private final ObjectProperty<DurationInput.Unit> unit = new SimpleObjectProperty<>(DurationInput.Unit.DAYS);
    private final ObservableList<Duration> thresholds = FXCollections.observableArrayList();
    private final StringProperty newThresholdAmount = new SimpleStringProperty("");
    private final ObjectProperty<DurationInput.Unit> newThresholdUnit =
            new SimpleObjectProperty<>(DurationInput.Unit.DAYS);
    private final StringProperty thresholdError = new SimpleStringProperty();
    private final StringProperty error = new SimpleStringProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty(true);
    private final BooleanProperty loaded = new SimpleBooleanProperty();
    private final ObjectProperty<DomainSecretPolicy> original = new SimpleObjectProperty<>();

    private final StringBinding durationError;
    private final StringBinding isoText;
    private final StringBinding maxSecretsText;
    private final BooleanBinding canSave;

    public SecretPolicyViewModel(Background background, GatewayClient client) {
        this.background = background;
        this.client = client;
        durationError = Bindings.createStringBinding(
                () -> expiryEnabled.get() ? parsedDuration().error() : null, expiryEnabled, amount, unit);
        isoText = Bindings.createStringBinding(() -> {
            DurationInput.Parsed p = parsedDuration();
            if (!expiryEnabled.get()) {
                return "Secrets never expire unless an application sets its own expiry.";
            }
            return p.ok() ? "Sent to the gateway as " + IsoDurations.format(p.duration()) : "";
        }, expiryEnabled, amount, unit);
        maxSecretsText = Bindings.createStringBinding(() -> {
            DomainSecretPolicy p = original.get();
            if (p == null || p.maxSecretsPerApplication() <= 0) {
                return "No limit";
            }
            return "At most " + p.maxSecretsPerApplication() + " secrets (set in the gateway's configuration)";
        }, original);
        canSave = Bindings.createBooleanBinding(() -> loaded.get() && !busy.get() && durationError.get() == null,
                loaded, busy, durationError);
    }

    /** Reads the current policy from the gateway. */
    public void load() {
        busy.set(true);
        error.set(null);
        background.call(client::getSecretPolicy, p -> {
            busy.set(false);
            show(p);
        }, e -> {
            busy.set(false);
            error.set(ErrorMessages.describe(e, "load the secret policy"));
        });
    }

    /** Shows {@code p} in the fields. */
    public void show(DomainSecretPolicy p) {
        original.set(p);
        expiryEnabled.set(p.expiryEnabled());
        DurationInput.Shown shown = DurationInput.show(p.expiresAfter() == null ? Duration.ofDays(90)
                : p.expiresAfter());
        amount.set(shown.amount());
        unit.set(shown.unit());
        thresholds.setAll(sortedDistinct(p.notifyBefore()));
        loaded.set(true);
    }

    private DurationInput.Parsed parsedDuration() {
        return DurationInput.parse(amount.get(), unit.get(), "The expiry");
    }

    /** Adds the typed threshold; false (with {@link #thresholdErrorProperty()}) when it is not valid. */
    public boolean addThreshold() {
        DurationInput.Parsed p = DurationInput.parse(newThresholdAmount.get(), newThresholdUnit.get(),
                "A threshold");
        if (!p.ok()) {
            thresholdError.set(p.error());
            return false;
        }
        if (thresholds.contains(p.duration())) {
            thresholdError.set("There is already a warning " + DurationInput.label(p.duration()) + " before.");
            return false;
        }
        List<Duration> all = new ArrayList<>(thresholds);
        all.add(p.duration());
        thresholds.setAll(sortedDistinct(all));
        newThresholdAmount.set("");
        thresholdError.set(null);
        return true;
    }

    public void removeThreshold(Duration d) {
        thresholds.remove(d);
        thresholdError.set(null);
    }

    /** Back to 20, 15, 10, 5 and 1 days. */
    public void resetThresholds() {
        thresholds.setAll(DomainSecretPolicy.DEFAULT_THRESHOLDS);
        thresholdError.set(null);
    }

    /** The policy the fields describe, or null while they are not valid. */
    public DomainSecretPolicy policy() {
        if (durationError.get() != null || original.get() == null) {
            return null;
        }
        Duration d = expiryEnabled.get() ? parsedDuration().duration() : null;
        if (!expiryEnabled.get()) {
            // Keep the last duration so switching expiry on again offers it.
            DurationInput.Parsed p = parsedDuration();
            d = p.ok() ? p.duration() : original.get().expiresAfter();
        }
        return new DomainSecretPolicy(expiryEnabled.get(), d, List.copyOf(thresholds),
                original.get().maxSecretsPerApplication());
    }

    /** Saves; {@code onSaved} runs with the gateway's answer. */
    public void save(Consumer<DomainSecretPolicy> onSaved) {
        DomainSecretPolicy p = policy();
        if (p == null || busy.get()) {
            return;
        }
        busy.set(true);
        error.set(null);
        background.call(() -> client.updateSecretPolicy(p), saved -> {
            busy.set(false);
            original.set(saved);
            onSaved.accept(saved);
        }, e -> {
            busy.set(false);
            error.set(ErrorMessages.describe(e, "save the secret policy"));
        });
    }

    private static List<Duration> sortedDistinct(List<Duration> in) {
        return in.stream().distinct().sorted(Comparator.reverseOrder()).toList();
    }

    public BooleanProperty expiryEnabledProperty() {
        return expiryEnabled;
    }

    public StringProperty amountProperty() {
        return amount;
    }

    public ObjectProperty<DurationInput.Unit> unitProperty() {
        return unit;
    }

    public ObservableList<Duration> thresholds() {
        return thresholds;
    }

    public StringProperty newThresholdAmountProperty() {
        return newThresholdAmount;
    }

    public ObjectProperty<DurationInput.Unit> newThresholdUnitProperty() {
        return newThresholdUnit;
    }

    public StringProperty thresholdErrorProperty() {
        return thresholdError;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public StringBinding durationError() {
        return durationError;
    }

    public StringBinding isoText() {
        return isoText;
    }

    public StringBinding maxSecretsText() {
        return maxSecretsText;
    }

    public BooleanBinding canSave() {
        return canSave;
    }
}
