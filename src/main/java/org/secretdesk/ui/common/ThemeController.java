package org.secretdesk.ui.common;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.application.ColorScheme;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * Applies the AtlantaFX theme (Primer light or dark) for the operator's {@link ThemeChoice}; with
 * {@link ThemeChoice#SYSTEM} it follows the OS colour scheme as it changes. Call on the FX thread.
 */
public final class ThemeController {

    private final ObjectProperty<ThemeChoice> choice = new SimpleObjectProperty<>();
    private final BooleanProperty dark = new SimpleBooleanProperty();
    private final String lightCss = new PrimerLight().getUserAgentStylesheet();
    private final String darkCss = new PrimerDark().getUserAgentStylesheet();

    public ThemeController(ThemeChoice initial) {
        Platform.getPreferences().colorSchemeProperty().addListener((obs, o, n) -> apply());
        choice.addListener((obs, o, n) -> apply());
        choice.set(initial); // applies it: the choice was null
    }

    public ObjectProperty<ThemeChoice> choiceProperty() {
        return choice;
    }

    /** Whether the dark theme is currently applied. */
    public ReadOnlyBooleanProperty darkProperty() {
        return dark;
    }

    private void apply() {
        boolean osDark = Platform.getPreferences().getColorScheme() == ColorScheme.DARK;
        boolean useDark = choice.get().isDark(osDark);
        dark.set(useDark);
        Application.setUserAgentStylesheet(useDark ? darkCss : lightCss);
    }
}
