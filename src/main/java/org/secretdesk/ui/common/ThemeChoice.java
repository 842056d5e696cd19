package org.secretdesk.ui.common;

/** The theme the operator picked; {@link #SYSTEM} follows the OS colour scheme. */
public enum ThemeChoice {
    SYSTEM,
    LIGHT,
    DARK;

    /** The next choice for the header's toggle: system → light → dark → system. */
    public ThemeChoice next() {
        return values()[(ordinal() + 1) % values().length];
    }

    /** Whether the dark theme applies, given whether the OS is currently dark. */
    public boolean isDark(boolean osDark) {
        return this == DARK || (this == SYSTEM && osDark);
    }
}
