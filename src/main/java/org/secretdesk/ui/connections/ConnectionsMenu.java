package org.secretdesk.ui.connections;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.desk.connections.ConnectionProfile;
import org.secretdesk.desk.connections.Connections;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.common.DialogService;

/**
 * The menu entries behind the header's connection switcher: the embedded local gateway, every saved profile (the
 * current one ticked), and add / edit / remove. Rebuild it each time the menu opens ({@link #items}), so it
 * always shows the saved profiles.
 */
public final class ConnectionsMenu {

    private final Connections connections;
    private final Background background;
    private final DialogService dialogs;
    private final Runnable onLocal;
    private final Consumer<ConnectionProfile> onChosen;

    /**
     * @param onLocal  switch to the embedded local gateway
     * @param onChosen switch to a saved profile (the shell then runs {@link ConnectFlow#open})
     */
    public ConnectionsMenu(Connections connections, Background background, DialogService dialogs, Runnable onLocal,
                           Consumer<ConnectionProfile> onChosen) {
        this.connections = Objects.requireNonNull(connections);
        this.background = Objects.requireNonNull(background);
        this.dialogs = Objects.requireNonNull(dialogs);
        this.onLocal = Objects.requireNonNull(onLocal);
        this.onChosen = Objects.requireNonNull(onChosen);
    }

    /** @param currentProfileId the profile in use, or null for the local gateway */
    public List<MenuItem> items(Window owner, String currentProfileId) {
        List<MenuItem> items = new ArrayList<>();
        ToggleGroup group = new ToggleGroup();
        RadioMenuItem local = new RadioMenuItem("Local gateway");
        local.setToggleGroup(group);
        local.setSelected(currentProfileId == null);
        local.setOnAction(e -> onLocal.run());
        items.add(local);
        ConnectionProfile current = null;
        for (ConnectionProfile p : connections.profiles()) {
            RadioMenuItem item = new RadioMenuItem(p.name());
            item.setToggleGroup(group);
            item.setSelected(p.id().equals(currentProfileId));
            item.setOnAction(e -> onChosen.accept(p));
            items.add(item);
            if (p.id().equals(currentProfileId)) {
                current = p;
            }
        }
        items.add(new SeparatorMenuItem());
        MenuItem add = new MenuItem("Add connection…", new FontIcon(Feather.PLUS));
        add.setOnAction(e -> ConnectionDialog.show(owner, connections, background, null).ifPresent(onChosen));
        items.add(add);
        if (current != null) {
            ConnectionProfile selected = current;
            MenuItem edit = new MenuItem("Edit \"" + selected.name() + "\"…", new FontIcon(Feather.EDIT_2));
            edit.setOnAction(e -> ConnectionDialog.show(owner, connections, background, selected).ifPresent(onChosen));
            MenuItem remove = new MenuItem("Remove \"" + selected.name() + "\"…", new FontIcon(Feather.TRASH_2));
            remove.setOnAction(e -> {
                if (dialogs.confirm(owner, "Remove connection", "Remove the connection \"" + selected.name()
                        + "\" and its stored " + selected.kind().credentialName().toLowerCase(java.util.Locale.ROOT) + "? The gateway itself is not changed.", "Remove", true)) {
                    background.call(() -> {
                        connections.remove(selected);
                        return null;
                    }, ok -> onLocal.run(), err -> dialogs.showError(owner, "Remove connection",
                            "The connection could not be removed: " + err.getMessage()));
                }
            });
            items.add(edit);
            items.add(remove);
        }
        return items;
    }
}
