package org.secretdesk.ui.secrets;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.secretdesk.client.Capabilities;
import org.secretdesk.model.Application;
import org.secretdesk.model.DomainSecretPolicy;
import org.secretdesk.model.ExpiryMode;
import org.secretdesk.model.IsoDurations;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.Validation;
import org.secretdesk.ui.common.ErrorMessages;
import org.secretdesk.ui.common.DateFields;
import org.secretdesk.ui.common.RelativeTime;

/**
 * The rules of "New secret": a valid description that no other secret of the application has (checked as the
 * operator types, case-sensitively, before any request), an expiry no longer than the effective policy ("Never"
 * only when no policy applies), and no more secrets than the gateway allows.
 */
public final class NewSecretViewModel {

    /** Shorter lifetimes offered besides the policy's; only those below the policy are shown. */
    static final List<Integer> PRESET_DAYS = List.of(7, 30, 60, 90, 180, 365);

    /** One entry of the expiry choice. {@code duration} is what the request asks for; null means "the policy's". */
    public record ExpiryChoice(Kind kind, Duration duration, String label) {
        public enum Kind { POLICY, NEVER, PRESET, DATE }

        @Override
        public String toString() {
            return label;
        }
    }

    /** What Generate sends. {@code expiresAfter} null means "as the policy says". */
    public record Request(String description, Duration expiresAfter) {
    }

    private final Application application;
    private final List<String> existingDescriptions;
    private final Capabilities capabilities;
    private final Clock clock;

    private final StringProperty description = new SimpleStringProperty(this, "description", "");
    private final BooleanProperty descriptionTouched = new SimpleBooleanProperty(this, "descriptionTouched", false);
    private final StringBinding descriptionError;
    private final StringBinding descriptionMessage;

    private final ReadOnlyBooleanWrapper policyLoading = new ReadOnlyBooleanWrapper(this, "policyLoading", true);
    private final ReadOnlyStringWrapper policyText = new ReadOnlyStringWrapper(this, "policyText", "Loading policy…");
    private final ObservableList<ExpiryChoice> expiryChoices = FXCollections.observableArrayList();
    private final ObjectProperty<ExpiryChoice> selectedExpiry = new SimpleObjectProperty<>(this, "selectedExpiry");
    private final ObjectProperty<LocalDate> expiryDate = new SimpleObjectProperty<>(this, "expiryDate");
    /** The date field's text when it is not a date: said, not silently dropped (issue 19). */
    private final StringProperty unreadableDate = new SimpleStringProperty(this, "unreadableDate", "");
    private final StringBinding expiryError;
    /** The effective policy's lifetime; empty when no policy applies. Null until known. */
    private Optional<Duration> effectivePolicy;

    private final ReadOnlyIntegerWrapper limit = new ReadOnlyIntegerWrapper(this, "limit", 0);
    private final StringBinding usageText;
    private final BooleanBinding atLimit;
    private final StringBinding limitReason;

    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyStringWrapper requestError = new ReadOnlyStringWrapper(this, "requestError", "");
    private final BooleanBinding canGenerate;
    /** Generate again after a failure repeats the request with the same idempotency key. */
    private final RepeatableRequest<Request> repeatable = new RepeatableRequest<>();

    public NewSecretViewModel(Application application, List<SecretSummary> existing, Capabilities capabilities,
                              Clock clock) {
        this.application = Objects.requireNonNull(application);
        this.existingDescriptions = existing.stream().map(SecretSummary::description).toList();
        this.capabilities = Objects.requireNonNull(capabilities);
        this.clock = Objects.requireNonNull(clock);
        int count = existing.size();

        descriptionError = Bindings.createStringBinding(() -> validateDescription(description.get()), description);
        descriptionMessage = Bindings.createStringBinding(
                () -> descriptionTouched.get() ? descriptionError.get() : "", descriptionTouched, descriptionError);
        description.addListener((obs, was, now) -> descriptionTouched.set(true));

        expiryError = Bindings.createStringBinding(this::validateExpiry, selectedExpiry, expiryDate, policyLoading,
                unreadableDate);

        limit.set(initialLimit(0));
        atLimit = Bindings.createBooleanBinding(() -> limit.get() > 0 && count >= limit.get(), limit);
        usageText = Bindings.createStringBinding(() -> limit.get() > 0
                ? count + " of " + limit.get() + " secrets used"
                : count + (count == 1 ? " secret" : " secrets"), limit);
        limitReason = Bindings.createStringBinding(() -> atLimit.get()
                ? "This application has reached the limit of " + limit.get() + " secrets. Delete one to make room."
                : "", atLimit, limit);

        canGenerate = Bindings.createBooleanBinding(
                () -> descriptionError.get().isEmpty() && expiryError.get().isEmpty() && !atLimit.get()
                        && !busy.get() && !policyLoading.get(),
                descriptionError, expiryError, atLimit, busy, policyLoading);
    }

