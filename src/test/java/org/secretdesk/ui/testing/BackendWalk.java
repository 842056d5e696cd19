package org.secretdesk.ui.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.Capabilities.Feature;
import org.secretdesk.client.LimitationsSayEachFactOnce;
import org.secretdesk.ui.secrets.SecretWorkflows;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 25, acceptance point 1: the screens that must say what is true of the backend they show, walked the same way
 * on every backend kind in the real main window: the reveal, renew (regenerate), the delete of an application's last
 * secret and the connection details. Each step checks the texts and enabled states twice: against the backend's
 * {@link Capabilities} as the window loaded them, and against the literal texts the test states as true of that
 * backend ({@link Truth}), so a SecretDesk-gateway sentence on another backend (or the other way round) fails.
 */
public final class BackendWalk {

    private static final int WAIT_SECONDS = 30;

    /**
     * What is true of one backend, as its screens must say it.
     *
     * @param custody       the reveal's warning, whole: what the backend keeps of the value and who can read it
     * @param renewWarning  the renew dialog's warning as it opens (its grace choice, if any, still "no"); null where
     *                      the backend cannot renew (then {@code renewAside} is why, on the disabled button)
     * @param renewAside    why the backend cannot renew (on the disabled button); null where it can: then no line
     *                      under the warning may repeat it (a backend without a grace period says so in the warning)
     * @param lastSecretDelete the typed confirmation's warnings for the application's last secret; empty where the
     *                      backend refuses that delete (the button is disabled with its reason) or has none (Keycloak)
     * @param version       the connection details' Version row
     */
    public record Truth(String custody, String renewWarning, String renewAside, List<String> lastSecretDelete,
                        String version) {
        public Truth {
            lastSecretDelete = List.copyOf(lastSecretDelete);
        }
    }

    private BackendWalk() {
    }

    /** The reveal is open: its warning says what the backend keeps, and nothing of the gateway's hash elsewhere. */
    public static void reveal(FxRobot robot, Capabilities caps, Truth truth) throws TimeoutException {
        waitUntil(() -> FxShown.shown(robot, "#reveal-done"));
        String warning = labels(robot, "#reveal-warning");
        assertThat(warning).as("the reveal's warning").isEqualTo(truth.custody()).isEqualTo(caps.custody());
        if (!truth.custody().equals(Capabilities.HASH_ONLY)) {
            assertThat(warning).doesNotContain("hash;").doesNotContain("cannot be recovered");
        }
    }

    /**
     * The selected secret's Renew (Regenerate) button and dialog: enabled as the backend can renew, the grace period
     * offered only where there is one, and the warning of what becomes of the old value. Where there is a grace
     * period, the longest-but-one is chosen and the warning must say the old value keeps working. Returns with the
     * dialog open where the backend renews (the caller renews or cancels), closed where it cannot.
     */
    public static void renewDialog(FxRobot robot, Capabilities caps, Truth truth) throws TimeoutException {
        Button renew = robot.lookup("#renewButton").queryButton();
        assertThat(renew.getText()).isEqualTo(caps.supports(Feature.ROTATED_SECRET) ? "Regenerate" : "Renew");
        if (!caps.supports(Feature.RENEW)) {
            assertThat(truth.renewWarning()).as("the test's own truth").isNull();
            assertThat(renew.isDisabled()).as("Renew where the backend cannot renew").isTrue();
            assertThat(reason(robot, "#renewReason")).isEqualTo(truth.renewAside()).isEqualTo(caps.explain(Feature.RENEW));
            return;
        }
        waitUntil(() -> !renew.isDisabled());
        robot.clickOn(renew);
        waitUntil(() -> FxShown.shown(robot, "#renew-button"));
        assertThat(robot.lookup("#renew-button").queryButton().getText()).isEqualTo(renew.getText());
        assertThat(labels(robot, "#renew-warning")).as("the renew warning").isEqualTo(truth.renewWarning());
        boolean grace = caps.supports(Feature.RENEW_GRACE_PERIOD);
        assertThat(robot.lookup("#renew-grace-0").tryQuery().isPresent()).as("a grace period offered").isEqualTo(grace);
        assertThat(robot.lookup("#renew-no-grace").tryQuery().map(n -> ((Label) n).getText()).orElse(null))
                .isEqualTo(truth.renewAside());
        if (grace) {
            robot.clickOn("#renew-grace-2");
            waitUntil(() -> labels(robot, "#renew-warning").startsWith(
                    "Renewing issues a new value. The current value keeps working until "));
        }
    }

    /** Renews in the open dialog; the reveal that follows is walked by the caller. */
    public static void renewNow(FxRobot robot) throws TimeoutException {
        robot.clickOn("#renew-button");
        waitUntil(() -> FxShown.shown(robot, "#reveal-done"));
    }

    /** Closes the reveal (Done, enabled once the value was copied) and waits until it is gone. */
    public static void closeReveal(FxRobot robot) throws TimeoutException {
        robot.clickOn("#reveal-done");
        waitUntil(() -> robot.lookup("#reveal-done").tryQuery().isEmpty());
    }

    /** Copies the revealed value as the operator does, closes the reveal, and returns what was copied. */
    public static String copyAndClose(FxRobot robot) throws TimeoutException {
        robot.clickOn("#reveal-copy-secret");
        String copied = OnFx.read(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString());
        closeReveal(robot);
        return copied;
    }

