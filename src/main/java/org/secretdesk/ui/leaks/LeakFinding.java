package org.secretdesk.ui.leaks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.secretdesk.client.IdempotencyKeys;
import org.secretdesk.model.SecretIdentification;

/**
 * One SecretDesk secret value found by a leak scan (pasted or in files): its hint and hash (never the value), where it
 * was found, what the gateway says it is, and what the operator did about it. Use on the UI thread.
 */
public final class LeakFinding {

    /** Where a row stands. */
    public enum Phase {
        /** Asking the gateway whose value this is. */
        IDENTIFYING,
        /** The gateway answered: {@link #identificationProperty()}. */
        IDENTIFIED,
        /** The gateway could not be asked (the message says why). */
        NOT_IDENTIFIED,
        /** Rotated: a new value was issued; the leaked one stops as the message says. */
        ROTATED,
        /** Revoked: the secret was deleted, the leaked value no longer works. */
        REVOKED
    }

    /**
     * One place the value was found.
     *
     * @param shown  how the dialog names it: relative to the folder chosen ("repo/config/app.env"), or "pasted text"
     * @param report what the leak report's {@code url} says (the absolute path and line), or null for a paste
     */
    public record Location(String shown, int line, String report) {
        @Override
        public String toString() {
            return shown + ":" + line;
        }
    }

    private final String sha256;
    private final String hint;
    private final List<Location> locations = new ArrayList<>();
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.IDENTIFYING);
    private final ReadOnlyObjectWrapper<SecretIdentification> identification =
            new ReadOnlyObjectWrapper<>(this, "identification");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper failed = new ReadOnlyBooleanWrapper(this, "failed");
    private final BooleanBinding actionable;
    /** The rotation's idempotency key and the grace it was made for: Rotate again after a lost answer repeats it. */
    private String rotationKey;
    private Duration rotationGrace;

    LeakFinding(String sha256, String hint) {
        this.sha256 = Objects.requireNonNull(sha256);
        this.hint = Objects.requireNonNull(hint);
        actionable = Bindings.createBooleanBinding(() -> phase.get() == Phase.IDENTIFIED && !busy.get()
                && identification.get() != null && identification.get().state().works(), phase, busy, identification);
    }

    /** Another place (a file named on its own and inside a folder chosen is one place). */
    void addLocation(Location location) {
        if (!locations.contains(location)) {
            locations.add(location);
        }
    }

    public String sha256() {
        return sha256;
    }

    /** The value's first characters and a fixed row of dots: nothing about the rest of it. */
    public String hintText() {
        return hint + "\u2022".repeat(12);
    }

    public List<Location> locations() {
        return List.copyOf(locations);
    }

    /** "repo/config/app.env:3", or "… and 2 more places" when it was found more than once. */
    public String whereText() {
        String first = locations.getFirst().toString();
        int more = locations.size() - 1;
        return more == 0 ? first : first + " and " + more + (more == 1 ? " more place" : " more places");
    }

    /** Every place, one a line (the tooltip). */
    public String allLocationsText() {
        return locations.stream().map(Location::toString).collect(Collectors.joining("\n"));
    }

    /** Where the report says the value was found: the first place's path and line, or null for a paste. */
    String reportUrl() {
        Location first = locations.getFirst();
        return first.report() == null ? null : first.report() + ":" + first.line();
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SecretIdentification> identificationProperty() {
        return identification.getReadOnlyProperty();
    }

    public SecretIdentification identification() {
        return identification.get();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** What happened to this value (the outcome, or why something failed); empty when there is nothing to say. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** True while {@link #messageProperty()} reports a failure. */
    public ReadOnlyBooleanProperty failedProperty() {
        return failed.getReadOnlyProperty();
    }

    /** A value of this gateway that still works, not being acted on: it can be rotated or revoked. */
    public BooleanBinding actionableBinding() {
        return actionable;
    }

    public boolean actionable() {
        return actionable.get();
    }

    void identified(SecretIdentification id, String explanation) {
        identification.set(id);
        phase.set(Phase.IDENTIFIED);
        say(explanation, false);
    }

    void notIdentified(String why) {
        phase.set(Phase.NOT_IDENTIFIED);
        say(why, true);
    }

    /** The same key as the last attempt when the grace is the same (a retry), else a fresh one. */
    String rotationKey(Duration grace) {
        if (rotationKey == null || !Objects.equals(grace, rotationGrace)) {
            rotationKey = IdempotencyKeys.newKey();
            rotationGrace = grace;
        }
        return rotationKey;
    }

    void working(String what) {
        busy.set(true);
        say(what, false);
    }

    void rotated(String outcome) {
        busy.set(false);
        rotationKey = null;
        phase.set(Phase.ROTATED);
        say(outcome, false);
    }

    void revoked(String outcome) {
        busy.set(false);
        phase.set(Phase.REVOKED);
        say(outcome, false);
    }

    /** An action failed: the row stays as it was, with the reason. */
    void actionFailed(String why) {
        busy.set(false);
        say(why, true);
    }

    private void say(String text, boolean failure) {
        message.set(text == null ? "" : text);
        failed.set(failure);
    }

    /** Never the value (there is none here), only its hint. */
    @Override
    public String toString() {
        return "LeakFinding[" + hint + "…, " + locations.size() + " place(s)]";
    }
}
