package org.secretdesk.ui.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.secretdesk.client.GatewayClient;

/**
 * A {@link GatewayClient} for ViewModel tests that answers only the methods a test gives it; every call is
 * recorded by method name, and any other method fails loudly.
 */
public final class StubGateway {

    private final Map<String, Function<Object[], Object>> answers = new HashMap<>();
    public final List<String> calls = new ArrayList<>();

    public StubGateway on(String method, Function<Object[], Object> answer) {
        answers.put(method, answer);
        return this;
    }

    public GatewayClient client() {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> "StubGateway";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                };
            }
            calls.add(method.getName());
            Function<Object[], Object> answer = answers.get(method.getName());
            if (answer == null) {
                if (method.getName().equals("close")) {
                    return null;
                }
                throw new UnsupportedOperationException("not stubbed: " + method.getName());
            }
            return answer.apply(args == null ? new Object[0] : args);
        };
        return (GatewayClient) Proxy.newProxyInstance(GatewayClient.class.getClassLoader(),
                new Class<?>[] {GatewayClient.class}, h);
    }
}
