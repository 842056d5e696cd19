package org.secretdesk.ui.rotation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.model.PreviousValue;
import org.secretdesk.model.RotationPolicy;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretUsage;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.common.ErrorMessages;
import org.secretdesk.ui.common.Redacted;
import org.secretdesk.ui.common.UsageLines;

/**
 * The rotation panel's state and rules: a renewed secret's old and new values side by side (their use, from where,
 * how often, until when the old one works), kept current by {@link #update} as the main window reloads the secret
 * on live events; "End grace now" (with a warning when the old value was used in the last {@link #WARN_WINDOW}),
 * "Extend" (never past {@link #MAX_GRACE} from the renew), and retire-when-quiet: this renew's setting and the
 * application's policy. No controls: {@link RotationPanel} binds to it.
 */
public final class RotationViewModel {

    /** An old value used this recently is probably still in use: ending the grace then warns first. */
    public static final Duration WARN_WINDOW = Duration.ofMinutes(15);
    /** The gateway's limit: a grace period lasts at most this long from the renew. */
    static final Duration MAX_GRACE = Duration.ofDays(7);
    static final List<Duration> EXTEND_BY = List.of(Duration.ofHours(1), Duration.ofHours(4), Duration.ofHours(24),
            Duration.ofDays(3));
    /** Retire-when-quiet periods offered (the gateway takes PT1M to P7D). */
    public static final List<Duration> QUIET_PERIODS = List.of(Duration.ofMinutes(15), Duration.ofHours(1),
            Duration.ofHours(4), Duration.ofDays(1));
    /** How often relative times ("2 min ago", "in 1 h 58 min") are worked out again while the panel is open. */
    static final Duration REDRAW = Duration.ofSeconds(15);

    /** One value's column: a heading, what it is, and its use (null lines are left out). */
    public record Card(String heading, String detail, String lastUsed, String from, String lastHour, String last24h,
                       String note) {
    }

    /** An "Extend by" entry; {@code blockedReason} null when it can be chosen. */
    public record ExtendOption(Duration by, String label, String blockedReason) {
    }

    /** A retire-when-quiet choice for the application's policy; {@code quiet} null is "off". */
    public record QuietChoice(Duration quiet) {
        @Override
        public String toString() {
            return quiet == null ? "Off: the grace runs its course" : "After " + UsageLines.span(quiet) + " unused";
        }
    }

    private final String applicationId;
    private final String applicationName;
    private final Capabilities capabilities;
    private final GatewayClient client;
    private final Background background;
    private final Clock clock;
    private final UsageLines lines;
    private final ReadOnlyObjectWrapper<SecretSummary> secret = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Card> oldCard = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Card> newCard = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper retireText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper endGraceBlocked = new ReadOnlyStringWrapper();
    private final ReadOnlyObjectWrapper<List<ExtendOption>> extendOptions = new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper info = new ReadOnlyStringWrapper("");
    private final ObjectProperty<QuietChoice> policyChoice = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<QuietChoice> savedPolicy = new ReadOnlyObjectWrapper<>();
    private final StringBinding savePolicyBlocked;
    private Runnable onChanged = () -> { };
    private Consumer<Throwable> onChangedElsewhere = e -> { };
    private Background.Cancellable redraw;
    private boolean closed;

    public RotationViewModel(String applicationId, String applicationName, SecretSummary secret,
                             Capabilities capabilities, GatewayClient client, Background background, Clock clock,
                             UsageLines lines) {
        this.applicationId = Objects.requireNonNull(applicationId);
        this.applicationName = Objects.requireNonNull(applicationName);
        this.capabilities = Objects.requireNonNull(capabilities);
        this.client = Objects.requireNonNull(client);
        this.background = Objects.requireNonNull(background);
        this.clock = Objects.requireNonNull(clock);
        this.lines = Objects.requireNonNull(lines);
        savePolicyBlocked = Bindings.createStringBinding(this::savePolicyReason, policyChoice, savedPolicy, busy);
        update(Objects.requireNonNull(secret));
    }

    /** Runs after the gateway accepted a change (the main window reloads), and when one was refused as stale. */
    public void onChanged(Runnable changed, Consumer<Throwable> changedElsewhere) {
        this.onChanged = Objects.requireNonNull(changed);
        this.onChangedElsewhere = Objects.requireNonNull(changedElsewhere);
    }

    /** Reads the application's rotation policy (when the gateway has one) and keeps relative times moving. */
    public void open() {
        if (capabilities.supports(Feature.RETIRE_WHEN_QUIET)) {
            background.call(() -> client.getRotationPolicy(applicationId), p -> {
                QuietChoice c = new QuietChoice(p.retireAfterQuiet());
                savedPolicy.set(c);
                policyChoice.set(c);
            }, e -> error.set(ErrorMessages.describe(e, "read the application's rotation policy")));
        }
        scheduleRedraw();
    }

