package org.secretdesk.ui.notify;

import atlantafx.base.theme.Styles;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.model.CalendarToken;
import org.secretdesk.ui.common.DialogService;
import org.secretdesk.ui.common.RelativeTime;
import org.secretdesk.ui.reveal.ClipboardGuard;
import org.secretdesk.ui.reveal.DialogLook;
import org.secretdesk.ui.reveal.SecretField;

/**
 * The expiry calendar's link (issue 23), bound to {@link CalendarFeedViewModel}: what the link is for, issuing one
 * (its URL shown once, copied through the {@link ClipboardGuard} like a secret: marked for clipboard managers and
 * cleared after the countdown), the links issued (never their URLs again), Revoke and Re-issue. Closing wipes the
 * shown URL.
 */
public final class CalendarFeedDialog {

    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final CalendarFeedViewModel vm;
    private final DialogService dialogs;
    private final TableView<CalendarToken> table = new TableView<>();

    public CalendarFeedDialog(Window owner, CalendarFeedViewModel vm, ClipboardGuard clipboard, DialogService dialogs,
                              RelativeTime time) {
        this.vm = vm;
        this.dialogs = dialogs;
        DialogLook.prepare(dialog, owner, "Calendar feed", "Expiry calendar");
        dialog.setGraphic(DialogLook.headerIcon(Feather.CALENDAR, false));
        dialog.getDialogPane().setId("calendar-dialog");
        dialog.getDialogPane().setPrefWidth(720);
        dialog.getDialogPane().setMinWidth(720);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);

        var what = DialogLook.callout(DialogLook.Tone.INFO, CalendarFeedViewModel.WHAT_IT_IS);
        TextField name = new TextField();
        name.setId("calendar-name");
        name.textProperty().bindBidirectional(vm.name());
        name.setPromptText("e.g. Team calendar");
        Button issue = new Button("_Issue a link", new FontIcon(Feather.LINK));
        issue.setId("calendar-issue");
        issue.setMnemonicParsing(true);
        issue.getStyleClass().add(Styles.ACCENT);
        issue.disableProperty().bind(vm.busyProperty());
        issue.setOnAction(e -> vm.issue());
        name.setOnAction(e -> vm.issue());
        HBox.setHgrow(name, Priority.ALWAYS);
        HBox issueRow = new HBox(8, DialogLook.mnemonicLabel("_Name", name), name, issue);
        issueRow.setAlignment(Pos.CENTER_LEFT);

        VBox content = new VBox(12, what, issueRow, linkBox(clipboard),
                DialogLook.busyRow(vm.busyProperty(), "Working…"), tokens(time),
                DialogLook.errorLine(vm.messageProperty()));
        dialog.getDialogPane().setContent(content);
        dialog.setOnHidden(e -> vm.close());
        dialog.setOnShown(e -> name.requestFocus());
    }

    private Node linkBox(ClipboardGuard clipboard) {
        SecretField url = new SecretField();
        url.setId("calendar-url");
        url.setShown(true);
        url.wrapAt(560);
        url.setAccessibleText("Calendar feed link");
        vm.linkProperty().addListener((obs, old, now) -> {
            if (now == null) {
                url.wipe();
            } else {
                url.setSecret(now);
            }
        });
        Button copy = new Button("_Copy link", new FontIcon(Feather.COPY));
        copy.setId("calendar-copy");
        copy.setMnemonicParsing(true);
        copy.getStyleClass().add(Styles.ACCENT);
        copy.setOnAction(e -> {
            if (vm.linkProperty().get() != null) {
                clipboard.copySecret(vm.linkProperty().get());
            }
        });
        Label countdown = new Label();
        countdown.setId("calendar-clipboard");
        countdown.getStyleClass().add(Styles.TEXT_MUTED);
        countdown.textProperty().bind(Bindings.createStringBinding(() -> clipboard.secondsLeftProperty().get() > 0
                ? "Copied: the clipboard clears in " + clipboard.secondsLeftProperty().get() + " s" : "",
                clipboard.secondsLeftProperty()));
        Label title = new Label();
        title.getStyleClass().add(Styles.TEXT_BOLD);
        title.setWrapText(true);
        title.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        title.textProperty().bind(Bindings.createStringBinding(() -> "The link “" + vm.linkNameProperty().get()
                + "”: shown this once, copy it now into the calendar application", vm.linkNameProperty()));
        HBox actions = new HBox(10, copy, countdown);
        actions.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(6, title, url, actions);
        box.setId("calendar-link");
        box.getStyleClass().add("sd-callout");
        box.visibleProperty().bind(vm.linkProperty().isNotNull());
        box.managedProperty().bind(box.visibleProperty());
        vm.linkProperty().addListener((obs, o, n) -> {
            if (n != null) {
                copy.requestFocus();
            }
        });
        return box;
    }

    private Node tokens(RelativeTime time) {
        table.setId("calendar-tokens");
        table.setItems(vm.tokens());
        table.setPrefHeight(150);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(java.util.List.of(
                column("Link", 180, t -> t.name() == null ? "" : t.name()),
                column("Issued by", 120, t -> t.createdBy() == null ? "" : t.createdBy()),
                column("Issued", 140, t -> time.exact(t.createdAt())),
                column("Last read", 140, t -> t.lastUsedAt() == null ? "never" : time.exact(t.lastUsedAt()))));
        table.setPlaceholder(new Label("No links issued: nobody can read the calendar."));
        Button reissue = new Button("_Re-issue…", new FontIcon(Feather.REFRESH_CW));
        reissue.setId("calendar-reissue");
        Button revoke = new Button("Re_voke…", new FontIcon(Feather.SLASH));
        revoke.setId("calendar-revoke");
        revoke.getStyleClass().add(Styles.DANGER);
        for (Button b : new Button[] {reissue, revoke}) {
            b.setMnemonicParsing(true);
            b.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull()
                    .or(vm.busyProperty()));
        }
        reissue.setOnAction(e -> ask(true));
        revoke.setOnAction(e -> ask(false));
        Label title = new Label("Links issued (their URLs cannot be shown again)");
        title.getStyleClass().add(Styles.TEXT_BOLD);
        HBox buttons = new HBox(8, reissue, revoke);
        return new VBox(6, title, table, buttons);
    }

    private void ask(boolean reissue) {
        CalendarToken token = table.getSelectionModel().getSelectedItem();
        if (token == null) {
            return;
        }
        String name = token.name() == null ? "this link" : "“" + token.name() + "”";
        boolean yes = dialogs.confirm(dialog.getDialogPane().getScene().getWindow(),
                reissue ? "Re-issue calendar link" : "Revoke calendar link",
                reissue ? "Revoke " + name + " and issue a new link in its place? Calendars subscribed to the old "
                        + "link stop updating until they get the new one."
                        : "Revoke " + name + "? Calendars subscribed to it stop updating at once.",
                reissue ? "Re-issue" : "Revoke", true);
        if (yes) {
            if (reissue) {
                vm.reissue(token);
            } else {
                vm.revoke(token);
            }
        }
    }

    private static TableColumn<CalendarToken, String> column(String title, double width,
                                                             Function<CalendarToken, String> value) {
        TableColumn<CalendarToken, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    public void show() {
        dialog.show();
        vm.load();
    }
}