    public Application application() {
        return application;
    }

    // ---- description ----

    public StringProperty descriptionProperty() {
        return description;
    }

    /** Why the description is not acceptable, or "" when it is. Always current (also before any typing). */
    public StringBinding descriptionErrorBinding() {
        return descriptionError;
    }

    /** The error to show: empty until the operator has typed something, so a fresh dialog is not all red. */
    public StringBinding descriptionMessageBinding() {
        return descriptionMessage;
    }

    private String validateDescription(String value) {
        Optional<String> basic = Validation.checkLabel("Description", value);
        if (basic.isPresent()) {
            return basic.get();
        }
        String normalized = Validation.normalize(value);
        if (existingDescriptions.contains(normalized)) {
            return "This application already has a secret described \u201c" + normalized
                    + "\u201d. Descriptions must be unique (case-sensitive).";
        }
        return "";
    }

    // ---- expiry ----

    public boolean supportsExpiry() {
        return capabilities.supports(Capabilities.Feature.EXPIRY);
    }

    public ReadOnlyBooleanProperty policyLoadingProperty() {
        return policyLoading.getReadOnlyProperty();
    }

    /** "Secrets of this application expire after 90 days (gateway policy)." and the like. */
    public ReadOnlyStringProperty policyTextProperty() {
        return policyText.getReadOnlyProperty();
    }

    public ObservableList<ExpiryChoice> expiryChoices() {
        return expiryChoices;
    }

    public ObjectProperty<ExpiryChoice> selectedExpiryProperty() {
        return selectedExpiry;
    }

    public ObjectProperty<LocalDate> expiryDateProperty() {
        return expiryDate;
    }

    public StringBinding expiryErrorBinding() {
        return expiryError;
    }

    /** Whether the date picker may offer {@code date}: after today and not beyond the effective policy. */
    /** What is typed in the date field, as it is typed: ISO ("2026-12-07") or the locale's short form. */
    public void dateTyped(String text) {
        String t = text == null ? "" : text.strip();
        try {
            LocalDate date = RelativeTime.parseDate(t);
            unreadableDate.set("");
            expiryDate.set(date);
        } catch (java.time.format.DateTimeParseException e) {
            unreadableDate.set(t);
            expiryDate.set(null);
        }
    }

    public boolean isDateAllowed(LocalDate date) {
        if (date == null) {
            return false;
        }
        long days = ChronoUnit.DAYS.between(today(), date);
        if (days < 1 || Duration.ofDays(days).compareTo(IsoDurations.MAX) > 0) {
            return false;
        }
        return effectivePolicy == null || effectivePolicy.isEmpty()
                || Duration.ofDays(days).compareTo(effectivePolicy.get()) <= 0;
    }

    /**
     * The gateway-wide policy arrived (null when this gateway has none to ask for). Works out the effective policy
     * (the application's own, else the gateway's) and the choices it allows.
     */
    public void policyLoaded(DomainSecretPolicy domain) {
        Optional<Duration> policy = switch (application.secretPolicy().mode()) {
            case NEVER -> Optional.empty();
            case CUSTOM -> Optional.of(application.secretPolicy().expiresAfter());
            case DOMAIN -> domain != null && domain.expiryEnabled()
                    ? Optional.of(domain.expiresAfter()) : Optional.empty();
        };
        limit.set(initialLimit(domain == null ? 0 : domain.maxSecretsPerApplication()));
        applyPolicy(policy, describePolicy(policy, application.secretPolicy().mode()));
    }

    /** The gateway policy could not be read: offer only "follow the policy", which is always allowed. */
    public void policyFailed(Throwable error) {
        effectivePolicy = null;
        expiryChoices.setAll(new ExpiryChoice(ExpiryChoice.Kind.POLICY, null, "Follow the gateway's policy"));
        selectedExpiry.set(expiryChoices.getFirst());
        policyText.set("The gateway's policy could not be read; the secret follows it. ("
                + ErrorMessages.describe(error, "read the policy") + ")");
        policyLoading.set(false);
    }

