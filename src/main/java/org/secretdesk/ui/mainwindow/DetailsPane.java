package org.secretdesk.ui.mainwindow;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.model.Application;

/**
 * The right pane: the selected application (name, client id, roles, expiry policy, owners, edit and delete), its secrets
 * ({@link SecretsTable}) and the secret actions; without a selection, what to do — pick an application, or on a
 * fresh start how to begin.
 */
final class DetailsPane {

    private final MainWindowViewModel vm;
    private final MainWindowActions actions;
    private final SecretsTable table;
    private final StackPane root;

    DetailsPane(MainWindowViewModel vm, MainWindowActions actions) {
        this.vm = vm;
        this.actions = actions;
        this.table = new SecretsTable(vm, actions);
        VBox details = new VBox(14, applicationHeader(), table.root(), oldValueStrip(), secretActions());
        VBox.setVgrow(table.root(), Priority.ALWAYS);
        details.getStyleClass().add("details-pane");

        Label pick = new Label("Select an application to see its secrets");
        pick.getStyleClass().add("empty-title");
        VBox nothing = new VBox(12, Controls.emptyIcon(Feather.KEY), pick);
        nothing.setAlignment(Pos.CENTER);
        nothing.getStyleClass().add("empty-state");
        Node begin = howToBegin();

        root = new StackPane(nothing, begin, details);
        details.visibleProperty().bind(vm.applications().selectedProperty().isNotNull());
        nothing.visibleProperty().bind(vm.applications().selectedProperty().isNull()
                .and(Bindings.size(vm.applications().visible()).greaterThan(0)));
        begin.visibleProperty().bind(vm.applications().stateProperty().isEqualTo(ApplicationsViewModel.ListState.EMPTY));
    }

    Node root() {
        return root;
    }

    SecretsTable table() {
        return table;
    }

    /** A first start: nothing exists yet. Create the first application, or connect an existing gateway. */
    private Node howToBegin() {
        Label title = new Label("How to begin");
        title.getStyleClass().add(Styles.TITLE_3);
        Label create = new Label("Create the first application: it gets a client ID and, if you like, its first "
                + "secret, shown once.");
        create.setWrapText(true);
        Button newApp = new Button("New application", new FontIcon(Feather.PLUS));
        newApp.setId("beginNewApplication");
        newApp.getStyleClass().add(Styles.ACCENT);
        newApp.disableProperty().bind(vm.features().canCreateApplication().not());
        newApp.setOnAction(e -> actions.newApplication());
        Label connect = new Label("Or manage the client secrets of a gateway you already run: a DataMiner "
                + "BrokerGateway, Gravitee AM or Keycloak.");
        connect.setWrapText(true);
        Button add = new Button("Add connection…", new FontIcon(Feather.LINK));
        add.setId("beginAddConnection");
        add.setOnAction(e -> actions.addConnection());
        add.visibleProperty().bind(actions.connectionActionsProperty().isNotNull());
        add.managedProperty().bind(add.visibleProperty());
        connect.visibleProperty().bind(add.visibleProperty());
        connect.managedProperty().bind(add.visibleProperty());
        VBox box = new VBox(12, Controls.emptyIcon(Feather.COMPASS), title, create, newApp, connect, add);
        box.setId("howToBegin");
        box.setAlignment(Pos.CENTER);
        box.setMaxWidth(460);
        box.getStyleClass().add("empty-state");
        StackPane wrap = new StackPane(box);
        wrap.setPickOnBounds(false);
        return wrap;
    }

