package org.secretdesk.ui.secrets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.secretdesk.client.Capabilities;
import org.secretdesk.model.RotationPolicy;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.ui.common.ErrorMessages;
import org.secretdesk.ui.common.RelativeTime;
import org.secretdesk.ui.common.UsageLines;

/**
 * The rules of "Renew": offered only when the backend can renew (otherwise the dialog explains why), with a grace
 * period for the old value only when the backend supports one.
 */
public final class RenewViewModel {

    public static final String WARNING =
            "Renewing issues a new value. The current value stops working immediately.";

    /** How long the old value keeps working; {@code duration} null means it stops at once. */
    public record GraceOption(Duration duration, String label) {
        @Override
        public String toString() {
            return label;
        }
    }

    static final List<GraceOption> GRACE_OPTIONS = List.of(
            new GraceOption(null, "No — the current value stops working at once"),
            new GraceOption(Duration.ofHours(1), "Keep the current value valid for 1 hour"),
            new GraceOption(Duration.ofHours(24), "Keep the current value valid for 24 hours"),
            new GraceOption(Duration.ofDays(7), "Keep the current value valid for 7 days"));

    /**
     * Retire when quiet for this renew: the gateway ends the grace once the old value has been unused for
     * {@code quiet}; null follows the application's policy (the gateway's rule when the renew names none).
     */
    public record RetireOption(Duration quiet, String label) {
        @Override
        public String toString() {
            return label;
        }
    }

    static final List<Duration> QUIET_PERIODS = List.of(Duration.ofMinutes(15), Duration.ofHours(1),
            Duration.ofHours(4), Duration.ofDays(1));

    private final SecretSummary secret;
    private final Capabilities capabilities;
    private final List<GraceOption> graceOptions;
    private final ObjectProperty<GraceOption> selectedGrace = new SimpleObjectProperty<>(this, "selectedGrace");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final BooleanBinding canRenew;
    private final StringBinding warningText;
    private final Clock clock;

    /** Renew again after a failure repeats the request with the same idempotency key. */
    private final RepeatableRequest<List<Object>> repeatable = new RepeatableRequest<>();
    private final List<RetireOption> retireOptions;
    private final ObjectProperty<RetireOption> selectedRetire = new SimpleObjectProperty<>(this, "selectedRetire");
    private final ReadOnlyStringWrapper policyOptionLabel = new ReadOnlyStringWrapper(this, "policyOptionLabel",
            "As the application's policy");
    private final BooleanBinding retireApplies;
    /** The retire-when-quiet period of the request {@link #begin()} returned, or null. */
    private Duration requestedRetire;

    public RenewViewModel(SecretSummary secret, Capabilities capabilities) {
        this(secret, capabilities, Clock.systemDefaultZone());
    }

    /** @param clock for "keeps working until …" (its zone is the one shown) */
    public RenewViewModel(SecretSummary secret, Capabilities capabilities, Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        this.secret = Objects.requireNonNull(secret);
        this.capabilities = Objects.requireNonNull(capabilities);
        this.graceOptions = capabilities.supports(Capabilities.Feature.RENEW_GRACE_PERIOD)
                ? GRACE_OPTIONS : List.of();
        selectedGrace.set(graceOptions.isEmpty() ? null : graceOptions.getFirst());
        boolean renewable = capabilities.supports(Capabilities.Feature.RENEW);
        canRenew = Bindings.createBooleanBinding(() -> renewable && !busy.get(), busy);
        warningText = Bindings.createStringBinding(this::warningNow, selectedGrace);
        List<RetireOption> retire = new ArrayList<>();
        if (capabilities.supports(Capabilities.Feature.RETIRE_WHEN_QUIET) && !graceOptions.isEmpty()) {
            retire.add(new RetireOption(null, "As the application's policy"));
            QUIET_PERIODS.forEach(d -> retire.add(new RetireOption(d, "Retire the old value once unused for "
                    + UsageLines.span(d))));
        }
        retireOptions = List.copyOf(retire);
        selectedRetire.set(retireOptions.isEmpty() ? null : retireOptions.getFirst());
        retireApplies = Bindings.createBooleanBinding(() -> selectedGrace.get() != null
                && selectedGrace.get().duration() != null, selectedGrace);
    }

    /** Retire-when-quiet choices for this renew; empty when the backend cannot (or has no grace period). */
    public List<RetireOption> retireOptions() {
        return retireOptions;
    }

    public ObjectProperty<RetireOption> selectedRetireProperty() {
        return selectedRetire;
    }

    /** Retiring only applies with a grace period (without one the old value stops at once). */
    public BooleanBinding retireApplies() {
        return retireApplies;
    }

    /** What following the application's policy means, once it is read ("…: retire once unused for 1 h"). */
    public ReadOnlyStringProperty policyOptionLabel() {
        return policyOptionLabel.getReadOnlyProperty();
    }

