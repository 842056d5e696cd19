package org.secretdesk.ui.policy;

import java.time.Duration;
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
import org.secretdesk.client.ApplicationPatch;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.model.Application;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.ExpiryMode;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.IsoDurations;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.common.ErrorMessages;

/**
 * One application's expiry policy: follow the gateway, a custom duration, or never. Saved with the application's
 * version (If-Match), so a change someone else made first is refused (412) instead of overwritten.
 */
public final class ApplicationPolicyViewModel {

    public static final String OVERRIDE_WARNING = "This overrides the gateway policy for this application.";

    private final Background background;
    private final GatewayClient client;
    private final Application application;
    private final DomainSecretPolicy gatewayPolicy;

    private final ObjectProperty<ExpiryMode> mode = new SimpleObjectProperty<>();
    private final StringProperty amount = new SimpleStringProperty("");
    private final ObjectProperty<DurationInput.Unit> unit = new SimpleObjectProperty<>(DurationInput.Unit.DAYS);
    private final StringProperty error = new SimpleStringProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    /** Set after a 412: the caller reloads the application and the dialog says so. */
    private final BooleanProperty stale = new SimpleBooleanProperty();

    private final StringBinding durationError;
    private final BooleanBinding showsOverrideWarning;
    private final BooleanBinding canSave;

    /** {@code gatewayPolicy} may be null when the gateway has none (then "Use gateway policy" means never). */
    public ApplicationPolicyViewModel(Background background, GatewayClient client, Application application,
                                      DomainSecretPolicy gatewayPolicy) {
        this.background = background;
        this.client = client;
        this.application = application;
        this.gatewayPolicy = gatewayPolicy;
        ExpiryPolicy p = application.secretPolicy();
        mode.set(p.mode());
        Duration shown = p.mode() == ExpiryMode.CUSTOM ? p.expiresAfter()
                : gatewayPolicy != null && gatewayPolicy.expiryEnabled() ? gatewayPolicy.expiresAfter()
                : Duration.ofDays(90);
        DurationInput.Shown s = DurationInput.show(shown);
        amount.set(s.amount());
        unit.set(s.unit());
        durationError = Bindings.createStringBinding(() -> mode.get() == ExpiryMode.CUSTOM
                ? DurationInput.parse(amount.get(), unit.get(), "The expiry").error() : null, mode, amount, unit);
        showsOverrideWarning = Bindings.createBooleanBinding(() -> mode.get() != ExpiryMode.DOMAIN, mode);
        canSave = Bindings.createBooleanBinding(() -> !busy.get() && !stale.get() && durationError.get() == null,
                busy, stale, durationError);
    }

    public String applicationName() {
        return application.name();
    }

    /** "Gateway policy: secrets expire after 90 days" / "…: secrets never expire". */
    public String gatewayPolicyText() {
        if (gatewayPolicy == null || !gatewayPolicy.expiryEnabled()) {
            return "Gateway policy: secrets never expire";
        }
        return "Gateway policy: secrets expire after " + IsoDurations.humanize(gatewayPolicy.expiresAfter());
    }

    /** The policy the fields describe, or null while they are not valid. */
    public ExpiryPolicy policy() {
        return switch (mode.get()) {
            case DOMAIN -> ExpiryPolicy.FOLLOW_DOMAIN;
            case NEVER -> ExpiryPolicy.NEVER;
            case CUSTOM -> {
                DurationInput.Parsed p = DurationInput.parse(amount.get(), unit.get(), "The expiry");
                yield p.ok() ? ExpiryPolicy.custom(p.duration()) : null;
            }
        };
    }

    /**
     * Saves with If-Match. {@code onSaved} gets the updated application; {@code onStale} runs after a 412/404 so
     * the caller reloads (the dialog stays open and explains).
     */
    public void save(Consumer<Application> onSaved, Consumer<Throwable> onStale) {
        ExpiryPolicy p = policy();
        if (p == null || busy.get()) {
            return;
        }
        busy.set(true);
        error.set(null);
        background.call(() -> client.updateApplication(application.id(), new ApplicationPatch(null, null, p),
                application.version()), saved -> {
                    busy.set(false);
                    onSaved.accept(saved);
                }, e -> {
                    busy.set(false);
                    error.set(ErrorMessages.describe(e, "change the expiry policy"));
                    if (ErrorMessages.isStale(e)) {
                        stale.set(true);
                        onStale.accept(e);
                    }
                });
    }

    public ObjectProperty<ExpiryMode> modeProperty() {
        return mode;
    }

    public StringProperty amountProperty() {
        return amount;
    }

    public ObjectProperty<DurationInput.Unit> unitProperty() {
        return unit;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public BooleanProperty staleProperty() {
        return stale;
    }

    public StringBinding durationError() {
        return durationError;
    }

    public BooleanBinding showsOverrideWarning() {
        return showsOverrideWarning;
    }

    public BooleanBinding canSave() {
        return canSave;
    }
}
