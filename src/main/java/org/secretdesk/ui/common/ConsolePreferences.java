package org.secretdesk.ui.common;

/**
 * What the console remembers between runs (never a secret or key): window geometry, theme, last connection.
 *
 * @param schemaVersion {@link #CURRENT_SCHEMA} when written by this version
 */
public record ConsolePreferences(int schemaVersion, WindowGeometry window, ThemeChoice theme,
                                 String lastConnection) {

    public static final int CURRENT_SCHEMA = 1;

    public static final ConsolePreferences DEFAULTS =
            new ConsolePreferences(CURRENT_SCHEMA, WindowGeometry.DEFAULT, ThemeChoice.SYSTEM, null);

    public ConsolePreferences {
        window = window == null ? WindowGeometry.DEFAULT : window;
        theme = theme == null ? ThemeChoice.SYSTEM : theme;
    }

    public ConsolePreferences withWindow(WindowGeometry value) {
        return new ConsolePreferences(CURRENT_SCHEMA, value, theme, lastConnection);
    }

    public ConsolePreferences withTheme(ThemeChoice value) {
        return new ConsolePreferences(CURRENT_SCHEMA, window, value, lastConnection);
    }
}
