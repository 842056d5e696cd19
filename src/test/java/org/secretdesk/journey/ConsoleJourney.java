package org.secretdesk.journey;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.stage.WindowEvent;
import org.secretdesk.model.SecretFormat;
import org.secretdesk.model.SecretSummary;

/**
 * The operator's core path through the real main window, step by step, each step waiting on what the window
 * shows: create an application with roles and a first secret, reveal and copy it (the clipboard holds a valid
 * secret), a second secret, renew it with a grace period, delete the first with its description typed back, export
 * the CA through every page of the wizard as PEM with the DataMiner bundle, as DER and as PKCS#12, and quit
 * (Ctrl+Q).
 * Runs inside the console's JVM (see {@link JourneyAgent}); writes no secret anywhere.
 */
final class ConsoleJourney {

    static final String APP = "billing-service";
    static final String FIRST = "Default";
    static final String SECOND = "ci deploy";
    static final String P12_PASSWORD = "journey-truststore";

    private final ScreenDriver screen;
    private final Path exportDir;
    private final boolean windowManager;
    private final Consumer<String> log;
    private final List<String> clipboardHints = new ArrayList<>();
    private String caSha256;

    ConsoleJourney(ScreenDriver screen, Path exportDir, boolean windowManager, Consumer<String> log) {
        this.screen = screen;
        this.exportDir = exportDir;
        this.windowManager = windowManager;
        this.log = log;
    }

    String caSha256() {
        return caSha256;
    }

    void run() throws Exception {
        step("main window with its list", this::mainWindowReady);
        step("new application with roles and a first secret", this::newApplication);
        step("reveal: copy, clipboard holds the secret, Done", () -> revealCopyAndDone(null));
        step("new secret (Ctrl+N)", this::newSecret);
        step("reveal: stored elsewhere, Done", this::revealStoredElsewhere);
        step("renew with a grace period", this::renewWithGrace);
        step("delete with the description typed back", this::deleteFirst);
        step("CA export: PEM and the DataMiner bundle", () -> exportCa("format-pem", true, null));
        step("CA export: DER", () -> exportCa("format-der", false, null));
        step("CA export: PKCS#12", () -> exportCa("format-pkcs12", false, P12_PASSWORD));
        step("quit", this::quit);
    }

    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private void step(String name, Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        log.accept("STEP " + name + " (" + (System.nanoTime() - start) / 1_000_000 + " ms)");
    }

    // ------------------------------------------------------------------ steps

    private void mainWindowReady() throws Exception {
        screen.waitFor("the main window connected to the local gateway", () -> ScreenDriver.byId("statusText")
                .map(n -> ((Labeled) n).getText().startsWith("Connected")).orElse(false));
        screen.waitFor("the applications list", () -> ScreenDriver.byId("applicationsList").isPresent());
    }

    private void newApplication() throws Exception {
        screen.click("newApplicationButton");
        screen.waitFor("the New application dialog", () -> ScreenDriver.byId("new-application-dialog").isPresent());
        screen.replaceText("new-application-name", APP);
        screen.replaceText("new-application-description", "Invoices and payments");
        screen.waitFor("the role catalog", () -> ScreenDriver.byId("role-reader").isPresent());
        check("role-reader");
        check("role-writer");
        check("new-application-first-secret");
        screen.replaceText("new-application-first-secret-description", FIRST);
        screen.click("new-application-create");
        screen.waitFor("the reveal dialog", () -> ScreenDriver.byId("reveal-dialog").isPresent());
    }

    private void revealCopyAndDone(String notThisHint) throws Exception {
        screen.click("reveal-copy-secret");
        screen.waitFor("the clipboard to hold a well-formed SecretDesk secret", () -> {
            String v = Clipboard.getSystemClipboard().getString();
            return v != null && SecretFormat.isWellFormed(v)
                    && (notThisHint == null || !v.startsWith(notThisHint));
        });
        clipboardHints.add(ScreenDriver.fx(() -> Clipboard.getSystemClipboard().getString()
                .substring(0, SecretFormat.HINT_LENGTH)));
        screen.click("reveal-done");
        screen.waitFor("the reveal dialog to close", () -> ScreenDriver.byId("reveal-dialog").isEmpty());
    }

