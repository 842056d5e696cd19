package org.secretdesk.ui.mainwindow;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import javafx.beans.binding.Bindings;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.ui.common.ThemeChoice;
import org.secretdesk.ui.common.ThemeController;

/**
 * The ≡ menu: refresh, the gateway's secret policy, notification channels, calendar feed and audit log, reporting a leak, the stale secrets, preferences, the
 * theme (the current one ticked),
 * the connection details and the CA, and Quit. Entries for what the backend lacks stay choosable and then say why.
 */
final class MainMenu {

    static final KeyCombination QUIT = new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination REPORT_LEAK = new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);

    private final MainWindowViewModel vm;
    private final MainWindowActions actions;
    private final MenuButton button;

    MainMenu(MainWindowViewModel vm, MainWindowActions actions, ThemeController theme, ConnectionPopover connection) {
        this.vm = java.util.Objects.requireNonNull(vm);
        this.actions = java.util.Objects.requireNonNull(actions);
        button = new MenuButton(null, new FontIcon(Feather.MENU));
        button.setId("mainMenu");
        button.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Tweaks.NO_ARROW);
        button.setTooltip(new Tooltip("Menu"));
        button.setAccessibleText("Menu");

        MenuItem refresh = new MenuItem("Refresh", new FontIcon(Feather.REFRESH_CW));
        refresh.setAccelerator(new KeyCodeCombination(KeyCode.F5));
        refresh.setOnAction(e -> vm.refresh());
        MenuItem secretPolicy = new MenuItem("Secret policy…", new FontIcon(Feather.CLOCK));
        secretPolicy.setId("secretPolicyMenu");
        explainWhenMissing(secretPolicy, "Secret policy…", Feature.DOMAIN_POLICY, actions::secretPolicy);
        MenuItem channels = new MenuItem("Notification channels…", new FontIcon(Feather.SEND));
        channels.setId("notificationChannelsMenu");
        explainWhenMissing(channels, "Notification channels…", Feature.CHANNELS, actions::notificationChannels);
        MenuItem calendar = new MenuItem("Calendar feed…", new FontIcon(Feather.CALENDAR));
        calendar.setId("calendarFeedMenu");
        explainWhenMissing(calendar, "Calendar feed…", Feature.CALENDAR, actions::calendarFeed);
        MenuItem audit = new MenuItem("Audit log…", new FontIcon(Feather.LIST));
        audit.setId("auditLogMenu");
        explainWhenMissing(audit, "Audit log…", Feature.AUDIT, actions::auditLog);
        MenuItem leak = new MenuItem("Report a leak…", new FontIcon(Feather.SHIELD_OFF));
        leak.setId("reportLeakMenu");
        leak.setAccelerator(REPORT_LEAK);
        explainWhenMissing(leak, "Report a leak…", Feature.LEAK_RESPONSE, actions::reportLeak);
        MenuItem stale = new MenuItem("Stale secrets…", new FontIcon(Feather.ARCHIVE));
        stale.setId("staleSecretsMenu");
        explainWhenMissing(stale, "Stale secrets…", Feature.USAGE, actions::staleSecrets);
        MenuItem prefs = new MenuItem("Preferences…", new FontIcon(Feather.SETTINGS));
        prefs.setId("preferencesMenu");
        prefs.setOnAction(e -> actions.preferences());

        ToggleGroup themes = new ToggleGroup();
        RadioMenuItem light = themeItem("Light theme", ThemeChoice.LIGHT, theme, themes);
        RadioMenuItem dark = themeItem("Dark theme", ThemeChoice.DARK, theme, themes);
        RadioMenuItem system = themeItem("Follow the system theme", ThemeChoice.SYSTEM, theme, themes);

        MenuItem details = new MenuItem("Connection details…", new FontIcon(Feather.INFO));
        details.setId("connectionDetailsMenu");
        details.setOnAction(e -> connection.showDetails());
        MenuItem exportCa = new MenuItem("Export CA certificate…", new FontIcon(Feather.DOWNLOAD));
        exportCa.setId("exportCaMenuItem");
        exportCa.visibleProperty().bind(actions.connectionActionsProperty().isNotNull());
        exportCa.setOnAction(e -> actions.exportCa());
        exportCa.textProperty().bind(Bindings.createStringBinding(() -> vm.features().explainMissing(
                Feature.CA_EXPORT) == null ? "Export CA certificate…" : "Export CA certificate… (from an address or file)",
                vm.features().capabilitiesProperty()));
        MenuItem rotateCa = new MenuItem("Rotate CA…", new FontIcon(Feather.REFRESH_CCW));
        rotateCa.setId("rotateCaMenuItem");
        rotateCa.visibleProperty().bind(actions.connectionActionsProperty().isNotNull());
        explainWhenMissing(rotateCa, "Rotate CA…", Feature.CA_ROTATION, actions::rotateCa);
        MenuItem quit = new MenuItem("Quit", new FontIcon(Feather.LOG_OUT));
        quit.setId("quitMenuItem");
        quit.setAccelerator(QUIT);
        quit.setOnAction(e -> actions.quit());
        button.getItems().addAll(refresh, new SeparatorMenuItem(), secretPolicy, channels, calendar, audit, leak, stale, prefs,
                new SeparatorMenuItem(), light, dark, system, new SeparatorMenuItem(), details, exportCa, rotateCa,
                new SeparatorMenuItem(), quit);
    }

    MenuButton button() {
        return button;
    }

    private static RadioMenuItem themeItem(String text, ThemeChoice choice, ThemeController theme, ToggleGroup group) {
        RadioMenuItem item = new RadioMenuItem(text);
        item.setId("theme-" + choice.name().toLowerCase(java.util.Locale.ROOT));
        item.setToggleGroup(group);
        item.setSelected(theme.choiceProperty().get() == choice);
        theme.choiceProperty().addListener((obs, o, n) -> item.setSelected(n == choice));
        item.setOnAction(e -> theme.choiceProperty().set(choice));
        return item;
    }

    /**
     * A menu entry for a feature the gateway may lack: it stays choosable, and then says why in a notice (a
     * disabled menu item could not explain itself).
     */
    private void explainWhenMissing(MenuItem item, String label, Feature feature, Runnable open) {
        item.textProperty().bind(Bindings.createStringBinding(() -> vm.features().explainMissing(feature) == null
                        ? label : label.replace("…", "") + " (not available)", vm.features().capabilitiesProperty(),
                vm.connection().stateProperty()));
        item.setOnAction(e -> actions.unlessMissing(feature, label.replace("…", ""), open));
    }
}
