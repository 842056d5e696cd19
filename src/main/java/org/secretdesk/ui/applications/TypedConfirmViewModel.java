package org.secretdesk.ui.applications;

import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.secretdesk.ui.common.ErrorMessages;

/**
 * A destructive action confirmed by typing a name back. The rule is deliberately blunt: the typed text must equal
 * the expected text exactly — full length, case-sensitive, no trimming, no pattern matching — so that a
 * half-typed or differently-cased name never deletes anything.
 */
public final class TypedConfirmViewModel {

    private final String expected;
    private final String action;
    private final StringProperty typed = new SimpleStringProperty(this, "typed", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final BooleanBinding matches;
    private final BooleanBinding canConfirm;
    private final StringBinding hint;

    /**
     * @param expected what must be typed
     * @param action   what confirming does, for error messages ("delete the secret")
     */
    public TypedConfirmViewModel(String expected, String action) {
        this.expected = Objects.requireNonNull(expected);
        this.action = Objects.requireNonNull(action);
        this.matches = Bindings.createBooleanBinding(() -> this.expected.equals(typed.get()), typed);
        this.canConfirm = matches.and(busy.not());
        this.hint = Bindings.createStringBinding(this::hintNow, typed);
    }

    /**
     * Why what is typed does not count although it looks right: only the case differs, or a space at either end.
     * The rule stays exact; the hint only says what to fix. Empty otherwise.
     */
    private String hintNow() {
        String t = typed.get() == null ? "" : typed.get();
        if (t.isEmpty() || expected.equals(t)) {
            return "";
        }
        if (t.strip().equals(expected)) {
            return "Remove the space at the start or end: it must match exactly.";
        }
        if (t.equalsIgnoreCase(expected) || t.strip().equalsIgnoreCase(expected)) {
            return "Only upper and lower case differ: type it exactly as shown.";
        }
        return "";
    }

    public String expected() {
        return expected;
    }

    public StringProperty typedProperty() {
        return typed;
    }

    public BooleanBinding matchesBinding() {
        return matches;
    }

    public StringBinding hintBinding() {
        return hint;
    }

    /** The confirm button's enabled state. */
    public BooleanBinding canConfirmBinding() {
        return canConfirm;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Starts the action; false when the rule does not allow it (the button was not enabled). */
    public boolean begin() {
        if (!canConfirm.get()) {
            return false;
        }
        busy.set(true);
        error.set("");
        return true;
    }

    public void succeeded() {
        busy.set(false);
    }

    /** Keeps what was typed and says what went wrong. */
    public void failed(Throwable e) {
        error.set(ErrorMessages.describe(e, action));
        busy.set(false);
    }
}