    /** The panel closed: no more timers. */
    public void close() {
        closed = true;
        if (redraw != null) {
            redraw.cancel();
        }
    }

    private void scheduleRedraw() {
        if (!closed) {
            redraw = background.later(REDRAW, () -> {
                refresh();
                scheduleRedraw();
            });
        }
    }

    /** The secret as the main window read it last (live events reload it); null when it was deleted. */
    public void update(SecretSummary now) {
        if (now == null) {
            SecretSummary last = secret.get();
            secret.set(null);
            state.set("This secret was deleted: none of its values works any more.");
            oldCard.set(null);
            newCard.set(last == null ? null
                    : card("New value", Redacted.text(last.hint(), last.redacted()), null, null));
            endGraceBlocked.set("The secret was deleted.");
            extendOptions.set(List.of());
            retireText.set("");
            return;
        }
        secret.set(now);
        refresh();
    }

    /** Works out everything shown from the secret and the clock. */
    void refresh() {
        SecretSummary s = secret.get();
        if (s == null) {
            return;
        }
        Instant t = clock.instant();
        boolean usage = capabilities.supports(Feature.USAGE);
        String noUsage = usage ? null : capabilities.explain(Feature.USAGE);
        newCard.set(card("New value", Redacted.text(s.hint(), s.redacted()), usage ? s.usage() : null, noUsage));
        PreviousValue p = s.previous();
        boolean running = graceRunning(s, t);
        if (running) {
            String detail = "Valid until " + lines.when(p.graceUntil(), t) + " ("
                    + lines.times().relative(p.graceUntil(), t, "") + ")";
            oldCard.set(card("Old value", detail, p.usage(), noUsage));
            state.set(lines.oldValueLine(p, t));
        } else {
            oldCard.set(new Card("Old value", "No longer works", null, null, null, null,
                    "The grace period has ended: only the new value authenticates."));
            state.set("Rotation complete: only the new value works.");
        }
        retireText.set(retire(s, running));
        endGraceBlocked.set(endGraceReason(s, t));
        extendOptions.set(extendOptions(s, t));
    }

    private Card card(String heading, String detail, SecretUsage u, String noUsage) {
        Instant t = clock.instant();
        if (u == null) {
            return new Card(heading, detail, null, null, null, null, noUsage);
        }
        if (u.neverUsed()) {
            return new Card(heading, detail, "Not used yet", null, null, null, null);
        }
        return new Card(heading, detail, lines.times().relative(u.lastUsedAt(), t, "") + " ("
                + lines.times().exact(u.lastUsedAt()) + ")", u.lastUsedFrom() == null ? "—" : u.lastUsedFrom(),
                UsageLines.uses(u.usesThisHour()), UsageLines.uses(u.uses24h()), null);
    }

    private static boolean graceRunning(SecretSummary s, Instant t) {
        return s.previous() != null && s.previous().graceUntil() != null && s.previous().graceUntil().isAfter(t);
    }

    private String retire(SecretSummary s, boolean running) {
        if (!running) {
            return "";
        }
        if (!capabilities.supports(Feature.RETIRE_WHEN_QUIET)) {
            return capabilities.explain(Feature.RETIRE_WHEN_QUIET);
        }
        Duration q = s.previous().retireAfterQuiet();
        return q == null ? "This renew runs its grace period to the end (no retire-when-quiet)."
                : "The gateway ends this grace by itself once the old value has been unused for " + UsageLines.span(q)
                + " and the new value has been used.";
    }

    private String endGraceReason(SecretSummary s, Instant t) {
        if (!capabilities.supports(Feature.GRACE_CONTROL)) {
            return capabilities.explain(Feature.GRACE_CONTROL);
        }
        if (!graceRunning(s, t)) {
            return "There is no grace period running: the old value already stopped working.";
        }
        return null;
    }

    private List<ExtendOption> extendOptions(SecretSummary s, Instant t) {
        if (!capabilities.supports(Feature.GRACE_CONTROL) || !graceRunning(s, t)) {
            return List.of();
        }
        Instant latest = s.renewedAt() == null ? null : s.renewedAt().plus(MAX_GRACE);
        List<ExtendOption> out = new ArrayList<>();
        for (Duration by : EXTEND_BY) {
            boolean fits = latest == null || !s.previous().graceUntil().plus(by).isAfter(latest);
            out.add(new ExtendOption(by, "By " + UsageLines.span(by), fits ? null
                    : "A grace period lasts at most 7 days from the renew: it can run until "
                    + lines.times().exact(latest) + " at the latest."));
        }
        return List.copyOf(out);
    }