    private Node applicationHeader() {
        ApplicationsViewModel apps = vm.applications();
        ActionRules rules = vm.rules();
        Label name = new Label();
        name.setId("applicationName");
        name.getStyleClass().addAll(Styles.TITLE_3, "application-title");
        Label description = new Label();
        description.getStyleClass().add(Styles.TEXT_MUTED);
        description.setWrapText(true);

        Label clientIdLabel = new Label("client_id");
        clientIdLabel.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        clientIdLabel.setMinWidth(Region.USE_PREF_SIZE);
        Label clientId = new Label();
        clientId.setId("clientId");
        clientId.getStyleClass().addAll("monospace", "client-id");
        Button copyClientId = iconButton(Feather.COPY, "Copy client ID", "copyClientIdButton");
        copyClientId.getStyleClass().add(Styles.SMALL);
        copyClientId.setOnAction(e -> Controls.copyText(clientId.getText()));
        HBox clientBox = new HBox(6, clientIdLabel, clientId, copyClientId);
        clientBox.setAlignment(Pos.CENTER_RIGHT);
        clientBox.setId("clientIdBox");
        // No client_id, no label and no copy button that copies nothing (a DataMiner list has none, issue 25).
        clientBox.visibleProperty().bind(Bindings.createBooleanBinding(() -> !clientId.getText().isBlank(),
                clientId.textProperty()));
        clientBox.managedProperty().bind(clientBox.visibleProperty());

        Button editApp = iconButton(Feather.EDIT_2, "Edit application", "editApplicationButton");
        editApp.disableProperty().bind(rules.editApplicationBlockedReason().isNotNull());
        editApp.setOnAction(e -> actions.editApplication());
        Node editAppWrap = Controls.withReason(editApp, rules.editApplicationBlockedReason(),
                "Edit the description and roles", "editApplicationReason");
        Button deleteApp = iconButton(Feather.TRASH_2, "Delete application…", "deleteApplicationButton");
        deleteApp.getStyleClass().add(Styles.DANGER);
        deleteApp.disableProperty().bind(rules.canDeleteApplication().not());
        deleteApp.setOnAction(e -> actions.deleteApplication());
        Node deleteAppWrap = Controls.withReason(deleteApp, rules.deleteApplicationBlockedReason(),
                "Delete application…", "deleteApplicationReason");

        HBox clientRow = new HBox();
        clientRow.setId("clientIdRow");
        clientRow.visibleProperty().bind(Bindings.isNotEmpty(clientRow.getChildren()).and(clientBox.visibleProperty()));
        clientRow.managedProperty().bind(clientRow.visibleProperty());
        HBox titleRow = new TitleRow(clientRow, clientBox, name, new Spacer(), clientBox, editAppWrap, deleteAppWrap);
        titleRow.setAlignment(Pos.CENTER_LEFT);

        Label roles = new Label();
        roles.setId("applicationRoles");
        roles.setGraphic(new FontIcon(Feather.USERS));
        Label policy = new Label();
        policy.setId("applicationPolicy");
        policy.setGraphic(new FontIcon(Feather.CLOCK));
        policy.textProperty().bind(rules.expiryPolicyText());
        Button editPolicy = new Button("Edit");
        editPolicy.setId("editApplicationPolicy");
        editPolicy.getStyleClass().addAll(Styles.FLAT, Styles.SMALL, "edit-policy");
        editPolicy.setAccessibleText("Edit the expiry policy");
        editPolicy.disableProperty().bind(Bindings.createBooleanBinding(() -> !rules.canEditApplicationPolicy(),
                apps.selectedProperty(), vm.features().capabilitiesProperty(), vm.connection().stateProperty()));
        editPolicy.setOnAction(e -> actions.applicationPolicy());
        Node editPolicyWrap = Controls.withReason(editPolicy, rules.applicationPolicyBlockedReason(),
                "Change this application's expiry policy", "applicationPolicyReason");
        HBox policyBox = new HBox(4, policy, editPolicyWrap);
        policyBox.setAlignment(Pos.CENTER_LEFT);
        HBox meta = new HBox(24, roles, policyBox);
        meta.getStyleClass().add("application-meta");
        meta.setAlignment(Pos.CENTER_LEFT);

        Label owners = new Label();
        owners.setId("applicationOwners");
        owners.setGraphic(new FontIcon(Feather.MAIL));
        owners.setWrapText(true);
        owners.setMinHeight(Region.USE_PREF_SIZE);
        owners.visibleProperty().bind(owners.textProperty().isNotEmpty());
        owners.managedProperty().bind(owners.visibleProperty());

        FeaturesViewModel features = vm.features();
        apps.selectedProperty().addListener((obs, o, app) -> show(app, name, description, clientId, roles, features));
        apps.selectedProperty().addListener((obs, o, app) -> owners.setText(app == null ? ""
                : features.ownersText(app)));
        features.capabilitiesProperty().addListener((obs, o, c) -> {
            Application app = apps.selectedProperty().get();
            owners.setText(app == null ? "" : features.ownersText(app));
        });
        VBox appHeader = new VBox(6, titleRow, clientRow, description, meta, owners);
        appHeader.getStyleClass().add("application-header");
        return appHeader;
    }

