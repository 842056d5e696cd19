package org.secretdesk.ui.cawizard;

import atlantafx.base.theme.Styles;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import javafx.application.HostServices;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.value.ObservableBooleanValue;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.controlsfx.dialog.Wizard;
import org.controlsfx.dialog.WizardPane;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.desk.DataDirectory;
import org.secretdesk.desk.ca.CaFileFormat;
import org.secretdesk.desk.ca.DataMinerBundle;
import org.secretdesk.desk.connections.Fingerprint;
import org.secretdesk.pki.CertificateDetails;
import org.secretdesk.ui.common.Background;
import org.secretdesk.ui.common.DialogService;
import org.secretdesk.ui.common.FxDialogService;
import org.secretdesk.ui.common.SecretInput;
import org.secretdesk.ui.reveal.DialogLook;

/**
 * The CA certificate export wizard (ControlsFX {@link Wizard}): Source, Review, Format and place, Done. All rules
 * live in {@link CaExportViewModel}; this class lays out the pages and binds them.
 */
public final class CaExportWizard {

    public static final String TITLE = "Export CA certificate";
    static final double WIDTH = 600;
    static final double HEIGHT = 600;
    private static final java.util.List<DialogService.FileType> CERTIFICATE_FILES = java.util.List.of(
            DialogService.FileType.of("Certificates (*.pem, *.crt, *.cer, *.der)", "*.pem", "*.crt", "*.cer", "*.der"),
            DialogService.FileType.of("All files", "*.*"));

    private final CaExportViewModel vm;
    private final DialogService dialogs;
    private final FolderOpener folderOpener;
    private final Wizard wizard;
    private final WizardPane sourcePage;
    private final WizardPane reviewPage;
    private final WizardPane formatPage;
    private final WizardPane donePage;
    private boolean exported;

    /**
     * Shows the wizard (modal, returns when it is closed). For the shell: from the menu with the current
     * connection's client, and from the connection details.
     */
    public static void show(Window owner, CaSources sources, Background background, HostServices hostServices) {
        CaExportViewModel vm = new CaExportViewModel(background, Clock.systemUTC(), sources);
        vm.folderProperty().set(DataDirectory.home());
        CaExportWizard w = new CaExportWizard(owner, vm, new FxDialogService(),
                FolderOpener.forPlatform(hostServices, background).orElse(null));
        w.wizard.showAndWait();
    }

    /** For tests and callers that bring their own collaborators; {@code folderOpener} may be null. */
    public CaExportWizard(Window owner, CaExportViewModel vm, DialogService dialogs, FolderOpener folderOpener) {
        this.vm = Objects.requireNonNull(vm, "vm");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.folderOpener = folderOpener;
        this.wizard = new Wizard(owner, TITLE);
        sourcePage = page("Step 1 of 4 · Where is the CA certificate?", buildSource(), vm.sourceComplete());
        reviewPage = page("Step 2 of 4 · Compare before you trust it", ReviewPage.create(vm), vm.reviewComplete());
        formatPage = formatPage(buildFormat());
        donePage = page("Done · The files are written", buildDone(), null);
        wizard.setFlow(new Wizard.LinearFlow(sourcePage, reviewPage, formatPage, donePage));
        wizard.getDialog().setResizable(true);
        // However the wizard closes, the typed passwords are wiped.
        wizard.getDialog().setOnHidden(e -> vm.wipePasswords());
    }

    public Wizard wizard() {
        return wizard;
    }

    public CaExportViewModel viewModel() {
        return vm;
    }

    // ================================================================ pages

    private WizardPane page(String header, Node content, ObservableBooleanValue complete) {
        WizardPane pane = new WizardPane() {
            @Override
            public void onEnteringPage(Wizard w) {
                w.invalidProperty().unbind();
                if (complete == null) {
                    w.setInvalid(false);
                    // The files are written: there is nothing left to cancel.
                    Button cancel = button(this, ButtonBar.ButtonData.CANCEL_CLOSE);
                    if (cancel != null) {
                        cancel.setVisible(false);
                        cancel.setManaged(false);
                    }
                } else {
                    w.invalidProperty().bind(Bindings.createBooleanBinding(() -> !complete.get(), complete));
                }
                styleButtons(this);
            }
        };
        dress(pane, header, content);
        return pane;
    }

