package org.secretdesk.ui.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.ui.common.FxDialogService;
import org.secretdesk.ui.reveal.ClipboardGuard;
import org.secretdesk.ui.testing.FxBackgrounds;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Generate failing in every way the gateway can fail: progress while it runs, then a clear message in the dialog,
 * the typed description kept, and Generate usable again.
 */
class NewSecretDialogErrorsTest {

    static ExecutorService executor;
    final FxRobot robot = new FxRobot();

    @BeforeAll
    static void start() throws Exception {
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet()));
        executor = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
    }

    @AfterEach
    void closeDialogs() throws Exception {
        fx(() -> {
            for (var w : List.copyOf(javafx.stage.Window.getWindows())) {
                if (w.isShowing() && w != FxToolkit.toolkitContext().getRegisteredStage()) {
                    w.hide();
                }
            }
            return null;
        });
    }

    static List<Object[]> failures() {
        return List.of(
                new Object[] {new GatewayException(GatewayException.Kind.OFFLINE, "refused", null, null),
                        "cannot be reached"},
                new Object[] {new GatewayException(GatewayException.Kind.TIMEOUT, "timeout", null, null),
                        "did not answer in time"},
                new Object[] {Fixtures.http(ProblemCode.AUTH_INVALID_API_KEY), "refused the admin key"},
                new Object[] {Fixtures.http(ProblemCode.AUTH_FORBIDDEN), "read-only"},
                new Object[] {Fixtures.http(ProblemCode.SECRET_DUPLICATE_DESCRIPTION), "already exists"},
                new Object[] {Fixtures.http(ProblemCode.PRECONDITION_FAILED), "changed by someone else"},
                new Object[] {Fixtures.http(ProblemCode.SECRET_EXPIRY_NOT_ALLOWED), "refused the request"},
                new Object[] {Fixtures.http(ProblemCode.INTERNAL), "error 500"});
    }

    @ParameterizedTest
    @MethodSource("failures")
    void failureIsShownInTheDialogAndTheInputKept(GatewayException failure, String expected) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Runnable> changed = new AtomicReference<>(() -> { });
        GatewayClient client = (GatewayClient) Proxy.newProxyInstance(GatewayClient.class.getClassLoader(),
                new Class<?>[] {GatewayClient.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "capabilities" -> Fixtures.all();
                    case "getSecretPolicy" -> Fixtures.domain(Duration.ofDays(90), 10);
                    case "createSecret" -> {
                        release.await(20, TimeUnit.SECONDS);
                        throw failure;
                    }
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        ClipboardGuard guard = fx(() -> new ClipboardGuard(() -> Duration.ofSeconds(30)));
        SecretWorkflows workflows = new SecretWorkflows(FxBackgrounds.on(executor), guard, new FxDialogService(),
                Clock.systemDefaultZone());
        fx(() -> {
            workflows.newSecret(null, client, Fixtures.app(ExpiryPolicy.FOLLOW_DOMAIN, 1),
                    List.of(Fixtures.secret("staging")), () -> changed.get().run());
            return null;
        });
        waitUntil(() -> robot.lookup("#new-secret-expiry").tryQuery().map(n -> !n.isDisabled()).orElse(false));
        robot.clickOn("#new-secret-description").write("prod rollout");
        robot.clickOn("#new-secret-generate");

        // While the request runs: progress, no second submit, no cancel (an issued secret must not be lost).
        waitUntil(() -> robot.lookup(n -> n instanceof Label l && "Generating the secret…".equals(l.getText()))
                .tryQuery().map(Node::isVisible).orElse(false));
        Button generate = robot.lookup("#new-secret-generate").queryButton();
        assertThat(generate.isDisabled()).isTrue();
        Button cancel = robot.lookup("#new-secret-cancel").queryButton();
        assertThat(cancel.isDisabled()).isTrue();
        fx(() -> { // the window's close button
            var window = cancel.getScene().getWindow();
            window.fireEvent(new javafx.stage.WindowEvent(window, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cancel.getScene().getWindow().isShowing()).as("no closing while generating").isTrue();

        release.countDown();
        Label error = robot.lookup("#new-secret-error").queryAs(Label.class);
        waitUntil(error::isVisible);
        assertThat(error.getText()).contains(expected);
        assertThat(robot.lookup("#new-secret-description").queryAs(TextField.class).getText())
                .isEqualTo("prod rollout");
        assertThat(generate.isDisabled()).isFalse();
        assertThat(cancel.isDisabled()).isFalse();
        assertThat(robot.lookup("#new-secret-dialog").tryQuery()).isPresent();
    }

    static <T> T fx(Callable<T> action) throws Exception {
        return WaitForAsyncUtils.asyncFx(action).get(20, TimeUnit.SECONDS);
    }

    static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.call();
        });
    }
}
