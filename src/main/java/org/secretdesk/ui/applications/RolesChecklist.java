package org.secretdesk.ui.applications;

import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import org.secretdesk.model.Role;

/** One check box per role of the catalog ({@code #role-<name>}), wrapping instead of widening the dialog. */
final class RolesChecklist {

    private RolesChecklist() {
    }

    static FlowPane create(RoleChoice roles, ObservableBooleanValue busy, String id) {
        FlowPane boxes = new FlowPane(14, 8);
        boxes.setId(id);
        boxes.setPadding(new Insets(5, 0, 0, 0));
        boxes.setPrefWrapLength(380);
        Runnable rebuild = () -> {
            boxes.getChildren().clear();
            for (Role role : roles.available()) {
                CheckBox box = new CheckBox(role.name());
                box.setId("role-" + role.name());
                if (role.description() != null && !role.description().isBlank()) {
                    box.setTooltip(new Tooltip(role.description()));
                }
                box.setSelected(roles.selected().contains(role.name()));
                box.selectedProperty().addListener((obs, was, now) -> {
                    if (now) {
                        roles.selected().add(role.name());
                    } else {
                        roles.selected().remove(role.name());
                    }
                });
                box.disableProperty().bind(busy);
                boxes.getChildren().add(box);
            }
        };
        roles.available().addListener((ListChangeListener<Role>) c -> rebuild.run());
        rebuild.run();
        return boxes;
    }
}