    /**
     * The application's name, its client ID and its buttons: the client ID beside the name while both fit whole,
     * else on a line of its own under the name (a narrow window), so that neither is cut. Decided at layout time,
     * when the labels' fonts are known.
     */
    private static final class TitleRow extends HBox {
        private final HBox clientRow;
        private final Node clientBox;

        TitleRow(HBox clientRow, Node clientBox, Node... children) {
            super(12, children);
            this.clientRow = clientRow;
            this.clientBox = clientBox;
        }

        @Override
        protected void layoutChildren() {
            boolean beside = getChildren().contains(clientBox);
            double needed = snappedLeftInset() + snappedRightInset();
            for (Node child : getChildren()) {
                if (child.isManaged() && !(child instanceof Spacer)) {
                    needed += child.prefWidth(-1) + getSpacing();
                }
            }
            if (!beside && clientBox.isVisible()) {
                needed += clientBox.prefWidth(-1) + getSpacing();
            }
            boolean fits = needed <= getWidth();
            if (beside && !fits) {
                getChildren().remove(clientBox);
                clientRow.getChildren().setAll(clientBox);
            } else if (!beside && fits) {
                clientRow.getChildren().clear();
                getChildren().add(2, clientBox);
            }
            super.layoutChildren();
        }
    }

    private static void show(Application app, Label name, Label description, Label clientId, Label roles,
                             FeaturesViewModel features) {
        if (app != null) {
            name.setText(app.name());
            description.setText(app.description());
            description.setManaged(!app.description().isBlank());
            description.setVisible(!app.description().isBlank());
            clientId.setText(app.clientId() == null ? "" : app.clientId());
            roles.setText(features.rolesText(app));
        }
    }

    /**
     * Under the table, for the selected secret during a grace period: the old value's state ("Old value used 2 min
     * ago from 10.0.0.5 · 37 uses in the last hour · valid until 14:05") and the way to the rotation panel.
     */
    private Node oldValueStrip() {
        Label line = new Label();
        line.setId("oldValueLine");
        line.setGraphic(new FontIcon(Feather.REPEAT));
        line.setWrapText(true);
        line.textProperty().bind(Bindings.createStringBinding(() -> {
            String text = vm.clock().oldValueLine(vm.secrets().selectedProperty().get());
            return text == null ? "" : text;
        }, vm.secrets().selectedProperty(), vm.clock().revisionProperty()));
        Button open = new Button("Rotation…");
        open.setId("rotationButton");
        open.getStyleClass().addAll(Styles.SMALL);
        open.disableProperty().bind(vm.rules().rotationBlockedReason().isNotNull());
        open.setOnAction(e -> actions.rotation());
        HBox strip = new HBox(10, line, new Spacer(), open);
        strip.setAlignment(Pos.CENTER_LEFT);
        strip.getStyleClass().add("old-value-strip");
        strip.visibleProperty().bind(line.textProperty().isNotEmpty());
        strip.managedProperty().bind(strip.visibleProperty());
        return strip;
    }