    private WizardPane formatPage(Node content) {
        WizardPane pane = new WizardPane() {
            @Override
            public void onEnteringPage(Wizard w) {
                exported = false;
                w.invalidProperty().unbind();
                BooleanBinding complete = vm.formatComplete();
                w.invalidProperty().bind(complete.not());
                styleButtons(this);
            }
        };
        dress(pane, "Step 3 of 4 · Choose the format and where to save", content);
        // Next writes the files first (in the background); only a successful write moves on. The filter sits on
        // the page, so it runs before the wizard's own handler on the button.
        pane.addEventFilter(ActionEvent.ACTION, e -> {
            Button next = button(pane, ButtonBar.ButtonData.NEXT_FORWARD);
            if (next == null || e.getTarget() != next || exported) {
                return;
            }
            e.consume();
            vm.export(this::confirmReplace, () -> {
                exported = true;
                next.fire();
            });
        });
        return pane;
    }

    private void dress(WizardPane pane, String header, Node content) {
        pane.setHeaderText(header);
        pane.getStyleClass().addAll("sd-dialog", "sd-wizard");
        pane.getStylesheets().addAll(
                Objects.requireNonNull(DialogLook.class.getResource("dialogs.css")).toExternalForm(),
                Objects.requireNonNull(CaExportWizard.class.getResource("ca-wizard.css")).toExternalForm());
        FontIcon icon = new FontIcon(Feather.SHIELD);
        icon.getStyleClass().add("sd-wizard-icon");
        // Bound, because ControlsFX's wizard.css sets its own -fx-graphic, and CSS does not touch bound properties.
        pane.graphicProperty().bind(new javafx.beans.property.SimpleObjectProperty<Node>(icon));
        pane.setContent(content);
        // One size for every page, so the window does not jump between steps.
        pane.setPrefSize(WIDTH, HEIGHT);
        pane.setMinHeight(Region.USE_PREF_SIZE);
    }

    private static void styleButtons(WizardPane pane) {
        for (ButtonType t : pane.getButtonTypes()) {
            Node b = pane.lookupButton(t);
            ButtonBar.ButtonData data = t.getButtonData();
            if (b != null && (data == ButtonBar.ButtonData.NEXT_FORWARD || data == ButtonBar.ButtonData.FINISH)
                    && !b.getStyleClass().contains(Styles.ACCENT)) {
                b.getStyleClass().add(Styles.ACCENT);
            }
        }
    }

    static Button button(WizardPane pane, ButtonBar.ButtonData data) {
        for (ButtonType t : pane.getButtonTypes()) {
            if (t.getButtonData() == data) {
                return (Button) pane.lookupButton(t);
            }
        }
        return null;
    }

