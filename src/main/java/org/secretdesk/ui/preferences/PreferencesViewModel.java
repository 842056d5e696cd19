package org.secretdesk.ui.preferences;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.secretdesk.ui.common.ConsolePreferences;
import org.secretdesk.ui.common.ThemeChoice;

/** The Preferences dialog's fields and their validation; {@link #result()} gives the preferences to store. */
public final class PreferencesViewModel {

    private final ConsolePreferences base;
    private final StringProperty clipboardSeconds = new SimpleStringProperty();
    private final BooleanProperty neverClearClipboard = new SimpleBooleanProperty();
    private final ObjectProperty<ThemeChoice> theme = new SimpleObjectProperty<>();
    private final BooleanProperty autoReconnect = new SimpleBooleanProperty();
    private final BooleanProperty followGatewayWarning = new SimpleBooleanProperty();
    private final StringProperty warningDays = new SimpleStringProperty();
    private final StringBinding clipboardError;
    private final StringBinding warningError;
    private final BooleanBinding canSave;

    public PreferencesViewModel(ConsolePreferences current, ThemeChoice currentTheme) {
        this.base = current;
        int clip = current.clipboardClearSeconds();
        neverClearClipboard.set(clip == 0);
        clipboardSeconds.set(Integer.toString(clip == 0 ? ConsolePreferences.DEFAULT_CLIPBOARD_SECONDS : clip));
        theme.set(currentTheme);
        autoReconnect.set(current.autoReconnect());
        followGatewayWarning.set(current.warningDays() == 0);
        warningDays.set(current.warningDays() == 0 ? "20" : Integer.toString(current.warningDays()));
        clipboardError = Bindings.createStringBinding(() -> neverClearClipboard.get() ? null
                : rangeError(clipboardSeconds.get(), ConsolePreferences.MIN_CLIPBOARD_SECONDS,
                ConsolePreferences.MAX_CLIPBOARD_SECONDS, "The clipboard timeout", "seconds"),
                clipboardSeconds, neverClearClipboard);
        warningError = Bindings.createStringBinding(() -> followGatewayWarning.get() ? null
                : rangeError(warningDays.get(), 1, ConsolePreferences.MAX_WARNING_DAYS, "The warning threshold",
                "days"), warningDays, followGatewayWarning);
        canSave = Bindings.createBooleanBinding(() -> clipboardError.get() == null && warningError.get() == null,
                clipboardError, warningError);
    }

    static String rangeError(String text, int min, int max, String what, String unit) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return what + " needs a number of " + unit + ".";
        }
        if (!t.matches("-?\\d{1,9}")) {
            return "“" + (t.length() > 20 ? t.substring(0, 20) + "…" : t) + "” is not a whole number.";
        }
        int v = Integer.parseInt(t);
        if (v < min || v > max) {
            return what + " must be between " + min + " and " + max + " " + unit + ".";
        }
        return null;
    }

    /** The preferences to store, or null while a field is not valid. Theme is carried separately. */
    public ConsolePreferences result() {
        if (!canSave.get()) {
            return null;
        }
        int clip = neverClearClipboard.get() ? 0 : Integer.parseInt(clipboardSeconds.get().strip());
        int warn = followGatewayWarning.get() ? 0 : Integer.parseInt(warningDays.get().strip());
        return base.withTheme(theme.get()).withOptions(clip, autoReconnect.get(), warn);
    }

    public StringProperty clipboardSecondsProperty() {
        return clipboardSeconds;
    }

    public BooleanProperty neverClearClipboardProperty() {
        return neverClearClipboard;
    }

    public ObjectProperty<ThemeChoice> themeProperty() {
        return theme;
    }

    public BooleanProperty autoReconnectProperty() {
        return autoReconnect;
    }

    public BooleanProperty followGatewayWarningProperty() {
        return followGatewayWarning;
    }

    public StringProperty warningDaysProperty() {
        return warningDays;
    }

    public StringBinding clipboardError() {
        return clipboardError;
    }

    public StringBinding warningError() {
        return warningError;
    }

    public BooleanBinding canSave() {
        return canSave;
    }
}
