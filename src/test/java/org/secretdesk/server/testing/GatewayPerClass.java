package org.secretdesk.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link GatewayFixture} with default settings for a whole test class: started in a fresh temporary directory
 * before the class's {@code @BeforeAll} methods, closed and its directory deleted after the class.
 * <pre>
 *   static GatewayFixture gw;
 *   &#64;RegisterExtension
 *   static final GatewayPerClass GATEWAY = new GatewayPerClass(started -&gt; gw = started);
 * </pre>
 */
public final class GatewayPerClass implements BeforeAllCallback, AfterAllCallback {

    private final Consumer<GatewayFixture> onStart;
    private Path dir;
    private GatewayFixture gateway;

    public GatewayPerClass(Consumer<GatewayFixture> onStart) {
        this.onStart = onStart;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("secretdesk-" + context.getRequiredTestClass().getSimpleName());
        gateway = GatewayFixture.start(dir);
        onStart.accept(gateway);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