    /** The application's rotation policy arrived: the first choice says what it does. */
    public void rotationPolicyLoaded(RotationPolicy policy) {
        Duration q = policy == null ? null : policy.retireAfterQuiet();
        policyOptionLabel.set(q == null ? "No: the grace runs its course (the application's policy)"
                : "Retire the old value once unused for " + UsageLines.span(q) + " (the application's policy)");
    }

    /** The retire-when-quiet period to send with the request {@link #begin()} returned; null: the policy's. */
    public Duration retireAfterQuiet() {
        return requestedRetire;
    }

    public SecretSummary secret() {
        return secret;
    }

    public boolean renewSupported() {
        return capabilities.supports(Capabilities.Feature.RENEW);
    }

    /** Why this backend cannot renew; shown instead of the renew options. */
    public String unsupportedExplanation() {
        return capabilities.explain(Capabilities.Feature.RENEW);
    }

    /**
     * Exactly what renewing will do with the grace period chosen: "stops working immediately", or "keeps working
     * until 2026-12-08 14:05 (in 24 h)". Issue 19: it said "immediately" even with a 7-day grace selected.
     */
    public StringBinding warningText() {
        return warningText;
    }

    private String warningNow() {
        GraceOption grace = selectedGrace.get();
        if (grace == null || grace.duration() == null || capabilities.supports(Capabilities.Feature.ROTATED_SECRET)) {
            return warning();
        }
        RelativeTime times = new RelativeTime(clock.getZone());
        Instant until = clock.instant().plus(grace.duration());
        return "Renewing issues a new value. The current value keeps working until " + times.exact(until) + " ("
                + times.relative(until, clock.instant(), "") + "), then stops; clients must have the new value by then.";
    }

    /** The warning; for a gateway that keeps the previous secret as the rotated one (Keycloak), what happens to it. */
    public String warning() {
        if (capabilities.supports(Capabilities.Feature.ROTATED_SECRET)) {
            // What the backend says of its own rotation (Keycloak: read from the realm's client policies), not a
            // guess (issue 25).
            return "Regenerating issues a new value. " + capabilities.explain(Capabilities.Feature.RENEW_GRACE_PERIOD);
        }
        // A backend without a grace period says in its own words what happens to the old value (Gravitee AM:
        // renewed in place, and how to get an overlap): said once, in the warning, not again in a line under it.
        String noGrace = noGraceExplanation();
        return noGrace == null ? WARNING : "Renewing issues a new value. " + noGrace;
    }

    /** Why there is no grace choice although the gateway renews, or null (none to explain); part of the warning. */
    public String noGraceExplanation() {
        if (!renewSupported() || graceSupported() || capabilities.supports(Capabilities.Feature.ROTATED_SECRET)
                || !capabilities.explanations().containsKey(Capabilities.Feature.RENEW_GRACE_PERIOD)) {
            return null;
        }
        return capabilities.explain(Capabilities.Feature.RENEW_GRACE_PERIOD);
    }

    /** "Renew", or "Regenerate" for a gateway with one current secret (Keycloak): the title's and the button's. */
    public String actionName() {
        return capabilities.supports(Capabilities.Feature.ROTATED_SECRET) ? "Regenerate" : "Renew";
    }

    /** What the busy row says while the request runs. */
    public String busyText() {
        return capabilities.supports(Capabilities.Feature.ROTATED_SECRET) ? "Regenerating…" : "Renewing…";
    }

    /** Empty when the backend has no grace period. */
    public List<GraceOption> graceOptions() {
        return new ArrayList<>(graceOptions);
    }

    public boolean graceSupported() {
        return !graceOptions.isEmpty();
    }

    public ObjectProperty<GraceOption> selectedGraceProperty() {
        return selectedGrace;
    }

    public BooleanBinding canRenewBinding() {
        return canRenew;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /**
     * Marks the dialog busy and returns the grace period to ask for (an empty Optional inside means "none"), or
     * empty when renewing is not allowed now.
     */
    public Optional<Optional<Duration>> begin() {
        if (!canRenew.get()) {
            return Optional.empty();
        }
        busy.set(true);
        error.set("");
        GraceOption grace = selectedGrace.get();
        Optional<Duration> request = Optional.ofNullable(grace == null ? null : grace.duration());
        RetireOption retire = selectedRetire.get();
        requestedRetire = request.isPresent() && retire != null ? retire.quiet() : null;
        repeatable.keyFor(java.util.Arrays.asList(request, requestedRetire));
        return Optional.of(request);
    }

    /**
     * The idempotency key of the renewal {@link #begin()} returned; the same for the same grace period, so Renew
     * after a lost answer gets the value the gateway issued then, not a 412 (the version already moved on).
     */
    public String idempotencyKey() {
        return repeatable.key();
    }

    public void succeeded() {
        busy.set(false);
    }

    /** @return true when the caller's list is stale and must be reloaded (someone else changed or deleted it) */
    public boolean failed(Throwable e) {
        busy.set(false);
        error.set(ErrorMessages.describe(e, "renew the secret"));
        return ErrorMessages.isStale(e);
    }
}