    /**
     * What to ask before ending the grace: null when the old value has not been used in the last
     * {@link #WARN_WINDOW} (it ends at once then), else the warning naming when and from where it was used.
     */
    public String endGraceWarning() {
        SecretSummary s = secret.get();
        if (s == null || s.previous() == null || s.previous().usage() == null) {
            return null;
        }
        SecretUsage u = s.previous().usage();
        Instant t = clock.instant();
        if (u.lastUsedAt() == null || u.lastUsedAt().isBefore(t.minus(WARN_WINDOW))) {
            return null;
        }
        return "The old value was used " + lines.times().relative(u.lastUsedAt(), t, "")
                + (u.lastUsedFrom() == null ? "" : " from " + u.lastUsedFrom()) + " (" + UsageLines.count(
                u.usesThisHour(), "in the last hour") + "). Clients still using it get 401 from the moment the grace "
                + "ends. End the grace period now?";
    }

    /** Ends the grace now (the caller asked {@link #endGraceWarning()} first, if there was one). */
    public void endGrace() {
        SecretSummary s = secret.get();
        if (busy.get() || s == null || endGraceBlocked.get() != null) {
            return;
        }
        run(() -> client.endGrace(applicationId, s.id(), s.version()), "end the grace period",
                "Grace period ended: the old value no longer works.");
    }

    public void extend(ExtendOption option) {
        SecretSummary s = secret.get();
        if (busy.get() || s == null || option.blockedReason() != null) {
            return;
        }
        run(() -> client.extendGrace(applicationId, s.id(), option.by(), s.version()), "extend the grace period",
                "Grace period extended by " + UsageLines.span(option.by()) + ".");
    }

    private void run(java.util.concurrent.Callable<SecretSummary> call, String action, String done) {
        busy.set(true);
        error.set("");
        info.set("");
        background.call(call, saved -> {
            busy.set(false);
            info.set(done);
            update(saved);
            onChanged.run();
        }, e -> {
            busy.set(false);
            error.set(ErrorMessages.describe(e, action));
            if (ErrorMessages.isStale(e)) {
                onChangedElsewhere.accept(e);
            }
        });
    }

    private String savePolicyReason() {
        if (!capabilities.supports(Feature.RETIRE_WHEN_QUIET)) {
            return capabilities.explain(Feature.RETIRE_WHEN_QUIET);
        }
        if (savedPolicy.get() == null) {
            return "Reading the application's policy…";
        }
        if (busy.get()) {
            return "Saving…";
        }
        return Objects.equals(policyChoice.get(), savedPolicy.get()) ? "Nothing changed." : null;
    }

    /** Saves the chosen retire-when-quiet period as the application's policy: every renew with grace follows it. */
    public void savePolicy() {
        QuietChoice choice = policyChoice.get();
        if (savePolicyBlocked.get() != null || choice == null) {
            return;
        }
        busy.set(true);
        error.set("");
        info.set("");
        background.call(() -> client.updateRotationPolicy(applicationId, new RotationPolicy(choice.quiet())), p -> {
            busy.set(false);
            QuietChoice c = new QuietChoice(p.retireAfterQuiet());
            savedPolicy.set(c);
            policyChoice.set(c);
            info.set(c.quiet() == null ? "Policy saved: grace periods of " + applicationName + " run their course."
                    : "Policy saved: " + applicationName + "'s next renews with grace retire the old value after "
                    + UsageLines.span(c.quiet()) + " unused.");
        }, e -> {
            busy.set(false);
            error.set(ErrorMessages.describe(e, "save the rotation policy"));
        });
    }

    /** The policy choices: off, then {@link #QUIET_PERIODS}. */
    public List<QuietChoice> quietChoices() {
        List<QuietChoice> out = new ArrayList<>();
        out.add(new QuietChoice(null));
        QUIET_PERIODS.forEach(d -> out.add(new QuietChoice(d)));
        return out;
    }

    public boolean supportsPolicy() {
        return capabilities.supports(Feature.RETIRE_WHEN_QUIET);
    }

    public String applicationName() {
        return applicationName;
    }

    public ReadOnlyObjectProperty<SecretSummary> secretProperty() {
        return secret.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Card> oldCardProperty() {
        return oldCard.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Card> newCardProperty() {
        return newCard.getReadOnlyProperty();
    }

    /** The old value's state line, or what happened to it. */
    public ReadOnlyStringProperty stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** This renew's retire-when-quiet setting, in a sentence. */
    public ReadOnlyStringProperty retireTextProperty() {
        return retireText.getReadOnlyProperty();
    }

    /** Why "End grace now" cannot be used, or null. */
    public ReadOnlyStringProperty endGraceBlockedProperty() {
        return endGraceBlocked.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<List<ExtendOption>> extendOptionsProperty() {
        return extendOptions.getReadOnlyProperty();
    }

    public ObjectProperty<QuietChoice> policyChoiceProperty() {
        return policyChoice;
    }

    /** Why the policy cannot be saved now, or null. */
    public StringBinding savePolicyBlocked() {
        return savePolicyBlocked;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty infoProperty() {
        return info.getReadOnlyProperty();
    }
}
