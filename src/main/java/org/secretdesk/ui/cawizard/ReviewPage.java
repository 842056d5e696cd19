package org.secretdesk.ui.cawizard;

import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.desk.connections.Fingerprint;
import org.secretdesk.pki.CertificateDetails;
import org.secretdesk.ui.reveal.DialogLook;

/**
 * The wizard's second page: what the certificate is (subject, issuer, serial, validity flagged when expired or not
 * yet valid, key algorithm, SHA-256 and SHA-1) and the operator's comparison with the fingerprint they were given.
 */
final class ReviewPage {

    private ReviewPage() {
    }

    static Node create(CaExportViewModel vm) {
        GridPane grid = DialogLook.formGrid(14, 7, false);

        Label subject = value("review-subject");
        Label issuer = value("review-issuer");
        Label serial = mono(value("review-serial"));
        Label validity = value("review-validity");
        Label algorithm = value("review-algorithm");
        Label sha256 = fingerprintLabel("review-sha256");
        Label sha1 = fingerprintLabel("review-sha1");
        int row = 0;
        grid.addRow(row++, DialogLook.rowKey("Subject"), subject);
        grid.addRow(row++, DialogLook.rowKey("Issuer"), issuer);
        grid.addRow(row++, DialogLook.rowKey("Serial number"), serial);
        grid.addRow(row++, DialogLook.rowKey("Valid"), validity);
        grid.addRow(row++, DialogLook.rowKey("Key algorithm"), algorithm);
        grid.addRow(row++, DialogLook.rowKey("SHA-256"), sha256);
        grid.addRow(row, DialogLook.rowKey("SHA-1"), sha1);

        Node validityCallout = new VBox();
        VBox calloutHolder = new VBox();
        calloutHolder.managedProperty().bind(calloutHolder.visibleProperty());

        TextField expected = new TextField();
        expected.setId("expected-fingerprint");
        expected.setPromptText("Paste the SHA-256 fingerprint you were given (optional)");
        expected.textProperty().bindBidirectional(vm.expectedFingerprintProperty());
        expected.getStyleClass().add("sd-mono");
        Label check = new Label();
        check.setId("fingerprint-check");
        check.setWrapText(true);

        CheckBox confirm = new CheckBox("The fingerprint matches what I expect");
        confirm.setId("confirm-fingerprint");
        confirm.selectedProperty().bindBidirectional(vm.fingerprintConfirmedProperty());
        Label confirmNote = DialogLook.muted("Compare the SHA-256 fingerprint with the one the gateway's"
                + " administrator gave you, over a channel you trust (in person, phone, a signed message).");

        Runnable refresh = () -> {
            CertificateDetails d = vm.detailsBinding().get();
            if (d == null) {
                return;
            }
            subject.setText(d.subject());
            issuer.setText(d.issuer() + (d.selfSigned() ? "  (self-signed)" : ""));
            serial.setText(d.serialNumber());
            validity.setText(vm.formatDate(d.notBefore()) + "  –  " + vm.formatDate(d.notAfter()));
            String problem = vm.validityProblem();
            validity.getStyleClass().remove("sd-validity-problem");
            calloutHolder.getChildren().clear();
            if (!problem.isEmpty()) {
                validity.getStyleClass().add("sd-validity-problem");
                HBox c = DialogLook.callout(DialogLook.Tone.DANGER, problem);
                c.setId("validity-warning");
                calloutHolder.getChildren().add(c);
            }
            calloutHolder.setVisible(!problem.isEmpty());
            algorithm.setText(d.keyAlgorithm());
            sha256.setText(Fingerprint.inTwoLines(d.sha256Fingerprint()));
            sha1.setText(Fingerprint.inTwoLines(d.sha1Fingerprint()));
        };
        Runnable refreshCheck = () -> {
            check.getStyleClass().removeAll("sd-error", "sd-success");
            check.setGraphic(null);
            switch (vm.fingerprintCheck()) {
                case NONE -> check.setText("");
                case MATCHES -> {
                    check.setText("Matches the certificate's SHA-256 fingerprint.");
                    check.getStyleClass().add("sd-success");
                    check.setGraphic(icon(Feather.CHECK_CIRCLE, "sd-success-icon"));
                }
                case DIFFERENT -> {
                    check.setText("Does NOT match. Do not trust this certificate; check where it came from.");
                    check.getStyleClass().add("sd-error");
                    check.setGraphic(icon(Feather.X_CIRCLE, "sd-error-icon"));
                }
                case INVALID -> {
                    check.setText("That is not a SHA-256 fingerprint (64 hexadecimal digits).");
                    check.getStyleClass().add("sd-error");
                }
            }
            check.setVisible(!check.getText().isEmpty());
            check.setManaged(check.isVisible());
        };
        vm.detailsBinding().addListener((o, a, b) -> {
            refresh.run();
            refreshCheck.run();
        });
        vm.expectedFingerprintProperty().addListener((o, a, b) -> refreshCheck.run());
        refresh.run();
        refreshCheck.run();

        Label expectedLabel = DialogLook.fieldLabel("Expected SHA-256 (optional)", expected);
        VBox box = new VBox(12, grid, calloutHolder, new VBox(6, expectedLabel, expected, check),
                new VBox(4, confirm, confirmNote));
        box.setId("review-page");
        return box;
    }

    static FontIcon icon(Feather f, String styleClass) {
        FontIcon i = new FontIcon(f);
        i.getStyleClass().add(styleClass);
        return i;
    }

    private static Label value(String id) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    private static Label mono(Label l) {
        l.getStyleClass().add("sd-mono");
        return l;
    }

    /** A fingerprint in monospace, copyable from its context menu. */
    static Label fingerprintLabel(String id) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().addAll("sd-mono", "sd-fingerprint");
        l.setMinHeight(Region.USE_PREF_SIZE);
        javafx.scene.control.MenuItem copy = new javafx.scene.control.MenuItem("Copy fingerprint");
        copy.setOnAction(e -> {
            javafx.scene.input.ClipboardContent c = new javafx.scene.input.ClipboardContent();
            c.putString(l.getText().replace("\n", ":"));
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
        });
        l.setContextMenu(new javafx.scene.control.ContextMenu(copy));
        return l;
    }
}