    private void newSecret() throws Exception {
        screen.waitFor("the new application selected with its first secret", () -> rows() == 1);
        screen.keys(KeyCode.CONTROL, KeyCode.N);
        screen.waitFor("the New secret dialog", () -> ScreenDriver.byId("new-secret-dialog").isPresent());
        screen.replaceText("new-secret-description", SECOND);
        screen.click("new-secret-generate");
        screen.waitFor("the reveal dialog", () -> ScreenDriver.byId("reveal-dialog").isPresent());
    }

    private void revealStoredElsewhere() throws Exception {
        screen.waitFor("Done disabled before the secret is kept", () -> ScreenDriver.byId("reveal-done")
                .map(Node::isDisabled).orElse(false));
        check("reveal-stored-elsewhere");
        // Enter with the ticked box focused presses Done (JavaFX alone un-ticks the box instead; EnterKey).
        screen.waitFor("the ticked box focused", () -> ScreenDriver.byId("reveal-stored-elsewhere")
                .map(Node::isFocused).orElse(false));
        screen.keys(KeyCode.ENTER);
        screen.waitFor("the reveal dialog to close", () -> ScreenDriver.byId("reveal-dialog").isEmpty());
        screen.waitFor("two secrets in the table", () -> rows() == 2);
    }

    private void renewWithGrace() throws Exception {
        selectSecret(SECOND);
        screen.click("renewButton");
        screen.waitFor("the Renew dialog", () -> ScreenDriver.byId("renew-dialog").isPresent());
        screen.clickUntil("renew-grace-1", "a grace period chosen",
                () -> ((javafx.scene.control.RadioButton) ScreenDriver.byId("renew-grace-1").orElseThrow()).isSelected());
        screen.click("renew-button");
        screen.waitFor("the reveal dialog of the renewed secret", () -> ScreenDriver.byId("reveal-dialog").isPresent());
        screen.waitFor("the reveal naming the grace period", () -> ScreenDriver.byId("reveal-grace").isPresent());
        revealCopyAndDone(clipboardHints.getLast());
        screen.waitFor("the renewed secret in its grace period", () -> secret(SECOND)
                .map(s -> s.graceUntil() != null).orElse(false));
        // Issue 21: once the reveal is closed, the rotation panel shows who still uses the old value.
        screen.waitFor("the rotation panel", () -> ScreenDriver.byId("rotation-panel").isPresent());
        screen.waitFor("the old value's state in it", () -> ScreenDriver.byId("rotationState")
                .map(n -> ((Labeled) n).getText().startsWith("Old value not used yet · valid until")).orElse(false));
        screen.click("rotation-close");
        screen.waitFor("the rotation panel to close", () -> ScreenDriver.byId("rotation-panel").isEmpty());
    }

    private void deleteFirst() throws Exception {
        selectSecret(FIRST);
        screen.keys(KeyCode.DELETE);
        screen.waitFor("the typed confirmation", () -> ScreenDriver.byId("typed-confirm-dialog").isPresent());
        screen.waitFor("Delete disabled until the description is typed", () ->
                ScreenDriver.byId("typed-confirm-button").map(Node::isDisabled).orElse(false));
        screen.replaceText("typed-confirm-input", FIRST);
        screen.click("typed-confirm-button");
        screen.waitFor("the confirmation to close", () -> ScreenDriver.byId("typed-confirm-dialog").isEmpty());
        screen.waitFor("only the renewed secret left", () -> rows() == 1 && secret(SECOND).isPresent());
    }

