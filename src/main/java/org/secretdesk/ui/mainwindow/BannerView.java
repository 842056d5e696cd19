package org.secretdesk.ui.mainwindow;

import atlantafx.base.theme.Styles;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.secretdesk.ui.common.Banner;

/** The strip under the header: what happened and what to do, with Retry when it helps, and a dismiss button. */
final class BannerView {

    private BannerView() {
    }

    static Node create(MainWindowViewModel vm) {
        FontIcon icon = new FontIcon();
        Label title = new Label();
        title.getStyleClass().addAll(Styles.TEXT_BOLD, "banner-title");
        Label message = new Label();
        message.setWrapText(true);
        message.getStyleClass().add("banner-message");
        VBox text = new VBox(2, title, message);
        HBox.setHgrow(text, Priority.ALWAYS);
        Button retry = new Button("Retry", new FontIcon(Feather.REFRESH_CW));
        retry.setId("bannerRetry");
        retry.setOnAction(e -> vm.retry());
        Button close = new Button(null, new FontIcon(Feather.X));
        close.setId("bannerDismiss");
        close.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        close.setTooltip(new Tooltip("Dismiss"));
        close.setAccessibleText("Dismiss the message");
        close.setOnAction(e -> vm.connection().dismissBanner());
        HBox box = new HBox(12, icon, text, retry, close);
        box.setId("banner");
        box.getStyleClass().add("banner");
        box.setAlignment(Pos.CENTER_LEFT);
        Runnable update = () -> {
            Banner b = vm.connection().bannerProperty().get();
            box.setVisible(b != null);
            box.setManaged(b != null);
            if (b == null) {
                return;
            }
            title.setText(b.title());
            message.setText(b.message());
            retry.setVisible(b.retry());
            retry.setManaged(b.retry());
            box.getStyleClass().removeAll("banner-info", "banner-warning", "banner-danger");
            box.getStyleClass().add("banner-" + b.severity().name().toLowerCase(Locale.ROOT));
            icon.setIconCode(switch (b.severity()) {
                case INFO -> Feather.INFO;
                case WARNING -> Feather.ALERT_TRIANGLE;
                case DANGER -> Feather.ALERT_OCTAGON;
            });
        };
        vm.connection().bannerProperty().addListener((obs, o, n) -> update.run());
        update.run();
        return box;
    }
}
