package org.secretdesk.journey;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.robot.Robot;
import javafx.scene.text.Text;
import javafx.stage.Screen;
import javafx.stage.Window;

/**
 * The journey's hands and eyes inside the console's own JVM: finds nodes in the windows that are showing and
 * drives them with JavaFX's {@link Robot}, which sends real input through the window system (XTest under X11, so
 * the window manager and GTK see what a user's mouse and keyboard would send). Only public JavaFX API: the
 * console runs with exactly the module layout and options of its launcher.
 */
final class ScreenDriver {

    static final Duration WAIT = Duration.ofSeconds(45);

    private final Robot robot;

    private ScreenDriver(Robot robot) {
        this.robot = robot;
    }

    /** Waits for the JavaFX toolkit (the console starts it), then makes the robot on the FX thread. */
    static ScreenDriver whenToolkitRuns(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            CompletableFuture<Robot> robot = new CompletableFuture<>();
            try {
                Platform.runLater(() -> robot.complete(new Robot()));
                return new ScreenDriver(robot.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (IllegalStateException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("The JavaFX toolkit did not start within " + timeout);
                }
                Thread.sleep(50); // polling for the toolkit's start: there is no event to wait on from outside
            }
        }
    }

    /** Runs on the FX thread and returns its result. */
    static <T> T fx(Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Waits until {@code condition} (evaluated on the FX thread) holds. */
    void waitFor(String what, Callable<Boolean> condition) throws Exception {
        waitFor(what, WAIT, condition);
    }

    void waitFor(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Boolean.TRUE.equals(fx(condition))) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Waited " + timeout.toSeconds() + " s for: " + what);
            }
            // Each check is a round trip through the FX thread's queue; a short pause keeps the UI responsive
            // (and spaces the samples of waitSteady).
            Thread.sleep(60);
        }
    }

    /** Every visible node matching the CSS selector, in every showing window. FX thread only. */
    static List<Node> all(String selector) {
        List<Node> found = new ArrayList<>();
        for (Window w : Window.getWindows()) {
            if (w.isShowing() && w.getScene() != null) {
                for (Node n : w.getScene().getRoot().lookupAll(selector)) {
                    if (n.isVisible() && n.getScene() != null && n.getScene().getWindow() == w) {
                        found.add(n);
                    }
                }
            }
        }
        return found;
    }

    /** The one visible node with this CSS id, if any. FX thread only. */
    static Optional<Node> byId(String id) {
        return all("#" + id).stream().findFirst();
    }

    /** The visible labelled control or text showing exactly {@code text}, if any. FX thread only. */
    static Optional<Node> byText(String text) {
        List<Node> found = new ArrayList<>();
        for (Window w : Window.getWindows()) {
            if (w.isShowing() && w.getScene() != null) {
                collect(w.getScene().getRoot(), n -> (n instanceof Labeled l && text.equals(l.getText()))
                        || (n instanceof Text t && text.equals(t.getText())), found);
            }
        }
        return found.stream().findFirst();
    }

    private static void collect(Node node, Predicate<Node> test, List<Node> into) {
        if (!node.isVisible()) {
            return;
        }
        if (test.test(node)) {
            into.add(node);
        }
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                collect(child, test, into);
            }
        }
    }

    /** Waits for the node with this id to be showing and enabled, then clicks it. */
    void click(String id) throws Exception {
        waitFor("#" + id + " showing and enabled", () -> byId(id).map(n -> !n.isDisabled()).orElse(false));
        clickNode(() -> byId(id).orElseThrow());
    }

    /** Waits for a control showing exactly this text, then clicks it. */
    void clickText(String text) throws Exception {
        waitFor("\"" + text + "\" showing and enabled", () -> byText(text).map(n -> !n.isDisabled()).orElse(false));
        clickNode(() -> byText(text).orElseThrow());
    }

    /**
     * Clicks until the click had its effect (at most three times): a window manager may still move a window that
     * has just appeared, so a click can land where the control was a moment ago.
     */
    void clickUntil(String id, String effect, Callable<Boolean> done) throws Exception {
        for (int attempt = 1; ; attempt++) {
            click(id);
            try {
                waitFor(effect, Duration.ofSeconds(3), done);
                return;
            } catch (TimeoutException e) {
                if (attempt == 3) {
                    throw new TimeoutException("Clicked #" + id + " three times, still not: " + effect);
                }
            }
        }
    }

    /** Waits until the node's place on the screen stays the same for a moment (a new window being placed). */
    void waitSteady(Callable<Node> node) throws Exception {
        Bounds[] last = new Bounds[1];
        waitFor("the window to stay in place", () -> {
            Node n = node.call();
            Bounds now = n.localToScreen(n.getLayoutBounds());
            boolean same = now != null && now.equals(last[0]);
            last[0] = now;
            return same;
        });
    }

    /** Moves the pointer to the middle of the node and clicks, as a user would. */
    void clickNode(Callable<Node> node) throws Exception {
        waitSteady(node);
        fx(() -> {
            Node n = node.call();
            Bounds b = n.localToScreen(n.getLayoutBounds());
            if (b == null) {
                throw new IllegalStateException("Not on screen: " + n);
            }
            robot.mouseMove(b.getCenterX(), b.getCenterY());
            robot.mouseClick(MouseButton.PRIMARY);
            return null;
        });
    }

    /** Types the text key by key (letters, digits, space and {@code - _ . / :}). */
    void type(String text) throws Exception {
        for (char c : text.toCharArray()) {
            KeyCode code = keyFor(c);
            boolean shift = Character.isUpperCase(c) || c == '_' || c == ':';
            fx(() -> {
                if (shift) {
                    robot.keyPress(KeyCode.SHIFT);
                }
                robot.keyType(code);
                if (shift) {
                    robot.keyRelease(KeyCode.SHIFT);
                }
                return null;
            });
        }
    }

    /** Presses the keys together, as a shortcut (modifiers first), and releases them in reverse order. */
    void keys(KeyCode... combination) throws Exception {
        fx(() -> {
            for (KeyCode k : combination) {
                robot.keyPress(k);
            }
            for (int i = combination.length - 1; i >= 0; i--) {
                robot.keyRelease(combination[i]);
            }
            return null;
        });
    }

    /** Clicks into the field, selects what is there and types the text over it. */
    void replaceText(String id, String text) throws Exception {
        clickUntil(id, "#" + id + " focused", () -> byId(id).map(Node::isFocused).orElse(false));
        keys(KeyCode.CONTROL, KeyCode.A);
        type(text);
        waitFor("#" + id + " to read \"" + text + "\"", () -> byId(id)
                .map(n -> text.equals(((javafx.scene.control.TextInputControl) n).getText())).orElse(false));
    }

    /**
     * Types into a secret field: it shows one bullet per character and never the text, so the wait is on the
     * length.
     */
    void typeSecret(String id, String text) throws Exception {
        clickUntil(id, "#" + id + " focused", () -> byId(id).map(Node::isFocused).orElse(false));
        keys(KeyCode.CONTROL, KeyCode.A);
        type(text);
        waitFor("#" + id + " to hold " + text.length() + " characters", () -> byId(id)
                .map(n -> ((javafx.scene.control.TextInputControl) n).getLength() == text.length()).orElse(false));
    }

    /** A picture of the whole screen, for a failed journey. */
    void screenshot(Path file) {
        try {
            WritableImage image = fx(() -> {
                Rectangle2D s = Screen.getPrimary().getBounds();
                return robot.getScreenCapture(null, s.getMinX(), s.getMinY(), s.getWidth(), s.getHeight());
            });
            javax.imageio.ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
        } catch (Exception e) {
            System.err.println("[journey] no screenshot: " + e);
        }
    }

    private static KeyCode keyFor(char c) {
        if (Character.isLetter(c)) {
            return KeyCode.valueOf(String.valueOf(Character.toUpperCase(c)));
        }
        if (Character.isDigit(c)) {
            return KeyCode.valueOf("DIGIT" + c);
        }
        return switch (c) {
            case ' ' -> KeyCode.SPACE;
            case '-', '_' -> KeyCode.MINUS;
            case '.' -> KeyCode.PERIOD;
            case '/' -> KeyCode.SLASH;
            case ':' -> KeyCode.SEMICOLON;
            default -> throw new IllegalArgumentException("The journey cannot type '" + c + "'");
        };
    }
}