    private void exportCa(String formatId, boolean dataMinerBundle, String password) throws Exception {
        screen.click("mainMenu");
        screen.clickText("Export CA certificate…");
        screen.waitFor("the wizard's source page", () -> ScreenDriver.byId("source-page").isPresent());
        screen.waitFor("the gateway's CA loaded", () -> wizardButton("Next").isPresent());
        clickWizard("Next");
        screen.waitFor("the review page", () -> ScreenDriver.byId("review-page").isPresent());
        String shown = ScreenDriver.fx(() -> ((Labeled) ScreenDriver.byId("review-sha256").orElseThrow()).getText())
                .replaceAll("[^0-9A-Fa-f]", "");
        if (caSha256 != null && !caSha256.equalsIgnoreCase(shown)) {
            throw new AssertionError("The review page showed another CA fingerprint: " + shown + " vs " + caSha256);
        }
        caSha256 = shown;
        check("confirm-fingerprint");
        clickWizard("Next");
        screen.waitFor("the format page", () -> ScreenDriver.byId("format-page").isPresent());
        screen.clickUntil(formatId, formatId + " chosen",
                () -> ((javafx.scene.control.RadioButton) ScreenDriver.byId(formatId).orElseThrow()).isSelected());
        screen.replaceText("folder-field", exportDir.toString());
        if (password != null) {
            screen.typeSecret("password-field", password);
            screen.typeSecret("password-confirm-field", password);
        }
        if (dataMinerBundle) {
            check("dataminer-bundle");
            screen.replaceText("fqdn-field", "dma01.example.com");
        }
        screen.waitFor("the format page complete", () -> ScreenDriver.byId("format-problem")
                .map(n -> !n.isVisible()).orElse(true) && wizardButton("Next").isPresent());
        clickWizard("Next");
        screen.waitFor("the done page listing what was written", () -> ScreenDriver.byId("done-page").isPresent()
                && ScreenDriver.byId("written-files")
                .map(n -> !((javafx.scene.Parent) n).getChildrenUnmodifiable().isEmpty()).orElse(false));
        clickWizard("Finish");
        screen.waitFor("the wizard to close", () -> ScreenDriver.byId("done-page").isEmpty());
    }

    private void quit() throws Exception {
        if (windowManager) {
            // As a user quits: the console's own Ctrl+Q on the focused main window.
            screen.clickNode(() -> ScreenDriver.byId("statusText").orElseThrow());
            screen.keys(KeyCode.CONTROL, KeyCode.Q);
        } else {
            ScreenDriver.fx(() -> {
                Window main = mainWindow();
                main.fireEvent(new WindowEvent(main, WindowEvent.WINDOW_CLOSE_REQUEST));
                return null;
            });
        }
    }

    /** Ticks the check box (if it is not ticked yet) and makes sure it took. */
    private void check(String id) throws Exception {
        Callable<Boolean> ticked = () -> ((CheckBox) ScreenDriver.byId(id).orElseThrow()).isSelected();
        screen.waitFor("#" + id, () -> ScreenDriver.byId(id).isPresent());
        if (!ScreenDriver.fx(ticked)) {
            screen.clickUntil(id, "#" + id + " ticked", ticked);
        }
    }

    // ------------------------------------------------------------------ reading the window

    private static Window mainWindow() {
        return Window.getWindows().stream()
                .filter(w -> w instanceof Stage s && "SecretDesk".equals(s.getTitle()) && w.isShowing())
                .findFirst().orElseThrow(() -> new IllegalStateException("No main window"));
    }

    @SuppressWarnings("unchecked")
    private static TableView<SecretSummary> table() {
        return (TableView<SecretSummary>) ScreenDriver.byId("secretsTable").orElseThrow();
    }

    private static int rows() {
        return ScreenDriver.byId("secretsTable").map(t -> ((TableView<?>) t).getItems().size()).orElse(-1);
    }

    private static Optional<SecretSummary> secret(String description) {
        return table().getItems().stream().filter(s -> s.description().equals(description)).findFirst();
    }

    private void selectSecret(String description) throws Exception {
        screen.waitFor("the row of \"" + description + "\"", () -> row(description).isPresent());
        screen.clickNode(() -> row(description).orElseThrow());
        screen.waitFor("\"" + description + "\" selected", () -> {
            SecretSummary s = table().getSelectionModel().getSelectedItem();
            return s != null && s.description().equals(description);
        });
    }

    private static Optional<Node> row(String description) {
        return table().lookupAll(".table-row-cell").stream()
                .filter(n -> n instanceof TableRow<?> r && r.getItem() instanceof SecretSummary s
                        && s.description().equals(description) && r.isVisible())
                .findFirst();
    }

    /** The enabled button showing this text (ControlsFX's is "Finish " with a space). */
    private static Optional<Button> wizardButton(String text) {
        return ScreenDriver.all(".button").stream()
                .filter(n -> n instanceof Button b && b.getText() != null && text.equals(b.getText().strip())
                        && b.isManaged() && !b.isDisabled()
                        && b.getScene() != null)
                .map(Button.class::cast).findFirst();
    }

    private void clickWizard(String text) throws Exception {
        screen.waitFor("the wizard's " + text + " enabled", () -> wizardButton(text).isPresent());
        screen.clickNode(() -> wizardButton(text).orElseThrow());
    }
}
