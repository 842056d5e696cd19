import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The baseline for the start-up measurement (installer/measure-startup.sh): the smallest JavaFX window, started
 * on the same runtime and JVM options as the installed console. It closes itself after a moment.
 */
public class Hello extends Application {
    @Override
    public void start(Stage stage) {
        stage.setScene(new Scene(new StackPane(new Label("Hello")), 400, 300));
        stage.setTitle("Hello");
        stage.show();
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(Long.getLong("hello.closeAfterMillis", 3000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Platform.exit();
        });
        t.setDaemon(true);
        t.start();
    }

    public static void main(String[] args) {
        launch(args);
    }
}