    /**
     * Delete with the application's last secret selected: on Keycloak replaced by "Invalidate rotated secret", where
     * the backend refuses it disabled with its reason, else the typed confirmation with exactly the warnings true of
     * the backend (cancelled: nothing is deleted).
     */
    public static void deleteLastSecret(FxRobot robot, Capabilities caps, Truth truth) throws TimeoutException {
        if (caps.supports(Feature.ROTATED_SECRET)) {
            assertThat(robot.lookup("#deleteReason").query().isVisible()).isFalse();
            assertThat(robot.lookup("#invalidateRotatedReason").query().isVisible()).isTrue();
            assertThat(truth.lastSecretDelete()).isEmpty();
            return;
        }
        Button delete = robot.lookup("#deleteButton").queryButton();
        if (!caps.supports(Feature.DELETE_LAST_SECRET)) {
            assertThat(delete.isDisabled()).as("Delete of the last secret where the backend refuses it").isTrue();
            assertThat(reason(robot, "#deleteReason")).isEqualTo(caps.explain(Feature.DELETE_LAST_SECRET));
            assertThat(truth.lastSecretDelete()).isEmpty();
            return;
        }
        waitUntil(() -> !delete.isDisabled());
        robot.clickOn(delete);
        waitUntil(() -> FxShown.shown(robot, "#typed-confirm-button"));
        assertThat(deleteWarnings(robot)).as("the delete's warnings").isEqualTo(truth.lastSecretDelete());
        robot.clickOn("#typed-confirm-cancel");
        waitUntil(() -> !FxShown.shown(robot, "#typed-confirm-button"));
    }

    /** Deletes the selected secret through the typed confirmation, which must warn exactly {@code warnings}. */
    public static void deleteTyped(FxRobot robot, String description, List<String> warnings) throws TimeoutException {
        Button delete = robot.lookup("#deleteButton").queryButton();
        waitUntil(() -> !delete.isDisabled());
        robot.clickOn(delete);
        waitUntil(() -> FxShown.shown(robot, "#typed-confirm-button"));
        assertThat(deleteWarnings(robot)).as("the delete's warnings").isEqualTo(warnings);
        robot.clickOn("#typed-confirm-input").write(description);
        robot.clickOn("#typed-confirm-button");
        waitUntil(() -> !FxShown.shown(robot, "#typed-confirm-button"));
    }

    private static List<String> deleteWarnings(FxRobot robot) {
        Set<String> known = Set.of(SecretWorkflows.DELETE_SECRET_WARNING, SecretWorkflows.LAST_SECRET_WARNING);
        return OnFx.read(() -> robot.lookup("#typed-confirm-dialog .label").queryAll().stream()
                .map(n -> ((Label) n).getText()).filter(known::contains).toList());
    }

    /**
     * The connection details from the header's button: the version the backend reports, each thing it cannot do said
     * once and nothing it can do listed, and Rotate CA… enabled only where the backend rotates its CA.
     */
    public static void connectionDetails(FxRobot robot, Capabilities caps, Truth truth) throws TimeoutException {
        robot.clickOn("#connectionButton");
        WaitForAsyncUtils.waitForFxEvents();
        if (robot.lookup("Connection details…").tryQuery().isPresent()) {
            robot.clickOn("Connection details…");
        }
        waitUntil(() -> FxShown.shown(robot, "#detailsRotateCa"));
        waitUntil(() -> !OnFx.read(() -> robot.lookup("#connectionVersion").queryAs(Label.class).getText())
                .startsWith("Asking"));
        assertThat(OnFx.read(() -> robot.lookup("#connectionVersion").queryAs(Label.class).getText()))
                .isEqualTo(truth.version());

        LinkedHashSet<String> cannot = new LinkedHashSet<>();
        for (Feature f : Feature.values()) {
            if (!caps.supports(f) && caps.explanations().containsKey(f)) {
                cannot.add("• " + caps.explain(f));
            }
        }
        List<String> listed = OnFx.read(() -> robot.lookup("#connectionLimitations .label").queryAll().stream()
                .map(n -> ((Label) n).getText()).toList());
        // Exactly the missing features' reasons: nothing the backend can do, nothing twice.
        assertThat(listed).as("What this gateway cannot do").containsExactlyElementsOf(cannot);
        LimitationsSayEachFactOnce.check(caps);

        Button rotate = robot.lookup("#detailsRotateCa").queryButton();
        boolean rotates = caps.supports(Feature.CA_ROTATION);
        assertThat(rotate.isDisabled()).as("Rotate CA… disabled").isEqualTo(!rotates);
        if (!rotates) {
            assertThat(reason(robot, "#detailsRotateCaReason")).isEqualTo(caps.explain(Feature.CA_ROTATION));
        }
        assertThat(robot.lookup("#detailsExportCa").queryButton().isDisabled()).as("the address or a file remain")
                .isFalse();
        robot.type(KeyCode.ESCAPE);
        waitUntil(() -> robot.lookup("#detailsRotateCa").tryQuery().isEmpty());
    }

    /** Every label's text under the node, one per line. */
    public static String labels(FxRobot robot, String query) {
        return OnFx.read(() -> robot.lookup(query + " .label").queryAll().stream().map(n -> ((Label) n).getText())
                .collect(java.util.stream.Collectors.joining("\n")));
    }

    /** The reason a disabled control's wrapper gives (its tooltip). */
    public static String reason(FxRobot robot, String wrapperId) {
        Node wrap = robot.lookup(wrapperId).query();
        return ((Tooltip) wrap.getProperties().get("reasonTooltip")).getText();
    }

    private static void waitUntil(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition::getAsBoolean);
    }
}