    private Node secretActions() {
        ActionRules rules = vm.rules();
        Button newSecret = new Button("New secret", new FontIcon(Feather.PLUS));
        newSecret.setId("newSecretButton");
        newSecret.getStyleClass().add(Styles.ACCENT);
        newSecret.disableProperty().bind(rules.canNewSecret().not());
        newSecret.setOnAction(e -> actions.newSecret());
        Node newSecretWrap = Controls.withReason(newSecret, rules.newSecretBlockedReason(), "New secret (Ctrl+N)",
                "newSecretReason");

        Button renew = new Button("Renew", new FontIcon(Feather.REFRESH_CW));
        renew.setId("renewButton");
        renew.textProperty().bind(vm.features().renewLabel());
        renew.disableProperty().bind(rules.canRenew().not());
        renew.setOnAction(e -> actions.renewSecret());
        Node renewWrap = Controls.withReason(renew, rules.renewBlockedReason(),
                "Issue a new value for the selected secret", "renewReason");
        Button delete = new Button("Delete", new FontIcon(Feather.TRASH_2));
        delete.setId("deleteButton");
        delete.getStyleClass().add(Styles.DANGER);
        delete.disableProperty().bind(rules.canDeleteSecret().not());
        delete.setOnAction(e -> actions.deleteSecret());
        Node deleteWrap = Controls.withReason(delete, rules.deleteBlockedReason(), "Delete the selected secret",
                "deleteReason");
        // A gateway with one current plus one rotated secret (Keycloak) invalidates the rotated one instead.
        deleteWrap.visibleProperty().bind(vm.features().rotatedSecretModel().not());
        deleteWrap.managedProperty().bind(deleteWrap.visibleProperty());
        Button invalidate = new Button("Invalidate rotated secret", new FontIcon(Feather.SLASH));
        invalidate.setId("invalidateRotatedButton");
        invalidate.getStyleClass().add(Styles.DANGER);
        invalidate.disableProperty().bind(rules.canInvalidateRotated().not());
        invalidate.setOnAction(e -> actions.invalidateRotated());
        Node invalidateWrap = Controls.withReason(invalidate, rules.invalidateRotatedReason(),
                "The previous secret stops working at once", "invalidateRotatedReason");
        invalidateWrap.visibleProperty().bind(vm.features().rotatedSecretModel());
        invalidateWrap.managedProperty().bind(invalidateWrap.visibleProperty());
        Label count = new Label();
        count.setId("secretCount");
        count.getStyleClass().add(Styles.TEXT_MUTED);
        count.setMinWidth(Region.USE_PREF_SIZE);
        count.textProperty().bind(rules.secretCountText());
        // A backend that records no use says so where the usage would be (issue 21).
        Label noUsage = new Label("No usage data", new FontIcon(Feather.INFO));
        noUsage.setId("noUsageData");
        noUsage.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        noUsage.setMinWidth(Region.USE_PREF_SIZE);
        Tooltip why = new Tooltip();
        why.setWrapText(true);
        why.setMaxWidth(360);
        why.textProperty().bind(Bindings.createStringBinding(() -> {
            String text = vm.features().explainMissing(Feature.USAGE);
            return text == null ? "" : text;
        }, vm.features().capabilitiesProperty(), vm.connection().stateProperty()));
        noUsage.setTooltip(why);
        noUsage.setAccessibleText("No usage data");
        noUsage.visibleProperty().bind(why.textProperty().isNotEmpty());
        noUsage.managedProperty().bind(noUsage.visibleProperty());
        HBox row = new HBox(8, newSecretWrap, renewWrap, deleteWrap, invalidateWrap, new Spacer(), noUsage, count);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("secret-actions");
        return row;
    }

    static Button iconButton(Feather icon, String tooltip, String id) {
        Button button = new Button(null, new FontIcon(icon));
        button.setId(id);
        button.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        button.setTooltip(new Tooltip(tooltip));
        button.setAccessibleText(tooltip);
        return button;
    }
}
