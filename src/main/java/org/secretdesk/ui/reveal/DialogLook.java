package org.secretdesk.ui.reveal;

import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.event.ActionEvent;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.ui.common.FocusRings;

/** The building blocks every SecretDesk dialog shares, so they look and behave alike. */
public final class DialogLook {

    public static final double WIDTH = 580;

    private DialogLook() {
    }

    /** Owner, modality, stylesheet and width for {@code dialog}. */
    public static void prepare(Dialog<?> dialog, Window owner, String title, String header) {
        if (owner != null) {
            dialog.initOwner(owner);
        }
        dialog.setTitle(title);
        dialog.setHeaderText(header);
        dialog.setResizable(true);
        dialog.getDialogPane().getStyleClass().add("sd-dialog");
        dialog.getDialogPane().getStylesheets().addAll(FocusRings.STYLESHEET,
                Objects.requireNonNull(DialogLook.class.getResource("dialogs.css")).toExternalForm());
        dialog.getDialogPane().setPrefWidth(WIDTH);
        dialog.getDialogPane().setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        growWithContent(dialog);
    }

    /**
     * JavaFX sizes a dialog's window only when it opens. A message that appears later (a request's error under the
     * fields) would push the buttons out of the window, where they can be neither seen nor clicked, so Generate
     * could not be tried again: after each layout the window grows to the height its content needs.
     */
    private static void growWithContent(Dialog<?> dialog) {
        javafx.scene.Scene scene = dialog.getDialogPane().getScene();
        Runnable grow = () -> {
            if (!dialog.isShowing()) {
                return;
            }
            double needed = dialog.getDialogPane().minHeight(scene.getWidth());
            double missing = needed - scene.getHeight();
            if (missing > 0.5) {
                dialog.setHeight(dialog.getHeight() + Math.ceil(missing));
            }
        };
        dialog.showingProperty().addListener((obs, was, now) -> {
            if (now) {
                scene.addPostLayoutPulseListener(grow);
            } else {
                scene.removePostLayoutPulseListener(grow);
            }
        });
    }

    public enum Tone { WARNING, DANGER, INFO }

    /** A tinted box with an icon and a wrapped sentence. */
    public static HBox callout(Tone tone, String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMaxWidth(Double.MAX_VALUE);
        label.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox.setHgrow(label, Priority.ALWAYS);
        FontIcon icon = new FontIcon(switch (tone) {
            case WARNING -> Feather.ALERT_TRIANGLE;
            case DANGER -> Feather.ALERT_OCTAGON;
            case INFO -> Feather.INFO;
        });
        icon.setIconSize(18);
        HBox box = new HBox(10, icon, label);
        box.setAlignment(Pos.TOP_LEFT);
        box.getStyleClass().add("sd-callout");
        if (tone == Tone.DANGER) {
            box.getStyleClass().add("sd-danger");
        } else if (tone == Tone.INFO) {
            box.getStyleClass().add("sd-info");
        }
        return box;
    }

    /**
     * A form of two columns: labels as wide as they need (never cut), values taking the rest; a third column, when
     * given, sized to its content (a button beside a value).
     */
    public static javafx.scene.layout.GridPane formGrid(double hgap, double vgap, boolean thirdColumn) {
        javafx.scene.layout.GridPane grid = new javafx.scene.layout.GridPane(hgap, vgap);
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        javafx.scene.layout.ColumnConstraints values = new javafx.scene.layout.ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setFillWidth(true);
        grid.getColumnConstraints().addAll(labels, values);
        if (thirdColumn) {
            grid.getColumnConstraints().add(new javafx.scene.layout.ColumnConstraints());
        }
        return grid;
    }