    private void applyPolicy(Optional<Duration> policy, String text) {
        effectivePolicy = policy;
        List<ExpiryChoice> choices = new ArrayList<>();
        if (!supportsExpiry()) {
            choices.add(new ExpiryChoice(ExpiryChoice.Kind.POLICY, null, "As the gateway decides"));
        } else if (!capabilities.supports(Capabilities.Feature.SECRET_EXPIRY_CHOICE)) {
            // The backend applies its own settings at creation: offering a shorter lifetime would fail.
            choices.add(new ExpiryChoice(ExpiryChoice.Kind.POLICY, null, policy
                    .map(p -> "Follow policy (" + IsoDurations.humanize(p) + ")").orElse("Follow policy (never)")));
            text = text + " " + capabilities.explain(Capabilities.Feature.SECRET_EXPIRY_CHOICE);
        } else if (policy.isPresent()) {
            choices.add(new ExpiryChoice(ExpiryChoice.Kind.POLICY, null,
                    "Follow policy (" + IsoDurations.humanize(policy.get()) + ")"));
            for (int days : PRESET_DAYS) {
                if (Duration.ofDays(days).compareTo(policy.get()) < 0) {
                    choices.add(preset(days));
                }
            }
            if (policy.get().compareTo(Duration.ofDays(2)) >= 0) {
                choices.add(new ExpiryChoice(ExpiryChoice.Kind.DATE, null, "On a date…"));
            }
        } else {
            choices.add(new ExpiryChoice(ExpiryChoice.Kind.NEVER, null, "Never"));
            for (int days : PRESET_DAYS) {
                choices.add(preset(days));
            }
            choices.add(new ExpiryChoice(ExpiryChoice.Kind.DATE, null, "On a date…"));
        }
        expiryChoices.setAll(choices);
        selectedExpiry.set(choices.getFirst());
        policyText.set(text);
        policyLoading.set(false);
    }

    private static ExpiryChoice preset(int days) {
        return new ExpiryChoice(ExpiryChoice.Kind.PRESET, Duration.ofDays(days), "After " + days + " days");
    }

    private String describePolicy(Optional<Duration> policy, ExpiryMode mode) {
        if (!supportsExpiry()) {
            return capabilities.explain(Capabilities.Feature.EXPIRY);
        }
        if (policy.isEmpty()) {
            return mode == ExpiryMode.NEVER
                    ? "This application's secrets never expire unless you choose a lifetime."
                    : "No expiry policy applies; secrets never expire unless you choose a lifetime.";
        }
        String source = mode == ExpiryMode.CUSTOM ? "this application's policy" : "gateway policy";
        return "Secrets expire after " + IsoDurations.humanize(policy.get()) + " (" + source
                + "); you may choose a shorter lifetime.";
    }

    private String validateExpiry() {
        if (policyLoading.get()) {
            return "";
        }
        ExpiryChoice choice = selectedExpiry.get();
        if (choice == null) {
            return "Choose when the secret expires.";
        }
        if (choice.kind() == ExpiryChoice.Kind.DATE) {
            LocalDate date = expiryDate.get();
            if (!unreadableDate.get().isEmpty()) {
                return DateFields.notADate(unreadableDate.get()) + ", for example " + RelativeTime.formatDate(today().plusDays(7)) + ".";
            }
            if (date == null) {
                return "Pick the expiry date, or type it as " + RelativeTime.DATE_HINT + ".";
            }
            if (!isDateAllowed(date)) {
                return effectivePolicy != null && effectivePolicy.isPresent()
                        ? "Pick a date between tomorrow and " + today().plusDays(effectivePolicy.get().toDays()) + "."
                        : "Pick a date after today.";
            }
        }
        return "";
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    // ---- limit ----

    private int initialLimit(int fromDomain) {
        if (!capabilities.supports(Capabilities.Feature.MULTIPLE_SECRETS)) {
            return 1;
        }
        return fromDomain > 0 ? fromDomain : capabilities.maxSecretsPerApplication();
    }

    /** "3 of 10 secrets used". */
    public StringBinding usageTextBinding() {
        return usageText;
    }

    public BooleanBinding atLimitBinding() {
        return atLimit;
    }

    public StringBinding limitReasonBinding() {
        return limitReason;
    }

    // ---- generate ----

    public BooleanBinding canGenerateBinding() {
        return canGenerate;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty requestErrorProperty() {
        return requestError.getReadOnlyProperty();
    }

    /** The request to send, marking the dialog busy; empty when the rules do not allow generating now. */
    public Optional<Request> begin() {
        descriptionTouched.set(true);
        if (!canGenerate.get()) {
            return Optional.empty();
        }
        ExpiryChoice choice = selectedExpiry.get();
        Duration expiresAfter = switch (choice.kind()) {
            case POLICY, NEVER -> null;
            case PRESET -> choice.duration();
            case DATE -> Duration.ofDays(ChronoUnit.DAYS.between(today(), expiryDate.get()));
        };
        busy.set(true);
        requestError.set("");
        Request request = new Request(Validation.normalize(description.get()), expiresAfter);
        repeatable.keyFor(request);
        return Optional.of(request);
    }

    /**
     * The idempotency key of the request {@link #begin()} returned. The same request again (Generate after a
     * failure, nothing changed) has the same key, so when the first attempt's answer was lost the gateway returns
     * the secret it issued then instead of issuing a second one (or refusing the description as taken).
     */
    public String idempotencyKey() {
        return repeatable.key();
    }

    public void succeeded() {
        busy.set(false);
    }

    /** Keeps everything typed and says what went wrong. */
    public void failed(Throwable error) {
        requestError.set(ErrorMessages.describe(error, "create the secret"));
        busy.set(false); // last, so whoever watches busy sees the message already
    }
}
