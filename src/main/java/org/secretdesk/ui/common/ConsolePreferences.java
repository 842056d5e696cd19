package org.secretdesk.ui.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the console remembers between runs (never a secret or key): window geometry, theme, last connection, and
 * the operator's preferences: clipboard clear timeout, reconnect behaviour and the warning threshold of the
 * expiry markers.
 *
 * @param schemaVersion          {@link #CURRENT_SCHEMA} when written by this version
 * @param clipboardClearSeconds  10–300, or 0 for never; null means the default (30)
 * @param autoReconnect          reconnect on its own after a lost connection; null means the default (true)
 * @param warningDays            the markers' ⚠ threshold in days (1–365), or 0 to follow the gateway's largest
 *                               notification threshold; null means 0
 * @param selectedApplications   per connection (by name), the id of the application selected last, restored when
 *                               the console opens that connection again
 */
public record ConsolePreferences(int schemaVersion, WindowGeometry window, ThemeChoice theme,
                                 String lastConnection, Integer clipboardClearSeconds, Boolean autoReconnect,
                                 Integer warningDays, Map<String, String> selectedApplications) {

    public static final int CURRENT_SCHEMA = 1;
    public static final int DEFAULT_CLIPBOARD_SECONDS = 30;
    public static final int MIN_CLIPBOARD_SECONDS = 10;
    public static final int MAX_CLIPBOARD_SECONDS = 300;
    public static final int MAX_WARNING_DAYS = 365;

    public static final ConsolePreferences DEFAULTS = new ConsolePreferences(CURRENT_SCHEMA, WindowGeometry.DEFAULT,
            ThemeChoice.SYSTEM, null, DEFAULT_CLIPBOARD_SECONDS, true, 0, Map.of());

    public ConsolePreferences {
        window = window == null ? WindowGeometry.DEFAULT : window;
        theme = theme == null ? ThemeChoice.SYSTEM : theme;
        clipboardClearSeconds = clipboardClearSeconds == null ? DEFAULT_CLIPBOARD_SECONDS : clipboardClearSeconds;
        autoReconnect = autoReconnect == null ? Boolean.TRUE : autoReconnect;
        warningDays = warningDays == null ? 0 : warningDays;
        selectedApplications = selectedApplications == null ? Map.of() : Map.copyOf(selectedApplications);
    }

    /** Sentences for values out of range (empty when all are fine); {@link #sanitized()} replaces them. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (!validClipboardSeconds(clipboardClearSeconds)) {
            p.add("the clipboard timeout " + clipboardClearSeconds + " s is not between " + MIN_CLIPBOARD_SECONDS
                    + " and " + MAX_CLIPBOARD_SECONDS + " s");
        }
        if (warningDays < 0 || warningDays > MAX_WARNING_DAYS) {
            p.add("the warning threshold " + warningDays + " days is not between 1 and " + MAX_WARNING_DAYS);
        }
        return p;
    }

    /** The same preferences with each out-of-range value replaced by its default. */
    public ConsolePreferences sanitized() {
        return new ConsolePreferences(CURRENT_SCHEMA, window, theme, lastConnection,
                validClipboardSeconds(clipboardClearSeconds) ? clipboardClearSeconds : DEFAULT_CLIPBOARD_SECONDS,
                autoReconnect, warningDays < 0 || warningDays > MAX_WARNING_DAYS ? 0 : warningDays,
                selectedApplications);
    }

    public static boolean validClipboardSeconds(int seconds) {
        return seconds == 0 || (seconds >= MIN_CLIPBOARD_SECONDS && seconds <= MAX_CLIPBOARD_SECONDS);
    }

    /** The clipboard timeout for {@code ClipboardGuard}: null means never clear. */
    public Duration clipboardClearAfter() {
        return clipboardClearSeconds == 0 ? null : Duration.ofSeconds(clipboardClearSeconds);
    }

    /** The markers' warning window, or null to follow the gateway's notification thresholds. */
    public Duration warningWindow() {
        return warningDays == 0 ? null : Duration.ofDays(warningDays);
    }

    public ConsolePreferences withWindow(WindowGeometry value) {
        return new ConsolePreferences(CURRENT_SCHEMA, value, theme, lastConnection, clipboardClearSeconds,
                autoReconnect, warningDays, selectedApplications);
    }

    public ConsolePreferences withTheme(ThemeChoice value) {
        return new ConsolePreferences(CURRENT_SCHEMA, window, value, lastConnection, clipboardClearSeconds,
                autoReconnect, warningDays, selectedApplications);
    }

    public ConsolePreferences withOptions(int clipboardSeconds, boolean reconnect, int warning) {
        return new ConsolePreferences(CURRENT_SCHEMA, window, theme, lastConnection, clipboardSeconds, reconnect,
                warning, selectedApplications);
    }

    /** The same, remembering {@code applicationId} (or nothing, for null) as selected on {@code connection}. */
    public ConsolePreferences withSelectedApplication(String connection, String applicationId) {
        Map<String, String> m = new HashMap<>(selectedApplications);
        if (applicationId == null) {
            m.remove(connection);
        } else {
            m.put(connection, applicationId);
        }
        return new ConsolePreferences(CURRENT_SCHEMA, window, theme, lastConnection, clipboardClearSeconds,
                autoReconnect, warningDays, m);
    }
}