    /** A red message line bound to {@code message}; it takes no space while the message is empty. */
    public static Label errorLine(ObservableStringValue message) {
        Label label = new Label();
        label.textProperty().bind(message);
        label.getStyleClass().add("sd-error");
        label.setWrapText(true);
        label.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        label.setMaxWidth(Double.MAX_VALUE);
        FontIcon icon = new FontIcon(Feather.ALERT_CIRCLE);
        icon.getStyleClass().add("sd-error-icon");
        label.setGraphic(icon);
        label.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> message.get() != null && !message.get().isEmpty(), message));
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    public static Label fieldLabel(String text, Node target) {
        Label label = new Label(text);
        label.getStyleClass().add("sd-field-label");
        label.setLabelFor(target);
        label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return label;
    }

    /**
     * {@link #fieldLabel} with a mnemonic: {@code text} marks its letter with an underscore ("_Host"), and Alt with
     * that letter moves the focus to {@code target}.
     */
    public static Label mnemonicLabel(String text, Node target) {
        Label label = fieldLabel(text, target);
        label.setMnemonicParsing(true);
        return label;
    }

    public static Label muted(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_MUTED);
        label.setWrapText(true);
        label.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        return label;
    }

    /** The large icon at the right of a dialog's header; red for destructive dialogs. */
    public static FontIcon headerIcon(Feather feather, boolean danger) {
        FontIcon icon = new FontIcon(feather);
        icon.getStyleClass().add("sd-header-icon");
        if (danger) {
            icon.getStyleClass().add("sd-danger");
        }
        return icon;
    }

    public static FontIcon icon(Feather feather) {
        return new FontIcon(feather);
    }

    /**
     * Makes {@code type}'s button run {@code onSubmit} instead of closing the dialog; the caller closes it when the
     * background work succeeded. While {@code busy}, no button works and the dialog cannot be closed, so an issued
     * secret is never lost to an early close.
     */
    public static Button interceptSubmit(Dialog<?> dialog, ButtonType type, javafx.beans.value.ObservableBooleanValue busy,
                                         Runnable onSubmit) {
        Button button = (Button) dialog.getDialogPane().lookupButton(type);
        button.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            onSubmit.run();
        });
        for (ButtonType other : dialog.getDialogPane().getButtonTypes()) {
            if (other != type) {
                dialog.getDialogPane().lookupButton(other).disableProperty().bind(Bindings.createBooleanBinding(
                        busy::get, busy));
            }
        }
        dialog.setOnCloseRequest(e -> {
            if (busy.get()) {
                e.consume();
            }
        });
        // The window's close button goes through the Dialog's own handler, which may close regardless: stop the
        // request at the window while busy.
        dialog.showingProperty().addListener((obs, was, now) -> {
            if (now) {
                dialog.getDialogPane().getScene().getWindow().addEventFilter(
                        javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST, e -> {
                            if (busy.get()) {
                                e.consume();
                            }
                        });
            }
        });
        return button;
    }

    /**
     * The dialog's buttons: {@code type} (the accent button that submits, see {@link #interceptSubmit}) and Cancel.
     *
     * @param enter     whether Enter presses it (never for one that is destructive or irreversible)
     * @param canSubmit when it is enabled
     */
    public static Button submitButton(Dialog<?> dialog, ButtonType type, String id,
                                      javafx.beans.value.ObservableBooleanValue busy,
                                      javafx.beans.value.ObservableBooleanValue canSubmit, boolean enter,
                                      Runnable onSubmit) {
        dialog.getDialogPane().getButtonTypes().setAll(type, ButtonType.CANCEL);
        Button button = interceptSubmit(dialog, type, busy, onSubmit);
        button.setId(id);
        button.getStyleClass().add(atlantafx.base.theme.Styles.ACCENT);
        button.setDefaultButton(enter);
        button.disableProperty().bind(Bindings.createBooleanBinding(() -> !canSubmit.get(), canSubmit));
        return button;
    }

    /** A label in a form's first column, at the top of its row (the value beside it may wrap). */
    public static Label rowKey(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("sd-field-label");
        javafx.scene.layout.GridPane.setValignment(l, javafx.geometry.VPos.TOP);
        return l;
    }

    /** A spinner and a sentence ("Generating…") shown while {@code busy}. */
    public static HBox busyRow(javafx.beans.value.ObservableBooleanValue busy, String text) {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(16, 16);
        spinner.setMaxSize(16, 16);
        Label label = new Label(text);
        label.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_MUTED);
        HBox row = new HBox(8, spinner, label);
        row.setAlignment(Pos.CENTER_LEFT);
        row.visibleProperty().bind(Bindings.createBooleanBinding(busy::get, busy));
        row.managedProperty().bind(row.visibleProperty());
        return row;
    }

    /**
     * Live validation of {@code field}: a ControlsFX error decoration plus AtlantaFX's danger state while
     * {@code message} is not empty. ControlsFX installs its decoration layer at the scene's root, which a dialog
     * only has once it is showing, so decorations start when the dialog is shown.
     */
    public static void liveValidation(Dialog<?> dialog, javafx.scene.control.TextField field,
                                      ObservableStringValue message) {
        org.controlsfx.validation.ValidationSupport support = new org.controlsfx.validation.ValidationSupport();
        support.setErrorDecorationEnabled(false);
        Runnable apply = () -> {
            boolean invalid = message.get() != null && !message.get().isEmpty();
            field.pseudoClassStateChanged(atlantafx.base.theme.Styles.STATE_DANGER, invalid);
            if (dialog.isShowing()) {
                support.setErrorDecorationEnabled(true);
                support.revalidate(field);
            }
        };
        support.registerValidator(field, false,
                (org.controlsfx.validation.Validator<String>) (control, value) ->
                        org.controlsfx.validation.ValidationResult.fromMessageIf(control, message.get(),
                                org.controlsfx.validation.Severity.ERROR,
                                message.get() != null && !message.get().isEmpty()));
        message.addListener((obs, was, now) -> apply.run());
        dialog.showingProperty().addListener((obs, was, now) -> {
            if (now) {
                apply.run();
            }
        });
        apply.run();
    }
}