    private boolean confirmReplace(List<Path> existing) {
        String names = existing.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", "));
        return dialogs.confirm(wizard.getDialog().getDialogPane().getScene().getWindow(), "Replace files?",
                (existing.size() == 1 ? names + " exists already" : "These files exist already: " + names)
                        + " in " + existing.getFirst().getParent() + ". Replace "
                        + (existing.size() == 1 ? "it?" : "them?"), "Replace", true);
    }

    // ---------------------------------------------------------------- Source

    private Node buildSource() {
        ToggleGroup group = new ToggleGroup();
        RadioButton gateway = radio(group, "The connected gateway's CA", "source-gateway");
        RadioButton url = radio(group, "The certificate chain a server presents", "source-url");
        RadioButton file = radio(group, "A certificate file (PEM or DER)", "source-file");
        gateway.setUserData(CaExportViewModel.Source.GATEWAY);
        url.setUserData(CaExportViewModel.Source.URL);
        file.setUserData(CaExportViewModel.Source.FILE);
        gateway.setDisable(!vm.gatewayAvailable());
        group.selectToggle(switch (vm.sourceProperty().get()) {
            case GATEWAY -> gateway;
            case URL -> url;
            case FILE -> file;
        });
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.sourceProperty().set((CaExportViewModel.Source) b.getUserData());
                if (b == gateway) {
                    vm.load();
                }
            }
        });

        Label gatewayNote = DialogLook.muted(vm.gatewayNote());
        gatewayNote.setId("gateway-note");
        indent(gatewayNote);

        TextField urlField = new TextField();
        urlField.setId("url-field");
        urlField.setPromptText("https://gateway.example.com:8443");
        urlField.textProperty().bindBidirectional(vm.urlProperty());
        HBox.setHgrow(urlField, Priority.ALWAYS);
        Button fetch = new Button("Fetch");
        fetch.setId("fetch-button");
        fetch.setGraphic(new FontIcon(Feather.DOWNLOAD_CLOUD));
        fetch.setOnAction(e -> {
            vm.sourceProperty().set(CaExportViewModel.Source.URL);
            group.selectToggle(url);
            vm.load();
        });
        urlField.setOnAction(e -> fetch.fire());
        fetch.disableProperty().bind(vm.busyProperty());
        HBox urlRow = new HBox(8, urlField, fetch);
        urlRow.setAlignment(Pos.CENTER_LEFT);
        indent(urlRow);
        urlRow.disableProperty().bind(url.selectedProperty().not());
        Label urlNote = DialogLook.muted("Nothing is trusted or sent while fetching: the connection stops after"
                + " the server shows its certificates.");
        indent(urlNote);

        Button choose = new Button("Choose file…");
        choose.setId("choose-file-button");
        choose.setGraphic(new FontIcon(Feather.FOLDER));
        Label chosen = new Label();
        chosen.getStyleClass().add(Styles.TEXT_MUTED);
        chosen.textProperty().bind(Bindings.createStringBinding(
                () -> vm.fileProperty().get() == null ? "No file chosen" : vm.fileProperty().get().toString(),
                vm.fileProperty()));
        choose.setOnAction(e -> dialogs.chooseOpenFile(window(), "Choose a certificate file",
                CERTIFICATE_FILES).ifPresent(vm::loadFile));
        HBox fileRow = new HBox(10, choose, chosen);
        fileRow.setAlignment(Pos.CENTER_LEFT);
        indent(fileRow);
        fileRow.disableProperty().bind(file.selectedProperty().not());

        ComboBox<X509Certificate> chainBox = new ComboBox<>(vm.chain());
        chainBox.setId("chain-box");
        chainBox.setMaxWidth(Double.MAX_VALUE);
        chainBox.valueProperty().bindBidirectional(vm.selectedProperty());
        chainBox.setCellFactory(l -> new ChainCell());
        chainBox.setButtonCell(new ChainCell());
        Label chainLabel = DialogLook.fieldLabel("Certificate to export", chainBox);
        Label chainNote = DialogLook.muted("The root CA is selected: that is what clients should trust.");
        VBox chainBlock = new VBox(6, chainLabel, chainBox, chainNote);
        chainBlock.visibleProperty().bind(Bindings.isNotEmpty(vm.chain()));
        chainBlock.managedProperty().bind(chainBlock.visibleProperty());
        chainBlock.setPadding(new Insets(8, 0, 0, 0));

        VBox box = new VBox(8,
                gateway, gatewayNote,
                url, urlRow, urlNote,
                file, fileRow,
                DialogLook.busyRow(vm.busyProperty(), "Loading the certificate…"),
                DialogLook.errorLine(vm.sourceErrorProperty()),
                chainBlock);
        box.setId("source-page");
        if (vm.sourceProperty().get() == CaExportViewModel.Source.GATEWAY) {
            vm.load();
        }
        return box;
    }

    private static RadioButton radio(ToggleGroup group, String text, String id) {
        RadioButton r = new RadioButton(text);
        r.setToggleGroup(group);
        r.setId(id);
        r.getStyleClass().add("sd-source-choice");
        return r;
    }

    private static void indent(Region node) {
        VBox.setMargin(node, new Insets(0, 0, 0, 28));
    }

    /** "CN=SecretDesk Root CA · root" in the chain list. */
    private static final class ChainCell extends ListCell<X509Certificate> {
        @Override
        protected void updateItem(X509Certificate item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                return;
            }
            CertificateDetails d = CertificateDetails.of(item);
            String role = d.selfSigned() ? "root CA" : item.getBasicConstraints() >= 0 ? "intermediate CA" : "server";
            setText(d.subject() + "  ·  " + role);
        }
    }

    /** Read-only but selectable, so a fingerprint can be copied for comparison. */
    private static TextField monoField(String id) {
        TextField f = new TextField();
        f.setId(id);
        f.setEditable(false);
        f.getStyleClass().addAll("sd-mono", "sd-readonly-value");
        f.setMaxWidth(Double.MAX_VALUE);
        return f;
    }

    // ---------------------------------------------------------------- Format and place

    private Node buildFormat() {
        ToggleGroup group = new ToggleGroup();
        VBox formats = new VBox(8);
        for (CaFileFormat f : CaFileFormat.values()) {
            RadioButton r = new RadioButton(f.displayName() + " (" + String.join(", ", f.extensions()) + ")");
            r.setId("format-" + f.name().toLowerCase(java.util.Locale.ROOT));
            r.setUserData(f);
            r.setToggleGroup(group);
            r.setMinWidth(Region.USE_PREF_SIZE);
            Label used = DialogLook.muted("— " + f.usedBy());
            HBox line = new HBox(8, r, used);
            line.setAlignment(Pos.BASELINE_LEFT);
            formats.getChildren().add(line);
            if (vm.formatProperty().get() == f) {
                group.selectToggle(r);
            }
        }
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.formatProperty().set((CaFileFormat) b.getUserData());
            }
        });

        // Typed, pasted or chosen: the field and the view model's folder follow each other.
        TextField folder = new TextField(vm.folderProperty().get() == null ? "" : vm.folderProperty().get().toString());
        folder.setId("folder-field");
        folder.setPromptText("Type a folder or choose one");
        folder.textProperty().addListener((o, a, typed) -> vm.setFolderText(typed));
        vm.folderProperty().addListener((o, a, chosen) -> {
            if (chosen != null && !chosen.equals(CaExportViewModel.parseFolder(folder.getText()))) {
                folder.setText(chosen.toString());
            }
        });
        HBox.setHgrow(folder, Priority.ALWAYS);
        Button chooseFolder = new Button("Choose…");
        chooseFolder.setId("choose-folder-button");
        chooseFolder.setGraphic(new FontIcon(Feather.FOLDER));
        chooseFolder.setOnAction(e -> dialogs.chooseFolder(window(), "Choose the folder to save to", vm.folderProperty().get())
                .ifPresent(vm.folderProperty()::set));
        HBox folderRow = new HBox(8, folder, chooseFolder);

        TextField name = new TextField();
        name.setId("file-name-field");
        name.textProperty().bindBidirectional(vm.fileNameProperty());

        SecretInput password = new SecretInput(vm.password());
        password.setId("password-field");
        SecretInput confirm = new SecretInput(vm.passwordConfirm());
        confirm.setId("password-confirm-field");
        GridPane place = DialogLook.formGrid(12, 8, false);
        place.addRow(0, DialogLook.fieldLabel("Folder", folder), folderRow);
        place.addRow(1, DialogLook.fieldLabel("File name", name), name);
        Label pwLabel = DialogLook.fieldLabel("Truststore password", password);
        Label pwConfirmLabel = DialogLook.fieldLabel("Repeat password", confirm);
        place.addRow(2, pwLabel, password);
        place.addRow(3, pwConfirmLabel, confirm);
        BooleanBinding p12 = vm.formatProperty().isEqualTo(CaFileFormat.PKCS12);
        for (Node n : List.of(pwLabel, password, pwConfirmLabel, confirm)) {
            n.visibleProperty().bind(p12);
            n.managedProperty().bind(p12);
        }

        CheckBox bundle = new CheckBox("Also write a DataMiner client bundle (" + DataMinerBundle.CONFIG_FILE_NAME
                + (vm.hasClientSecret() ? " and " + DataMinerBundle.CLIENT_SECRET_FILE_NAME : "") + ")");
        bundle.setId("dataminer-bundle");
        bundle.selectedProperty().bindBidirectional(vm.dataMinerBundleProperty());
        TextField fqdn = new TextField();
        fqdn.setId("fqdn-field");
        fqdn.setPromptText("dma01.example.com");
        fqdn.textProperty().bindBidirectional(vm.fqdnProperty());
        TextField keyPath = new TextField();
        keyPath.setId("api-key-path-field");
        keyPath.textProperty().bindBidirectional(vm.apiKeyPathProperty());
        GridPane dm = DialogLook.formGrid(12, 8, false);
        dm.addRow(0, DialogLook.fieldLabel("DataMiner host (FQDN)", fqdn), fqdn);
        dm.addRow(1, DialogLook.fieldLabel("Client-secret file on the client", keyPath), keyPath);
        Label dmNote = DialogLook.muted(vm.hasClientSecret()
                ? "The client-secret file holds the secret in plain text and is written readable by you only."
                  + " Copy it to the client and delete it here."
                : "The client-secret file itself is offered when a secret is revealed (\"Save client-secret file…\").");
        VBox dmBlock = new VBox(8, dm, dmNote);
        indent(dmBlock);
        dmBlock.visibleProperty().bind(bundle.selectedProperty());
        dmBlock.managedProperty().bind(dmBlock.visibleProperty());

        Label hint = DialogLook.muted("");
        hint.setId("format-problem");
        hint.textProperty().bind(vm.formatProblem());
        hint.visibleProperty().bind(vm.formatProblem().isNotEmpty());
        hint.managedProperty().bind(hint.visibleProperty());

        VBox box = new VBox(12, formats, place, new VBox(8, bundle, dmBlock), hint,
                DialogLook.busyRow(vm.busyProperty(), "Writing…"), DialogLook.errorLine(vm.exportErrorProperty()));
        box.setId("format-page");
        return box;
    }

    // ---------------------------------------------------------------- Done

    private Node buildDone() {
        Label intro = new Label();
        intro.setWrapText(true);
        intro.setMinHeight(Region.USE_PREF_SIZE);
        intro.textProperty().bind(Bindings.createStringBinding(() -> vm.folderProperty().get() == null ? ""
                : "Written to " + vm.folderProperty().get() + ":", vm.folderProperty()));
        VBox list = new VBox(4);
        list.setId("written-files");
        list.setPadding(new Insets(0, 0, 0, 8));
        vm.written().addListener((javafx.collections.ListChangeListener<Path>) c -> {
            list.getChildren().clear();
            for (Path p : vm.written()) {
                Label l = new Label(p.getFileName().toString(), ReviewPage.icon(Feather.CHECK_CIRCLE, "sd-success-icon"));
                l.setGraphicTextGap(8);
                list.getChildren().add(l);
            }
        });
        Label fp = ReviewPage.fingerprintLabel("done-sha256");
        fp.textProperty().bind(Bindings.createStringBinding(() -> vm.detailsBinding().get() == null ? ""
                : Fingerprint.inTwoLines(vm.detailsBinding().get().sha256Fingerprint()), vm.detailsBinding()));
        Label fpLabel = DialogLook.fieldLabel("SHA-256 of the certificate", fp);
        VBox fpRow = new VBox(4, fpLabel, fp);
        Label next = DialogLook.muted("Install the certificate as a trusted root on each client, and give the"
                + " fingerprint to whoever installs it so they can compare.");
        VBox box = new VBox(12, intro, list, fpRow, next);
        if (folderOpener != null) {
            Button open = new Button("Open folder");
            open.setId("open-folder-button");
            open.setGraphic(new FontIcon(Feather.FOLDER));
            open.setOnAction(e -> Optional.ofNullable(vm.folderProperty().get()).ifPresent(folderOpener::open));
            box.getChildren().add(open);
        }
        box.setId("done-page");
        return box;
    }

    private Window window() {
        return wizard.getDialog().getDialogPane().getScene() == null ? null
                : wizard.getDialog().getDialogPane().getScene().getWindow();
    }
}
