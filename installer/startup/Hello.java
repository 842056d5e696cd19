import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The baseline for the start-up measurements (installer/measure-startup.sh, bench.StartupBenchmark): the smallest
 * JavaFX window, started on the same runtime and JVM options as the console. It prints
 * {@code Hello: shown at <epoch ms>} after its first frame, as the console logs "window shown", and closes itself
 * then ({@code -Dhello.exitWhenShown=true}) or after a moment.
 */
public class Hello extends Application {
    @Override
    public void start(Stage stage) {
        Scene scene = new Scene(new StackPane(new Label("Hello")), 400, 300);
        stage.setScene(scene);
        stage.setTitle("Hello");
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            System.out.println("Hello: shown at " + System.currentTimeMillis());
            if (Boolean.getBoolean("hello.exitWhenShown")) {
                Platform.runLater(Platform::exit);
            }
        };
        scene.addPostLayoutPulseListener(once[0]);
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
