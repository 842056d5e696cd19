package org.secretdesk.ui.mainwindow;

import atlantafx.base.theme.Styles;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.model.Notification;

/**
 * Expiry warnings on screen: the bell in the status bar (always there; the unread count on an accent badge) with its
 * list, each entry jumping to its secret, and a toast in the window's corner for new warnings ("2 secrets expire
 * within 5 days — Show"), drawn by the window itself so it follows the theme.
 */
final class NotificationsView {

    /** How long a toast stays unless the operator acts on it. */
    static final Duration TOAST_TIME = Duration.seconds(12);

    private final MainWindowViewModel vm;
    private final Button bell;
    private final StackPane toastLayer = new StackPane();
    private final Label toastText = new Label();
    private final VBox toast;
    private final Label toastTitle = new Label("Expiry warning");
    private final PauseTransition toastTimer = new PauseTransition(TOAST_TIME);
    private ContextMenu list;
    private Runnable toastShow = () -> { };

    NotificationsView(MainWindowViewModel vm) {
        this.vm = vm;
        ExpiryAlerts alerts = vm.alerts();
        bell = new Button(null, new FontIcon(Feather.BELL));
        bell.setId("notificationsButton");
        bell.getStyleClass().addAll(Styles.FLAT, "bell");
        bell.textProperty().bind(Bindings.createStringBinding(() -> alerts.unreadProperty().get() > 0
                ? Integer.toString(alerts.unreadProperty().get()) : "", alerts.unreadProperty()));
        alerts.unreadProperty().addListener((obs, o, n) ->
                bell.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("unread"), n.intValue() > 0));
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(Bindings.createStringBinding(() -> alerts.all().isEmpty() ? "No expiry warnings"
                : alerts.all().size() + " expiry warnings", alerts.all()));
        bell.setTooltip(tip);
        bell.accessibleTextProperty().bind(Bindings.createStringBinding(() -> "Expiry warnings, "
                + alerts.unreadProperty().get() + " unread", alerts.unreadProperty()));
        bell.setOnAction(e -> showList());

        toastText.setId("expiryToastText");
        toastText.setWrapText(true);
        toastText.setMaxWidth(300);
        FontIcon icon = new FontIcon(Feather.ALERT_TRIANGLE);
        icon.getStyleClass().add("marker-expiring");
        Label title = toastTitle;
        title.getStyleClass().add(Styles.TEXT_BOLD);
        Button show = new Button("Show");
        show.setId("expiryToastShow");
        show.getStyleClass().add(Styles.ACCENT);
        show.setOnAction(e -> {
            hideToast();
            toastShow.run();
        });
        Button close = new Button(null, new FontIcon(Feather.X));
        close.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        close.setAccessibleText("Dismiss the warning");
        close.setOnAction(e -> hideToast());
        HBox head = new HBox(8, icon, title, new javafx.scene.layout.Region(), close);
        HBox.setHgrow(head.getChildren().get(2), Priority.ALWAYS);
        head.setAlignment(Pos.CENTER_LEFT);
        HBox buttons = new HBox(show);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        toast = new VBox(8, head, toastText, buttons);
        toast.setId("expiryToast");
        toast.getStyleClass().add("toast");
        toast.setMaxSize(340, VBox.USE_PREF_SIZE);
        toast.setVisible(false);
        toastLayer.getChildren().add(toast);
        toastLayer.setPickOnBounds(false);
        StackPane.setAlignment(toast, Pos.BOTTOM_RIGHT);
        toastLayer.getStyleClass().add("toast-layer");
        toastTimer.setOnFinished(e -> hideToast());
        alerts.popupProperty().addListener((obs, o, popup) -> {
            if (popup != null) {
                showToast(popup);
            }
        });
    }

    Button bell() {
        return bell;
    }

    /** The layer over the window where toasts appear (bottom right, above the status bar). */
    Node toastLayer() {
        return toastLayer;
    }

    private void showList() {
        if (list != null) {
            list.hide();
        }
        ContextMenu menu = new ContextMenu();
        menu.setId("notificationList");
        for (Notification n : vm.alerts().all()) {
            boolean expired = n.type() == Notification.NotificationType.SECRET_EXPIRED;
            boolean leak = ExpiryAlerts.isLeak(n);
            FontIcon icon = new FontIcon(leak ? Feather.SHIELD_OFF : expired ? Feather.X_CIRCLE : Feather.ALERT_TRIANGLE);
            icon.getStyleClass().add(leak ? "marker-leaked" : expired ? "marker-expired" : "marker-expiring");
            Label text = new Label(ExpiryAlerts.describe(n));
            Label when = new Label(leak ? leakWhen(n) : n.expiresAt() == null ? "" : (expired ? "expired " : "expires ")
                    + vm.clock().relative(n.expiresAt()) + " · " + vm.clock().exactTime(n.expiresAt()));
            when.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            VBox box = new VBox(2, text, when);
            HBox entry = new HBox(8, icon, box);
            entry.getStyleClass().add("notification-entry");
            CustomMenuItem item = new CustomMenuItem(entry, true);
            item.getStyleClass().add("notification-item");
            item.setOnAction(e -> vm.jumpTo(n.applicationId(), n.secretId()));
            menu.getItems().add(item);
        }
        if (menu.getItems().isEmpty()) {
            MenuItem none = new MenuItem("No expiry warnings");
            none.setDisable(true);
            menu.getItems().add(none);
        }
        vm.alerts().markRead();
        list = menu;
        menu.show(bell, Side.TOP, 0, -4);
    }

    /** "reported 2 min ago · the leaked value stops working in 59 min" for a leak in the bell's list. */
    private String leakWhen(Notification n) {
        String reported = "reported " + vm.clock().relative(n.createdAt());
        if (n.expiresAt() == null) {
            return reported + " · the value keeps working: rotate it";
        }
        boolean stopped = !n.expiresAt().isAfter(vm.clock().nowProperty().get());
        return reported + " · the leaked value " + (stopped ? "stopped" : "stops") + " working "
                + vm.clock().relative(n.expiresAt()) + " · " + vm.clock().exactTime(n.expiresAt());
    }

    private void showToast(ExpiryAlerts.Popup popup) {
        vm.alerts().popupShown();
        boolean leak = popup.notifications().stream().anyMatch(ExpiryAlerts::isLeak);
        toastTitle.setText(leak ? "Leak reported" : "Expiry warning");
        Notification first = popup.notifications().getFirst();
        toastText.setText(popup.text());
        toastShow = () -> {
            Window w = bell.getScene() == null ? null : bell.getScene().getWindow();
            if (w instanceof Stage stage) {
                stage.setIconified(false);
                stage.toFront();
            }
            vm.jumpTo(first.applicationId(), first.secretId());
        };
        toast.setVisible(true);
        toastTimer.playFromStart();
    }

    private void hideToast() {
        toastTimer.stop();
        toast.setVisible(false);
    }
}
