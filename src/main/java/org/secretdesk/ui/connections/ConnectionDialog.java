package org.secretdesk.ui.connections;

import atlantafx.base.theme.Styles;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.desk.connections.ConnectionProfile;
import org.secretdesk.desk.connections.Connections;
import org.secretdesk.desk.connections.GatewayKind;
import org.secretdesk.desk.connections.UntrustedChainException;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.common.SecretInput;
import org.secretdesk.ui.reveal.DialogLook;

/**
 * Add or edit a connection profile. "Test connection" runs in the background and, for a certificate not trusted
 * yet, opens the fingerprint prompt first. Save stores the profile (never the key) and the key in the keychain.
 */
public final class ConnectionDialog {

    private final ConnectionEditorViewModel vm;
    private final Dialog<ConnectionProfile> dialog = new Dialog<>();
    private final Function<UntrustedChainException, Boolean> askTrust;
    private ConnectionProfile saved;

    /**
     * @param askTrust shows the fingerprint prompt and says whether the operator trusts the CA (tests replace it)
     */
    public ConnectionDialog(Window owner, ConnectionEditorViewModel vm,
                            Function<UntrustedChainException, Boolean> askTrust) {
        this.vm = Objects.requireNonNull(vm, "vm");
        this.askTrust = Objects.requireNonNull(askTrust, "askTrust");
        DialogLook.prepare(dialog, owner, vm.editing() ? "Edit connection" : "New connection",
                vm.editing() ? "Edit the connection" : "Connect to a gateway");
        dialog.getDialogPane().getStylesheets().add(Objects.requireNonNull(
                ConnectionDialog.class.getResource("connections.css")).toExternalForm());
        FontIcon icon = new FontIcon(Feather.SERVER);
        icon.getStyleClass().add("sd-header-icon");
        dialog.getDialogPane().setGraphic(icon);
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, save);
        Button saveButton = DialogLook.interceptSubmit(dialog, save, vm.busyProperty(),
                () -> vm.save(p -> {
                    saved = p;
                    dialog.setResult(p);
                    dialog.close();
                }));
        saveButton.getStyleClass().add(Styles.ACCENT);
        saveButton.disableProperty().bind(vm.canSave().not());
        dialog.setResultConverter(b -> saved);
        dialog.getDialogPane().setContent(content(owner));
        // However the dialog closes, the typed key's characters are wiped.
        dialog.setOnHidden(e -> vm.close());
        vm.checkKeychain();
    }

    /** Shows the dialog; the saved profile, or empty when cancelled. */
    public static Optional<ConnectionProfile> show(Window owner, Connections connections, Background background,
                                                   ConnectionProfile existing) {
        ConnectionEditorViewModel vm = new ConnectionEditorViewModel(connections, background, existing);
        ConnectionDialog d = new ConnectionDialog(owner, vm,
                u -> TrustPrompt.ask(owner, u, vm.nameProperty().get().isBlank() ? vm.urlProperty().get()
                        : vm.nameProperty().get()));
        return d.dialog.showAndWait();
    }

    public Dialog<ConnectionProfile> dialog() {
        return dialog;
    }

    private Node content(Window owner) {
        TextField name = new TextField();
        name.setId("connection-name");
        name.setPromptText("Production gateway");
        name.textProperty().bindBidirectional(vm.nameProperty());

        ComboBox<GatewayKind> kind = new ComboBox<>();
        kind.setId("connection-kind");
        kind.getItems().setAll(vm.kinds());
        kind.valueProperty().bindBidirectional(vm.kindProperty());
        kind.setMaxWidth(Double.MAX_VALUE);

        TextField url = new TextField();
        url.setId("connection-url");
        url.setPromptText("https://gateway.example.com:8443");
        url.textProperty().bindBidirectional(vm.urlProperty());

        url.promptTextProperty().bind(Bindings.createStringBinding(() -> vm.kindProperty().get().urlExample(),
                vm.kindProperty()));

        SecretInput key = new SecretInput(vm.adminKey());
        key.setId("connection-key");
        key.promptTextProperty().bind(Bindings.createStringBinding(() -> vm.storedKeyPresentProperty().get()
                        ? "Stored in the keychain (type to replace)" : vm.kindProperty().get().credentialPrompt(),
                vm.storedKeyPresentProperty(), vm.kindProperty()));
        Label keyLabel = DialogLook.fieldLabel("Admin key", key);
        keyLabel.textProperty().bind(Bindings.createStringBinding(() -> vm.kindProperty().get().credentialName(),
                vm.kindProperty()));

        TextField user = field("connection-user", "admin", vm.userProperty());
        TextField realm = field("connection-realm", "my-realm", vm.realmProperty());
        TextField adminRealm = field("connection-admin-realm", "master", vm.adminRealmProperty());
        TextField organization = field("connection-organization", "DEFAULT", vm.organizationProperty());
        TextField environment = field("connection-environment", "DEFAULT", vm.environmentProperty());
        TextField domain = field("connection-domain", "my-domain", vm.domainProperty());
        Label userLabel = DialogLook.fieldLabel("User", user);
        Label realmLabel = DialogLook.fieldLabel("Realm", realm);
        Label adminRealmLabel = DialogLook.fieldLabel("Admin realm", adminRealm);
        Label organizationLabel = DialogLook.fieldLabel("Organization", organization);
        Label environmentLabel = DialogLook.fieldLabel("Environment", environment);
        Label domainLabel = DialogLook.fieldLabel("Domain", domain);
        Label settingsProblem = problem(vm.settingsProblem(), user, realm, domain);
        Label kindNote = DialogLook.muted("");
        kindNote.setId("connection-kind-note");
        kindNote.setWrapText(true);
        kindNote.textProperty().bind(Bindings.createStringBinding(() -> kindNote(vm.kindProperty().get()),
                vm.kindProperty()));

        CheckBox remember = new CheckBox();
        remember.setId("connection-remember");
        remember.textProperty().bind(Bindings.createStringBinding(() -> "Remember the "
                + vm.kindProperty().get().credentialName().toLowerCase(java.util.Locale.ROOT)
                + " in the OS keychain", vm.kindProperty()));
        remember.selectedProperty().bindBidirectional(vm.rememberKeyProperty());
        remember.disableProperty().bind(vm.keychainProperty().isNotEqualTo(ConnectionEditorViewModel.KeychainState.AVAILABLE));
        Label keychainNote = DialogLook.muted("");
        keychainNote.setId("keychain-note");
        keychainNote.setWrapText(true);
        keychainNote.textProperty().bind(vm.keychainNoteProperty());

        GridPane grid = DialogLook.formGrid(12, 8, false);
        grid.setId("connection-fields");
        Label nameProblem = problem(vm.nameProblem(), name);
        Label urlProblem = problem(vm.urlProblem(), url);
        VBox keychainBox = new VBox(4, remember, keychainNote);
        // Only the fields the chosen kind uses are in the grid, in the order an operator reads them.
        Runnable layout = () -> {
            GatewayKind k = vm.kindProperty().get();
            grid.getChildren().clear();
            int row = 0;
            grid.addRow(row++, DialogLook.fieldLabel("Name", name), name);
            grid.add(nameProblem, 1, row++);
            grid.addRow(row++, DialogLook.fieldLabel("Gateway kind", kind), kind);
            grid.add(kindNote, 1, row++);
            grid.addRow(row++, DialogLook.fieldLabel("Address", url), url);
            grid.add(urlProblem, 1, row++);
            if (k == GatewayKind.GRAVITEE) {
                grid.addRow(row++, organizationLabel, organization);
                grid.addRow(row++, environmentLabel, environment);
                grid.addRow(row++, domainLabel, domain);
            }
            if (k == GatewayKind.KEYCLOAK) {
                grid.addRow(row++, realmLabel, realm);
                grid.addRow(row++, adminRealmLabel, adminRealm);
            }
            if (k.needsUser()) {
                grid.addRow(row++, userLabel, user);
            }
            grid.add(settingsProblem, 1, row++);
            grid.addRow(row++, keyLabel, key);
            grid.add(keychainBox, 1, row);
            if (dialog.getDialogPane().getScene() != null && dialog.getDialogPane().getScene().getWindow() != null) {
                dialog.getDialogPane().getScene().getWindow().sizeToScene();
            }
        };
        vm.kindProperty().addListener((o, a, b) -> layout.run());
        layout.run();

        Button test = new Button("Test connection");
        test.setId("connection-test");
        test.setGraphic(new FontIcon(Feather.ACTIVITY));
        test.disableProperty().bind(vm.canTest().not());
        test.setOnAction(e -> runTest());
        HBox testRow = new HBox(12, test, DialogLook.busyRow(vm.busyProperty(), "Connecting…"));
        testRow.setAlignment(Pos.CENTER_LEFT);

        VBox report = new VBox(4);
        report.setId("connection-report");
        report.getStyleClass().add("sd-report");
        report.visibleProperty().bind(vm.reportProperty().isNotNull());
        report.managedProperty().bind(report.visibleProperty());
        vm.reportProperty().addListener((o, a, r) -> {
            report.getChildren().clear();
            report.getStyleClass().remove("sd-report-warning");
            if (r == null) {
                return;
            }
            boolean ok = r.keyAccepted();
            if (!ok) {
                report.getStyleClass().add("sd-report-warning");
            }
            Label title = new Label(ok ? "Connected" : "Reached the gateway, but the "
                    + vm.kindProperty().get().credentialName().toLowerCase(java.util.Locale.ROOT) + " was not accepted",
                    new FontIcon(ok ? Feather.CHECK_CIRCLE : Feather.ALERT_TRIANGLE));
            title.getStyleClass().add("sd-report-title");
            report.getChildren().add(title);
            report.getChildren().add(line(r.info().describe()));
            if (!r.chain().isEmpty()) {
                report.getChildren().add(line("TLS chain: " + ConnectionEditorViewModel.chainSummary(r.chain())));
                Label fp = line("CA SHA-256: " + r.caFingerprint());
                fp.getStyleClass().add("sd-mono");
                report.getChildren().add(fp);
            } else {
                report.getChildren().add(line("Plain HTTP on this computer: no TLS."));
            }
            if (!ok) {
                report.getChildren().add(line(r.keyProblem()));
            }
        });

        VBox box = new VBox(12, grid, testRow, report, DialogLook.errorLine(vm.errorProperty()));
        box.setId("connection-dialog");
        return box;
    }

    private void runTest() {
        vm.test(untrusted -> {
            if (askTrust.apply(untrusted)) {
                vm.trust(untrusted.presentedCa());
                runTest();
            } else {
                vm.declined();
            }
        });
    }

    private static Label line(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    private static TextField field(String id, String prompt, javafx.beans.property.StringProperty value) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.textProperty().bindBidirectional(value);
        return f;
    }

    /** What the chosen kind manages and how it signs in, under the kind's choice. */
    static String kindNote(GatewayKind kind) {
        return switch (kind) {
            case SECRETDESK -> "A SecretDesk gateway; signs in with its admin key.";
            case DATAMINER -> "One flat list of BrokerGateway client secrets, shown as one application; signs in"
                    + " with the Administrator API key.";
            case GRAVITEE -> "The applications of one security domain; signs in as a Gravitee AM administrator.";
            case KEYCLOAK -> "The confidential clients of one realm; signs in as a Keycloak administrator (admin-cli).";
        };
    }

    /** A problem under a field, shown once one of the fields was edited (not while the dialog is still blank). */
    private static Label problem(javafx.beans.value.ObservableStringValue text, TextField... fields) {
        Label l = new Label();
        l.getStyleClass().addAll("sd-error", Styles.TEXT_SMALL);
        l.setWrapText(true);
        l.textProperty().bind(text);
        javafx.beans.property.BooleanProperty touched = new javafx.beans.property.SimpleBooleanProperty();
        for (TextField field : fields) {
            field.textProperty().addListener((o, a, b) -> touched.set(true));
        }
        l.visibleProperty().bind(touched.and(Bindings.isNotEmpty(text)));
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }
}
